"""The workbook's sheets of records: reports on time, visits, feedback and complaints, per team and month."""

from __future__ import annotations

from datetime import date, datetime
from operator import attrgetter
from typing import Any
from zoneinfo import ZoneInfo

from sqlmodel import col, select
from sqlmodel.ext.asyncio.session import AsyncSession

from domain.attendance import month_days
from storage.field_models import Customer, Feedback, VisitRecord
from storage.models import Staff, Team
from storage.rate_models import OnTimeRate
from storage.score_sheet import Sheet

# The visit record's own columns of the sheet, in the order of its header.
_VISIT_COLUMNS = attrgetter(
    "visit_type", "machine_model", "serial_number", "problem", "work_done", "result", "satisfaction"
)


def local(value: datetime | None, zone: ZoneInfo) -> datetime | None:
    """A stored UTC time as the team's wall clock, naive (Excel has no zones)."""
    return None if value is None else value.astimezone(zone).replace(tzinfo=None, microsecond=0)


def _named(
    record: type[VisitRecord] | type[Feedback], at: Any, of_team: Any, begin: datetime, end: datetime
) -> Any:
    """A team's records made in [begin, end), oldest first, with the rep's name and the customer's (a
    visit always has one, feedback may not: hence the outer join)."""
    return (
        select(record, Staff.name, Customer.name)
        .join(Staff, col(Staff.id) == record.staff_id)
        .outerjoin(Customer, col(Customer.id) == record.customer_id)
        .where(of_team, col(at) >= begin, col(at) < end)
        .order_by(col(at))
    )


async def reports(session: AsyncSession, team: Team, month: date, sheet: Sheet) -> None:
    last = month_days(month.year, month.month)[-1]
    query = (
        select(OnTimeRate, Staff.name)
        .join(Staff, col(Staff.id) == OnTimeRate.staff_id)
        .where(
            col(OnTimeRate.team_id) == team.id, OnTimeRate.period_end >= month, OnTimeRate.period_end <= last
        )
        .order_by(col(Staff.name), col(OnTimeRate.kind), col(OnTimeRate.period_start))
    )
    for rate, name in await session.exec(query):
        sheet.rows.append(
            [
                team.name,
                name,
                rate.kind,
                rate.period_start,
                rate.period_end,
                rate.expected,
                rate.on_time,
                rate.late,
                rate.missing,
                rate.on_time_rate,
            ]
        )


async def visits(
    session: AsyncSession, team: Team, zone: ZoneInfo, begin: datetime, end: datetime, sheet: Sheet
) -> None:
    query = _named(VisitRecord, VisitRecord.visited_at, col(Staff.team_id) == team.id, begin, end)
    for visit, name, customer in await session.exec(query):
        sheet.rows.append([team.name, name, local(visit.visited_at, zone), customer, *_VISIT_COLUMNS(visit)])


async def feedback(
    session: AsyncSession, team: Team, zone: ZoneInfo, begin: datetime, end: datetime, sheet: Sheet
) -> None:
    query = _named(Feedback, Feedback.created_at, col(Feedback.team_id) == team.id, begin, end)
    for item, name, customer in await session.exec(query):
        sheet.rows.append(
            [
                team.name,
                name,
                local(item.created_at, zone),
                item.kind,
                item.severity,
                item.complaint_category,
                customer,
                item.description,
                local(item.acknowledged_at, zone),
                local(item.resolved_at, zone),
            ]
        )
