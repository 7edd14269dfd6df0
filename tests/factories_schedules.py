"""Test data for schedules, reminders and on-time rates: reps who joined earlier, reports, leave, holidays."""

from __future__ import annotations

from datetime import UTC, date, datetime, time, timedelta

from sqlalchemy import update

from domain.deadlines import Schedule, period_for
from storage.db import Database
from storage.field_models import Holiday, Leave, Report, ReportSchedule
from storage.models import Role, Staff, Team
from tests.factories import make_staff

LONG_AGO = datetime(2020, 1, 1, tzinfo=UTC)


async def make_rep(
    db: Database,
    telegram_id: int,
    team: Team,
    *,
    joined: datetime = LONG_AGO,
    role: Role = Role.REP,
    language: str = "en",
    active: bool = True,
    name: str | None = None,
) -> Staff:
    """A registered person who joined at `joined`."""
    person = await make_staff(
        db, telegram_id, role=role, team=team, language=language, active=active, name=name
    )
    async with db.session() as session:
        await session.exec(update(Staff).where(Staff.id == person.id).values(created_at=joined))  # type: ignore[call-overload, arg-type]
    return person


async def file_report(
    db: Database, person: Staff, schedule: Schedule, start: date, submitted_at: datetime, zone: str
) -> Report:
    """A report row as the reports conversation would store it."""
    from zoneinfo import ZoneInfo

    period = period_for(schedule, start, ZoneInfo(zone))
    report = Report(
        staff_id=person.id or 0,
        kind=schedule.kind,
        period_start=period.start,
        period_end=period.end,
        due_at=period.due_at,
        submitted_at=submitted_at,
        late=submitted_at > period.due_at,
        content={"summary": "done"},
    )
    async with db.session() as session:
        session.add(report)
    return report


async def add_leave(db: Database, person: Staff, start: date, end: date) -> None:
    """Leave for a date range (inclusive)."""
    async with db.session() as session:
        session.add(Leave(staff_id=person.id or 0, start_date=start, end_date=end, reason="annual leave"))


async def add_holiday(db: Database, team: Team, day: date) -> None:
    """A team holiday."""
    async with db.session() as session:
        session.add(Holiday(team_id=team.id or 0, day=day, name="holiday"))


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
    """Store a team's schedule for one kind."""
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
