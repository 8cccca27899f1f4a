"""Intake's use cases: the only place where intake changes state."""

from __future__ import annotations

import uuid
from datetime import UTC, datetime

from sqlalchemy.ext.asyncio import AsyncSession

from intake.models import submission
from intake.schemas import Accepted, AppealSubmission
from shared.auth import Principal
from shared.events import AppealReceived, Applicant, make_envelope
from shared.outbox import Outbox

PRODUCER = "intake"


async def accept_appeal(
    session: AsyncSession,
    outbox: Outbox,
    appeal: AppealSubmission,
    *,
    submitted_by: Principal,
    correlation_id: str,
) -> Accepted:
    """Store the submission and its `appeal.received` event in the caller's transaction."""
    submission_id = uuid.uuid4()
    appeal_id = uuid.uuid4()
    received_at = datetime.now(UTC)
    await session.execute(
        submission.insert().values(
            id=submission_id,
            appeal_id=appeal_id,
            channel=appeal.channel,
            received_at=received_at,
            submitted_by=submitted_by.subject,
            payload=appeal.model_dump(mode="json"),
        )
    )
    event = AppealReceived(
        submission_id=submission_id,
        channel=appeal.channel,
        received_at=received_at,
        applicant=Applicant.model_validate(appeal.applicant.model_dump()),
        text=appeal.text,
        topic_code=appeal.topic_code,
        kind=appeal.kind,
        confidential=appeal.confidential,
        needs_no_further_study=appeal.needs_no_further_study,
    )
    await outbox.add(
        session,
        make_envelope(event, producer=PRODUCER, appeal_id=appeal_id, correlation_id=correlation_id),
    )
    return Accepted(submission_id=submission_id, appeal_id=appeal_id)
