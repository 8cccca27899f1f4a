"""Registry use cases: registration and the lifecycle. The only place that changes appeals."""

from __future__ import annotations

import uuid
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta
from typing import Any
from zoneinfo import ZoneInfo

import structlog
from sqlalchemy import ColumnElement, exists, func, or_, select, update
from sqlalchemy.dialects import postgresql, sqlite
from sqlalchemy.ext.asyncio import AsyncSession

from registry.card import Card, card_of, check_attachments
from registry.lifecycle import ANSWERED_STATUSES, MERITS_OUTCOMES, can_move, is_stale
from registry.matching import (
    Classification,
    NewAppealKeys,
    PriorAppeal,
    TextFingerprint,
    classify,
)
from registry.models import (
    appeal,
    appeal_link,
    attachment,
    registration_counter,
    special_category,
    status_history,
)
from shared.consumers import NotReadyYet
from shared.db import dialect_of
from shared.errors import Conflict, NotFound
from shared.events import (
    AppealReceived,
    AppealRegistered,
    AppealStatus,
    AppealStatusChanged,
    Envelope,
    make_envelope,
)
from shared.outbox import Outbox

log = structlog.get_logger(__name__)

PRODUCER = "registry"
KYIV = ZoneInfo("Europe/Kyiv")
MAX_CANDIDATES = 100
MAX_LOOKALIKES = 20


@dataclass(frozen=True)
class Cause:
    """What made a status change: an event of another service, or a person's decision."""

    appeal_id: uuid.UUID
    event_id: uuid.UUID
    correlation_id: str

    @classmethod
    def of(cls, envelope: Envelope) -> Cause:
        assert envelope.appeal_id is not None
        return cls(envelope.appeal_id, envelope.id, envelope.correlation_id)


@dataclass(frozen=True)
class MatchingPolicy:
    """Windows of repeat and duplicate detection (configurable per installation)."""

    repeat_window: timedelta = timedelta(days=365)
    duplicate_window: timedelta = timedelta(days=30)
    mass_window: timedelta = timedelta(days=90)


async def next_registration_number(session: AsyncSession, prefix: str, at: datetime) -> str:
    """Gapless per-year numbering, e.g. `DP-2026-000123` (the counter row is the lock)."""
    year = at.astimezone(KYIV).year
    dialect = dialect_of(session)
    insert = postgresql.insert if dialect == "postgresql" else sqlite.insert
    statement = (
        insert(registration_counter)
        .values(year=year, last_number=1)
        .on_conflict_do_update(
            index_elements=[registration_counter.c.year],
            set_={"last_number": registration_counter.c.last_number + 1},
        )
        .returning(registration_counter.c.last_number)
    )
    number = (await session.execute(statement)).scalar_one()
    return f"{prefix}-{year}-{number:06d}"


async def register_appeal(
    session: AsyncSession,
    outbox: Outbox,
    envelope: Envelope,
    received: AppealReceived,
    *,
    prefix: str,
    policy: MatchingPolicy | None = None,
) -> str:
    """Give a received appeal its number, card and sign of receipt; announce it.

    Art. 5/8: a written or electronic appeal without a name or a place of residence is
    registered (never dropped) and at once decided `not_considered` for anonymity.
    """
    cause = Cause.of(envelope)
    now = datetime.now(UTC)
    number = await next_registration_number(session, prefix, received.received_at)
    card = card_of(received)
    classification = await classify_against_earlier(
        session, cause.appeal_id, received, card, policy or MatchingPolicy()
    )
    applicant = received.applicant.model_dump(mode="json", exclude={"author_categories"})
    await session.execute(
        appeal.insert().values(
            id=cause.appeal_id,
            registration_number=number,
            status="registered",
            channel=received.channel,
            kind=received.kind,
            topic_code=received.topic_code,
            applicant=applicant,
            text=received.text,
            confidential=received.confidential,
            needs_no_further_study=received.needs_no_further_study,
            external_number=received.external_number,
            received_at=received.received_at,
            registered_at=now,
            updated_at=now,
            details=received.details,
            subject=card.subject,
            applicant_type=received.applicant.applicant_type,
            collective_signatories=received.collective_signatories,
            form_of_receipt=card.form_of_receipt,
            appeal_type=card.appeal_type,
            sign=classification.sign,
            priority=card.priority,
            language=received.language,
            problem_location=(
                received.problem_location.model_dump(mode="json")
                if received.problem_location
                else None
            ),
            raion=card.raion,
            hromada=card.hromada,
            complaint_late=card.complaint_late,
            earlier_resolved_on_merits=classification.earlier_resolved_on_merits,
            phone_key=card.keys.phone,
            email_key=card.keys.email,
            name_key=card.keys.name,
            address_key=card.keys.address,
            fingerprint=card.keys.fingerprint.to_bytes(),
            text_bands=card.keys.fingerprint.bands,
        )
    )
    await _store_dependents(session, cause.appeal_id, received, classification, now)
    await session.execute(
        status_history.insert(),
        [
            _history(cause, None, "received", received.received_at, f"channel:{received.channel}"),
            _history(cause, "received", "registered", now, PRODUCER),
        ],
    )
    await outbox.add(
        session,
        make_envelope(
            _registered_event(number, received, card, classification, now),
            producer=PRODUCER,
            appeal_id=cause.appeal_id,
            correlation_id=cause.correlation_id,
        ),
    )
    if card.anonymous_written:
        await change_status(
            session,
            outbox,
            cause,
            "not_considered",
            actor=PRODUCER,
            reason="anonymous",
            values={"not_considered_reason": "anonymous"},
        )
    return number


def _registered_event(
    number: str,
    received: AppealReceived,
    card: Card,
    classification: Classification,
    now: datetime,
) -> AppealRegistered:
    return AppealRegistered(
        registration_number=number,
        channel=received.channel,
        received_at=received.received_at,
        registered_at=now,
        topic_code=received.topic_code,
        kind=received.kind,
        text=received.text,
        applicant=received.applicant,
        sign=classification.sign,
        priority=card.priority,
        territory_code=card.hromada,
        confidential=received.confidential,
        needs_no_further_study=received.needs_no_further_study,
        external_number=received.external_number,
    )


async def _store_dependents(
    session: AsyncSession,
    appeal_id: uuid.UUID,
    received: AppealReceived,
    classification: Classification,
    now: datetime,
) -> None:
    """Special categories, links and attachment records: rows beside the appeal."""
    if received.applicant.author_categories:
        await session.execute(
            special_category.insert().values(
                appeal_id=appeal_id, author_categories=received.applicant.author_categories
            )
        )
    if classification.matches:
        await session.execute(
            appeal_link.insert(),
            [
                {
                    "appeal_id": appeal_id,
                    "linked_id": uuid.UUID(match.prior_id),
                    "linked_number": match.registration_number,
                    "sign": match.sign,
                    "reason": match.reason,
                    "matched_on": ",".join(match.matched_on),
                    "similarity": match.similarity,
                    "earlier_resolved_on_merits": match.earlier_resolved_on_merits,
                    "created_at": now,
                }
                for match in classification.matches
            ],
        )
    decisions = check_attachments(received.attachments)
    if decisions:
        await session.execute(
            attachment.insert(),
            [
                {
                    "appeal_id": appeal_id,
                    **decision.reference.model_dump(),
                    "accepted": decision.accepted,
                    "refusal": decision.refusal,
                }
                for decision in decisions
            ],
        )


async def classify_against_earlier(
    session: AsyncSession,
    appeal_id: uuid.UUID,
    received: AppealReceived,
    card: Card,
    policy: MatchingPolicy,
) -> Classification:
    """Find earlier appeals by the new one's keys (indexed) and let matching decide the sign."""
    keys = card.keys
    new = NewAppealKeys(
        received_at=received.received_at,
        topic_code=received.topic_code,
        fingerprint=keys.fingerprint,
        phone_key=keys.phone,
        email_key=keys.email,
        name_key=keys.name,
        address_key=keys.address,
    )
    same_applicant: list[ColumnElement[bool]] = []
    if keys.phone:
        same_applicant.append(appeal.c.phone_key == keys.phone)
    if keys.email:
        same_applicant.append(appeal.c.email_key == keys.email)
    if keys.address:
        same_applicant.append(appeal.c.address_key == keys.address)
    bands = keys.fingerprint.bands
    similar_text = [_shares_a_band(dialect_of(session), bands)] if bands else []
    widest = max(policy.repeat_window, policy.duplicate_window, policy.mass_window)
    rows: dict[Any, Any] = {}
    # Two bounded look-ups: the applicant's own earlier appeals, and a few recent look-alikes
    # (one is enough to call an appeal mass). A campaign of thousands of identical texts, or a
    # block of flats sharing an address, must not make every registration read them all.
    for conditions, limit in ((same_applicant, MAX_CANDIDATES), (similar_text, MAX_LOOKALIKES)):
        if not conditions:
            continue
        found = await session.execute(
            select(
                appeal.c.id,
                appeal.c.registration_number,
                appeal.c.received_at,
                appeal.c.topic_code,
                appeal.c.fingerprint,
                appeal.c.status,
                appeal.c.outcome,
                appeal.c.phone_key,
                appeal.c.email_key,
                appeal.c.name_key,
                appeal.c.address_key,
            )
            .where(
                appeal.c.received_at >= received.received_at - widest,
                appeal.c.received_at <= received.received_at,
                appeal.c.id != appeal_id,
                or_(*conditions),
            )
            .order_by(appeal.c.received_at.desc())
            .limit(limit)
        )
        rows.update((row.id, row) for row in found)
    if not rows:
        return classify(new, [])
    candidates = [
        PriorAppeal(
            id=str(row.id),
            registration_number=row.registration_number,
            received_at=row.received_at,
            topic_code=row.topic_code,
            fingerprint=TextFingerprint.from_bytes(row.fingerprint) if row.fingerprint else None,
            answered=row.status in ANSWERED_STATUSES,
            resolved_on_merits=row.status in ANSWERED_STATUSES and row.outcome in MERITS_OUTCOMES,
            phone_key=row.phone_key,
            email_key=row.email_key,
            name_key=row.name_key,
            address_key=row.address_key,
        )
        for row in rows.values()
    ]
    return classify(
        new,
        candidates,
        repeat_window=policy.repeat_window,
        duplicate_window=policy.duplicate_window,
        mass_window=policy.mass_window,
    )


def _shares_a_band(dialect: str, bands: list[str]) -> ColumnElement[bool]:
    if dialect == "postgresql":
        return appeal.c.text_bands.op("&&")(postgresql.array(bands))
    elements = func.json_each(appeal.c.text_bands).table_valued("value")
    return exists().where(elements.c.value.in_(bands))


def _history(
    cause: Cause,
    from_status: str | None,
    to_status: str,
    at: datetime,
    actor: str,
    reason: str | None = None,
) -> dict[str, Any]:
    return {
        "appeal_id": cause.appeal_id,
        "from_status": from_status,
        "to_status": to_status,
        "changed_at": at,
        "actor": actor,
        "reason": reason,
        "source_event_id": cause.event_id,
    }


async def change_status(
    session: AsyncSession,
    outbox: Outbox,
    cause: Cause,
    target: AppealStatus,
    *,
    actor: str,
    reason: str | None = None,
    values: dict[str, Any] | None = None,
    strict: bool = False,
) -> bool:
    """Move an appeal along the transition table; False when an event is stale.

    The row is locked for the change, so two changes of one appeal apply one after the
    other. An event behind the current status (it arrived late) is ignored unless `strict`
    (a person's decision, which must not silently do nothing); an event ahead of it (a
    step in between has not arrived yet) is handed back to the bus; anything else is a
    Conflict, with nothing changed.
    """
    current_row = (
        await session.execute(
            select(
                appeal.c.status, appeal.c.registration_number, appeal.c.body_code, appeal.c.due_date
            )
            .where(appeal.c.id == cause.appeal_id)
            .with_for_update()
        )
    ).first()
    if current_row is None:
        if strict:
            raise NotFound("No such appeal.")
        raise NotReadyYet(f"appeal {cause.appeal_id} is not registered yet")
    current: AppealStatus = current_row.status
    if not can_move(current, target):
        if not strict and (is_stale(current, target) or current == target):
            log.info(
                "stale event ignored",
                appeal_id=str(cause.appeal_id),
                current=current,
                target=target,
            )
            return False
        raise Conflict(
            f"An appeal in status '{current}' cannot move to '{target}'.",
            current_status=current,
        )
    now = datetime.now(UTC)
    changes = {"status": target, "updated_at": now, **(values or {})}
    await session.execute(update(appeal).where(appeal.c.id == cause.appeal_id).values(**changes))
    await session.execute(
        status_history.insert().values(**_history(cause, current, target, now, actor, reason))
    )
    changed = AppealStatusChanged(
        registration_number=current_row.registration_number,
        from_status=current,
        to_status=target,
        changed_at=now,
        body_code=changes.get("body_code", current_row.body_code),
        due_date=changes.get("due_date", current_row.due_date),
        outcome=changes.get("outcome"),
        reason=reason,
    )
    await outbox.add(
        session,
        make_envelope(
            changed,
            producer=PRODUCER,
            appeal_id=cause.appeal_id,
            correlation_id=cause.correlation_id,
        ),
    )
    return True


async def apply_lifecycle_event(
    session: AsyncSession,
    outbox: Outbox,
    envelope: Envelope,
    target: AppealStatus,
    *,
    actor: str,
    reason: str | None,
    values: dict[str, Any],
) -> None:
    """A lifecycle event from another service, applied in the order the lifecycle allows.

    An event that is ahead of the appeal (e.g. `closed` before `answered`) is retried later
    by the bus, and dead-lettered (visible, replayable) if its predecessor never comes.
    """
    try:
        await change_status(
            session, outbox, Cause.of(envelope), target, actor=actor, reason=reason, values=values
        )
    except Conflict as error:
        raise NotReadyYet(str(error)) from error


async def get_appeal(session: AsyncSession, appeal_id: uuid.UUID) -> dict[str, Any] | None:
    """The whole record: card, history, links both ways, attachments, special categories."""
    row = (await session.execute(select(appeal).where(appeal.c.id == appeal_id))).mappings().first()
    if row is None:
        return None
    history = (
        await session.execute(
            select(status_history)
            .where(status_history.c.appeal_id == appeal_id)
            .order_by(status_history.c.id)
        )
    ).mappings()
    links = (
        await session.execute(
            select(appeal_link)
            .where(or_(appeal_link.c.appeal_id == appeal_id, appeal_link.c.linked_id == appeal_id))
            .order_by(appeal_link.c.id)
        )
    ).mappings()
    files = (
        await session.execute(
            select(attachment).where(attachment.c.appeal_id == appeal_id).order_by(attachment.c.id)
        )
    ).mappings()
    categories = (
        await session.execute(
            select(special_category.c.author_categories).where(
                special_category.c.appeal_id == appeal_id
            )
        )
    ).scalar_one_or_none()
    return {
        **row,
        "history": [dict(entry) for entry in history],
        "links": [_link_view(appeal_id, dict(link)) for link in links],
        "attachments": [dict(entry) for entry in files],
        "author_categories": list(categories or []),
    }


def _link_view(appeal_id: uuid.UUID, link: dict[str, Any]) -> dict[str, Any]:
    """A link as seen from this appeal: to an earlier one, or from a later one."""
    outgoing = link["appeal_id"] == appeal_id
    return {
        **link,
        "direction": "earlier" if outgoing else "later",
        "other_id": link["linked_id"] if outgoing else link["appeal_id"],
    }
