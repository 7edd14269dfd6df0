"""Whereabouts (去向) requests: asked, answered with a location, or expired as not found.

Every ending is a conditional UPDATE on `outcome IS NULL`, so an answer racing the expiry job, two
job runs, or a restart in between settle each request exactly once.
"""

from __future__ import annotations

from collections.abc import Sequence
from datetime import date, datetime, timedelta

from sqlalchemy import func, update
from sqlmodel import col, select
from sqlmodel.ext.asyncio.session import AsyncSession

from domain.attendance import month_days
from domain.settings import DEFAULT_TIMEZONE
from domain.zones import local_day_bounds
from storage.attendance import zone_of
from storage.compare_and_set import update_if
from storage.models import Staff
from storage.score_models import LocateRequest, Outcome

# A location that arrives this long after its request expired is kept with it (and the supervisor told);
# later, it is just a location (a check-in).
LATE_ANSWER_KEPT = timedelta(hours=1)


async def open_request(session: AsyncSession, staff_id: int) -> LocateRequest | None:
    """The rep's unsettled request, if any (the oldest)."""
    query = (
        select(LocateRequest)
        .where(col(LocateRequest.staff_id) == staff_id, col(LocateRequest.outcome).is_(None))
        .order_by(col(LocateRequest.asked_at))
    )
    return (await session.exec(query)).first()


async def ask(
    session: AsyncSession, *, staff_id: int, asked_by_id: int | None, now: datetime, window_minutes: int
) -> tuple[LocateRequest, bool]:
    """Open a request for a rep; a rep already asked keeps the open one (counted once). (request, new)."""
    existing = await open_request(session, staff_id)
    if existing is not None:
        return existing, False
    request = LocateRequest(
        staff_id=staff_id,
        asked_by_id=asked_by_id,
        asked_at=now,
        due_at=now + timedelta(minutes=window_minutes),
    )
    session.add(request)
    await session.flush()
    return request, True


async def set_message(session: AsyncSession, request_id: int, message_id: int) -> None:
    """Remember the rep's message that carries the request."""
    await session.exec(
        update(LocateRequest).where(col(LocateRequest.id) == request_id).values(message_id=message_id)
    )


async def answer(
    session: AsyncSession, *, staff_id: int, now: datetime, latitude: float, longitude: float
) -> LocateRequest | None:
    """Settle the rep's open request with a location: found within the window, not found after it."""
    request = await open_request(session, staff_id)
    if request is None:
        return None
    outcome = Outcome.FOUND if now <= request.due_at else Outcome.NOT_FOUND
    unsettled = (col(LocateRequest.id) == request.id, col(LocateRequest.outcome).is_(None))
    reply = {"answered_at": now, "latitude": latitude, "longitude": longitude}
    if not await update_if(session, LocateRequest, *unsettled, **reply, outcome=outcome.value):
        return None  # the expiry job settled it a moment earlier
    await session.refresh(request)
    return request


async def expired_unanswered(
    session: AsyncSession, staff_id: int, now: datetime, within: timedelta = LATE_ANSWER_KEPT
) -> LocateRequest | None:
    """The rep's latest request that expired unanswered within `within` before `now`, if any."""
    query = (
        select(LocateRequest)
        .where(
            col(LocateRequest.staff_id) == staff_id,
            col(LocateRequest.outcome) == Outcome.NOT_FOUND.value,
            col(LocateRequest.answered_at).is_(None),
            LocateRequest.due_at >= now - within,
        )
        .order_by(col(LocateRequest.due_at).desc())
    )
    return (await session.exec(query)).first()


async def late_answer(
    session: AsyncSession,
    *,
    staff_id: int,
    now: datetime,
    latitude: float,
    longitude: float,
    within: timedelta = LATE_ANSWER_KEPT,
) -> LocateRequest | None:
    """Keep a location that came after its request expired (still not found); None if none expired lately."""
    request = await expired_unanswered(session, staff_id, now, within)
    if request is None:
        return None
    unanswered = (col(LocateRequest.id) == request.id, col(LocateRequest.answered_at).is_(None))
    reply = {"answered_at": now, "latitude": latitude, "longitude": longitude}
    if not await update_if(session, LocateRequest, *unanswered, **reply):
        return None
    await session.refresh(request)
    return request


async def withdraw(session: AsyncSession, request_id: int) -> None:
    """Forget a request that never reached the rep (they blocked the bot): it must not count against them."""
    request = await session.get(LocateRequest, request_id)
    if request is not None:
        await session.delete(request)


async def expire_due(session: AsyncSession, now: datetime) -> list[LocateRequest]:
    """Settle every unanswered request past its due time as not found; only the ones this call settled."""
    due = await session.exec(
        select(LocateRequest).where(col(LocateRequest.outcome).is_(None), LocateRequest.due_at < now)
    )
    settled = []
    for request in due.all():
        unsettled = (col(LocateRequest.id) == request.id, col(LocateRequest.outcome).is_(None))
        if await update_if(session, LocateRequest, *unsettled, outcome=Outcome.NOT_FOUND.value):
            await session.refresh(request)
            settled.append(request)
    return settled


async def next_due(session: AsyncSession) -> datetime | None:
    """When the earliest open request falls due (the job is scheduled for it at start)."""
    query = select(func.min(LocateRequest.due_at)).where(col(LocateRequest.outcome).is_(None))
    return (await session.exec(query)).one()


async def requests_by_ids(session: AsyncSession, ids: Sequence[int]) -> Sequence[LocateRequest]:
    """Requests by id (to tell a supervisor how their round ended)."""
    if not ids:
        return []
    return (await session.exec(select(LocateRequest).where(col(LocateRequest.id).in_(ids)))).all()


async def month_counts(
    session: AsyncSession, team_id: int, month: date, *, default_zone: str = DEFAULT_TIMEZONE
) -> dict[int, tuple[int, int]]:
    """(found, not found) per rep of the team, for requests asked in the month (in the team's zone)."""
    zone = await zone_of(session, team_id, default_zone)
    days = month_days(month.year, month.month)
    begin, end = local_day_bounds(days[0], days[-1], zone)
    query = (
        select(LocateRequest.staff_id, LocateRequest.outcome, func.count())
        .join(Staff, col(Staff.id) == LocateRequest.staff_id)
        .where(
            col(Staff.team_id) == team_id,
            col(LocateRequest.outcome).is_not(None),
            LocateRequest.asked_at >= begin,
            LocateRequest.asked_at < end,
        )
        .group_by(col(LocateRequest.staff_id), col(LocateRequest.outcome))
    )
    counts: dict[int, tuple[int, int]] = {}
    for staff_id, outcome, count in await session.exec(query):
        found, not_found = counts.get(staff_id, (0, 0))
        if outcome == Outcome.FOUND:
            found += count
        else:
            not_found += count
        counts[staff_id] = (found, not_found)
    return counts
