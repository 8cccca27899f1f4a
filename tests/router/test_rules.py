"""Competence rules as versioned data, and the dry-run that explains a routing decision."""

from __future__ import annotations

from tests.router.conftest import RouterTestStack
from tests.support.environment import bearer

ADMIN = bearer("admin")
OPERATOR = bearer("operator")

WATER_IN_DNIPRO = {
    "topic_code": "009",
    "territory_code": "UA12-dnipro-city",
    "channel": "hotline",
    "text": "Немає холодної води третій день",
}


async def test_rule_changes_make_versions_and_the_dry_run_follows_them(
    router_only: RouterTestStack,
) -> None:
    client = router_only.router
    before = (await client.post("/rules/dry-run", json=WATER_IN_DNIPRO, headers=OPERATOR)).json()
    assert before["fallback"] is False
    assert before["rule"]["rule_id"]
    first_version = before["rule_set_version"]

    rule = {
        "rule_id": "water-dnipro-utility",
        "position": 0,
        "topic_prefix": "009",
        "territory_codes": ["UA12-dnipro-city"],
        "keywords": ["вод"],
        "body_code": "oda-housing-communal",
        "co_executor_codes": ["council-dnipro"],
    }
    created = await client.post("/rules", json=rule, headers=ADMIN)
    assert created.status_code == 201, created.text
    assert created.json()["rules"][0]["rule_id"] == "water-dnipro-utility"
    assert created.json()["version"] == first_version + 1

    now = (await client.post("/rules/dry-run", json=WATER_IN_DNIPRO, headers=OPERATOR)).json()
    assert now["body_code"] == "oda-housing-communal"
    assert now["co_executor_codes"] == ["council-dnipro"]
    assert now["rule"]["rule_id"] == "water-dnipro-utility"
    past = (
        await client.post(
            "/rules/dry-run", json={**WATER_IN_DNIPRO, "version": first_version}, headers=OPERATOR
        )
    ).json()
    assert past["body_code"] == before["body_code"]
    excluded = (
        await client.post(
            "/rules/dry-run",
            json={**WATER_IN_DNIPRO, "exclude_body_codes": ["oda-housing-communal"]},
            headers=OPERATOR,
        )
    ).json()
    assert excluded["body_code"] != "oda-housing-communal"

    ids = [r["rule_id"] for r in (await client.get("/rules", headers=OPERATOR)).json()["rules"]]
    reordered = await client.post(
        "/rules/reorder", json={"rule_ids": ids[1:] + ids[:1]}, headers=ADMIN
    )
    assert [r["rule_id"] for r in reordered.json()["rules"]][-1] == "water-dnipro-utility"
    removed = await client.delete("/rules/water-dnipro-utility", headers=ADMIN)
    assert removed.status_code == 200
    versions = (await client.get("/rules/versions", headers=OPERATOR)).json()
    assert [v["change"] for v in versions[:3]] == [
        "rule water-dnipro-utility removed",
        "rules reordered",
        "rule water-dnipro-utility added",
    ]
    kept = (await client.get(f"/rules/versions/{first_version + 1}", headers=OPERATOR)).json()
    assert kept[0]["rule_id"] == "water-dnipro-utility"


async def test_bad_rules_are_refused_with_the_field_named(router_only: RouterTestStack) -> None:
    client = router_only.router
    unknown_body = await client.post(
        "/rules", json={"rule_id": "x-rule", "body_code": "no-such-body"}, headers=ADMIN
    )
    assert unknown_body.status_code == 422
    assert unknown_body.json()["errors"][0]["field"] == "body_code"
    by_operator = await client.post(
        "/rules", json={"rule_id": "x-rule", "body_code": "council-dnipro"}, headers=OPERATOR
    )
    assert by_operator.status_code == 403
    partial_order = await client.post(
        "/rules/reorder", json={"rule_ids": ["pensions"]}, headers=ADMIN
    )
    assert partial_order.status_code == 422
    missing = await client.put(
        "/rules/no-such-rule",
        json={"rule_id": "no-such-rule", "body_code": "council-dnipro"},
        headers=ADMIN,
    )
    assert missing.status_code == 404
