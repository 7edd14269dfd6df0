"""How deadlines, leave and holidays are typed and shown: the /schedule, /leave and /holiday arguments read
into values, a team's schedules one a line, days as ranges, the year's fill buttons. Pure functions of the
text and the rows."""

from __future__ import annotations

import re
from datetime import date, timedelta
from typing import NamedTuple

from telegram import InlineKeyboardButton, InlineKeyboardMarkup

from domain.deadlines import DEFAULT_SCHEDULES
from presentation.buttons import YEARS, FillYear
from presentation.i18n import Raw, t
from storage import schedules as schedules_db
from storage.field_models import ReportSchedule
from storage.models import Team

KINDS = ("daily", "weekly", "monthly")
WEEKDAYS = ["mon", "tue", "wed", "thu", "fri", "sat", "sun"]
TIME = re.compile(r"^([01]?\d|2[0-3]):([0-5]\d)$")
MAX_OFFSET_MINUTES = 14 * 24 * 60


class BadInput(ValueError):
    """The arguments could not be read."""


def default_row(team_id: int, kind: str) -> ReportSchedule:
    """What a team without a stored schedule gets (weekly and monthly on, daily off)."""
    default = DEFAULT_SCHEDULES[kind]
    return ReportSchedule(
        team_id=team_id,
        kind=kind,
        weekday=default.weekday,
        day_of_month=default.day_of_month,
        due_time=default.due_time.strftime("%H:%M"),
        grace_minutes=int(default.grace.total_seconds() // 60),
        reminder_offsets_minutes=[int(o.total_seconds() // 60) for o in default.reminder_offsets],
        active=kind in schedules_db.DEFAULT_KINDS,
    )


def schedule_line(lang: str, kind: str, row: ReportSchedule) -> Raw:
    """A schedule in one line: kind, when, grace, reminders, off."""
    when = {
        "weekly": f"{WEEKDAYS[row.weekday or 0]} {row.due_time}",
        "monthly": f"day {row.day_of_month or 30} {row.due_time}",
    }
    return t(
        lang,
        "schedules.line",
        kind=t(lang, f"schedules.kind.{kind}"),
        when=when.get(kind, row.due_time),
        grace=row.grace_minutes,
        offsets=",".join(str(m) for m in row.reminder_offsets_minutes),
        off=Raw("" if row.active else t(lang, "schedules.off")),
    )


def schedules_text(lang: str, team: Team, stored: dict[str, ReportSchedule]) -> Raw:
    """/schedule alone: each kind's schedule, the default where the team stored none."""
    rows = [stored.get(kind) or default_row(team.id or 0, kind) for kind in KINDS]
    lines = Raw("\n".join(schedule_line(lang, kind, row) for kind, row in zip(KINDS, rows, strict=True)))
    return t(lang, "schedules.list", team=team.name, zone=team.timezone, lines=lines)


def parse_schedule(args: list[str]) -> tuple[str, dict[str, object]]:
    """`weekly mon 10:00 grace=30 remind=1440,120` into a kind and the columns to set."""
    if not args or args[0] not in KINDS:
        raise BadInput
    kind, rest = args[0], args[1:]
    if rest == ["off"]:
        return kind, {"active": False}
    values: dict[str, object] = {"active": True}
    if kind == "weekly":
        if not rest or rest[0].lower()[:3] not in WEEKDAYS:
            raise BadInput
        values["weekday"] = WEEKDAYS.index(rest.pop(0).lower()[:3])
    if kind == "monthly":
        if not rest or not rest[0].isdigit() or not 1 <= int(rest[0]) <= 31:
            raise BadInput
        values["day_of_month"] = int(rest.pop(0))
    if not rest or not (match := TIME.match(rest.pop(0))):
        raise BadInput
    values["due_time"] = f"{int(match.group(1)):02d}:{match.group(2)}"
    for option in rest:
        name, _, value = option.partition("=")
        try:
            numbers = [int(part) for part in value.split(",")]
        except ValueError:
            raise BadInput from None
        if name == "grace" and len(numbers) == 1 and 0 <= numbers[0] <= MAX_OFFSET_MINUTES:
            values["grace_minutes"] = numbers[0]
        elif name == "remind" and len(numbers) <= 5 and all(0 < n <= MAX_OFFSET_MINUTES for n in numbers):
            values["reminder_offsets_minutes"] = sorted(set(numbers), reverse=True)
        else:
            raise BadInput
    return kind, values


class LeaveArgs(NamedTuple):
    """What /leave was told: whose leave, which days, why."""

    telegram_id: int
    start: date
    end: date
    half_day: bool
    reason: str | None


def parse_leave(args: list[str]) -> LeaveArgs:
    """`TELEGRAM_ID START END|half [reason]` into its values."""
    if len(args) < 3 or not args[0].isdigit():
        raise BadInput
    half = args[2].lower() == "half"  # half a day: still a day of leave, counted whole by attendance
    start = day(args[1])
    end = start if half else day(args[2])
    if end < start or end - start > timedelta(days=366):
        raise BadInput
    return LeaveArgs(int(args[0]), start, end, half, " ".join(args[3:])[:200] or None)


def leave_saved(lang: str, name: str, leave: LeaveArgs) -> Raw:
    """The confirmation of /leave: the days, or the half day."""
    if leave.half_day:
        return t(lang, "attendance.half_leave_saved", name=name, day=leave.start)
    return t(lang, "schedules.leave_saved", name=name, start=leave.start, end=leave.end)


def parse_day(args: list[str]) -> tuple[str, date, str | None]:
    """`/holiday [remove|workday] DAY [name]` into the action (`holiday` when none is named), the day and
    the name."""
    action = args[0].lower() if args[0].lower() in ("remove", "workday") else "holiday"
    rest = args[1:] if action != "holiday" else args
    if not rest:
        raise BadInput
    return action, day(rest[0]), " ".join(rest[1:])[:100] or None


def parse_fill(args: list[str]) -> int:
    """`/holiday fill YEAR` into the year."""
    if len(args) != 2 or not args[1].isdigit() or int(args[1]) not in YEARS:
        raise BadInput
    return int(args[1])


def day_changed(lang: str, action: str, team: Team, when: date, *, found: bool = True) -> Raw:
    """What /holiday did to a day (`parse_day`'s action): a day off or a make-up working day saved, or
    removed (`found`: it was there to remove)."""
    if action == "remove":
        key = "teams.removed" if found else "teams.not_found"
    else:
        key = "teams.workday_saved" if action == "workday" else "schedules.holiday_saved"
    return t(lang, key, day=when, team=team.name)


def day(text: str) -> date:
    """A typed ISO date."""
    try:
        return date.fromisoformat(text)
    except ValueError:
        raise BadInput from None


def day_ranges(days: list[date]) -> str:
    """Consecutive days as one range: 2026-02-15–02-23, 2026-04-04–04-06."""
    parts: list[str] = []
    start = previous = None
    for day in [*sorted(days), None]:
        if (
            start is not None
            and previous is not None
            and (day is None or day != previous + timedelta(days=1))
        ):
            parts.append(str(start) if start == previous else f"{start}–{previous:%m-%d}")
            start = None
        if day is not None and start is None:
            start = day
        previous = day
    return ", ".join(parts)


def calendar_text(lang: str, team: Team, year: int, holidays: list[date], workdays: list[date]) -> Raw:
    """A team's days off and make-up working days (调休) of a year, then how to change them."""
    none = t(lang, "teams.calendar_none")
    return t(
        lang,
        "teams.calendar",
        team=team.name,
        year=year,
        holidays=day_ranges(holidays) or none,
        workdays=day_ranges(workdays) or none,
        usage=t(lang, "teams.holiday_usage"),
    )


def fill_keyboard(lang: str, team: Team, year: int) -> InlineKeyboardMarkup:
    """Under /holiday: fill this year and the next from the official calendar."""
    return InlineKeyboardMarkup(
        [
            [
                InlineKeyboardButton(
                    t(lang, "teams.fill_button", year=y), callback_data=FillYear(team.id or 0, y).pack()
                )
            ]
            for y in (year, year + 1)
        ]
    )
