"""Check-ins, their live tracks and the plausibility rules. Callers pass the session in."""

from __future__ import annotations

import itertools
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import datetime

from sqlalchemy.exc import IntegrityError
from sqlmodel import col, select
from sqlmodel.ext.asyncio.session import AsyncSession

from domain.geo import distance_m, verdict_for
from storage.compare_and_set import update_if
from storage.field_models import CheckIn, Customer, TrackPoint
from storage.models import Staff, Team

# Live-location plausibility: what a phone moving with a person cannot do.
JUMP_M, JUMP_WITHIN_S = 500.0, 30.0
MAX_SPEED_KMH = 150.0
MAX_ACCURACY_M = 50.0
MAX_REASONS = 20


@dataclass(frozen=True)
class Point:
    """One position of a live track."""

    at: datetime
    latitude: float
    longitude: float
    accuracy_m: float | None = None


def suspicion_reasons(points: Sequence[Point]) -> list[str]:
    """Why a live track looks implausible (empty when it does not): jumps, speeds, poor accuracy.

    Points are taken in time order. Reasons are short, language-neutral strings with units, because
    supervisors read them in either language.
    """
    reasons: list[str] = []
    ordered = sorted(points, key=lambda p: p.at)
    for point in ordered:
        if point.accuracy_m is not None and point.accuracy_m > MAX_ACCURACY_M:
            reasons.append(f"accuracy {point.accuracy_m:.0f} m")
    for before, after in itertools.pairwise(ordered):
        metres = distance_m(before.latitude, before.longitude, after.latitude, after.longitude)
        seconds = (after.at - before.at).total_seconds()
        if metres > JUMP_M and seconds <= JUMP_WITHIN_S:
            reasons.append(f"jump {metres:.0f} m in {seconds:.0f} s")
        if seconds > 0 and metres / seconds * 3.6 > MAX_SPEED_KMH:
            reasons.append(f"speed {metres / seconds * 3.6:.0f} km/h")
    unique = list(dict.fromkeys(reasons))
    return unique[:MAX_REASONS]


async def open_checkin(session: AsyncSession, staff_id: int) -> tuple[CheckIn, Customer | None] | None:
    """The rep's open check-in and its customer, if any."""
    query = select(CheckIn).where(CheckIn.staff_id == staff_id, col(CheckIn.checked_out_at).is_(None))
    checkin = (await session.exec(query)).first()
    if checkin is None:
        return None
    customer = await session.get(Customer, checkin.customer_id) if checkin.customer_id else None
    return checkin, customer


async def create_checkin(session: AsyncSession, **fields: object) -> CheckIn | None:
    """Store a check-in; None when the rep already has an open one (the database's unique index decides,
    so two racing updates cannot both check in)."""
    checkin = CheckIn(**fields)  # type: ignore[arg-type]
    try:
        async with session.begin_nested():
            session.add(checkin)
    except IntegrityError:
        return None
    return checkin


async def check_in(
    session: AsyncSession,
    *,
    staff_id: int,
    customer: Customer,
    latitude: float,
    longitude: float,
    accuracy_m: float | None,
    at: datetime,
    live_message_id: int | None,
    judge_site: bool = True,
) -> CheckIn | None:
    """Check a rep in at `customer`, judged against its geofence; None when one is already open."""
    distance = None
    if judge_site and customer.latitude is not None and customer.longitude is not None:
        distance = distance_m(latitude, longitude, customer.latitude, customer.longitude)
    return await create_checkin(
        session,
        staff_id=staff_id,
        customer_id=customer.id,
        checked_in_at=at,
        latitude=latitude,
        longitude=longitude,
        accuracy_m=accuracy_m,
        distance_m=distance,
        verdict=verdict_for(distance, customer.radius_m),
        live=live_message_id is not None,
        live_message_id=live_message_id,
    )


async def set_photo(session: AsyncSession, checkin_id: int, staff_id: int, file_id: str) -> bool:
    """Attach a site photo to the rep's own check-in."""
    mine = (col(CheckIn.id) == checkin_id, col(CheckIn.staff_id) == staff_id)
    return await update_if(session, CheckIn, *mine, photo_file_id=file_id[:200])


async def close_checkin(
    session: AsyncSession, staff_id: int, at: datetime
) -> tuple[CheckIn, Customer | None] | None:
    """Check the rep out; the closed check-in and its customer, or None when none was open."""
    found = await open_checkin(session, staff_id)
    if found is None:
        return None
    checkin, customer = found
    still_open = (col(CheckIn.id) == checkin.id, col(CheckIn.checked_out_at).is_(None))
    if not await update_if(session, CheckIn, *still_open, checked_out_at=at):
        return None
    checkin.checked_out_at = at
    return checkin, customer


async def record_live_point(
    session: AsyncSession, staff_id: int, message_id: int, point: Point
) -> CheckIn | None:
    """Keep one live-location position for the rep's open check-in fed by `message_id`, and re-judge the
    track. None when no open check-in follows that message (shared after checking out, or another one)."""
    query = select(CheckIn).where(
        CheckIn.staff_id == staff_id,
        CheckIn.live_message_id == message_id,
        col(CheckIn.checked_out_at).is_(None),
    )
    checkin = (await session.exec(query)).first()
    if checkin is None or checkin.id is None:
        return None
    session.add(
        TrackPoint(
            check_in_id=checkin.id,
            at=point.at,
            latitude=point.latitude,
            longitude=point.longitude,
            accuracy_m=point.accuracy_m,
        )
    )
    await session.flush()
    rows = (await session.exec(select(TrackPoint).where(TrackPoint.check_in_id == checkin.id))).all()
    track = [Point(checkin.checked_in_at, checkin.latitude, checkin.longitude, checkin.accuracy_m)]
    track += [Point(r.at, r.latitude, r.longitude, r.accuracy_m) for r in rows]
    reasons = suspicion_reasons(track)
    checkin.suspicious = bool(reasons)
    checkin.suspicion_reasons = reasons
    session.add(checkin)
    return checkin


async def open_checkins_with_team(
    session: AsyncSession,
) -> list[tuple[CheckIn, Staff, Team | None, Customer | None]]:
    """Every open check-in with its rep, the rep's team and the customer (for the end-of-day job)."""
    query = (
        select(CheckIn, Staff, Team, Customer)
        .join(Staff, col(Staff.id) == col(CheckIn.staff_id))
        .outerjoin(Team, col(Team.id) == col(Staff.team_id))
        .outerjoin(Customer, col(Customer.id) == col(CheckIn.customer_id))
        .where(col(CheckIn.checked_out_at).is_(None))
    )
    return [tuple(row) for row in (await session.exec(query)).all()]  # type: ignore[misc]


async def auto_close(session: AsyncSession, checkin_id: int, at: datetime) -> bool:
    """Close a forgotten check-in, flagged; False if it was closed meanwhile (so the rep is told once)."""
    still_open = (col(CheckIn.id) == checkin_id, col(CheckIn.checked_out_at).is_(None))
    return await update_if(session, CheckIn, *still_open, checked_out_at=at, auto_closed=True)
