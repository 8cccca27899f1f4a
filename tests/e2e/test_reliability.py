"""What makes "nothing lost, nothing doubled" true: outbox, inbox, dead letters."""

from __future__ import annotations

import asyncio
import uuid
from datetime import UTC, datetime

import aio_pika
import httpx

from services.catalog import service
from shared.bus import RabbitBus, Subscription
from shared.events import AppealReceived, Applicant, Envelope, make_envelope
from tests.support.appeals import appeal_states, post_appeal, registry_counts
from tests.support.environment import AMQP_URL, eventually, fetch
from tests.support.stacks import InProcessStack


def received_event(appeal_id: uuid.UUID) -> Envelope:
    payload = AppealReceived(
        submission_id=uuid.uuid4(),
        channel="hotline",
        received_at=datetime.now(UTC),
        applicant=Applicant(full_name="Петренко Іван Іванович", phone="+380501234567"),
        text="Прошу відремонтувати дах у під'їзді №2.",
        topic_code="009",
    )
    return make_envelope(payload, producer="test", appeal_id=appeal_id, correlation_id="test")


async def test_the_same_event_delivered_twice_registers_once(stack: InProcessStack) -> None:
    appeal_id = uuid.uuid4()
    envelope = received_event(appeal_id)
    publisher = RabbitBus(AMQP_URL, prefix=stack.prefix, service="test-publisher")
    await publisher.start()
    try:
        assert await publisher.publish_many([envelope]) == [True]
        assert await publisher.publish_many([envelope]) == [True]
    finally:
        await publisher.close()

    await eventually(
        lambda: appeal_states([str(appeal_id)]), lambda s: s.get(str(appeal_id)) == "routed"
    )
    await asyncio.sleep(1)  # give a second delivery every chance to be (wrongly) applied
    assert await registry_counts([str(appeal_id)]) == 1
    history = await fetch(
        "SELECT to_status FROM registry.status_history WHERE appeal_id = $1 ORDER BY id", appeal_id
    )
    assert [row["to_status"] for row in history] == ["received", "registered", "routed"]
    duplicates = await fetch(
        "SELECT count(*) AS n FROM registry.inbox WHERE event_id = $1", envelope.id
    )
    assert duplicates[0]["n"] == 1


async def test_a_poison_message_ends_in_the_dead_letter_queue_and_others_flow(
    stack: InProcessStack,
) -> None:
    connection = await aio_pika.connect(AMQP_URL)
    try:
        channel = await connection.channel()
        exchange = await channel.get_exchange(f"{stack.prefix}.events")
        await exchange.publish(
            aio_pika.Message(
                b'{"not": "an envelope"}', message_id="poison-1", type="appeal.received"
            ),
            routing_key="appeal.received",
        )
        wrong_version = received_event(uuid.uuid4()).model_copy(update={"version": 99})
        await exchange.publish(
            aio_pika.Message(wrong_version.model_dump_json().encode(), type="appeal.received"),
            routing_key="appeal.received",
        )
    finally:
        await connection.close()
    healthy = await post_appeal(stack.clients["intake"], 7)
    appeal_id = healthy.json()["appeal_id"]
    await eventually(lambda: appeal_states([appeal_id]), lambda s: s.get(appeal_id) == "routed")

    bus: RabbitBus = stack.runtime("registry").bus  # type: ignore[assignment]
    letters = await eventually(
        lambda: bus.dead_letters("registry.appeals"), lambda found: len(found) == 2
    )
    assert len(letters) == 2


async def test_a_handler_that_always_fails_dead_letters_after_the_delivery_limit(
    stack: InProcessStack,
) -> None:
    attempts: list[uuid.UUID] = []

    async def always_fails(envelope: Envelope) -> None:
        attempts.append(envelope.id)
        raise RuntimeError("this handler never succeeds")

    bus = RabbitBus(AMQP_URL, prefix=stack.prefix, service="failing", delivery_limit=3)
    await bus.start()
    try:
        await bus.subscribe(Subscription("failing.appeals", ("appeal.received",), always_fails))
        poison = received_event(uuid.uuid4())
        assert await bus.publish_many([poison]) == [True]
        letters = await eventually(
            lambda: bus.dead_letters("failing.appeals"), lambda found: len(found) == 1, within=90
        )
        assert isinstance(letters[0], Envelope) and letters[0].id == poison.id
        assert attempts.count(poison.id) == 4, "first delivery plus three redeliveries"

        healthy = await post_appeal(stack.clients["intake"], 8)
        appeal_id = healthy.json()["appeal_id"]
        await eventually(lambda: appeal_states([appeal_id]), lambda s: s.get(appeal_id) == "routed")

        assert await bus.replay_dead_letters("failing.appeals") == 1

        async def deliveries() -> int:
            return attempts.count(poison.id)

        assert await eventually(deliveries, lambda n: n >= 5) >= 5, "replayed once more"
    finally:
        await bus.close()
        connection = await aio_pika.connect(AMQP_URL)
        channel = await connection.channel()
        for name in (f"{stack.prefix}.failing.appeals", f"{stack.prefix}.failing.appeals.dlq"):
            await channel.queue_delete(name)
        await connection.close()


async def test_an_accepted_appeal_waits_in_the_outbox_until_it_can_be_published(
    clean_database: None, bus_prefix: str, ucc_url: str
) -> None:
    """Intake answers 202 with its relay not running; the event leaves once it runs."""
    stack = InProcessStack(bus_prefix, ucc_url)
    await stack.start("registry", "router", "monitoring", "exchange")
    try:
        spec = service("intake")
        intake_app = spec.build(spec.settings(**stack.settings_overrides("intake")))
        async with httpx.AsyncClient(
            transport=httpx.ASGITransport(app=intake_app), base_url="http://intake"
        ) as client:
            accepted = await post_appeal(client, 11)
        assert accepted.status_code == 202
        appeal_id = accepted.json()["appeal_id"]
        pending = await fetch("SELECT count(*) AS n FROM intake.outbox WHERE sent_at IS NULL")
        assert pending[0]["n"] == 1
        assert await registry_counts([appeal_id]) == 0

        await intake_app.state.runtime.start()
        try:
            await eventually(
                lambda: appeal_states([appeal_id]), lambda s: s.get(appeal_id) == "routed"
            )
        finally:
            await intake_app.state.runtime.stop()
        sent = await fetch("SELECT count(*) AS n FROM intake.outbox WHERE sent_at IS NOT NULL")
        assert sent[0]["n"] == 1
    finally:
        await stack.stop()
