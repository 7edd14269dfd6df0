"""Report periods and deadlines: pure date maths, in the team's time zone.

A weekly period is Monday to Sunday and is due in the following week (default Monday 10:00).
A monthly period is the calendar month and is due in that month (default the 30th at 18:00, the
last day in shorter months). A daily period is one day, due that day (e.g. 16:00).
Deadlines are wall-clock times in the team's zone; zoneinfo makes them right across DST changes.
"""

from __future__ import annotations

import calendar
from dataclasses import dataclass, field
from datetime import UTC, date, datetime, time, timedelta
from enum import StrEnum
from zoneinfo import ZoneInfo


class ReportKind(StrEnum):
    """Periodic reports; `daily` exists for companies that want one (e.g. due 16:00 the same day)."""

    DAILY = "daily"
    WEEKLY = "weekly"
    MONTHLY = "monthly"


@dataclass(frozen=True)
class Schedule:
    """When one kind of report is due; mirrors storage's ReportSchedule without the database."""

    kind: str  # a ReportKind
    due_time: time = time(10, 0)
    weekday: int = 0  # weekly: 0 = Monday of the following week
    day_of_month: int = 30  # monthly: clamped to the month's last day
    grace: timedelta = timedelta(0)
    reminder_offsets: tuple[timedelta, ...] = field(default=(timedelta(hours=24), timedelta(hours=2)))


DEFAULT_SCHEDULES = {
    "weekly": Schedule("weekly", due_time=time(10, 0), weekday=0),
    "monthly": Schedule("monthly", due_time=time(18, 0), day_of_month=30),
    "daily": Schedule("daily", due_time=time(16, 0)),
}


@dataclass(frozen=True)
class Period:
    """One reporting period (inclusive dates) and its deadline."""

    kind: str
    start: date
    end: date
    due_at: datetime  # aware, UTC
    grace_until: datetime  # aware, UTC: after this a missing report is reported to supervisors


def period_containing(kind: str, day: date) -> tuple[date, date]:
    """The period of `kind` that `day` falls in."""
    if kind == "daily":
        return day, day
    if kind == "weekly":
        start = day - timedelta(days=day.weekday())
        return start, start + timedelta(days=6)
    if kind == "monthly":
        last = calendar.monthrange(day.year, day.month)[1]
        return day.replace(day=1), day.replace(day=last)
    raise ValueError(f"unknown report kind {kind!r}")


def due_date(schedule: Schedule, start: date) -> date:
    """The local date a period starting on `start` is due."""
    if schedule.kind == "daily":
        return start
    if schedule.kind == "weekly":
        return start + timedelta(days=7 + schedule.weekday)
    last = calendar.monthrange(start.year, start.month)[1]
    return start.replace(day=min(schedule.day_of_month, last))


def local_to_utc(day: date, at: time, zone: ZoneInfo) -> datetime:
    """A wall-clock time in `zone` as an aware UTC datetime.

    In a DST gap (a time that does not exist that day) zoneinfo moves forward by the gap; in an
    overlap the first occurrence is used (fold=0), so a deadline never comes twice.
    """
    return datetime.combine(day, at, tzinfo=zone).astimezone(UTC)


def period_for(schedule: Schedule, start: date, zone: ZoneInfo) -> Period:
    """The period of `schedule` starting on `start`, with its deadline."""
    start, end = period_containing(schedule.kind, start)
    due = local_to_utc(due_date(schedule, start), schedule.due_time, zone)
    return Period(schedule.kind, start, end, due, due + schedule.grace)


def previous_start(kind: str, start: date) -> date:
    """Start of the period before the one starting on `start`."""
    return period_containing(kind, start - timedelta(days=1))[0]


def next_start(kind: str, start: date) -> date:
    """Start of the period after the one starting on `start`."""
    return period_containing(kind, start)[1] + timedelta(days=1)


def period_due_next(schedule: Schedule, now: datetime, zone: ZoneInfo) -> Period:
    """The period a report filed at `now` is for: the one with the nearest deadline not yet passed.

    On Monday at 09:00 a weekly report is for last week (due at 10:00); at 11:00 it is for this week.
    """
    today = now.astimezone(zone).date()
    start = period_containing(schedule.kind, today)[0]
    # Back up far enough that the candidate's deadline is in the past, then walk forward.
    for _ in range(3):
        start = previous_start(schedule.kind, start)
    while True:
        period = period_for(schedule, start, zone)
        if period.due_at >= now:
            return period
        start = next_start(schedule.kind, start)


def closed_periods(schedule: Schedule, since: date, now: datetime, zone: ZoneInfo) -> list[Period]:
    """Periods starting on or after `since` whose deadline plus grace has passed by `now`."""
    periods: list[Period] = []
    start = period_containing(schedule.kind, since)[0]
    while True:
        period = period_for(schedule, start, zone)
        if period.grace_until > now:
            return periods
        periods.append(period)
        start = next_start(schedule.kind, start)


def is_late(submitted_at: datetime, period: Period) -> bool:
    """Filed exactly at the deadline is on time; one second later is late (grace only delays the chase)."""
    return submitted_at > period.due_at
