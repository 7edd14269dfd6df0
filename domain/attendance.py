"""Attendance (出勤): which days of a month a rep had to work, how each was spent, and the score.

The seed rule: attendance starts at 100 and loses 4 points per absent day, and half a day away counts
as a whole day. A workday is Monday to Friday unless the team says otherwise, minus the team's
holidays, plus its make-up working days (调休).
"""

from __future__ import annotations

import calendar
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from datetime import date, timedelta
from enum import StrEnum

FULL_SCORE = 100
POINTS_PER_ABSENT_DAY = 4
MONDAY_TO_FRIDAY = frozenset(range(5))


class DayMark(StrEnum):
    """How a day went, as the attendance sheet writes it (P / A / L / H)."""

    PRESENT = "P"
    ABSENT = "A"
    LEAVE = "L"
    HOLIDAY = "H"


class Correction(StrEnum):
    """What a supervisor may set a day to; training and office days count as present."""

    PRESENT = "present"
    ABSENT = "absent"


@dataclass(frozen=True)
class WorkCalendar:
    """A team's working week and its exceptions."""

    weekdays: frozenset[int] = MONDAY_TO_FRIDAY
    holidays: frozenset[date] = frozenset()
    makeup_workdays: frozenset[date] = frozenset()

    def is_workday(self, day: date) -> bool:
        """True when the team works on `day`."""
        if day in self.makeup_workdays:
            return True
        return day.weekday() in self.weekdays and day not in self.holidays


@dataclass(frozen=True)
class RepMonth:
    """What the bot knows of one rep's month: days with a check-in, leave, the supervisor's marks."""

    checked_in: frozenset[date] = frozenset()
    # Leave per day: 1.0 for a whole day, 0.5 for half a day.
    leave: Mapping[date, float] = field(default_factory=dict)
    # A day the supervisor marked (training, office day) or corrected.
    corrections: Mapping[date, Correction] = field(default_factory=dict)
    # Days before the rep joined or after they left are not theirs to attend.
    first_day: date | None = None
    last_day: date | None = None


def month_days(year: int, month: int) -> list[date]:
    """Every day of the month."""
    count = calendar.monthrange(year, month)[1]
    first = date(year, month, 1)
    return [first + timedelta(days=n) for n in range(count)]


def mark_day(day: date, work: WorkCalendar, rep: RepMonth) -> DayMark | None:
    """The day's mark, or None when the day is outside the rep's employment."""
    if (rep.first_day and day < rep.first_day) or (rep.last_day and day > rep.last_day):
        return None
    if not work.is_workday(day):
        return DayMark.HOLIDAY
    corrected = rep.corrections.get(day)
    if corrected is not None:
        return DayMark.PRESENT if corrected is Correction.PRESENT else DayMark.ABSENT
    leave = rep.leave.get(day, 0.0)
    if leave >= 1.0:
        return DayMark.LEAVE
    if day in rep.checked_in:
        return DayMark.PRESENT
    # Half a day on leave and nothing for the other half: away for part of a day counts as a day.
    return DayMark.ABSENT


def month_sheet(year: int, month: int, work: WorkCalendar, rep: RepMonth) -> dict[date, DayMark]:
    """One mark per day of the month that belongs to the rep."""
    marks = {day: mark_day(day, work, rep) for day in month_days(year, month)}
    return {day: mark for day, mark in marks.items() if mark is not None}


def absent_days(marks: Iterable[DayMark]) -> int:
    """How many days count as absent."""
    return sum(1 for mark in marks if mark is DayMark.ABSENT)


def attendance_score(absent: int) -> int:
    """100 minus 4 per absent day, never below 0."""
    return max(0, FULL_SCORE - POINTS_PER_ABSENT_DAY * absent)
