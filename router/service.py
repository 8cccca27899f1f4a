"""Router use cases: routing an appeal to the body competent to answer."""

from __future__ import annotations

from datetime import UTC, datetime

from sqlalchemy.ext.asyncio import AsyncSession

from router.models import routing
from router.rules import active_rules, fallback_body, first_match
from shared.deadlines import due_date, receipt_date
from shared.events import AppealRegistered, AppealRouted, Envelope, make_envelope
from shared.outbox import Outbox

PRODUCER = "router"


async def route_appeal(
    session: AsyncSession, outbox: Outbox, envelope: Envelope, registered: AppealRegistered
) -> AppealRouted:
    """Pick the body by the first matching rule (or the fallback) and start its clock."""
    rule = first_match(await active_rules(session), registered)
    received_on = receipt_date(registered.received_at)
    routed = AppealRouted(
        body_code=rule.body_code if rule else fallback_body(),
        co_executor_codes=list(rule.co_executor_codes) if rule else [],
        rule_id=rule.rule_id if rule else None,
        received_on=received_on,
        due_date=due_date(received_on, needs_no_further_study=registered.needs_no_further_study),
    )
    await session.execute(
        routing.insert().values(
            appeal_id=envelope.appeal_id,
            registration_number=registered.registration_number,
            body_code=routed.body_code,
            co_executor_codes=routed.co_executor_codes,
            rule_id=routed.rule_id,
            received_on=routed.received_on,
            due_date=routed.due_date,
            routed_at=datetime.now(UTC),
        )
    )
    await outbox.add(
        session,
        make_envelope(
            routed,
            producer=PRODUCER,
            appeal_id=envelope.appeal_id,
            correlation_id=envelope.correlation_id,
        ),
    )
    return routed
