"""China's official days off and make-up working days (放假调休) for a year, from chinese-calendar.

That package follows the State Council's yearly notice, which is published in November for the next
year; a year it does not have yet is refused rather than guessed, because a guessed 调休 marks the
wrong days.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, timedelta

import chinese_calendar

# Names as the notice uses them, in both languages (the package gives the English one).
_CHINESE = {holiday.value: holiday.chinese for holiday in chinese_calendar.Holiday}


class YearNotCovered(ValueError):
    """The calendar package has no data for this year."""

    def __init__(self, year: int) -> None:
        super().__init__(
            f"chinese-calendar has no holidays for {year} yet: upgrade it (pip install -U chinese-calendar)"
        )
        self.year = year


@dataclass(frozen=True)
class CalendarYear:
    """One year's days off and make-up working days, each with the holiday's name."""

    year: int
    holidays: dict[date, str]
    workdays: dict[date, str]


def _name(english: str | None) -> str:
    if not english:
        return ""
    chinese = _CHINESE.get(english)
    return f"{chinese} {english}" if chinese else english


def china_year(year: int) -> CalendarYear:
    """The official days off (including weekend days inside a break) and make-up working days of `year`."""
    first, last = date(year, 1, 1), date(year, 12, 31)
    try:
        days_off = chinese_calendar.get_holidays(first, last, include_weekends=False)
        weekends = [first + timedelta(days=n) for n in range((last - first).days + 1)]
        makeup = [d for d in weekends if d.weekday() >= 5 and chinese_calendar.is_workday(d)]
    except NotImplementedError as exc:
        raise YearNotCovered(year) from exc
    return CalendarYear(
        year,
        {day: _name(chinese_calendar.get_holiday_detail(day)[1]) for day in days_off},
        {day: _name(chinese_calendar.get_holiday_detail(day)[1]) for day in makeup},
    )
