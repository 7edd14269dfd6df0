"""SLA due times, computed by hand: calendar hours, and working hours across a night, a weekend, a
holiday, a make-up working day and a DST change for a Berlin team."""

from __future__ import annotations

from datetime import date, datetime, time, timedelta
from zoneinfo import ZoneInfo

import pytest

from domain.orders import (
    NoWorkingTime,
    OrderState,
    WorkCalendar,
    can_move,
    due_at,
    reminder_lead,
)

SHANGHAI = ZoneInfo("Asia/Shanghai")
BERLIN = ZoneInfo("Europe/Berlin")
OFFICE = WorkCalendar(zone=SHANGHAI, start=time(8, 30), end=time(17, 30))


def sh(day: int, hour: int, minute: int = 0, month: int = 11) -> datetime:
    return datetime(2026, month, day, hour, minute, tzinfo=SHANGHAI)


def test_calendar_hours_run_around_the_clock() -> None:
    # Wednesday 18 November 10:00 + 72 h = Saturday 10:00, nights and weekend included.
    assert due_at(sh(18, 10), 72, "calendar", OFFICE) == sh(21, 10)
    assert due_at(sh(18, 10), 4, "working", None) == sh(18, 14)  # no calendar: calendar hours


@pytest.mark.parametrize(
    ("start", "hours", "expected", "why"),
    [
        (sh(18, 10), 4, sh(18, 14), "inside one working day"),
        (sh(18, 16, 30), 1, sh(18, 17, 30), "ending exactly at closing time stays that day"),
        (sh(18, 16, 30), 4, sh(19, 11, 30), "across a night: 1 h Wednesday, 3 h from 08:30 Thursday"),
        (sh(18, 7), 1, sh(18, 9, 30), "started before opening: counts from 08:30"),
        (sh(18, 20), 2, sh(19, 10, 30), "started after closing: counts from the next morning"),
        (sh(20, 16), 4, sh(23, 11), "across a weekend: 1.5 h Friday, 2.5 h Monday"),
        (sh(21, 12), 2, sh(23, 10, 30), "started on a Saturday: counts from Monday"),
        (sh(18, 10), 24, sh(20, 16), "7.5 h Wednesday, 9 h Thursday, 7.5 h Friday"),
    ],
)
def test_working_hours(start: datetime, hours: int, expected: datetime, why: str) -> None:
    assert due_at(start, hours, "working", OFFICE) == expected, why


def test_a_holiday_is_skipped_and_a_make_up_day_is_worked() -> None:
    holiday = WorkCalendar(zone=SHANGHAI, holidays=frozenset({date(2026, 11, 23)}))
    # Friday 16:00 + 4 h: 1.5 h Friday, Monday is a holiday, 2.5 h Tuesday.
    assert due_at(sh(20, 16), 4, "working", holiday) == sh(24, 11)
    makeup = WorkCalendar(zone=SHANGHAI, makeup_days=frozenset({date(2026, 11, 21)}))
    # Saturday 21 November is worked (调休): 1.5 h Friday, 2.5 h Saturday.
    assert due_at(sh(20, 16), 4, "working", makeup) == sh(21, 11)


def test_a_dst_change_in_berlin() -> None:
    office = WorkCalendar(zone=BERLIN, start=time(8), end=time(17))
    # Friday 23 October 2026 15:00 CEST + 4 working hours: 2 h Friday; clocks go back on Sunday 25th;
    # 2 h from Monday 08:00 CET = 10:00 CET (09:00 UTC, where 10:00 CEST would have been 08:00 UTC).
    friday = datetime(2026, 10, 23, 15, tzinfo=BERLIN)
    assert due_at(friday, 4, "working", office) == datetime(2026, 10, 26, 10, tzinfo=BERLIN)
    assert due_at(friday, 4, "working", office).utcoffset() == timedelta(0)  # stored as UTC
    assert due_at(friday, 4, "working", office) == datetime(2026, 10, 26, 9, tzinfo=ZoneInfo("UTC"))
    # Calendar hours are elapsed time: Saturday 12:00 CEST + 24 h is Sunday 11:00 CET on the wall.
    saturday = datetime(2026, 10, 24, 12, tzinfo=BERLIN)
    assert due_at(saturday, 24, "calendar", office) == datetime(2026, 10, 25, 11, tzinfo=BERLIN)
    # Spring: Friday 27 March 16:00 CET + 3 h: 1 h Friday, 2 h Monday 30th from 08:00 CEST.
    spring = datetime(2026, 3, 27, 16, tzinfo=BERLIN)
    assert due_at(spring, 3, "working", office) == datetime(2026, 3, 30, 10, tzinfo=BERLIN)


def test_a_calendar_without_working_time_is_refused_with_the_fix() -> None:
    never = WorkCalendar(zone=SHANGHAI, workdays=frozenset())
    with pytest.raises(NoWorkingTime, match="calendar hours"):
        due_at(sh(18, 10), 4, "working", never)
    backwards = WorkCalendar(zone=SHANGHAI, start=time(18), end=time(9))
    with pytest.raises(NoWorkingTime, match="/sla"):
        due_at(sh(18, 10), 4, "working", backwards)


def test_reminder_lead_is_a_quarter_of_the_window_at_least_15_minutes() -> None:
    assert reminder_lead(timedelta(hours=1)) == timedelta(minutes=15)
    assert reminder_lead(timedelta(minutes=20)) == timedelta(minutes=15)
    assert reminder_lead(timedelta(hours=4)) == timedelta(hours=1)
    assert reminder_lead(timedelta(hours=72)) == timedelta(hours=18)


def test_moves() -> None:
    assert can_move("new", "assigned") and can_move("assigned", "assigned") and can_move("assigned", "new")
    assert not can_move("new", "accepted")
    assert not can_move(OrderState.DONE, OrderState.CANCELLED)
    assert can_move("returned", "done") and not can_move("in_workshop", "done")
