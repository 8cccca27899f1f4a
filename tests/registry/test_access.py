"""Access to personal data (domain Part A §6): each rule, and an attempt to break it."""

from __future__ import annotations

import uuid
from datetime import date, timedelta

from shared.events import Address, AppealRouted, Applicant
from tests.registry.conftest import RegistryUnderTest, received
from tests.support.environment import bearer

VETERAN = Applicant(
    full_name="Сидоренко Микола Іванович",
    phone="+380661234567",
    address=Address(settlement="Дніпро", street="вул. Січових Стрільців", house="3"),
    author_categories=["7.5", "7.8"],
)


async def routed_to(registry: RegistryUnderTest, body: str, **overrides: object) -> uuid.UUID:
    appeal_id = await registry.register(received(applicant=VETERAN, **overrides))
    today = date.today()
    await registry.deliver(
        AppealRouted(body_code=body, received_on=today, due_date=today + timedelta(days=30)),
        appeal_id,
    )
    return appeal_id


async def test_a_body_officer_sees_its_own_appeal_without_special_categories(
    registry: RegistryUnderTest,
) -> None:
    appeal_id = await routed_to(registry, "council-dnipro")
    answer = await registry.client.get(
        f"/appeals/{appeal_id}", headers=bearer("body_officer", body_code="council-dnipro")
    )
    assert answer.status_code == 200
    shown = answer.json()
    assert shown["applicant"]["full_name"] == "Сидоренко Микола Іванович"
    assert shown["author_categories"] is None
    assert "7.5" not in answer.text


async def test_a_body_officer_cannot_see_another_bodys_appeal(registry: RegistryUnderTest) -> None:
    appeal_id = await routed_to(registry, "council-dnipro")
    for headers in (
        bearer("body_officer", body_code="council-kryvyi-rih"),
        bearer("body_officer"),  # no body at all
    ):
        answer = await registry.client.get(f"/appeals/{appeal_id}", headers=headers)
        assert answer.status_code == 404
        listed = await registry.client.get("/appeals", headers=headers)
        assert listed.json()["items"] == []
        exported = await registry.client.get("/appeals/export", headers=headers)
        assert exported.text.count("\n") == 1  # the header only


async def test_a_body_officer_cannot_widen_its_list_by_filter(registry: RegistryUnderTest) -> None:
    await routed_to(registry, "council-kryvyi-rih")
    own = await routed_to(registry, "council-dnipro")
    answer = await registry.client.get(
        "/appeals",
        params={"body": "council-kryvyi-rih"},
        headers=bearer("body_officer", body_code="council-dnipro"),
    )
    assert answer.json()["items"] == []
    mine = await registry.client.get(
        "/appeals", headers=bearer("body_officer", body_code="council-dnipro")
    )
    assert [item["id"] for item in mine.json()["items"]] == [str(own)]


async def test_confidential_hides_identity_from_the_body(registry: RegistryUnderTest) -> None:
    appeal_id = await routed_to(registry, "council-dnipro", confidential=True)
    headers = bearer("body_officer", body_code="council-dnipro")
    answer = await registry.client.get(f"/appeals/{appeal_id}", headers=headers)
    assert answer.status_code == 200
    assert answer.json()["applicant"] is None
    assert "Сидоренко" not in answer.text and "380661234567" not in answer.text
    listed = await registry.client.get("/appeals", headers=headers)
    assert listed.json()["items"][0]["applicant_name"] is None
    operator = await registry.client.get(f"/appeals/{appeal_id}", headers=bearer("operator"))
    assert operator.json()["applicant"]["full_name"] == "Сидоренко Микола Іванович"
    assert operator.json()["author_categories"] == ["7.5", "7.8"]


async def test_an_analyst_gets_no_personal_data(registry: RegistryUnderTest) -> None:
    appeal_id = await routed_to(registry, "council-dnipro")
    record = await registry.client.get(f"/appeals/{appeal_id}", headers=bearer("analyst"))
    assert record.status_code == 403
    listed = await registry.client.get("/appeals", headers=bearer("analyst"))
    assert listed.status_code == 200
    assert listed.json()["items"][0]["applicant_name"] is None
    assert "Сидоренко" not in listed.text
    audit = await registry.client.get("/audit", headers=bearer("analyst"))
    assert audit.status_code == 403


async def test_every_read_of_personal_data_is_audited_for_the_supervisor(
    registry: RegistryUnderTest,
) -> None:
    appeal_id = await routed_to(registry, "council-dnipro")
    await registry.client.get(f"/appeals/{appeal_id}", headers=bearer("operator", subject="op-1"))
    await registry.client.get(
        f"/appeals/{appeal_id}",
        headers=bearer("body_officer", body_code="council-dnipro", subject="clerk-2"),
    )
    await registry.client.get("/appeals", headers=bearer("operator", subject="op-1"))
    await registry.client.get("/appeals", headers=bearer("analyst", subject="an-3"))
    audit = await registry.client.get(
        "/audit", params={"appeal_id": str(appeal_id)}, headers=bearer("supervisor")
    )
    assert [(e["subject"], e["action"]) for e in audit.json()] == [
        ("clerk-2", "read_appeal"),
        ("op-1", "read_appeal"),
    ]
    by_operator = await registry.client.get(
        "/audit", params={"subject": "op-1"}, headers=bearer("supervisor")
    )
    assert [e["action"] for e in by_operator.json()] == ["list_appeals", "read_appeal"]
    analyst = await registry.client.get(
        "/audit", params={"subject": "an-3"}, headers=bearer("supervisor")
    )
    assert analyst.json() == []  # nothing personal was shown to the analyst
    operator_reads_audit = await registry.client.get("/audit", headers=bearer("operator"))
    assert operator_reads_audit.status_code == 403


async def test_without_credentials_nothing_is_shown(registry: RegistryUnderTest) -> None:
    appeal_id = await routed_to(registry, "council-dnipro")
    for path in (f"/appeals/{appeal_id}", "/appeals", "/applicants/history?phone=0661234567"):
        answer = await registry.client.get(path)
        assert answer.status_code == 401
