"""Deadline maths (pure): weekly, monthly, daily deadlines in the team's zone, across DST, and which
reminder stage is due when."""

from __future__ import annotations

from datetime import UTC, date, datetime, time, timedelta
from zoneinfo import ZoneInfo

from domain.deadlines import DEFAULT_SCHEDULES, Schedule, is_late, period_due_next, period_for
from jobs.reminders import due_stages

SHANGHAI = ZoneInfo("Asia/Shanghai")
BERLIN = ZoneInfo("Europe/Berlin")
WEEKLY, MONTHLY, DAILY = DEFAULT_SCHEDULES["weekly"], DEFAULT_SCHEDULES["monthly"], DEFAULT_SCHEDULES["daily"]


def utc(*args: int) -> datetime:
    return datetime(*args, tzinfo=UTC)


def test_weekly_is_due_monday_10_for_the_previous_week() -> None:
    period = period_for(WEEKLY, date(2026, 11, 18), SHANGHAI)  # a Wednesday
    assert (period.start, period.end) == (date(2026, 11, 16), date(2026, 11, 22))
    assert period.due_at == utc(2026, 11, 23, 2, 0)  # Monday 10:00 in Shanghai (UTC+8)
    # On Monday at 09:59 a report is for last week; at 10:01 it is for this week.
    assert period_due_next(WEEKLY, utc(2026, 11, 23, 1, 59), SHANGHAI).start == date(2026, 11, 16)
    assert period_due_next(WEEKLY, utc(2026, 11, 23, 2, 0), SHANGHAI).start == date(2026, 11, 16)
    assert period_due_next(WEEKLY, utc(2026, 11, 23, 2, 1), SHANGHAI).start == date(2026, 11, 23)


def test_monthly_is_due_on_the_30th_or_the_last_day_of_shorter_months() -> None:
    assert period_for(MONTHLY, date(2026, 11, 5), SHANGHAI).due_at == utc(2026, 11, 30, 10, 0)
    february = period_for(MONTHLY, date(2026, 2, 10), SHANGHAI)
    assert (february.start, february.end) == (date(2026, 2, 1), date(2026, 2, 28))
    assert february.due_at == utc(2026, 2, 28, 10, 0)
    assert period_for(MONTHLY, date(2028, 2, 1), SHANGHAI).due_at == utc(2028, 2, 29, 10, 0)  # leap year
    assert period_for(MONTHLY, date(2026, 12, 31), SHANGHAI).due_at == utc(2026, 12, 30, 10, 0)


def test_daily_is_due_the_same_day() -> None:
    period = period_for(DAILY, date(2026, 11, 24), SHANGHAI)
    assert (period.start, period.end, period.due_at) == (
        date(2026, 11, 24),
        date(2026, 11, 24),
        utc(2026, 11, 24, 8),
    )


def test_berlin_deadlines_keep_their_wall_clock_time_across_dst() -> None:
    # Summer time starts Sunday 29 March 2026 and ends Sunday 25 October 2026.
    assert period_for(WEEKLY, date(2026, 3, 16), BERLIN).due_at == utc(2026, 3, 23, 9, 0)  # 10:00 CET
    assert period_for(WEEKLY, date(2026, 3, 23), BERLIN).due_at == utc(2026, 3, 30, 8, 0)  # 10:00 CEST
    assert period_for(WEEKLY, date(2026, 10, 12), BERLIN).due_at == utc(2026, 10, 19, 8, 0)  # CEST
    assert period_for(WEEKLY, date(2026, 10, 19), BERLIN).due_at == utc(2026, 10, 26, 9, 0)  # CET
    # A daily deadline inside the spring gap moves forward; in the autumn overlap the first one counts.
    at_0230 = Schedule("daily", due_time=time(2, 30))
    assert period_for(at_0230, date(2026, 3, 29), BERLIN).due_at == utc(2026, 3, 29, 1, 30)
    assert period_for(at_0230, date(2026, 10, 25), BERLIN).due_at == utc(2026, 10, 25, 0, 30)


def test_reminder_stages_come_at_the_offsets_and_only_the_latest_after_an_outage() -> None:
    due = utc(2026, 3, 30, 8, 0)  # weekly, Berlin, Monday after the change to summer time
    second = timedelta(seconds=1)
    assert due_stages(WEEKLY, due - timedelta(hours=24) - second, BERLIN) == []
    assert [s for s, _ in due_stages(WEEKLY, due - timedelta(hours=24), BERLIN)] == ["before:1440"]
    assert [s for s, _ in due_stages(WEEKLY, due - timedelta(hours=2), BERLIN)] == ["before:120"]
    assert due_stages(WEEKLY, due, BERLIN) == []  # filed exactly now is still on time: nobody is late yet
    stages = due_stages(WEEKLY, due + second, BERLIN)
    assert [(s, p.start) for s, p in stages] == [
        ("late", date(2026, 3, 23)),
        ("missing_list", date(2026, 3, 23)),
    ]
    assert due_stages(WEEKLY, due + timedelta(hours=25), BERLIN) == []


def test_offsets_are_real_hours_across_the_spring_change() -> None:
    daily = Schedule("daily", due_time=time(16, 0))
    due = period_for(daily, date(2026, 3, 29), BERLIN).due_at  # Sunday 16:00 CEST
    stages = due_stages(daily, due - timedelta(hours=24), BERLIN)
    # 24 real hours before is Saturday 15:00 local (the clocks go forward that night), which is also
    # one hour before Saturday's own deadline: both reminders are due, each for its own day.
    before = [(s, p.start) for s, p in stages if s.startswith("before")]
    assert before == [("before:120", date(2026, 3, 28)), ("before:1440", date(2026, 3, 29))]
    assert (due - timedelta(hours=24)).astimezone(BERLIN).hour == 15


def test_grace_delays_the_missing_list_but_not_lateness() -> None:
    graced = Schedule("weekly", grace=timedelta(minutes=30))
    due = utc(2026, 11, 23, 2, 0)
    assert [s for s, _ in due_stages(graced, due + timedelta(minutes=29), SHANGHAI)] == ["late"]
    assert [s for s, _ in due_stages(graced, due + timedelta(minutes=30), SHANGHAI)] == [
        "late",
        "missing_list",
    ]
    period = period_for(graced, date(2026, 11, 16), SHANGHAI)
    assert not is_late(due, period)
    assert is_late(due + timedelta(seconds=1), period)
