"""The HTTP promises every service keeps: auth, problem+json, idempotency, no 500 on bad input."""

from __future__ import annotations

import asyncio

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from tests.support.appeals import appeal_body, post_appeal, registry_counts
from tests.support.environment import bearer, eventually, fetch
from tests.support.stacks import InProcessStack

PROBLEM = "application/problem+json"


async def test_the_same_idempotency_key_gives_one_appeal_and_the_same_answer(
    stack: InProcessStack,
) -> None:
    intake = stack.clients["intake"]
    first = await post_appeal(intake, 1, key="call-2026-0001")
    second = await post_appeal(intake, 1, key="call-2026-0001")
    assert first.status_code == second.status_code == 202
    assert first.json() == second.json()
    assert second.headers.get("idempotent-replayed") == "true"
    rows = await fetch("SELECT count(*) AS n FROM intake.submission")
    assert rows[0]["n"] == 1
    appeal_id = first.json()["appeal_id"]
    await eventually(lambda: registry_counts([appeal_id]), lambda n: n == 1)


async def test_concurrent_posts_with_one_key_create_one_appeal(stack: InProcessStack) -> None:
    answers = await asyncio.gather(
        *(post_appeal(stack.clients["intake"], 2, key="same-key") for _ in range(8))
    )
    assert {answer.status_code for answer in answers} == {202}
    assert len({answer.json()["appeal_id"] for answer in answers}) == 1
    rows = await fetch("SELECT count(*) AS n FROM intake.submission")
    assert rows[0]["n"] == 1


async def test_a_key_reused_with_another_body_is_refused(stack: InProcessStack) -> None:
    await post_appeal(stack.clients["intake"], 3, key="reused")
    refused = await post_appeal(stack.clients["intake"], 4, key="reused")
    assert refused.status_code == 422
    assert refused.headers["content-type"] == PROBLEM
    assert refused.json()["errors"][0]["field"] == "Idempotency-Key"


async def test_a_malformed_body_names_the_field(stack: InProcessStack) -> None:
    body = appeal_body(5, text="", topic_code="9")
    body["applicant"]["phone"] = "x" * 100
    answer = await stack.clients["intake"].post("/appeals", json=body, headers=bearer("operator"))
    assert answer.status_code == 422
    assert answer.headers["content-type"] == PROBLEM
    fields = {error["field"] for error in answer.json()["errors"]}
    assert fields == {"text", "topic_code", "applicant.phone"}


@pytest.mark.parametrize("service", ["intake", "registry", "router", "monitoring", "exchange"])
async def test_unknown_routes_answer_404_problem(stack: InProcessStack, service: str) -> None:
    answer = await stack.clients[service].get("/no/such/route")
    assert answer.status_code == 404
    assert answer.headers["content-type"] == PROBLEM
    assert answer.json()["status"] == 404


@pytest.mark.parametrize(
    ("service", "path"),
    [
        ("registry", "/appeals"),
        ("monitoring", "/deadlines"),
        ("router", "/bodies"),
        ("exchange", "/push-jobs/summary"),
    ],
)
async def test_protected_endpoints_need_credentials(
    stack: InProcessStack, service: str, path: str
) -> None:
    client = stack.clients[service]
    missing = await client.get(path)
    assert missing.status_code == 401
    assert missing.headers["content-type"] == PROBLEM
    assert "www-authenticate" in missing.headers
    forged = await client.get(path, headers={"Authorization": "Bearer not-a-token"})
    assert forged.status_code == 401
    unknown_key = await client.get(path, headers={"X-Api-Key": "guess"})
    assert unknown_key.status_code == 401


async def test_a_wrong_role_gets_403(stack: InProcessStack) -> None:
    answer = await stack.clients["intake"].post(
        "/appeals", json=appeal_body(6), headers=bearer("analyst")
    )
    assert answer.status_code == 403
    assert answer.headers["content-type"] == PROBLEM
    audit = await stack.clients["registry"].get("/audit", headers=bearer("operator"))
    assert audit.status_code == 403


async def test_an_expired_token_is_refused(stack: InProcessStack) -> None:
    from datetime import timedelta

    from shared.auth import Role, mint_token
    from tests.support.environment import test_settings

    token = mint_token(test_settings("x"), "old", [Role.OPERATOR], ttl=timedelta(seconds=-1))
    answer = await stack.clients["registry"].get(
        "/appeals", headers={"Authorization": f"Bearer {token}"}
    )
    assert answer.status_code == 401


json_values = st.recursive(
    st.none()
    | st.booleans()
    | st.integers()
    | st.floats(allow_nan=False, allow_infinity=False)
    | st.text(max_size=30),
    lambda children: (
        st.lists(children, max_size=4) | st.dictionaries(st.text(max_size=10), children, max_size=4)
    ),
    max_leaves=12,
)


@settings(
    max_examples=60, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture]
)
@given(
    body=st.one_of(
        json_values,
        st.fixed_dictionaries(
            {"channel": st.text(max_size=12), "applicant": json_values, "text": json_values},
            optional={"topic_code": json_values, "kind": json_values},
        ),
    )
)
async def test_no_bad_body_ever_gets_a_500(stack: InProcessStack, body: object) -> None:
    answer = await stack.clients["intake"].post("/appeals", json=body, headers=bearer("operator"))
    assert answer.status_code in {202, 422}, answer.text
    if answer.status_code == 422:
        assert answer.headers["content-type"] == PROBLEM


async def test_bytes_that_are_not_json_get_a_problem(stack: InProcessStack) -> None:
    answer = await stack.clients["intake"].post(
        "/appeals",
        content=b"\xff\xfe not json",
        headers={**bearer("operator"), "content-type": "application/json"},
    )
    assert answer.status_code == 400
    assert answer.headers["content-type"] == PROBLEM
    assert answer.json()["status"] == 400
