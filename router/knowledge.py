"""Reference answers: questions the center answers itself, with their period of validity.

Search is by words: every word of the query, cut to a crude stem (Ukrainian and Russian
inflect mostly in the last one or two letters), must start a word of the question, the answer
or the topic; results are ranked by how many of them the question itself holds.
The text is folded in Python (case, apostrophes, ё) because SQLite's `lower()` knows only
ASCII, so the same search works on both databases.
"""

from __future__ import annotations

import re
import uuid
from datetime import UTC, date, datetime
from typing import Any

from sqlalchemy import and_, delete, or_, select, update
from sqlalchemy.ext.asyncio import AsyncSession

from router.audit import record
from router.models import knowledge_article
from router.schemas import ArticleIn
from router.topic_suggestion import normalise_text
from shared.deadlines import kyiv_date
from shared.errors import NotFound

MAX_QUERY_WORDS = 8
_WORD = re.compile(r"[\w']+")


def _words(text: str) -> list[str]:
    return [word for word in _WORD.findall(normalise_text(text)) if len(word) >= 2]


def _stem(word: str) -> str:
    if len(word) >= 7:
        return word[:-2]
    if len(word) >= 5:
        return word[:-1]
    return word


def _search_text(article: ArticleIn) -> str:
    return " " + " ".join(_words(f"{article.question} {article.answer} {article.topic_code or ''}"))


def article_view(row: Any) -> dict[str, Any]:
    return {
        "id": str(row.id),
        "question": row.question,
        "answer": row.answer,
        "topic_code": row.topic_code,
        "valid_from": row.valid_from.isoformat(),
        "valid_to": row.valid_to.isoformat() if row.valid_to else None,
        "source": row.source,
    }


async def create_article(
    session: AsyncSession, article: ArticleIn, *, actor: str
) -> dict[str, Any]:
    now = datetime.now(UTC)
    article_id = uuid.uuid4()
    await session.execute(
        knowledge_article.insert().values(
            id=article_id,
            search_text=_search_text(article),
            created_at=now,
            updated_at=now,
            **article.model_dump(),
        )
    )
    await record(
        session,
        actor=actor,
        action="article.created",
        subject_type="knowledge_article",
        subject_id=str(article_id),
    )
    return await get_article(session, article_id)


async def replace_article(
    session: AsyncSession, article_id: uuid.UUID, article: ArticleIn, *, actor: str
) -> dict[str, Any]:
    changed = await session.execute(
        update(knowledge_article)
        .where(knowledge_article.c.id == article_id)
        .values(
            search_text=_search_text(article), updated_at=datetime.now(UTC), **article.model_dump()
        )
    )
    if changed.rowcount == 0:  # type: ignore[attr-defined]
        raise NotFound(f"No reference answer {article_id}.")
    await record(
        session,
        actor=actor,
        action="article.changed",
        subject_type="knowledge_article",
        subject_id=str(article_id),
    )
    return await get_article(session, article_id)


async def delete_article(session: AsyncSession, article_id: uuid.UUID, *, actor: str) -> None:
    deleted = await session.execute(
        delete(knowledge_article).where(knowledge_article.c.id == article_id)
    )
    if deleted.rowcount == 0:  # type: ignore[attr-defined]
        raise NotFound(f"No reference answer {article_id}.")
    await record(
        session,
        actor=actor,
        action="article.deleted",
        subject_type="knowledge_article",
        subject_id=str(article_id),
    )


async def get_article(session: AsyncSession, article_id: uuid.UUID) -> dict[str, Any]:
    row = (
        await session.execute(select(knowledge_article).where(knowledge_article.c.id == article_id))
    ).first()
    if row is None:
        raise NotFound(f"No reference answer {article_id}.")
    return article_view(row)


async def search(
    session: AsyncSession,
    query_text: str | None,
    *,
    topic_code: str | None,
    on: date | None,
    include_expired: bool,
    limit: int,
) -> list[dict[str, Any]]:
    """Articles valid on `on` (today by default) that mention every word of the query."""
    day = on or kyiv_date(datetime.now(UTC))
    query = select(knowledge_article)
    if not include_expired:
        query = query.where(
            knowledge_article.c.valid_from <= day,
            or_(knowledge_article.c.valid_to.is_(None), knowledge_article.c.valid_to >= day),
        )
    if topic_code is not None:
        query = query.where(knowledge_article.c.topic_code == topic_code)
    words = [_stem(word) for word in _words(query_text or "")[:MAX_QUERY_WORDS]]
    if words:
        query = query.where(
            and_(
                *(
                    knowledge_article.c.search_text.contains(f" {word}", autoescape=True)
                    for word in words
                )
            )
        )
    rows = list(await session.execute(query.order_by(knowledge_article.c.created_at).limit(500)))

    def score(row: Any) -> int:
        question = " " + " ".join(_words(row.question))
        return sum(f" {word}" in question for word in words)

    rows.sort(key=score, reverse=True)
    return [article_view(row) for row in rows[:limit]]
