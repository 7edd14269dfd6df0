"""The update inbox: deduplication by update_id and replay after a crash."""

from __future__ import annotations

from collections.abc import Sequence
from datetime import datetime, timedelta
from typing import Any

from sqlalchemy import delete, update
from sqlalchemy.dialects import postgresql, sqlite
from sqlmodel import col, select
from sqlmodel.ext.asyncio.session import AsyncSession

from storage.models import InboxUpdate
from storage.types import session_now

# How many finished updates one prune deletes per statement: a short write lock, even after a flood.
PRUNE_BATCH = 5000


async def receive(session: AsyncSession, update_id: int, payload: dict[str, Any]) -> bool:
    """Record an incoming update; False when it was already handled (a redelivery)."""
    existing = await session.get(InboxUpdate, update_id)
    if existing is None:
        session.add(InboxUpdate(update_id=update_id, payload=payload))
        await session.flush()
        return True
    # Present but unfinished: an earlier run crashed while handling it, so handle it now.
    return existing.done_at is None


async def store_many(session: AsyncSession, payloads: dict[int, dict[str, Any]]) -> dict[int, bool]:
    """Record a batch of updates as they arrive, in one INSERT; the ids to handle, each True when stored
    now, False when it was there unfinished (the others were already handled: redeliveries)."""
    if not payloads:
        return {}
    insert = (postgresql.insert if session.get_bind().dialect.name == "postgresql" else sqlite.insert)(
        InboxUpdate
    )
    rows = [{"update_id": update_id, "payload": payload} for update_id, payload in payloads.items()]
    added = await session.exec(
        insert.values(rows)
        .on_conflict_do_nothing(index_elements=["update_id"])
        .returning(col(InboxUpdate.update_id))
    )
    new = {int(update_id): True for update_id in added.scalars().all()}
    known = set(payloads) - set(new)
    if known:
        # Present but unfinished: an earlier run crashed while handling it, or it is being handled now.
        unfinished = select(InboxUpdate.update_id).where(
            col(InboxUpdate.update_id).in_(known), col(InboxUpdate.done_at).is_(None)
        )
        new |= {int(update_id): False for update_id in (await session.exec(unfinished)).all()}
    return new


async def is_done(session: AsyncSession, update_id: int) -> bool:
    """Whether an update was already handled to the end (a redelivery that arrived while it was in flight)."""
    query = select(InboxUpdate.done_at).where(col(InboxUpdate.update_id) == update_id)
    return (await session.exec(query)).first() is not None


async def finish(session: AsyncSession, update_id: int) -> None:
    """Mark an update handled and drop its content: only the id is needed to spot redeliveries."""
    await session.exec(
        update(InboxUpdate)
        .where(col(InboxUpdate.update_id) == update_id)
        .values(done_at=session_now(session), payload={})
        # No InboxUpdate is ever loaded into these sessions: nothing to bring in line, so skip the search.
        .execution_options(synchronize_session=False)
    )


async def unfinished(session: AsyncSession, *, received_before: datetime) -> Sequence[InboxUpdate]:
    """Updates received before `received_before` and never finished, oldest first: what a crash interrupted.

    `received_before` is when this process started: an unfinished update it received itself (or one a
    second copy in webhook mode received since) is being handled right now, not waiting for a replay.
    """
    query = (
        select(InboxUpdate)
        .where(col(InboxUpdate.done_at).is_(None), col(InboxUpdate.received_at) < received_before)
        .order_by(col(InboxUpdate.update_id))
    )
    return (await session.exec(query)).all()


async def prune(session: AsyncSession, *, older_than: timedelta = timedelta(days=2)) -> int:
    """Forget finished updates Telegram can no longer redeliver (it keeps them 24 hours); how many.

    At most PRUNE_BATCH rows per call, oldest first, so the write lock is short; call again while it
    returns PRUNE_BATCH.
    """
    cutoff = session_now(session) - older_than
    oldest = (
        select(InboxUpdate.update_id)
        .where(col(InboxUpdate.done_at) < cutoff)
        .order_by(col(InboxUpdate.done_at))
        .limit(PRUNE_BATCH)
    )
    result = await session.exec(
        delete(InboxUpdate).where(col(InboxUpdate.update_id).in_(oldest.scalar_subquery()))
    )
    return int(result.rowcount or 0)
