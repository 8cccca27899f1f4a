"""The bodies directory: edits are audited, secrets never come back, only admins edit."""

from __future__ import annotations

from typing import Any

from tests.router.conftest import RouterTestStack
from tests.support.environment import bearer, fetch

ADMIN = bearer("admin", subject="admin-olha")
SECRET = "k" * 24 + "secret-tail-9f3a"


def new_body(**overrides: Any) -> dict[str, Any]:
    body: dict[str, Any] = {
        "code": "test-water-utility",
        "name_uk": "КП «Тестовий водоканал»",
        "kind": "utility",
        "territory_codes": ["UA12-dnipro-city"],
        "email": "water@example.org",
        "delivery": {
            "method": "webhook",
            "url": "https://water.example.org/hook",
            "secret": SECRET,
        },
    }
    body.update(overrides)
    return body


async def test_a_body_is_created_changed_and_deactivated_with_an_audit_trail(
    router_only: RouterTestStack,
) -> None:
    client = router_only.router
    created = await client.post("/bodies", json=new_body(), headers=ADMIN)
    assert created.status_code == 201, created.text
    delivery = created.json()["delivery"]
    assert delivery == {
        "method": "webhook",
        "url": "https://water.example.org/hook",
        "secret_set": True,
        "secret_hint": "…9f3a",
        "pull_key_issued": False,
    }
    assert SECRET not in created.text

    changed = await client.patch(
        "/bodies/test-water-utility", json={"phone": "+380567000000"}, headers=ADMIN
    )
    assert changed.json()["phone"] == "+380567000000"
    assert changed.json()["delivery"]["secret_set"] is True
    gone = await client.post("/bodies/test-water-utility/deactivate", headers=ADMIN)
    assert gone.json()["active"] is False
    listed = await client.get("/bodies", headers=bearer("operator"))
    assert "test-water-utility" not in {b["code"] for b in listed.json()}

    audit = await client.get(
        "/audit?subject_type=body&subject_id=test-water-utility", headers=bearer("supervisor")
    )
    trail = audit.json()["items"]
    assert [entry["action"] for entry in trail] == ["body.updated", "body.updated", "body.created"]
    assert {entry["actor"] for entry in trail} == {"admin-olha"}
    assert trail[0]["details"]["before"]["active"] is True
    assert trail[0]["details"]["after"]["active"] is False
    stored = await fetch("SELECT details::text AS d FROM router.audit_log")
    assert all(SECRET not in row["d"] for row in stored)


async def test_directory_edits_are_refused_to_others_and_checked(
    router_only: RouterTestStack,
) -> None:
    client = router_only.router
    refused = await client.post("/bodies", json=new_body(), headers=bearer("supervisor"))
    assert refused.status_code == 403
    unknown_territory = await client.post(
        "/bodies", json=new_body(territory_codes=["UA99-nowhere"]), headers=ADMIN
    )
    assert unknown_territory.status_code == 422
    assert unknown_territory.headers["content-type"].startswith("application/problem+json")
    assert unknown_territory.json()["errors"][0]["field"] == "territory_codes"
    short_secret = await client.post(
        "/bodies",
        json=new_body(
            delivery={"method": "webhook", "url": "https://x.example.org", "secret": "x"}
        ),
        headers=ADMIN,
    )
    assert short_secret.status_code == 422
    no_secret = await client.post(
        "/bodies",
        json=new_body(delivery={"method": "webhook", "url": "https://x.example.org"}),
        headers=ADMIN,
    )
    assert no_secret.status_code == 409
    first = await client.post(
        "/bodies", json=new_body(), headers={**ADMIN, "Idempotency-Key": "b1"}
    )
    replay = await client.post(
        "/bodies", json=new_body(), headers={**ADMIN, "Idempotency-Key": "b1"}
    )
    assert (first.status_code, replay.status_code) == (201, 201)
    duplicate = await client.post("/bodies", json=new_body(), headers=ADMIN)
    assert duplicate.status_code == 409


async def test_a_pull_key_works_once_issued_and_stops_when_replaced(
    router_only: RouterTestStack,
) -> None:
    client = router_only.router
    first = (await client.post("/bodies/council-dnipro/pull-key", headers=ADMIN)).json()["api_key"]
    assert (
        await client.get("/bodies/me/appeals", headers={"X-Body-Key": first})
    ).status_code == 200
    second = (await client.post("/bodies/council-dnipro/pull-key", headers=ADMIN)).json()["api_key"]
    assert (
        await client.get("/bodies/me/appeals", headers={"X-Body-Key": first})
    ).status_code == 401
    assert (
        await client.get("/bodies/me/appeals", headers={"X-Body-Key": second})
    ).status_code == 200
    hashes = await fetch("SELECT pull_key_hash FROM router.body WHERE code = 'council-dnipro'")
    assert hashes[0]["pull_key_hash"] != second
    operator = await client.get("/bodies/me/appeals", headers=bearer("operator"))
    assert operator.status_code == 403
