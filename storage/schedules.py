"""Report schedules as stored per team, turned into the pure `domain.deadlines.Schedule`, and the writes
that change them: a team's schedules and a rep's leave (which excuses them from what falls due)."""

from __future__ import annotations

from datetime import date, time, timedelta
from typing import Any

from sqlmodel import col, select
from sqlmodel.ext.asyncio.session import AsyncSession

from domain.deadlines import DEFAULT_SCHEDULES, Schedule
from storage.field_models import Leave, ReportSchedule
from storage.models import Team

# Weekly and monthly reports are expected by default; a daily report only where a team turns it on.
DEFAULT_KINDS = ("weekly", "monthly")


def to_schedule(row: ReportSchedule) -> Schedule:
    """The pure form of a stored schedule."""
    hour, minute = (int(part) for part in row.due_time.split(":"))
    default = DEFAULT_SCHEDULES[row.kind]
    return Schedule(
        kind=row.kind,
        due_time=time(hour, minute),
        weekday=row.weekday if row.weekday is not None else default.weekday,
        day_of_month=row.day_of_month if row.day_of_month is not None else default.day_of_month,
        grace=timedelta(minutes=row.grace_minutes),
        reminder_offsets=tuple(timedelta(minutes=m) for m in row.reminder_offsets_minutes),
    )


async def _stored(session: AsyncSession, team_id: int, kind: str) -> ReportSchedule | None:
    query = select(ReportSchedule).where(ReportSchedule.team_id == team_id, ReportSchedule.kind == kind)
    return (await session.exec(query)).first()


async def schedule_for(session: AsyncSession, team_id: int | None, kind: str) -> Schedule:
    """The team's schedule for `kind`, or the default when the team has not set one."""
    if team_id is not None:
        row = await _stored(session, team_id, kind)
        if row is not None and row.active:
            return to_schedule(row)
    return DEFAULT_SCHEDULES[kind]


async def team_schedules(session: AsyncSession) -> list[tuple[Team, list[Schedule]]]:
    """Every team with its active schedules: stored rows, else the defaults (weekly and monthly)."""
    teams = (await session.exec(select(Team).order_by(col(Team.id)))).all()
    rows = (await session.exec(select(ReportSchedule))).all()
    stored = {(row.team_id, row.kind): row for row in rows}
    plans = []
    for team in teams:
        schedules = []
        for kind in ("daily", "weekly", "monthly"):
            row = stored.get((team.id or 0, kind))
            if row is not None:
                if row.active:
                    schedules.append(to_schedule(row))
            elif kind in DEFAULT_KINDS:
                schedules.append(DEFAULT_SCHEDULES[kind])
        plans.append((team, schedules))
    return plans


async def stored_schedules(session: AsyncSession, team_id: int) -> dict[str, ReportSchedule]:
    """The schedules a team has stored, by kind."""
    rows = (await session.exec(select(ReportSchedule).where(ReportSchedule.team_id == team_id))).all()
    return {row.kind: row for row in rows}


async def save_schedule(session: AsyncSession, team_id: int, kind: str, **values: Any) -> ReportSchedule:
    """Create or change a team's schedule for one kind (the edit commands of supervisors and admins)."""
    schedule = await _stored(session, team_id, kind) or ReportSchedule(team_id=team_id, kind=kind)
    for name, value in values.items():
        setattr(schedule, name, value)
    session.add(schedule)
    await session.flush()
    return schedule


async def add_leave(
    session: AsyncSession,
    staff_id: int,
    start: date,
    end: date,
    reason: str | None,
    *,
    half_day: bool = False,
) -> None:
    """Record leave for a date range (inclusive); a half day is one day (attendance counts it whole)."""
    session.add(Leave(staff_id=staff_id, start_date=start, end_date=end, reason=reason, half_day=half_day))
