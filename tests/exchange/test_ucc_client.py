"""The client against the simulator served over real HTTP, with faults injected."""

from datetime import UTC, date, datetime, timedelta
from uuid import uuid4

import pytest

from exchange.circuit_breaker import CircuitBreaker, CircuitState
from exchange.ucc_client import RetryPolicy, UccRejected, UccUnavailable
from exchange.ucc_contract import AppealUpdate, LifecycleStatus
from tests.exchange.conftest import ClientFactory, CountingTransport, ManualClock, make_card
from tests.fakes.ucc_server import SimulatorControl

START = datetime(2026, 3, 2, 10, 0, tzinfo=UTC)


def make_update(minutes: int = 0, **changes: object) -> AppealUpdate:
    fields: dict[str, object] = {
        "update_id": uuid4(),
        "status": "routed",
        "occurred_at": START + timedelta(minutes=minutes),
    }
    fields.update(changes)
    return AppealUpdate.model_validate(fields)


class TestPushAppeal:
    async def test_first_push_creates_and_repeat_changes_nothing(
        self, make_client: ClientFactory, sim: SimulatorControl
    ) -> None:
        client = make_client()
        first = await client.push_appeal(make_card())
        second = await client.push_appeal(make_card())

        assert first.result == "created"
        assert first.ucc_number.startswith("UCC-")
        assert second.result == "unchanged"
        assert second.ucc_number == first.ucc_number
        report = await sim.appeals()
        assert len(report["appeals"]) == 1
        assert report["appeals"][0]["put_count"] == 2

    async def test_changed_card_updates_the_same_appeal(
        self, make_client: ClientFactory, sim: SimulatorControl
    ) -> None:
        client = make_client()
        first = await client.push_appeal(make_card())
        changed = await client.push_appeal(make_card(due_date=date(2026, 4, 1)))

        assert changed.result == "updated"
        assert changed.ucc_number == first.ucc_number
        [appeal] = (await sim.appeals())["appeals"]
        assert appeal["due_date"] == "2026-04-01"

    async def test_confidential_card_leaves_without_identity(
        self, make_client: ClientFactory, sim: SimulatorControl
    ) -> None:
        await make_client().push_appeal(make_card(confidential=True))

        [appeal] = (await sim.appeals())["appeals"]
        applicant = appeal["card"]["applicant"]
        assert [applicant[key] for key in ("name", "address", "phone", "email")] == [None] * 4
        assert applicant["categories"] == ["7.6"]


class TestPushUpdate:
    async def test_repeated_update_id_is_applied_once(
        self, make_client: ClientFactory, sim: SimulatorControl
    ) -> None:
        client = make_client()
        card = make_card()
        await client.push_appeal(card)
        update = make_update(status="closed", outcome="explained")

        first = await client.push_update(card.regional_id, update)
        again = await client.push_update(card.regional_id, update)

        assert (first.result, first.replayed) == ("applied", False)
        assert (again.result, again.replayed) == ("applied", True)
        assert first.ucc_status == "Закрито"
        assert first.ucc_sub_status == "Роз'яснено"
        [appeal] = (await sim.appeals())["appeals"]
        assert (appeal["update_requests"], appeal["distinct_updates"]) == (2, 1)

    async def test_stale_update_is_accepted_but_does_not_overwrite(
        self, make_client: ClientFactory, sim: SimulatorControl
    ) -> None:
        client = make_client()
        card = make_card()
        await client.push_appeal(card)
        await client.push_update(card.regional_id, make_update(10, status="in_work"))

        stale = await client.push_update(card.regional_id, make_update(5, status="routed"))

        assert stale.result == "stale"
        [appeal] = (await sim.appeals())["appeals"]
        assert appeal["status"] == "in_work"
        assert (appeal["applied_updates"], appeal["stale_updates"]) == (1, 1)

    async def test_reused_update_id_with_other_content_is_rejected(
        self, make_client: ClientFactory
    ) -> None:
        client = make_client()
        card = make_card()
        await client.push_appeal(card)
        update = make_update(status="routed")
        await client.push_update(card.regional_id, update)

        with pytest.raises(UccRejected) as rejected:
            await client.push_update(
                card.regional_id, update.model_copy(update={"status": LifecycleStatus.CLOSED})
            )

        assert rejected.value.status_code == 409

    async def test_update_of_unknown_appeal_is_rejected_without_retry(
        self, make_client: ClientFactory, transport: CountingTransport
    ) -> None:
        client = make_client(transport=transport)

        with pytest.raises(UccRejected) as rejected:
            await client.push_update("NEVER-PUSHED", make_update())

        assert rejected.value.status_code == 404
        assert rejected.value.problem.detail is not None
        assert "NEVER-PUSHED" in rejected.value.problem.detail
        assert transport.sent == 1


class TestRefusals:
    async def test_unknown_api_key_is_refused_once(
        self, make_client: ClientFactory, transport: CountingTransport
    ) -> None:
        client = make_client(api_key="wrong", transport=transport)

        with pytest.raises(UccRejected) as rejected:
            await client.push_appeal(make_card())

        assert rejected.value.status_code == 401
        assert transport.sent == 1

    async def test_invalid_field_is_named_in_the_problem(self, make_client: ClientFactory) -> None:
        with pytest.raises(UccRejected) as rejected:
            await make_client().pull_assignments(limit=0)

        assert rejected.value.status_code == 422
        assert [error.field for error in rejected.value.problem.errors or []] == ["limit"]


class TestRetries:
    async def test_retries_through_server_errors(
        self, make_client: ClientFactory, sim: SimulatorControl, transport: CountingTransport
    ) -> None:
        await sim.fault("fail", count=3, status_code=502)

        result = await make_client(transport=transport).push_appeal(make_card())

        assert result.result == "created"
        assert transport.sent == 4

    async def test_lost_answers_do_not_duplicate_effects(
        self, make_client: ClientFactory, sim: SimulatorControl
    ) -> None:
        client = make_client()
        card = make_card()
        await sim.fault("fail", count=2, when="after")
        pushed = await client.push_appeal(card)
        await sim.fault("fail", count=2, when="after")
        updated = await client.push_update(card.regional_id, make_update(status="in_work"))

        assert pushed.result == "unchanged"
        assert (updated.result, updated.replayed) == ("applied", True)
        report = await sim.appeals()
        assert len(report["appeals"]) == 1
        [appeal] = report["appeals"]
        assert (appeal["put_count"], appeal["update_requests"]) == (3, 3)
        assert appeal["distinct_updates"] == 1

    async def test_gives_up_after_the_last_attempt(
        self, make_client: ClientFactory, sim: SimulatorControl, transport: CountingTransport
    ) -> None:
        await sim.fault("fail", count=10)

        with pytest.raises(UccUnavailable):
            await make_client(transport=transport).push_appeal(make_card())

        assert transport.sent == 4

    async def test_hang_times_out_and_the_retry_succeeds(
        self, make_client: ClientFactory, sim: SimulatorControl
    ) -> None:
        await sim.fault("hang", count=1)

        result = await make_client(timeout=0.5).push_appeal(make_card())

        assert result.result == "created"

    async def test_endless_hang_ends_as_unavailable(
        self, make_client: ClientFactory, sim: SimulatorControl
    ) -> None:
        await sim.fault("hang", count=5)
        quick = RetryPolicy(max_attempts=2, initial_backoff=0.01, max_backoff=0.01, jitter=0)

        with pytest.raises(UccUnavailable) as unavailable:
            await make_client(timeout=0.3, retry=quick).pull_assignments()

        assert "Timeout" in str(unavailable.value)

    async def test_slow_answer_within_the_timeout_is_fine(
        self, make_client: ClientFactory, sim: SimulatorControl
    ) -> None:
        await sim.fault("delay", seconds=0.2)

        page = await make_client(timeout=5.0).pull_assignments()

        assert page.items == ()


class TestCircuitBreaker:
    async def test_opens_then_refuses_without_calling(
        self,
        make_client: ClientFactory,
        sim: SimulatorControl,
        transport: CountingTransport,
        breaker: CircuitBreaker,
    ) -> None:
        client = make_client(transport=transport, breaker=breaker)
        await sim.fault("fail", count=100)

        with pytest.raises(UccUnavailable):
            await client.push_appeal(make_card())
        sent_before_open = transport.sent
        with pytest.raises(UccUnavailable, match="circuit is open"):
            await client.push_appeal(make_card())

        assert breaker.state is CircuitState.OPEN
        assert sent_before_open == 3
        assert transport.sent == sent_before_open

    async def test_half_open_trial_closes_on_success(
        self,
        make_client: ClientFactory,
        sim: SimulatorControl,
        breaker: CircuitBreaker,
        clock: ManualClock,
    ) -> None:
        client = make_client(breaker=breaker)
        await sim.fault("fail", count=3)
        with pytest.raises(UccUnavailable):
            await client.push_appeal(make_card())
        clock.now += 30
        state_before_trial = breaker.state

        result = await client.push_appeal(make_card())

        assert state_before_trial is CircuitState.HALF_OPEN
        assert result.result == "created"
        assert breaker.state is CircuitState.CLOSED

    async def test_half_open_trial_failure_opens_again(
        self,
        make_client: ClientFactory,
        sim: SimulatorControl,
        transport: CountingTransport,
        breaker: CircuitBreaker,
        clock: ManualClock,
    ) -> None:
        client = make_client(transport=transport, breaker=breaker)
        await sim.fault("fail", count=100)
        with pytest.raises(UccUnavailable):
            await client.push_appeal(make_card())
        clock.now += 30

        with pytest.raises(UccUnavailable):
            await client.push_appeal(make_card())

        assert breaker.state is CircuitState.OPEN
        assert transport.sent == 4

    async def test_refusals_do_not_open_the_circuit(
        self, make_client: ClientFactory, breaker: CircuitBreaker
    ) -> None:
        client = make_client(breaker=breaker)

        for _ in range(5):
            with pytest.raises(UccRejected):
                await client.push_update("NEVER-PUSHED", make_update())

        assert breaker.state is CircuitState.CLOSED
