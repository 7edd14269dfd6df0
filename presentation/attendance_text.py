"""How /attendance reads: a month as a compact calendar of P / A / L / H, the team one line per rep, the
buttons (months, reps, days, corrections) as typed callback data. Pure functions of the marks."""

from __future__ import annotations

import calendar
from collections import Counter
from collections.abc import Mapping, Sequence
from datetime import date, timedelta

from telegram import InlineKeyboardButton, InlineKeyboardMarkup

from domain.attendance import Correction, DayMark, absent_days, attendance_score
from presentation.buttons import AttendanceDay, AttendanceMonth, AttendanceSet
from presentation.i18n import Raw, t
from presentation.schedule_text import TIME
from storage.attendance import TRAINING

WEEKDAYS = ["mon", "tue", "wed", "thu", "fri", "sat", "sun"]
HEADER = "      Mo Tu We Th Fr Sa Su"
MONTHS_SHOWN = 4  # the month picker: this month and the three before
SETTINGS = ("week", "start", "locate")  # what `/attendance NAME VALUE` changes in the team's settings
MAX_LOCATE_MINUTES = 240
# A correction: what the supervisor says the day was, and the reason stored with it.
CHOICES: dict[str, tuple[Correction | None, str | None]] = {
    "pw": (Correction.PRESENT, "working"),
    "pt": (Correction.PRESENT, TRAINING),
    "po": (Correction.PRESENT, "office"),
    "at": (Correction.ABSENT, TRAINING),
    "au": (Correction.ABSENT, "absent"),
    "x": (None, None),
}


def month_key(day: date) -> int:
    """yyyymm of the day's month."""
    return day.year * 100 + day.month


def day_key(day: date) -> int:
    """yyyymmdd."""
    return day.year * 10000 + day.month * 100 + day.day


def from_day_key(key: int) -> date:
    """The date of a yyyymmdd key (raises ValueError for a tampered one)."""
    return date(key // 10000, key // 100 % 100, key % 100)


def month_label(year: int, month: int) -> str:
    """2026-11."""
    return f"{year}-{month:02d}"


def calendar_block(year: int, month: int, sheet: Mapping[date, DayMark]) -> Raw:
    """The month as weeks of P / A / L / H, Monday first, `·` for a day not counted; monospaced."""
    lines = [HEADER]
    for week in calendar.Calendar().monthdatescalendar(year, month):
        cells = [sheet[d].value if d.month == month and d in sheet else "·" for d in week]
        label = f"{min(d for d in week if d.month == month):%m-%d}"
        lines.append(f"{label}  " + "  ".join(cells))
    return Raw("<pre>" + "\n".join(lines) + "</pre>")


def summary(lang: str, sheet: Mapping[date, DayMark]) -> Raw:
    """Absent days and the attendance score."""
    absent = absent_days(sheet.values())
    return t(lang, "attendance.summary", absent=absent, score=attendance_score(absent))


def rep_month_text(
    lang: str, name: str, year: int, month: int, sheet: Mapping[date, DayMark], until: date | None
) -> Raw:
    """A rep's month: title, calendar, legend, absences and score."""
    parts = [
        t(lang, "attendance.rep_title", name=name, month=month_label(year, month)),
        calendar_block(year, month, sheet),
        t(lang, "attendance.legend"),
        summary(lang, sheet),
    ]
    if until is not None:
        parts.append(t(lang, "attendance.so_far", day=until.isoformat()))
    return Raw("\n".join(parts))


def team_text(
    lang: str,
    team: str,
    year: int,
    month: int,
    rows: Sequence[tuple[str, Mapping[date, DayMark]]],
    until: date | None,
) -> Raw:
    """The team's month, one line per rep."""
    parts = [t(lang, "attendance.team_title", team=team, month=month_label(year, month))]
    if not rows:
        parts.append(t(lang, "attendance.team_none", team=team))
    for name, sheet in rows:
        count = Counter(sheet.values())
        absent = count[DayMark.ABSENT]
        parts.append(
            t(
                lang,
                "attendance.team_line",
                name=name,
                present=count[DayMark.PRESENT],
                absent=absent,
                leave=count[DayMark.LEAVE],
                score=attendance_score(absent),
            )
        )
    parts.append(t(lang, "attendance.legend"))
    if until is not None:
        parts.append(t(lang, "attendance.so_far", day=until.isoformat()))
    if rows:
        parts.append(t(lang, "attendance.team_hint"))
    return Raw("\n".join(parts))


def recent_months(today: date) -> list[date]:
    """First days of this month and the ones before it, newest first."""
    months, first = [], today.replace(day=1)
    for _ in range(MONTHS_SHOWN):
        months.append(first)
        first = (first - timedelta(days=1)).replace(day=1)
    return months


def month_row(team_id: int, staff_id: int, today: date, shown: date) -> list[InlineKeyboardButton]:
    """The month picker: the months other than the one shown."""
    return [
        InlineKeyboardButton(
            month_label(m.year, m.month),
            callback_data=AttendanceMonth(team_id, staff_id, month_key(m)).pack(),
        )
        for m in reversed(recent_months(today))
        if (m.year, m.month) != (shown.year, shown.month)
    ]


def team_keyboard(
    team_id: int, reps: Sequence[tuple[int, str]], today: date, shown: date
) -> InlineKeyboardMarkup:
    """A button per rep (their month), then the month picker."""
    rows = [
        [
            InlineKeyboardButton(
                name, callback_data=AttendanceMonth(team_id, staff_id, month_key(shown)).pack()
            )
        ]
        for staff_id, name in reps
    ]
    return InlineKeyboardMarkup([*rows, month_row(team_id, 0, today, shown)])


def days_keyboard(
    lang: str, team_id: int, staff_id: int, sheet: Mapping[date, DayMark], today: date, shown: date
) -> InlineKeyboardMarkup:
    """A supervisor's buttons under a rep's month: each workday so far (to correct), back, other months."""
    days = [d for d, mark in sorted(sheet.items()) if mark is not DayMark.HOLIDAY and d <= today]
    buttons = [
        InlineKeyboardButton(
            f"{d.day} {sheet[d].value}", callback_data=AttendanceDay(staff_id, day_key(d)).pack()
        )
        for d in days
    ]
    rows = [buttons[i : i + 7] for i in range(0, len(buttons), 7)]
    back = AttendanceMonth(team_id, 0, month_key(shown)).pack()
    rows.append([InlineKeyboardButton(t(lang, "attendance.back"), callback_data=back)])
    return InlineKeyboardMarkup([*rows, month_row(team_id, staff_id, today, shown)])


def choices_keyboard(lang: str, staff_id: int, day: date) -> InlineKeyboardMarkup:
    """The corrections a supervisor can make to one day."""
    return InlineKeyboardMarkup(
        [
            [
                InlineKeyboardButton(
                    t(lang, f"attendance.choice.{code}"),
                    callback_data=AttendanceSet(staff_id, day_key(day), code).pack(),
                )
            ]
            for code in CHOICES
        ]
    )


def parse_weekdays(text: str) -> list[int]:
    """`mon-sat` or `mon,tue,wed` into weekday numbers (0 = Monday); ValueError when unreadable."""
    text = text.lower()
    if "-" in text:
        first, _, last = text.partition("-")
        start, end = WEEKDAYS.index(first[:3]), WEEKDAYS.index(last[:3])
        if end < start:
            raise ValueError(text)
        return list(range(start, end + 1))
    days = sorted({WEEKDAYS.index(part.strip()[:3]) for part in text.split(",") if part.strip()})
    if not days:
        raise ValueError(text)
    return days


def parse_setting(args: list[str]) -> dict[str, object]:
    """`week mon-sat`, `start 08:30` or `locate 20` as the team settings to store (ValueError if unread)."""
    name, value = args[0].lower(), "".join(args[1:])
    if name == "week":
        return {"weekdays": parse_weekdays(value)}
    if name == "start" and (match := TIME.match(value)):
        return {"workday_start": f"{int(match.group(1)):02d}:{match.group(2)}"}
    if name == "locate" and value.isdigit() and 1 <= int(value) <= MAX_LOCATE_MINUTES:
        return {"locate_window_minutes": int(value)}
    raise ValueError(value)


def weekdays_label(days: Sequence[int]) -> str:
    """mon, tue, …"""
    return ", ".join(WEEKDAYS[d] for d in sorted(days))
