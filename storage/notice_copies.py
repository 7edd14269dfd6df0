"""The delivered copies of feedback notices (storage.notice_models): recorded when sent, and the HTML each
shows brought up to date, under a row lock, when a status line is added. The alerts about a customer's bad
answer on an order become copies of the complaint filed from it."""

from __future__ import annotations

from collections.abc import Callable, Sequence

from sqlalchemy import update
from sqlmodel import col, select
from sqlmodel.ext.asyncio.session import AsyncSession

from storage.notice_models import FeedbackNoticeCopy


def record(session: AsyncSession, copy: FeedbackNoticeCopy) -> None:
    """Keep one delivered copy of a notice (written with the caller's transaction)."""
    session.add(copy)


async def adopt_order_alerts(session: AsyncSession, order_id: int, feedback_id: int) -> int:
    """Make the order's alert copies copies of the complaint filed from it; how many there were."""
    result = await session.exec(
        update(FeedbackNoticeCopy)
        .where(col(FeedbackNoticeCopy.order_id) == order_id, col(FeedbackNoticeCopy.feedback_id).is_(None))
        .values(feedback_id=feedback_id)
    )
    return int(result.rowcount)


async def copies_of(session: AsyncSession, feedback_id: int) -> Sequence[FeedbackNoticeCopy]:
    """Every recorded copy of a feedback's notices, oldest first."""
    query = select(FeedbackNoticeCopy).where(FeedbackNoticeCopy.feedback_id == feedback_id)
    return (await session.exec(query.order_by(col(FeedbackNoticeCopy.id)))).all()


async def add_line(
    session: AsyncSession, feedback_id: int, line_in: Callable[[str], str]
) -> list[tuple[FeedbackNoticeCopy, bool]]:
    """Append the status line (`line_in(language)`) to every copy that lacks it; each copy with whether it
    changed. The rows are locked (FOR UPDATE on PostgreSQL; SQLite has one writer) so two people acting at
    once both keep their line."""
    query = select(FeedbackNoticeCopy).where(FeedbackNoticeCopy.feedback_id == feedback_id)
    rows = (await session.exec(query.order_by(col(FeedbackNoticeCopy.id)).with_for_update())).all()
    result = []
    for row in rows:
        line = line_in(row.language)
        changed = line not in row.html
        if changed:
            row.html = f"{row.html}\n\n{line}"
            session.add(row)
        result.append((row, changed))
    await session.flush()
    return result
