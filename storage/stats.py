"""Aggregate figures for /stats, /team, /missing and the digests: check-ins, visits, report punctuality.

Written over the models directly (not through the check-in or report features' modules) so these
figures only depend on the schema. Callers pass the session in.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field
from datetime import date, datetime, timedelta
from zoneinfo import ZoneInfo

from sqlalchemy import func
from sqlmodel import col, select
from sqlmodel.ext.asyncio.session import AsyncSession

from domain.deadlines import Period, ReportKind, period_containing, period_for
from domain.geo import Verdict
from domain.zones import local_day_bounds
from storage.field_models import CheckIn, Customer, Holiday, Leave, Report, VisitRecord
from storage.models import Role, Staff, Team
from storage.schedules import schedule_for


@dataclass
class CheckInCounts:
    """One rep's check-ins in a time window, by where they were made."""

    total: int = 0
    at_site: int = 0
    outside: int = 0
    unverified: int = 0
    suspicious: int = 0


@dataclass
class ReportCounts:
    """One rep's reports for the periods that fall in a window: on time, late, missing (deadline passed)."""

    on_time: int = 0
    late: int = 0
    missing: int = 0
    missing_periods: list[str] = field(default_factory=list)  # "weekly 2026-11-16", for the missing list

    @property
    def expected(self) -> int:
        return self.on_time + self.late + self.missing


def rate(on_time: int, expected: int) -> float | None:
    """报表上交及时率 as a fraction; None when nothing was due."""
    return on_time / expected if expected else None


async def team_reps(session: AsyncSession, team_id: int) -> Sequence[Staff]:
    """Active reps of one team, by name."""
    query = (
        select(Staff)
        .where(Staff.team_id == team_id, Staff.role == Role.REP, col(Staff.active).is_(True))
        .order_by(col(Staff.name), col(Staff.id))
    )
    return (await session.exec(query)).all()


async def checkin_counts(
    session: AsyncSession, staff_ids: Sequence[int], start: datetime, end: datetime
) -> dict[int, CheckInCounts]:
    """Check-ins per rep made in [start, end)."""
    counts = {sid: CheckInCounts() for sid in staff_ids}
    if not staff_ids:
        return counts
    query = (
        select(CheckIn.staff_id, CheckIn.verdict, CheckIn.suspicious, func.count())
        .where(
            col(CheckIn.staff_id).in_(staff_ids), CheckIn.checked_in_at >= start, CheckIn.checked_in_at < end
        )
        .group_by(col(CheckIn.staff_id), col(CheckIn.verdict), col(CheckIn.suspicious))
    )
    for staff_id, verdict, suspicious, n in (await session.exec(query)).all():
        row = counts[staff_id]
        row.total += n
        if verdict == Verdict.AT_SITE:
            row.at_site += n
        elif verdict == Verdict.OUTSIDE:
            row.outside += n
        else:
            row.unverified += n
        if suspicious:
            row.suspicious += n
    return counts


async def visit_counts(
    session: AsyncSession, staff_ids: Sequence[int], start: datetime, end: datetime
) -> dict[int, int]:
    """Visit records per rep for visits made in [start, end)."""
    counts = dict.fromkeys(staff_ids, 0)
    if not staff_ids:
        return counts
    query = (
        select(VisitRecord.staff_id, func.count())
        .where(
            col(VisitRecord.staff_id).in_(staff_ids),
            VisitRecord.visited_at >= start,
            VisitRecord.visited_at < end,
        )
        .group_by(col(VisitRecord.staff_id))
    )
    for staff_id, n in (await session.exec(query)).all():
        counts[staff_id] = n
    return counts


async def last_checkins(
    session: AsyncSession, staff_ids: Sequence[int]
) -> dict[int, tuple[CheckIn, str | None]]:
    """Each rep's latest check-in with its customer's name (None for a check-in without a customer)."""
    if not staff_ids:
        return {}
    latest = (
        select(CheckIn.staff_id, func.max(CheckIn.checked_in_at).label("at"))
        .where(col(CheckIn.staff_id).in_(staff_ids))
        .group_by(col(CheckIn.staff_id))
        .subquery()
    )
    query = (
        select(CheckIn, Customer.name)
        .join(
            latest, (col(CheckIn.staff_id) == latest.c.staff_id) & (col(CheckIn.checked_in_at) == latest.c.at)
        )
        .outerjoin(Customer, col(Customer.id) == col(CheckIn.customer_id))
    )
    return {checkin.staff_id: (checkin, name) for checkin, name in (await session.exec(query)).all()}


def _excused(
    leaves: Sequence[Leave], holidays: set[date], staff_id: int, period: Period, due_day: date
) -> bool:
    """The same rule as storage.reminders.expected_filter (which the rates job uses), so the figures
    on demand agree with the stored rates: a team holiday on the deadline's local date, or leave that
    covers that date or the whole period, excuses the report."""
    if due_day in holidays:
        return True
    return any(
        lv.staff_id == staff_id
        and (
            (lv.start_date <= due_day <= lv.end_date)
            or (lv.start_date <= period.start and lv.end_date >= period.end)
        )
        for lv in leaves
    )


async def periods_in(
    session: AsyncSession, team: Team, kind: str, first: date, last: date, zone: ZoneInfo
) -> list[Period]:
    """The team's periods of `kind` that start between `first` and `last` (inclusive), in `zone`."""
    schedule = await schedule_for(session, team.id, kind)
    periods, start = [], period_containing(kind, first)[0]
    if start < first:
        start = period_containing(kind, start + timedelta(days=40 if kind == ReportKind.MONTHLY else 7))[0]
    while start <= last:
        period = period_for(schedule, start, zone)
        periods.append(period)
        start = period.end + timedelta(days=1)
    return periods


async def report_counts(
    session: AsyncSession,
    team: Team,
    reps: Sequence[Staff],
    first: date,
    last: date,
    now: datetime,
    kinds: Sequence[str] = (ReportKind.WEEKLY, ReportKind.MONTHLY),
    *,
    zone: ZoneInfo,
) -> dict[int, ReportCounts]:
    """Per rep: reports for periods starting in [first, last] filed on time or late, and those missing
    although their deadline plus grace has passed by `now`. Leave, holidays and joining after the
    deadline excuse (see _excused)."""
    counts = {rep.id or 0: ReportCounts() for rep in reps}
    ids = list(counts)
    if not ids:
        return counts
    leaves = (
        await session.exec(select(Leave).where(col(Leave.staff_id).in_(ids), Leave.end_date >= first))
    ).all()
    holidays = set(
        (
            await session.exec(
                select(col(Holiday.day)).where(Holiday.team_id == team.id, Holiday.day >= first)
            )
        ).all()
    )
    for kind in kinds:
        periods = await periods_in(session, team, kind, first, last, zone)
        if not periods:
            continue
        query = select(col(Report.staff_id), col(Report.period_start), col(Report.late)).where(
            col(Report.staff_id).in_(ids),
            Report.kind == kind,
            col(Report.period_start).in_([p.start for p in periods]),
        )
        filed = {(sid, start): late for sid, start, late in (await session.exec(query)).all()}
        for period in periods:
            for rep in reps:
                sid = rep.id or 0
                late = filed.get((sid, period.start))
                if late is not None:
                    if late:
                        counts[sid].late += 1
                    else:
                        counts[sid].on_time += 1
                elif (
                    period.grace_until <= now
                    and rep.created_at <= period.due_at
                    and not _excused(leaves, holidays, sid, period, period.due_at.astimezone(zone).date())
                ):
                    counts[sid].missing += 1
                    counts[sid].missing_periods.append(f"{kind} {period.start.isoformat()}")
    return counts


# Per rep: check-ins, visits, report punctuality.
Figures = tuple[dict[int, CheckInCounts], dict[int, int], dict[int, ReportCounts]]


async def figures(
    session: AsyncSession,
    team: Team,
    reps: Sequence[Staff],
    days: tuple[date, date],
    now: datetime,
    zone: ZoneInfo,
) -> Figures:
    """Check-ins, visits and report punctuality per rep for the local days `days` (first, last) in `zone`."""
    start, end = local_day_bounds(*days, zone)
    ids = [rep.id or 0 for rep in reps]
    checkins = await checkin_counts(session, ids, start, end)
    visits = await visit_counts(session, ids, start, end)
    return checkins, visits, await report_counts(session, team, reps, *days, now, zone=zone)
