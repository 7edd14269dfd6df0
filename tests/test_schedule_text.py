"""How /leave and /holiday arguments are read: what each form means, and what is refused with the usage."""

from __future__ import annotations

from datetime import date

import pytest

from presentation.buttons import FillYear
from presentation.schedule_text import BadInput, LeaveArgs, parse_day, parse_fill, parse_leave


def test_leave_reads_days_a_half_day_and_the_reason() -> None:
    assert parse_leave(["9101", "2026-11-12", "2026-11-13", "family", "visit"]) == LeaveArgs(
        9101, date(2026, 11, 12), date(2026, 11, 13), False, "family visit"
    )
    assert parse_leave(["9101", "2026-11-05", "HALF"]) == LeaveArgs(
        9101, date(2026, 11, 5), date(2026, 11, 5), True, None
    )


@pytest.mark.parametrize(
    "args",
    [
        ["9101", "2026-11-12"],  # no last day
        ["@li", "2026-11-12", "2026-11-13"],  # not a Telegram id
        ["9101", "2026-11-13", "2026-11-12"],  # ends before it starts
        ["9101", "2026-01-01", "2027-01-03"],  # over a year
        ["9101", "12/11/2026", "2026-11-13"],  # not an ISO date
    ],
)
def test_leave_refuses_what_it_cannot_read(args: list[str]) -> None:
    with pytest.raises(BadInput):
        parse_leave(args)


def test_holiday_reads_the_action_the_day_and_the_name() -> None:
    assert parse_day(["2026-10-01", "National", "Day"]) == ("holiday", date(2026, 10, 1), "National Day")
    assert parse_day(["Workday", "2026-03-07"]) == ("workday", date(2026, 3, 7), None)
    assert parse_day(["remove", "2026-02-23"]) == ("remove", date(2026, 2, 23), None)


@pytest.mark.parametrize("args", [["remove"], ["workday", "soon"], ["tomorrow"]])
def test_holiday_refuses_what_it_cannot_read(args: list[str]) -> None:
    with pytest.raises(BadInput):
        parse_day(args)


def test_fill_reads_a_year_the_calendar_may_have() -> None:
    assert parse_fill(["fill", "2027"]) == 2027
    for args in (["fill"], ["fill", "2100"], ["fill", "2026", "2027"], ["fill", "-1"]):
        with pytest.raises(BadInput):
            parse_fill(args)
    assert FillYear(1, 2026).valid() and not FillYear(1, 1999).valid()
