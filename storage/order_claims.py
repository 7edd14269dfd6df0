"""The SLA job's claims: each reminder and each alert is claimed by a conditional UPDATE committed before
anything is sent, so a restart or two copies racing never send one twice. A claim whose sending failed
for good (Telegram kept failing) is released for the next run; a process killed between claim and send
loses that one notice rather than risk a duplicate.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime

from sqlalchemy import ColumnElement, and_, update
from sqlmodel import col, select
from sqlmodel.ext.asyncio.session import AsyncSession

from domain.orders import OPEN_STATES
from storage.models import Role, Staff
from storage.order_models import OrderTarget, WorkOrder
from storage.reminders import Recipient

# The claim columns a release may clear.
CLAIMS = ("reminded_at", "alerted_at")


@dataclass(frozen=True)
class Claimed:
    """A reminder or alert this run claimed and must now send."""

    target_id: int
    order_id: int
    team_id: int
    target: str
    due_at: datetime
    assignee_id: int | None


async def _claim(
    session: AsyncSession,
    column: str,
    condition: ColumnElement[bool],
    now: datetime,
    *extra: ColumnElement[bool],
) -> list[Claimed]:
    """Select candidates, then claim each with its own UPDATE ... WHERE <column> IS NULL: a row another
    run claimed first updates nothing here and is left to that run."""
    claim_col = getattr(OrderTarget, column)
    query = (
        select(OrderTarget, WorkOrder.team_id, WorkOrder.assignee_id)
        .join(WorkOrder, col(WorkOrder.id) == col(OrderTarget.order_id))
        .where(
            col(OrderTarget.met_at).is_(None),
            col(claim_col).is_(None),
            col(WorkOrder.state).in_([s.value for s in OPEN_STATES]),
            condition,
            *extra,
        )
        .order_by(col(OrderTarget.due_at), col(OrderTarget.id))
    )
    claimed = []
    for target, team_id, assignee_id in (await session.exec(query)).all():
        result = await session.exec(
            update(OrderTarget)
            .where(col(OrderTarget.id) == target.id, col(claim_col).is_(None))
            .values({column: now})
        )
        if result.rowcount == 1:
            claimed.append(
                Claimed(target.id or 0, target.order_id, team_id, target.target, target.due_at, assignee_id)
            )
    return claimed


async def claim_due_reminders(session: AsyncSession, now: datetime) -> list[Claimed]:
    """Claim the reminders due by `now` (a quarter of each target's window before it runs out, at least
    15 min) for orders a rep holds and targets not yet met or missed."""
    due = and_(col(OrderTarget.remind_at) <= now, col(OrderTarget.due_at) >= now)
    return await _claim(session, "reminded_at", due, now, col(WorkOrder.assignee_id).is_not(None))


async def claim_missed(session: AsyncSession, now: datetime) -> list[Claimed]:
    """Claim the alerts for targets missed by `now` (due time passed, not met, order still open)."""
    return await _claim(session, "alerted_at", col(OrderTarget.due_at) < now, now)


async def release(session: AsyncSession, target_id: int, column: str) -> None:
    """Give a claim back (nothing could be delivered): the next run tries again."""
    if column not in CLAIMS:
        raise ValueError(f"not a claim column: {column}")
    await session.exec(update(OrderTarget).where(col(OrderTarget.id) == target_id).values({column: None}))


async def team_supervisors(session: AsyncSession, team_id: int) -> list[Recipient]:
    """The team's active supervisors who can be reached, by name."""
    query = (
        select(Staff)
        .where(
            col(Staff.team_id) == team_id,
            col(Staff.role) == Role.SUPERVISOR.value,
            col(Staff.active).is_(True),
            col(Staff.unreachable).is_(False),
        )
        .order_by(col(Staff.name), col(Staff.id))
    )
    rows = (await session.exec(query)).all()
    return [Recipient(p.id or 0, p.telegram_id, p.name, p.language) for p in rows]
