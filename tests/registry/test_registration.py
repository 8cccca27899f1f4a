"""Registration: the full card, Art. 5/8 anonymity, late complaints, attachments."""

from __future__ import annotations

from datetime import date

from shared.events import Address, Applicant, AttachmentRef
from tests.registry.conftest import RegistryUnderTest, received
from tests.support.environment import bearer, fetch


async def test_the_card_keeps_everything_the_channel_sent(registry: RegistryUnderTest) -> None:
    applicant = Applicant(
        full_name="Шевченко Петро Іванович",
        phone="067 123 45 67",
        email="Petro@Ukr.Net",
        address=Address(
            settlement="Дніпро", street="просп. Науки", house="5", raion="Дніпровський район"
        ),
        sex="male",
        author_categories=["7.4", "7.7"],
        social_status="8.9",
        representative="Шевченко Ганна (довіреність 12/3)",
    )
    appeal_id = await registry.register(
        received(
            applicant=applicant,
            channel="web",
            kind="complaint",
            language="ru",
            collective_signatories=14,
            confidential=True,
            needs_no_further_study=True,
            problem_location=Address(hromada="UA12-samar-city", settlement="Самар"),
            attachments=[
                AttachmentRef(file_name="act.pdf", content_type="application/pdf", size_bytes=2048),
                AttachmentRef(
                    file_name="x.exe", content_type="application/x-msdownload", size_bytes=10
                ),
            ],
        )
    )
    answer = await registry.client.get(f"/appeals/{appeal_id}", headers=bearer("operator"))
    assert answer.status_code == 200
    card = answer.json()
    assert card["status"] == "registered"
    assert card["registration_number"].startswith("DP-")
    assert (card["form_of_receipt"], card["appeal_type"]) == ("1.1", "electronic")
    assert card["subject"] == "collective"
    assert card["collective_signatories"] == 14
    assert card["kind"] == "complaint"
    assert card["language"] == "ru"
    assert card["priority"] is True
    assert card["author_categories"] == ["7.4", "7.7"]
    assert card["applicant"]["representative"] == "Шевченко Ганна (довіреність 12/3)"
    assert card["applicant"]["social_status"] == "8.9"
    assert "author_categories" not in card["applicant"]
    assert card["hromada"] == "UA12-samar-city"
    assert card["problem_location"]["settlement"] == "Самар"
    assert card["confidential"] is True and card["needs_no_further_study"] is True
    assert [(a["file_name"], a["accepted"]) for a in card["attachments"]] == [
        ("act.pdf", True),
        ("x.exe", False),
    ]
    keys = await fetch("SELECT phone_key, email_key FROM registry.appeal WHERE id = $1", appeal_id)
    assert (keys[0]["phone_key"], keys[0]["email_key"]) == ("+380671234567", "petro@ukr.net")


async def test_an_applicant_without_privileges_has_no_priority(registry: RegistryUnderTest) -> None:
    appeal_id = await registry.register()
    card = (await registry.client.get(f"/appeals/{appeal_id}", headers=bearer("operator"))).json()
    assert card["priority"] is False
    assert card["author_categories"] == []
    assert (card["form_of_receipt"], card["appeal_type"], card["subject"]) == (
        "1.1.1",
        "oral",
        "individual",
    )


async def test_a_written_appeal_without_a_name_is_registered_and_not_considered(
    registry: RegistryUnderTest,
) -> None:
    nameless = Applicant(email="someone@example.com", address=Address(settlement="Дніпро"))
    appeal_id = await registry.register(received(applicant=nameless, channel="web"))
    card = (await registry.client.get(f"/appeals/{appeal_id}", headers=bearer("operator"))).json()
    assert card["subject"] == "anonymous"
    assert card["status"] == "not_considered"
    assert card["not_considered_reason"] == "anonymous"
    assert card["text"]  # the appeal and its data are kept
    last = card["history"][-1]
    assert (last["from_status"], last["to_status"], last["reason"]) == (
        "registered",
        "not_considered",
        "anonymous",
    )


async def test_a_written_appeal_without_a_place_of_residence_is_anonymous(
    registry: RegistryUnderTest,
) -> None:
    homeless = Applicant(full_name="Іваненко Марія", email="m@example.com")
    appeal_id = await registry.register(received(applicant=homeless, channel="post"))
    card = (await registry.client.get(f"/appeals/{appeal_id}", headers=bearer("operator"))).json()
    assert (card["subject"], card["status"]) == ("anonymous", "not_considered")


async def test_an_oral_appeal_without_a_name_goes_on(registry: RegistryUnderTest) -> None:
    appeal_id = await registry.register(received(applicant=Applicant(phone="0671112233")))
    card = (await registry.client.get(f"/appeals/{appeal_id}", headers=bearer("operator"))).json()
    assert (card["subject"], card["status"]) == ("anonymous", "registered")


async def test_a_late_complaint_is_flagged_and_a_timely_one_is_not(
    registry: RegistryUnderTest,
) -> None:
    late = await registry.register(
        received(
            kind="complaint",
            complaint_decision_date=date(2020, 1, 10),
            complaint_learned_date=date(2020, 1, 15),
        )
    )
    timely_day = date.today()
    timely = await registry.register(
        received(
            kind="complaint",
            complaint_decision_date=timely_day,
            complaint_learned_date=timely_day,
        )
    )
    unknown = await registry.register(received(kind="complaint"))
    flags = {
        appeal_id: (
            await registry.client.get(f"/appeals/{appeal_id}", headers=bearer("operator"))
        ).json()["complaint_late"]
        for appeal_id in (late, timely, unknown)
    }
    assert flags == {late: True, timely: False, unknown: None}


async def test_registration_numbers_are_gapless(registry: RegistryUnderTest) -> None:
    ids = [await registry.register() for _ in range(3)]
    rows = await fetch(
        "SELECT registration_number FROM registry.appeal WHERE id = ANY($1::uuid[]) "
        "ORDER BY registration_number",
        ids,
    )
    numbers = [int(row["registration_number"].rsplit("-", 1)[1]) for row in rows]
    assert numbers == list(range(numbers[0], numbers[0] + 3))
