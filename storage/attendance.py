"""Attendance queries: a team's working week, what each rep's month holds, the supervisor's marks.

A team's month is read with a handful of queries for the whole team (reps, check-ins, leave, marks,
calendar), never one per rep: the scorecards and the HR workbook read every team each month.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable, Sequence
from datetime import date, datetime, timedelta

from sqlalchemy import func
from sqlmodel import col, select
from sqlmodel.ext.asyncio.session import AsyncSession

from domain.attendance import Correction, DayMark, RepMonth, WorkCalendar, month_days, month_sheet
from domain.settings import DEFAULT_TIMEZONE
from domain.zones import local_day_bounds
from storage.field_models import CheckIn, Leave
from storage.models import AuditEntry, Role, Staff
from storage.reminders import dialect_insert
from storage.score_models import AttendanceMark, TeamWorkSettings
from storage.teams import calendar_of, table

# The team zone is read one way (storage.teams); callers here and in scorecards know it by this name.
from storage.teams import zone_of_team as zone_of

AUDIT_EVENT = "attendance_mark"
# The reason a supervisor gives for a training day (present at it, or absent from it: −3 on the scorecard).
TRAINING = "training"


async def work_settings(session: AsyncSession, team_id: int) -> TeamWorkSettings:
    """The team's settings row, or the defaults (not stored) when the team never changed them."""
    row = (
        await session.exec(select(TeamWorkSettings).where(col(TeamWorkSettings.team_id) == team_id))
    ).first()
    return row if row is not None else TeamWorkSettings(team_id=team_id)


async def save_work_settings(session: AsyncSession, team_id: int, **values: object) -> TeamWorkSettings:
    """Create or change a team's settings (weekdays, scheme_key, scoring days, locate window ...)."""
    settings = await work_settings(session, team_id)
    for name, value in values.items():
        setattr(settings, name, value)
    session.add(settings)
    await session.flush()
    return settings


async def team_work_calendar(session: AsyncSession, team_id: int, year: int, month: int) -> WorkCalendar:
    """The team's working week, holidays and make-up working days for one month."""
    days = month_days(year, month)
    settings = await work_settings(session, team_id)
    holidays, workdays = await calendar_of(session, team_id, days[0], days[-1])
    return WorkCalendar(
        weekdays=frozenset(settings.weekdays),
        holidays=frozenset(h.day for h in holidays),
        makeup_workdays=frozenset(w.day for w in workdays),
    )


async def team_reps(session: AsyncSession, team_id: int) -> Sequence[Staff]:
    """The team's active reps, by name."""
    query = (
        select(Staff)
        .where(col(Staff.team_id) == team_id, col(Staff.role) == Role.REP, col(Staff.active).is_(True))
        .order_by(col(Staff.name), col(Staff.id))
    )
    return (await session.exec(query)).all()


async def rep_months(
    session: AsyncSession,
    team_id: int,
    year: int,
    month: int,
    *,
    staff_ids: Iterable[int] | None = None,
    until: date | None = None,
    default_zone: str = DEFAULT_TIMEZONE,
) -> dict[int, RepMonth]:
    """Each active rep's month (or only `staff_ids`'): check-in days in the team's zone, leave, marks.

    `until` (today, for the month under way) ends the month there: later days are not absences yet.
    """
    reps = await team_reps(session, team_id)
    if staff_ids is not None:
        wanted = set(staff_ids)
        reps = [rep for rep in reps if rep.id in wanted]
    ids = [rep.id for rep in reps if rep.id is not None]
    if not ids:
        return {}
    zone = await zone_of(session, team_id, default_zone)
    days = month_days(year, month)
    first, last = days[0], days[-1]
    begin, end = local_day_bounds(first, last, zone)
    checked: dict[int, set[date]] = defaultdict(set)
    rows = await session.exec(
        select(CheckIn.staff_id, CheckIn.checked_in_at).where(
            col(CheckIn.staff_id).in_(ids), CheckIn.checked_in_at >= begin, CheckIn.checked_in_at < end
        )
    )
    for staff_id, at in rows:
        checked[staff_id].add(at.astimezone(zone).date())
    leave: dict[int, dict[date, float]] = defaultdict(dict)
    leaves = await session.exec(
        select(Leave).where(col(Leave.staff_id).in_(ids), Leave.start_date <= last, Leave.end_date >= first)
    )
    for row in leaves:
        share = 0.5 if row.half_day else 1.0
        day = max(row.start_date, first)
        while day <= min(row.end_date, last):
            # Two half days on one day make a whole one.
            leave[row.staff_id][day] = min(1.0, leave[row.staff_id].get(day, 0.0) + share)
            day += timedelta(days=1)
    corrections: dict[int, dict[date, Correction]] = defaultdict(dict)
    marks = await session.exec(
        select(AttendanceMark).where(
            col(AttendanceMark.staff_id).in_(ids), AttendanceMark.day >= first, AttendanceMark.day <= last
        )
    )
    for mark in marks:
        corrections[mark.staff_id][mark.day] = Correction(mark.mark)
    result = {}
    for rep in reps:
        assert rep.id is not None
        # Days before the rep was registered are not theirs to attend (unless something was recorded).
        joined = rep.created_at.astimezone(zone).date() if rep.created_at else None
        recorded = [*checked[rep.id], *corrections[rep.id]]
        first_day = min([joined, *recorded]) if joined else None
        result[rep.id] = RepMonth(
            checked_in=frozenset(checked[rep.id]),
            leave=dict(leave[rep.id]),
            corrections=dict(corrections[rep.id]),
            first_day=first_day,
            last_day=until,
        )
    return result


async def set_mark(
    session: AsyncSession,
    *,
    staff_id: int,
    day: date,
    mark: Correction | None,
    reason: str | None,
    by: Staff,
    now: datetime,
) -> None:
    """Set (or with `mark=None`, remove) a supervisor's mark for a rep's day; audited either way."""
    where = (col(AttendanceMark.staff_id) == staff_id, col(AttendanceMark.day) == day)
    if mark is None:
        row = (await session.exec(select(AttendanceMark).where(*where))).first()
        if row is not None:
            await session.delete(row)
    else:
        values = {"mark": mark.value, "reason": reason, "set_by_id": by.id, "set_at": now}
        insert = dialect_insert(session, table(AttendanceMark)).values(staff_id=staff_id, day=day, **values)
        await session.exec(insert.on_conflict_do_update(index_elements=["staff_id", "day"], set_=values))
    detail = f"staff {staff_id} {day.isoformat()} {mark.value if mark else 'cleared'} {reason or ''}".strip()
    session.add(AuditEntry(at=now, telegram_id=by.telegram_id, event=AUDIT_EVENT, detail=detail[:200]))
    await session.flush()


async def on_leave(session: AsyncSession, staff_ids: Iterable[int], day: date) -> set[int]:
    """Who of `staff_ids` has leave (a whole or a half day) on `day`."""
    ids = list(staff_ids)
    if not ids:
        return set()
    query = select(Leave.staff_id).where(
        col(Leave.staff_id).in_(ids), Leave.start_date <= day, Leave.end_date >= day
    )
    return set((await session.exec(query)).all())


async def month_sheets(
    session: AsyncSession, team_id: int, year: int, month: int, *, default_zone: str = DEFAULT_TIMEZONE
) -> dict[int, dict[date, DayMark]]:
    """Each active rep's P / A / L / H per day of a month gone by (the scorecards and the HR workbook)."""
    work = await team_work_calendar(session, team_id, year, month)
    months = await rep_months(session, team_id, year, month, default_zone=default_zone)
    return {staff_id: month_sheet(year, month, work, rep) for staff_id, rep in months.items()}


async def training_absences(session: AsyncSession, team_id: int, first: date, last: date) -> dict[int, int]:
    """Days each rep of the team was marked absent from training between two dates (inclusive)."""
    query = (
        select(AttendanceMark.staff_id, func.count())
        .join(Staff, col(Staff.id) == AttendanceMark.staff_id)
        .where(
            col(Staff.team_id) == team_id,
            col(AttendanceMark.mark) == Correction.ABSENT.value,
            col(AttendanceMark.reason) == TRAINING,
            AttendanceMark.day >= first,
            AttendanceMark.day <= last,
        )
        .group_by(col(AttendanceMark.staff_id))
    )
    return {staff_id: count for staff_id, count in (await session.exec(query)).all()}
