"""Reports, deadlines, leave, holidays, on-time rates and feedback, straight into their tables."""

from __future__ import annotations

from collections.abc import Sequence
from datetime import date, datetime, time, timedelta
from typing import Any
from zoneinfo import ZoneInfo

from sqlmodel import col, select

from domain.deadlines import DEFAULT_SCHEDULES, Period, Schedule, period_due_next, period_for, previous_start
from storage.db import Database
from storage.field_models import (
    Customer,
    Feedback,
    Holiday,
    Leave,
    Report,
    ReportRevision,
    ReportSchedule,
)
from storage.models import Staff, Team
from storage.rate_models import TeamOnTimeRate

SHANGHAI = ZoneInfo("Asia/Shanghai")


def local(day: date, hour: int, minute: int = 0, zone: ZoneInfo = SHANGHAI) -> datetime:
    """A wall-clock time in the team's zone."""
    return datetime.combine(day, time(hour, minute), tzinfo=zone)


def current_and_previous(kind: str, now: datetime, zone: ZoneInfo = SHANGHAI) -> tuple[Period, Period]:
    """Under the default schedule: the period due next at `now` and the one before it."""
    schedule = DEFAULT_SCHEDULES[kind]
    current = period_due_next(schedule, now, zone)
    return current, period_for(schedule, previous_start(kind, current.start), zone)


async def make_report(
    db: Database,
    rep: Staff,
    kind: str,
    start: date,
    end: date,
    *,
    due_at: datetime,
    submitted_at: datetime,
    content: dict[str, Any] | None = None,
) -> Report:
    """A filed report; late when submitted after due_at."""
    async with db.session() as session:
        report = Report(
            staff_id=rep.id or 0,
            kind=kind,
            period_start=start,
            period_end=end,
            due_at=due_at,
            submitted_at=submitted_at,
            late=submitted_at > due_at,
            content=content or {"summary": "ok"},
        )
        session.add(report)
        await session.flush()
        return report


async def file_report(
    db: Database, person: Staff, schedule: Schedule, start: date, submitted_at: datetime, zone: str
) -> Report:
    """The report for the period of `schedule` starting at `start`, as the reports conversation files it."""
    period = period_for(schedule, start, ZoneInfo(zone))
    return await make_report(
        db,
        person,
        schedule.kind,
        period.start,
        period.end,
        due_at=period.due_at,
        submitted_at=submitted_at,
        content={"summary": "done"},
    )


async def reports_of(db: Database, staff: Staff) -> list[Report]:
    """Everything a person has filed."""
    async with db.session() as session:
        return list((await session.exec(select(Report).where(Report.staff_id == staff.id))).all())


async def revisions_of(db: Database, report: Report) -> list[ReportRevision]:
    """Every version of a report, oldest first."""
    async with db.session() as session:
        query = (
            select(ReportRevision)
            .where(ReportRevision.report_id == report.id)
            .order_by(col(ReportRevision.revision))
        )
        return list((await session.exec(query)).all())


async def set_schedule(
    db: Database,
    team: Team,
    kind: str,
    *,
    due: time,
    weekday: int | None = None,
    day_of_month: int | None = None,
    grace: timedelta = timedelta(0),
    offsets: tuple[int, ...] = (1440, 120),
    active: bool = True,
) -> None:
    """A team's own deadline for one kind of report."""
    async with db.session() as session:
        session.add(
            ReportSchedule(
                team_id=team.id or 0,
                kind=kind,
                weekday=weekday,
                day_of_month=day_of_month,
                due_time=due.strftime("%H:%M"),
                grace_minutes=int(grace.total_seconds() // 60),
                reminder_offsets_minutes=list(offsets),
                active=active,
            )
        )


async def add_leave(db: Database, person: Staff, start: date, end: date) -> None:
    """Leave for a date range (inclusive)."""
    async with db.session() as session:
        session.add(Leave(staff_id=person.id or 0, start_date=start, end_date=end, reason="annual leave"))


async def add_holiday(db: Database, team: Team, day: date) -> None:
    """A team holiday."""
    async with db.session() as session:
        session.add(Holiday(team_id=team.id or 0, day=day, name="holiday"))


async def make_team_rate(db: Database, team: Team, start: date, on_time: int, expected: int) -> None:
    """A stored weekly team rate, as the rates job would write it."""
    async with db.session() as session:
        session.add(
            TeamOnTimeRate(
                team_id=team.id or 0,
                kind="weekly",
                period_start=start,
                period_end=start + timedelta(days=6),
                expected=expected,
                on_time=on_time,
                missing=expected - on_time,
                on_time_rate=on_time / expected if expected else None,
            )
        )


async def make_feedback(
    db: Database,
    rep: Staff,
    at: datetime | None = None,
    *,
    customer: Customer | None = None,
    acknowledged: bool = False,
    **fields: Any,
) -> Feedback:
    """Quality feedback filed by `rep` (at `at`, else now); acknowledged five minutes later if asked."""
    values: dict[str, Any] = {"kind": "quality", "description": "Cracked housing", **fields}
    if at is not None:
        values["created_at"] = at
    if acknowledged:
        values["acknowledged_at"] = (at or db.clock.now()) + timedelta(minutes=5)
    async with db.session() as session:
        item = Feedback(
            staff_id=rep.id or 0,
            team_id=rep.team_id,
            customer_id=customer.id if customer else None,
            **values,
        )
        session.add(item)
        await session.flush()
        return item


async def all_feedback(db: Database) -> Sequence[Feedback]:
    """Every stored piece of feedback, oldest first."""
    async with db.session() as session:
        return (await session.exec(select(Feedback).order_by(col(Feedback.id)))).all()
