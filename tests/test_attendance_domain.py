"""Attendance marks and score, worked out by hand for November 2026 (Sunday 1st to Monday 30th)."""

from __future__ import annotations

from datetime import date

from domain.attendance import (
    Correction,
    DayMark,
    RepMonth,
    WorkCalendar,
    absent_days,
    attendance_score,
    month_sheet,
)

NOV = (2026, 11)


def d(day: int) -> date:
    return date(2026, 11, day)


WORKDAYS = [day for day in range(1, 31) if date(2026, 11, day).weekday() < 5]


def test_november_2026_has_21_workdays_monday_to_friday() -> None:
    sheet = month_sheet(*NOV, WorkCalendar(), RepMonth(checked_in=frozenset(d(n) for n in WORKDAYS)))
    assert len(WORKDAYS) == 21
    assert sum(mark is DayMark.PRESENT for mark in sheet.values()) == 21
    assert sheet[d(1)] is DayMark.HOLIDAY  # a Sunday
    assert attendance_score(absent_days(sheet.values())) == 100


def test_absent_days_cost_four_points_and_half_a_day_counts_whole() -> None:
    checked = frozenset(d(n) for n in WORKDAYS) - {d(2), d(3), d(4)}
    rep = RepMonth(checked_in=checked, leave={d(2): 1.0, d(3): 0.5})
    sheet = month_sheet(*NOV, WorkCalendar(), rep)
    assert sheet[d(2)] is DayMark.LEAVE  # a whole day of leave is excused
    assert sheet[d(3)] is DayMark.ABSENT  # half a day of leave, nothing the other half
    assert sheet[d(4)] is DayMark.ABSENT
    assert attendance_score(absent_days(sheet.values())) == 92


def test_half_day_leave_with_a_check_in_is_present() -> None:
    rep = RepMonth(checked_in=frozenset({d(3)}), leave={d(3): 0.5})
    assert month_sheet(*NOV, WorkCalendar(), rep)[d(3)] is DayMark.PRESENT


def test_a_holiday_is_not_an_absence_and_a_makeup_saturday_is_a_workday() -> None:
    work = WorkCalendar(holidays=frozenset({d(5)}), makeup_workdays=frozenset({d(7)}))
    sheet = month_sheet(*NOV, work, RepMonth(checked_in=frozenset(d(n) for n in WORKDAYS) - {d(5)}))
    assert sheet[d(5)] is DayMark.HOLIDAY
    assert sheet[d(7)] is DayMark.ABSENT  # the Saturday the team had to work
    assert absent_days(sheet.values()) == 1


def test_saturday_teams_and_supervisor_corrections() -> None:
    work = WorkCalendar(weekdays=frozenset(range(6)))
    rep = RepMonth(
        checked_in=frozenset(),
        corrections={d(9): Correction.PRESENT, d(10): Correction.ABSENT},
    )
    sheet = month_sheet(*NOV, work, rep)
    assert sheet[d(7)] is DayMark.ABSENT  # Saturdays count for this team
    assert sheet[d(9)] is DayMark.PRESENT  # a training day the supervisor marked
    assert sheet[d(10)] is DayMark.ABSENT
    # 25 Monday-to-Saturday days, one marked present: 24 absent, 100 - 96 = 4
    assert attendance_score(absent_days(sheet.values())) == 4
    assert attendance_score(30) == 0  # never below 0


def test_days_before_joining_are_not_counted() -> None:
    rep = RepMonth(checked_in=frozenset(d(n) for n in WORKDAYS if n >= 16), first_day=d(16))
    sheet = month_sheet(*NOV, WorkCalendar(), rep)
    assert min(sheet) == d(16)
    assert absent_days(sheet.values()) == 0
