"""Report schedules as stored per team, turned into the pure `domain.deadlines.Schedule`."""

from __future__ import annotations

from datetime import time, timedelta

from sqlmodel import select
from sqlmodel.ext.asyncio.session import AsyncSession

from domain.deadlines import DEFAULT_SCHEDULES, Schedule
from storage.field_models import ReportSchedule


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


async def schedule_for(session: AsyncSession, team_id: int | None, kind: str) -> Schedule:
    """The team's schedule for `kind`, or the default when the team has not set one."""
    if team_id is not None:
        query = select(ReportSchedule).where(ReportSchedule.team_id == team_id, ReportSchedule.kind == kind)
        row = (await session.exec(query)).first()
        if row is not None and row.active:
            return to_schedule(row)
    return DEFAULT_SCHEDULES[kind]
