"""The event bus: RabbitMQ for real deployments, an in-process bus for the embedded mode.

Both give at-least-once delivery to every subscribed queue, bounded retries and a dead-letter
place for poison messages. Handlers must be idempotent (see `shared.inbox`).
"""

from __future__ import annotations

import asyncio
import contextlib
from collections.abc import Awaitable, Callable, Sequence
from dataclasses import dataclass, field
from typing import Protocol

import aio_pika
import structlog
from aio_pika.abc import (
    AbstractChannel,
    AbstractExchange,
    AbstractIncomingMessage,
    AbstractQueue,
    AbstractRobustConnection,
)
from pydantic import ValidationError

from shared.events import Envelope
from shared.metrics import EVENTS_CONSUMED

log = structlog.get_logger(__name__)

Handler = Callable[[Envelope], Awaitable[None]]

# A confirm that is merely slow (a busy broker) must be waited for, not answered by sending
# the message again: short timeouts turn a slow broker into a flood of duplicates.
PUBLISH_CONFIRM_TIMEOUT = 60.0


class PermanentFailure(Exception):
    """The message can never be handled (malformed, unknown type): dead-letter it at once."""


class RetryLater(Exception):
    """The message arrived before what it depends on; hand it back without alarm."""


@dataclass(frozen=True)
class Subscription:
    """A durable queue of one consuming service, bound to the event types it needs."""

    queue: str
    routing_keys: tuple[str, ...]
    handler: Handler = field(compare=False)


class EventBus(Protocol):
    async def start(self) -> None: ...

    async def publish_many(self, envelopes: Sequence[Envelope]) -> list[bool]:
        """Publish; True for each envelope the broker has taken responsibility for."""
        ...

    async def subscribe(self, subscription: Subscription) -> None: ...

    async def close(self) -> None: ...

    async def ping(self) -> None: ...


def retry_delay(attempt: int) -> float:
    """Pause before handing a failed message back, so a transient fault can clear."""
    return float(min(0.2 * 2 ** max(attempt - 1, 0), 5.0))


def topic_matches(pattern: str, routing_key: str) -> bool:
    """AMQP topic matching: `*` is one word, `#` is zero or more words."""

    def match(p: list[str], k: list[str]) -> bool:
        if not p:
            return not k
        if p[0] == "#":
            return any(match(p[1:], k[i:]) for i in range(len(k) + 1))
        if not k:
            return False
        return (p[0] == "*" or p[0] == k[0]) and match(p[1:], k[1:])

    return match(pattern.split("."), routing_key.split("."))


def decode_envelope(body: bytes) -> Envelope:
    try:
        return Envelope.model_validate_json(body)
    except ValidationError as error:
        raise PermanentFailure(f"not an event envelope: {error.error_count()} errors") from error


class RabbitBus:
    """aio-pika over one robust connection: confirms, persistence, quorum queues, DLX."""

    def __init__(
        self,
        url: str,
        *,
        prefix: str,
        service: str,
        prefetch_count: int = 32,
        delivery_limit: int = 5,
        queue_expires_ms: int | None = None,
    ) -> None:
        self.url = url
        self.queue_expires_ms = queue_expires_ms
        self.prefix = prefix
        self.service = service
        self.prefetch_count = prefetch_count
        self.delivery_limit = delivery_limit
        self._connection: AbstractRobustConnection | None = None
        self._consume_connection: AbstractRobustConnection | None = None
        self._publish_channel: AbstractChannel | None = None
        self._exchange: AbstractExchange | None = None
        self._consumers: list[tuple[AbstractChannel, AbstractQueue, str]] = []
        self._in_flight: set[asyncio.Task[None]] = set()

    @property
    def exchange_name(self) -> str:
        return f"{self.prefix}.events"

    @property
    def dead_letter_exchange_name(self) -> str:
        return f"{self.prefix}.dead-letter"

    def queue_name(self, queue: str) -> str:
        return f"{self.prefix}.{queue}"

    def dead_letter_queue_name(self, queue: str) -> str:
        return f"{self.prefix}.{queue}.dlq"

    async def start(self) -> None:
        """Open one connection to publish and another to consume.

        The broker throttles a connection that publishes faster than queues take messages by
        not reading from its socket; on a shared connection that would also hold back the
        consumers' acknowledgements, and the service would stall itself.
        """
        self._connection = await aio_pika.connect_robust(
            self.url, client_properties={"connection_name": f"{self.service}-publish"}
        )
        self._consume_connection = await aio_pika.connect_robust(
            self.url, client_properties={"connection_name": f"{self.service}-consume"}
        )
        self._publish_channel = await self._connection.channel(publisher_confirms=True)
        self._exchange = await self._publish_channel.declare_exchange(
            self.exchange_name, aio_pika.ExchangeType.TOPIC, durable=True
        )
        await self._publish_channel.declare_exchange(
            self.dead_letter_exchange_name, aio_pika.ExchangeType.DIRECT, durable=True
        )

    async def declare_queue(self, channel: AbstractChannel, queue: str) -> AbstractQueue:
        """Declare a quorum queue with its delivery limit and its dead-letter queue."""
        name = self.queue_name(queue)
        expiry = {"x-expires": self.queue_expires_ms} if self.queue_expires_ms else {}
        dead_letters = await channel.declare_queue(
            self.dead_letter_queue_name(queue),
            durable=True,
            arguments={"x-queue-type": "quorum", **expiry},
        )
        await dead_letters.bind(self.dead_letter_exchange_name, routing_key=name)
        return await channel.declare_queue(
            name,
            durable=True,
            arguments={
                "x-queue-type": "quorum",
                "x-delivery-limit": self.delivery_limit,
                "x-dead-letter-exchange": self.dead_letter_exchange_name,
                "x-dead-letter-routing-key": name,
                **expiry,
            },
        )

    async def publish_many(self, envelopes: Sequence[Envelope]) -> list[bool]:
        if self._exchange is None:
            raise RuntimeError("bus not started")
        exchange = self._exchange

        async def publish(envelope: Envelope) -> bool:
            message = aio_pika.Message(
                body=envelope.model_dump_json().encode(),
                message_id=str(envelope.id),
                type=envelope.type,
                content_type="application/json",
                delivery_mode=aio_pika.DeliveryMode.PERSISTENT,
                timestamp=envelope.occurred_at,
                correlation_id=envelope.correlation_id,
                app_id=envelope.producer,
                headers={"version": envelope.version},
            )
            try:
                await exchange.publish(
                    message, routing_key=envelope.type, timeout=PUBLISH_CONFIRM_TIMEOUT
                )
            except Exception:
                log.warning("publish not confirmed", event_id=str(envelope.id), exc_info=True)
                return False
            return True

        return list(await asyncio.gather(*(publish(envelope) for envelope in envelopes)))

    async def subscribe(self, subscription: Subscription) -> None:
        if self._consume_connection is None:
            raise RuntimeError("bus not started")
        channel = await self._consume_connection.channel()
        await channel.set_qos(prefetch_count=self.prefetch_count)
        queue = await self.declare_queue(channel, subscription.queue)
        for key in subscription.routing_keys:
            await queue.bind(self.exchange_name, routing_key=key)

        async def on_message(message: AbstractIncomingMessage) -> None:
            task = asyncio.current_task()
            if task is not None:
                self._in_flight.add(task)
            try:
                await self._handle(subscription, message)
            finally:
                if task is not None:
                    self._in_flight.discard(task)

        tag = await queue.consume(on_message)
        self._consumers.append((channel, queue, tag))

    async def _handle(self, subscription: Subscription, message: AbstractIncomingMessage) -> None:
        delivery_count = (message.headers or {}).get("x-delivery-count", 0)
        attempt = (delivery_count if isinstance(delivery_count, int) else 0) + 1
        event_type = message.type or "unknown"
        try:
            envelope = decode_envelope(message.body)
            await subscription.handler(envelope)
        except PermanentFailure:
            log.error("dead-lettering message", queue=subscription.queue, exc_info=True)
            EVENTS_CONSUMED.labels(subscription.queue, event_type, "dead_lettered").inc()
            await message.reject(requeue=False)
            return
        except RetryLater as early:
            log.info("message not ready, goes back", queue=subscription.queue, reason=str(early))
            EVENTS_CONSUMED.labels(subscription.queue, event_type, "retried").inc()
            await asyncio.sleep(retry_delay(attempt))
            await message.nack(requeue=True)
            return
        except Exception:
            log.warning(
                "handler failed, message goes back",
                queue=subscription.queue,
                attempt=attempt,
                message_id=message.message_id,
                exc_info=True,
            )
            EVENTS_CONSUMED.labels(subscription.queue, event_type, "retried").inc()
            await asyncio.sleep(retry_delay(attempt))
            await message.nack(requeue=True)
            return
        await message.ack()

    async def close(self) -> None:
        """Stop taking messages, let in-flight handlers finish, then close."""
        for _channel, queue, tag in self._consumers:
            with contextlib.suppress(Exception):
                await queue.cancel(tag)
        if self._in_flight:
            await asyncio.wait(set(self._in_flight), timeout=30)
        for connection in (self._consume_connection, self._connection):
            if connection is not None:
                await connection.close()
        self._consumers.clear()

    async def ping(self) -> None:
        for connection in (self._connection, self._consume_connection):
            if connection is None or connection.is_closed:
                raise ConnectionError("broker connection is closed")

    async def dead_letters(self, queue: str, *, limit: int = 100) -> list[Envelope | bytes]:
        """Peek at dead letters without removing them (they are requeued)."""
        assert self._connection is not None
        channel = await self._connection.channel()
        dlq = await channel.get_queue(self.dead_letter_queue_name(queue), ensure=True)
        seen: list[Envelope | bytes] = []
        held: list[AbstractIncomingMessage] = []
        for _ in range(limit):
            message = await dlq.get(no_ack=False, fail=False)
            if message is None:
                break
            held.append(message)
            try:
                seen.append(Envelope.model_validate_json(message.body))
            except ValidationError:
                seen.append(message.body)
        for message in held:
            await message.nack(requeue=True)
        await channel.close()
        return seen

    async def replay_dead_letters(self, queue: str, *, limit: int = 1000) -> int:
        """Move dead letters back onto the main exchange, to the queue they came from."""
        assert self._connection is not None
        channel = await self._connection.channel(publisher_confirms=True)
        dlq = await channel.get_queue(self.dead_letter_queue_name(queue), ensure=True)
        replayed = 0
        default_exchange = channel.default_exchange
        for _ in range(limit):
            message = await dlq.get(no_ack=False, fail=False)
            if message is None:
                break
            await default_exchange.publish(
                aio_pika.Message(
                    body=message.body,
                    message_id=message.message_id,
                    type=message.type,
                    content_type=message.content_type,
                    delivery_mode=aio_pika.DeliveryMode.PERSISTENT,
                    correlation_id=message.correlation_id,
                    app_id=message.app_id,
                    headers={"replayed": True},
                ),
                routing_key=self.queue_name(queue),
            )
            await message.ack()
            replayed += 1
        await channel.close()
        return replayed


@dataclass
class DeadLetter:
    queue: str
    envelope: Envelope
    error: str


class MemoryBus:
    """In-process bus for the embedded mode.

    `publish_many` returns only after every subscribed handler has committed (or the message
    was dead-lettered after the delivery limit), so the outbox row is marked sent only then:
    a crash before that republishes from the outbox, exactly as with the broker.
    """

    def __init__(self, *, delivery_limit: int = 5, retry_pause: float = 0.05) -> None:
        self.delivery_limit = delivery_limit
        self.retry_pause = retry_pause
        self.subscriptions: list[Subscription] = []
        self.dead_letters: list[DeadLetter] = []

    async def start(self) -> None:
        return None

    async def subscribe(self, subscription: Subscription) -> None:
        self.subscriptions.append(subscription)

    async def publish_many(self, envelopes: Sequence[Envelope]) -> list[bool]:
        deliveries = [
            self._deliver(subscription, envelope)
            for envelope in envelopes
            for subscription in self.subscriptions
            if any(topic_matches(key, envelope.type) for key in subscription.routing_keys)
        ]
        await asyncio.gather(*deliveries)
        return [True] * len(envelopes)

    async def _deliver(self, subscription: Subscription, envelope: Envelope) -> None:
        last_error = ""
        for attempt in range(1, self.delivery_limit + 1):
            try:
                await subscription.handler(envelope)
                return
            except PermanentFailure as error:
                last_error = repr(error)
                break
            except Exception as error:
                last_error = repr(error)
                log.warning("handler failed", queue=subscription.queue, attempt=attempt)
                await asyncio.sleep(self.retry_pause * attempt)
        EVENTS_CONSUMED.labels(subscription.queue, envelope.type, "dead_lettered").inc()
        self.dead_letters.append(DeadLetter(subscription.queue, envelope, last_error))

    async def close(self) -> None:
        return None

    async def ping(self) -> None:
        return None
