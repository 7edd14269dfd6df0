"""The SLA job's claims. A target's reminder or alert is claimed by a conditional UPDATE of its
`reminded_at` / `alerted_at`, and in the same transaction one OrderNotice per recipient is written
"pending"; all of it is committed before anything is sent, so a restart or two copies racing never send
one twice. Each notice then ends "sent", "blocked" or "rejected"; a send that failed for now becomes
"retry", and so does, at the next start, a notice a stopped process left "pending": the next run takes
each such notice again (a conditional UPDATE, so only one run does), for that recipient alone.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime

from sqlalchemy import ColumnElement, and_, update
from sqlmodel import col, select
from sqlmodel.ext.asyncio.session import AsyncSession

from domain.orders import OPEN_STATES
from storage.compare_and_set import update_if
from storage.models import Staff
from storage.order_models import OrderNotice, OrderTarget, WorkOrder
from storage.staff import Recipient, supervisors_of

REMINDER, ALERT = "reminder", "alert"
PENDING, RETRY, DROPPED = "pending", "retry", "dropped"
_CLAIM_COLUMN = {REMINDER: "reminded_at", ALERT: "alerted_at"}
_OPEN = [s.value for s in OPEN_STATES]


@dataclass(frozen=True)
class Claimed:
    """A target whose reminder or alert this run claimed."""

    target_id: int
    order_id: int
    team_id: int
    target: str
    due_at: datetime
    assignee_id: int | None


@dataclass(frozen=True)
class Notice:
    """One reminder or alert to one person that this run claimed and must now send."""

    notice_id: int
    kind: str
    claim: Claimed
    to: Recipient


@dataclass
class Due:
    """What a run must send, and the targets claimed with nobody to tell (logged by the job)."""

    notices: list[Notice]
    nobody: list[tuple[str, Claimed]]


async def _claim(
    session: AsyncSession, kind: str, condition: ColumnElement[bool], now: datetime
) -> list[Claimed]:
    """Select candidates, then claim each with its own UPDATE ... WHERE <column> IS NULL: a row another
    run claimed first updates nothing here and is left to that run."""
    claim_col = getattr(OrderTarget, _CLAIM_COLUMN[kind])
    query = (
        select(OrderTarget, WorkOrder.team_id, WorkOrder.assignee_id)
        .join(WorkOrder, col(WorkOrder.id) == col(OrderTarget.order_id))
        .where(
            col(OrderTarget.met_at).is_(None),
            col(claim_col).is_(None),
            col(WorkOrder.state).in_(_OPEN),
            condition,
        )
        .order_by(col(OrderTarget.due_at), col(OrderTarget.id))
    )
    claimed = []
    for target, team_id, assignee_id in (await session.exec(query)).all():
        unclaimed = (col(OrderTarget.id) == target.id, col(claim_col).is_(None))
        if await update_if(session, OrderTarget, *unclaimed, **{claim_col.key: now}):
            claimed.append(
                Claimed(target.id or 0, target.order_id, team_id, target.target, target.due_at, assignee_id)
            )
    return claimed


async def claim_due(session: AsyncSession, now: datetime) -> Due:
    """Claim the reminders and alerts due by `now`, one pending notice per recipient, and take back the
    notices waiting for a retry: everything this run must send."""
    due = Due([], [])
    # Reminders: a quarter of each target's window before it runs out (at least 15 min), to the rep.
    reminding = and_(
        col(OrderTarget.remind_at) <= now,
        col(OrderTarget.due_at) >= now,
        col(WorkOrder.assignee_id).is_not(None),
    )
    for claim in await _claim(session, REMINDER, reminding, now):
        rep = await session.get(Staff, claim.assignee_id)
        await _address(session, due, REMINDER, claim, [Recipient.of(rep)] if rep else [], now)
    # Alerts: the due time passed, not met, the order still open; to every supervisor of the team.
    supervisors: dict[int, list[Recipient]] = {}
    for claim in await _claim(session, ALERT, col(OrderTarget.due_at) < now, now):
        if claim.team_id not in supervisors:
            supervisors[claim.team_id] = await team_supervisors(session, claim.team_id)
        await _address(session, due, ALERT, claim, supervisors[claim.team_id], now)
    due.notices += await _claim_retries(session, now)
    return due


async def _address(
    session: AsyncSession, due: Due, kind: str, claim: Claimed, to: list[Recipient], now: datetime
) -> None:
    """Write one pending notice per recipient of a claim (the claim's own transaction)."""
    if not to:
        due.nobody.append((kind, claim))
    for person in to:
        row = OrderNotice(target_id=claim.target_id, kind=kind, staff_id=person.staff_id or 0, claimed_at=now)
        session.add(row)
        await session.flush()
        due.notices.append(Notice(row.id or 0, kind, claim, person))


async def _claim_retries(session: AsyncSession, now: datetime) -> list[Notice]:
    """Take back the notices waiting for a retry that still apply; drop those that no longer do (the
    target met, the order closed or given to another rep, a reminder whose due time passed)."""
    query = (
        select(OrderNotice, OrderTarget, WorkOrder, Staff)
        .join(OrderTarget, col(OrderTarget.id) == col(OrderNotice.target_id))
        .join(WorkOrder, col(WorkOrder.id) == col(OrderTarget.order_id))
        .join(Staff, col(Staff.id) == col(OrderNotice.staff_id))
        .where(col(OrderNotice.status) == RETRY)
        .order_by(col(OrderNotice.id))
    )
    taken = []
    for notice, target, order, person in (await session.exec(query)).all():
        applies = target.met_at is None and order.state in _OPEN
        if notice.kind == REMINDER:
            applies = applies and target.due_at >= now and order.assignee_id == notice.staff_id
        values = {"status": PENDING, "claimed_at": now} if applies else {"status": DROPPED}
        waiting = (col(OrderNotice.id) == notice.id, col(OrderNotice.status) == RETRY)
        mine = await update_if(session, OrderNotice, *waiting, **values)
        if applies and mine:
            claim = Claimed(
                target.id or 0, order.id or 0, order.team_id, target.target, target.due_at, order.assignee_id
            )
            taken.append(Notice(notice.id or 0, notice.kind, claim, Recipient.of(person)))
    return taken


async def finish(session: AsyncSession, notice_id: int, status: str, at: datetime) -> None:
    """Record how a pending notice ended: "sent", "blocked", "rejected", or "retry" (failed for now)."""
    sent_at = at if status == "sent" else None
    await session.exec(
        update(OrderNotice)
        .where(col(OrderNotice.id) == notice_id, col(OrderNotice.status) == PENDING)
        .values(status=status, sent_at=sent_at)
    )


async def release_interrupted(session: AsyncSession) -> int:
    """Make every pending notice a retry; how many. Only at start, before the job's first run: the
    single-instance lock lets one process run jobs, so a notice still pending then was left by a process
    that stopped between the claim and the send, however recently. Sending it risks a rare duplicate (the
    send may have gone out unrecorded); not sending loses an alert nobody else will give."""
    statement = update(OrderNotice).where(col(OrderNotice.status) == PENDING).values(status=RETRY)
    return int((await session.exec(statement)).rowcount or 0)


async def team_supervisors(session: AsyncSession, team_id: int) -> list[Recipient]:
    """The team's active supervisors who can be reached."""
    return [Recipient.of(p) for p in await supervisors_of(session, team_id) if not p.unreachable]
