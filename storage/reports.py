"""Queries for weekly and monthly reports (周报 / 月报) and the visits a weekly report summarises.

Callers pass the session in. Functions that decide on time, late or still amendable take `now`, so
tests can check the exact deadline boundaries without touching the clock.
"""

from __future__ import annotations

from collections.abc import Sequence
from datetime import date, datetime
from enum import StrEnum
from typing import Any
from zoneinfo import ZoneInfo

from sqlmodel import col, select
from sqlmodel.ext.asyncio.session import AsyncSession

from domain.deadlines import Period, is_late
from domain.zones import local_day_bounds
from storage.field_models import Customer, Report, ReportRevision, VisitRecord
from storage.visits import follow_up_open

# 大客户走访: at least this many key customers a week.
KEY_VISITS_TARGET = 2


class AmendResult(StrEnum):
    """What became of an amendment."""

    AMENDED = "amended"
    CLOSED = "closed"  # the deadline has passed
    STALE = "stale"  # someone (a double press) already saved a newer revision


async def report_for(session: AsyncSession, staff_id: int, kind: str, period_start: date) -> Report | None:
    """The report a person filed for one period, if any."""
    query = select(Report).where(
        Report.staff_id == staff_id, Report.kind == kind, Report.period_start == period_start
    )
    return (await session.exec(query)).first()


async def own_report(session: AsyncSession, report_id: int, staff_id: int) -> Report | None:
    """A report, only if it is this person's (ids from buttons are never trusted)."""
    report = await session.get(Report, report_id)
    return report if report is not None and report.staff_id == staff_id else None


def can_amend(report: Report, now: datetime) -> bool:
    """A report may be amended until its deadline, the deadline itself included."""
    return now <= report.due_at


async def file_report(
    session: AsyncSession, *, staff_id: int, period: Period, content: dict[str, Any], now: datetime
) -> tuple[Report, bool]:
    """File a report (revision 1), marked late if filed after the deadline.

    Returns the report and whether it was created now; a report already filed for the period (a
    double Submit) is returned unchanged, so one period is always one record.
    """
    existing = await report_for(session, staff_id, period.kind, period.start)
    if existing is not None:
        return existing, False
    report = Report(
        staff_id=staff_id,
        kind=period.kind,
        period_start=period.start,
        period_end=period.end,
        due_at=period.due_at,
        submitted_at=now,
        updated_at=now,
        late=is_late(now, period),
        revision=1,
        content=dict(content),
    )
    session.add(report)
    await session.flush()
    assert report.id is not None
    session.add(ReportRevision(report_id=report.id, revision=1, content=dict(content), saved_at=now))
    await session.flush()
    return report, True


async def amend_report(
    session: AsyncSession, report: Report, content: dict[str, Any], *, now: datetime, base_revision: int
) -> AmendResult:
    """Replace a report's content with a new revision, keeping every earlier one."""
    if not can_amend(report, now):
        return AmendResult.CLOSED
    if report.revision != base_revision:
        return AmendResult.STALE
    report.revision += 1
    report.content = dict(content)
    report.updated_at = now
    session.add(report)
    assert report.id is not None
    session.add(
        ReportRevision(report_id=report.id, revision=report.revision, content=dict(content), saved_at=now)
    )
    await session.flush()
    return AmendResult.AMENDED


async def visits_between(
    session: AsyncSession, staff_id: int, start: datetime, end: datetime
) -> list[tuple[VisitRecord, Customer]]:
    """A rep's visit records with their customers, visited in [start, end), oldest first."""
    query = (
        select(VisitRecord, Customer)
        .join(Customer, col(Customer.id) == VisitRecord.customer_id)
        .where(
            VisitRecord.staff_id == staff_id, VisitRecord.visited_at >= start, VisitRecord.visited_at < end
        )
        .order_by(col(VisitRecord.visited_at))
    )
    return [(visit, customer) for visit, customer in (await session.exec(query)).all()]


def key_customers_visited(visits: Sequence[tuple[VisitRecord, Customer]]) -> int:
    """How many different key customers (大客户) these visits reached."""
    return len({customer.id for _, customer in visits if customer.key_account})


async def week_overview(
    session: AsyncSession, staff_id: int, period: Period, zone: ZoneInfo
) -> tuple[list[tuple[VisitRecord, Customer]], list[tuple[VisitRecord, Customer]]]:
    """What a weekly report starts from: the rep's visits in the period's local days (in `zone`), and
    their open follow-ups."""
    start, end = local_day_bounds(period.start, period.end, zone)
    return await visits_between(session, staff_id, start, end), await open_follow_ups(session, staff_id)


async def open_follow_ups(session: AsyncSession, staff_id: int) -> list[tuple[VisitRecord, Customer]]:
    """A rep's open follow-ups (storage.visits.follow_up_open), with their customers."""
    query = (
        select(VisitRecord, Customer)
        .join(Customer, col(Customer.id) == VisitRecord.customer_id)
        .where(VisitRecord.staff_id == staff_id, follow_up_open())
        .order_by(col(VisitRecord.visited_at))
    )
    return [(visit, customer) for visit, customer in (await session.exec(query)).all()]
