"""The assignment feed and the reconciliation listing, through the client over HTTP.

The client returns pages as they come; ``drain`` below is the consumer pattern the sync
must follow: apply each item once by ``item_id`` and always continue from ``next_cursor``.
"""

from datetime import UTC, datetime, timedelta

from exchange.ucc_client import UccClient
from exchange.ucc_contract import Assignment
from tests.exchange.conftest import ClientFactory, make_card
from tests.fakes.ucc_server import SimulatorControl


async def drain(client: UccClient, limit: int, max_pages: int = 50) -> list[Assignment]:
    """Apply every new item once, whatever the feed repeats or reorders."""
    applied: dict[str, Assignment] = {}
    cursor: str | None = None
    for _ in range(max_pages):
        page = await client.pull_assignments(after=cursor, limit=limit)
        for item in page.items:
            applied.setdefault(item.item_id, item)
        cursor = page.next_cursor
        if not page.has_more:
            break
    return list(applied.values())


async def assign_many(sim: SimulatorControl, count: int) -> list[str]:
    return [
        (await sim.assign(text=f"Звернення номер {index}"))["item_id"] for index in range(count)
    ]


class TestFeed:
    async def test_pages_deliver_every_item_in_order(
        self, make_client: ClientFactory, sim: SimulatorControl
    ) -> None:
        created = await assign_many(sim, 5)

        client = make_client()
        first = await client.pull_assignments(limit=2)
        rest = await drain(client, limit=2)

        assert [item.item_id for item in first.items] == created[:2]
        assert first.has_more
        assert [item.item_id for item in rest] == created

    async def test_empty_feed_keeps_the_cursor(
        self, make_client: ClientFactory, sim: SimulatorControl
    ) -> None:
        await assign_many(sim, 1)
        client = make_client()
        page = await client.pull_assignments(limit=10)

        nothing_new = await client.pull_assignments(after=page.next_cursor, limit=10)

        assert nothing_new.items == ()
        assert nothing_new.next_cursor == page.next_cursor
        assert not nothing_new.has_more

    async def test_duplicates_reach_the_consumer_who_applies_them_once(
        self, make_client: ClientFactory, sim: SimulatorControl
    ) -> None:
        created = await assign_many(sim, 6)
        await sim.fault("duplicate", count=3)
        client = make_client()

        first = await client.pull_assignments(limit=3)
        applied = await drain(client, limit=3)

        ids = [item.item_id for item in first.items]
        assert len(ids) == 4
        assert ids[0] == ids[-1]
        assert sorted(item.item_id for item in applied) == sorted(created)

    async def test_reordered_pages_lose_nothing(
        self, make_client: ClientFactory, sim: SimulatorControl
    ) -> None:
        created = await assign_many(sim, 7)
        await sim.fault("reorder", count=5, seed=3)

        applied = await drain(make_client(), limit=3)

        assert sorted(item.item_id for item in applied) == sorted(created)

    async def test_rewound_cursor_repeats_items_without_double_effect(
        self, make_client: ClientFactory, sim: SimulatorControl
    ) -> None:
        created = await assign_many(sim, 6)
        client = make_client()
        first = await client.pull_assignments(limit=3)
        await sim.fault("cursor_rewind", rewind_by=2)

        rewound = await client.pull_assignments(after=first.next_cursor, limit=3)
        applied = await drain(client, limit=3)

        assert [item.item_id for item in rewound.items] == created[1:4]
        assert sorted(item.item_id for item in applied) == sorted(created)

    async def test_all_item_kinds_arrive_in_one_feed(
        self, make_client: ClientFactory, sim: SimulatorControl
    ) -> None:
        appeal = await sim.assign(needs_callback=True)
        number = appeal["ucc_number"]
        await sim.info_request(number, "Чи передано звернення виконавцю?", "2026-04-10")
        await sim.callback(number, "partly", comment="Воду дали, але не щодня")
        await sim.rework(number, "Відповідь не по суті")

        items = await drain(make_client(), limit=10)

        assert [item.kind for item in items] == [
            "appeal",
            "info_request",
            "callback_result",
            "rework",
        ]
        assert {item.ucc_number for item in items} == {number}

    async def test_confidential_assignment_carries_no_identity(
        self, make_client: ClientFactory, sim: SimulatorControl
    ) -> None:
        await sim.assign(
            confidential=True, applicant={"name": "Іваненко Іван", "phone": "0671112233"}
        )

        [item] = await drain(make_client(), limit=10)

        assert item.kind == "appeal"
        assert (item.applicant.name, item.applicant.phone) == (None, None)


class TestAckAndLink:
    async def test_ack_marks_the_appeal_accepted_once(
        self, make_client: ClientFactory, sim: SimulatorControl
    ) -> None:
        number = (await sim.assign())["ucc_number"]
        await sim.callback(number, "yes")
        client = make_client()

        first = await client.ack_assignment(number)
        again = await client.ack_assignment(number)

        assert first.acknowledged_items == 2
        assert again.acknowledged_items == 0
        assert again.accepted_at == first.accepted_at
        report = await sim.appeals()
        assert report["acknowledged_items"] == 2

    async def test_pushing_with_the_ucc_number_links_instead_of_creating(
        self, make_client: ClientFactory, sim: SimulatorControl
    ) -> None:
        number = (await sim.assign())["ucc_number"]
        client = make_client()

        linked = await client.push_appeal(
            make_card("DN-LINKED-1", ucc_number=number, channel="ucc_1545")
        )
        await sim.rework(number, "Неповна відповідь")
        items = await drain(client, limit=10)

        assert (linked.ucc_number, linked.result) == (number, "updated")
        assert len((await sim.appeals())["appeals"]) == 1
        assert items[-1].regional_id == "DN-LINKED-1"


class TestReconciliationListing:
    async def test_walks_every_appeal_of_the_region(
        self, make_client: ClientFactory, sim: SimulatorControl
    ) -> None:
        client = make_client()
        pushed = [
            (await client.push_appeal(make_card(f"DN-{index}"))).ucc_number for index in range(5)
        ]
        assigned = (await sim.assign())["ucc_number"]

        first = await client.list_appeals(limit=2)
        listed = [item async for item in client.iter_appeals(page_size=2)]

        assert len(first.items) == 2
        assert first.next_cursor is not None
        assert [item.ucc_number for item in listed] == [*pushed, assigned]
        assert listed[0].regional_id == "DN-0"
        assert listed[-1].regional_id is None

    async def test_time_window_filters_by_last_change(
        self, make_client: ClientFactory, sim: SimulatorControl
    ) -> None:
        client = make_client()
        await client.push_appeal(make_card("DN-OLD"))
        [old] = (await client.list_appeals()).items

        after_first = old.updated_at + timedelta(microseconds=1)
        await client.push_appeal(make_card("DN-NEW"))
        future = datetime.now(UTC) + timedelta(days=1)

        newer = await client.list_appeals(updated_from=after_first)
        none = await client.list_appeals(updated_from=future)

        assert [item.regional_id for item in newer.items] == ["DN-NEW"]
        assert none.items == ()
