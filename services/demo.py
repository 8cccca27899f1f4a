"""A few demo appeals for the embedded mode, so a newcomer sees the system at work."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

from sqlalchemy import func, select

from intake.models import submission
from intake.schemas import AppealSubmission, ApplicantIn
from intake.service import accept_appeal
from shared.auth import Principal, Role
from shared.demo_corpus import generate_appeals
from shared.events import Address
from shared.service import ServiceRuntime

DEMO_SUBMITTER = Principal(subject="demo-data", roles=frozenset({Role.SYSTEM}), kind="system")


async def seed_demo_appeals(intake: ServiceRuntime, count: int = 12) -> int:
    """Hand `count` generated appeals to intake once, when it has none yet."""
    async with intake.transaction() as session:
        if await session.scalar(select(func.count()).select_from(submission)):
            return 0
        start = datetime.now(UTC) - timedelta(days=20)
        for demo in generate_appeals(count, seed=2026, start=start, days=20):
            address = demo.address
            appeal = AppealSubmission(
                channel=demo.channel,
                applicant=ApplicantIn(
                    full_name=demo.applicant_name,
                    phone=demo.phone,
                    email=demo.email,
                    address=Address(
                        oblast=address.oblast,
                        raion=address.raion,
                        hromada=demo.territory_code,
                        settlement=address.settlement,
                        street=address.street,
                        house=address.house,
                        flat=address.flat,
                    ),
                ),
                text=demo.text[:10_000],
                topic_code=demo.topic_code,
                kind=demo.kind,
            )
            await accept_appeal(
                session,
                intake.outbox,
                appeal,
                submitted_by=DEMO_SUBMITTER,
                correlation_id="demo-data",
            )
    return count
