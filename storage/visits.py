"""Queries for visit records (客户拜访纪实 / 维修派工单) and the check-in a new one is about. Callers pass
the session in; customers are looked up in storage.customers."""

from __future__ import annotations

from collections.abc import Sequence
from datetime import datetime
from zoneinfo import ZoneInfo

from sqlalchemy import ColumnElement, and_
from sqlalchemy.orm import aliased
from sqlmodel import col, select
from sqlmodel.ext.asyncio.session import AsyncSession

from domain.zones import local_day_bounds
from storage.customers import customer_in_team
from storage.field_models import CheckIn, Customer, VisitRecord
from storage.models import Staff, Team


async def check_in_to_prefill(session: AsyncSession, staff_id: int, *, since_utc: datetime) -> CheckIn | None:
    """The check-in a new visit record is most likely about: the rep's open one, else their latest since
    `since_utc`; either only while it has no visit record yet (one record per check-in is the norm)."""
    filed = select(VisitRecord.check_in_id).where(
        VisitRecord.staff_id == staff_id, col(VisitRecord.check_in_id).is_not(None)
    )
    unfiled = select(CheckIn).where(
        CheckIn.staff_id == staff_id, col(CheckIn.customer_id).is_not(None), col(CheckIn.id).not_in(filed)
    )
    current = (await session.exec(unfiled.where(col(CheckIn.checked_out_at).is_(None)))).first()
    if current is not None:
        return current
    latest = unfiled.where(CheckIn.checked_in_at >= since_utc).order_by(col(CheckIn.checked_in_at).desc())
    return (await session.exec(latest)).first()


async def todays_check_in(
    session: AsyncSession, staff: Staff, zone: ZoneInfo, now: datetime
) -> tuple[CheckIn, Customer] | None:
    """The check-in a new visit record is prefilled from (`check_in_to_prefill`, since midnight in the
    team's `zone`), with its customer while that is still one of the rep's team."""
    midnight, _ = local_day_bounds(now.astimezone(zone).date(), None, zone)
    checkin = await check_in_to_prefill(session, staff.id or 0, since_utc=midnight)
    if checkin is None or checkin.customer_id is None:
        return None
    customer = await customer_in_team(session, checkin.customer_id, staff.team_id)
    return (checkin, customer) if customer is not None else None


async def own_check_in(session: AsyncSession, check_in_id: int, staff_id: int) -> CheckIn | None:
    """A check-in, only if it is this rep's."""
    found = await session.get(CheckIn, check_in_id)
    return found if found is not None and found.staff_id == staff_id else None


async def add_visit(session: AsyncSession, visit: VisitRecord) -> VisitRecord:
    """File a visit record, once: the same record filed again (an update replayed after a crash) is
    found instead of stored twice."""
    same = select(VisitRecord).where(
        VisitRecord.staff_id == visit.staff_id,
        VisitRecord.customer_id == visit.customer_id,
        VisitRecord.visited_at == visit.visited_at,
        VisitRecord.problem == visit.problem,
        VisitRecord.work_done == visit.work_done,
    )
    existing = (await session.exec(same)).first()
    if existing is not None:
        return existing
    session.add(visit)
    await session.flush()
    return visit


def follow_up_open() -> ColumnElement[bool]:
    """The one definition of an open follow-up, for every query that lists them (reports, digests).

    A visit marked for follow-up stays open until a later visit to the same customer is filed as
    resolved (there is no column for closing one by hand).
    """
    later = aliased(VisitRecord)
    resolved_later = (
        select(later.id)
        .where(
            later.customer_id == VisitRecord.customer_id,
            col(later.follow_up).is_(False),
            later.visited_at > VisitRecord.visited_at,
        )
        .exists()
    )
    return and_(col(VisitRecord.follow_up).is_(True), ~resolved_later)


async def open_follow_ups(
    session: AsyncSession, *, staff_id: int | None = None, team_id: int | None = None
) -> Sequence[VisitRecord]:
    """Visits that need follow-up and have not been followed up yet, oldest first.

    `team_id` means visits filed by the team's staff.
    """
    query = select(VisitRecord).where(follow_up_open())
    if staff_id is not None:
        query = query.where(VisitRecord.staff_id == staff_id)
    if team_id is not None:
        query = query.join(Staff, col(Staff.id) == VisitRecord.staff_id).where(Staff.team_id == team_id)
    return (await session.exec(query.order_by(col(VisitRecord.visited_at)))).all()


async def latest_with_people(
    session: AsyncSession, *, team_id: int | None, limit: int = 10
) -> Sequence[tuple[VisitRecord, Staff, Customer, Team | None]]:
    """The latest visit records (of the team's staff, or everyone's when `team_id` is None), newest first,
    with the rep, the customer and the rep's team (for its time zone)."""
    query = (
        select(VisitRecord, Staff, Customer, Team)
        .join(Staff, col(Staff.id) == VisitRecord.staff_id)
        .join(Customer, col(Customer.id) == VisitRecord.customer_id)
        .outerjoin(Team, col(Team.id) == Staff.team_id)
        .order_by(col(VisitRecord.visited_at).desc(), col(VisitRecord.id).desc())
        .limit(limit)
    )
    if team_id is not None:
        query = query.where(Staff.team_id == team_id)
    return (await session.exec(query)).all()


async def visit_with_people(
    session: AsyncSession, visit_id: int
) -> tuple[VisitRecord, Staff, Customer, Team | None] | None:
    """One visit record with its rep, customer and the rep's team."""
    query = (
        select(VisitRecord, Staff, Customer, Team)
        .join(Staff, col(Staff.id) == VisitRecord.staff_id)
        .join(Customer, col(Customer.id) == VisitRecord.customer_id)
        .outerjoin(Team, col(Team.id) == Staff.team_id)
        .where(VisitRecord.id == visit_id)
    )
    return (await session.exec(query)).first()
