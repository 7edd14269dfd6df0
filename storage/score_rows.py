"""The workbook's sheets of records: reports on time, visits, feedback and complaints, per team and month."""

from __future__ import annotations

from datetime import date, datetime
from zoneinfo import ZoneInfo

from sqlmodel import col, select
from sqlmodel.ext.asyncio.session import AsyncSession

from domain.attendance import month_days
from storage.field_models import Customer, Feedback, VisitRecord
from storage.models import Staff, Team
from storage.rate_models import OnTimeRate
from storage.score_sheet import Sheet


def local(value: datetime | None, zone: ZoneInfo) -> datetime | None:
    """A stored UTC time as the team's wall clock, naive (Excel has no zones)."""
    return None if value is None else value.astimezone(zone).replace(tzinfo=None, microsecond=0)


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
    query = (
        select(VisitRecord, Staff.name, Customer.name)
        .join(Staff, col(Staff.id) == VisitRecord.staff_id)
        .join(Customer, col(Customer.id) == VisitRecord.customer_id)
        .where(col(Staff.team_id) == team.id, VisitRecord.visited_at >= begin, VisitRecord.visited_at < end)
        .order_by(col(VisitRecord.visited_at))
    )
    for visit, name, customer in await session.exec(query):
        sheet.rows.append(
            [
                team.name,
                name,
                local(visit.visited_at, zone),
                customer,
                visit.visit_type,
                visit.machine_model,
                visit.serial_number,
                visit.problem,
                visit.work_done,
                visit.result,
                visit.satisfaction,
            ]
        )


async def feedback(
    session: AsyncSession, team: Team, zone: ZoneInfo, begin: datetime, end: datetime, sheet: Sheet
) -> None:
    query = (
        select(Feedback, Staff.name, Customer.name)
        .join(Staff, col(Staff.id) == Feedback.staff_id)
        .outerjoin(Customer, col(Customer.id) == Feedback.customer_id)
        .where(col(Feedback.team_id) == team.id, Feedback.created_at >= begin, Feedback.created_at < end)
        .order_by(col(Feedback.created_at))
    )
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
