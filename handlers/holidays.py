"""/holiday: a team's days off and make-up working days (调休), by hand or a whole year from China's
official calendar; supervisors for their own team, admins for any team named with @Team.

`/holiday` alone shows the year and offers the fill; `/holiday DAY [name]` adds a day off,
`/holiday workday DAY [name]` a make-up working day, `/holiday remove DAY` either, `/holiday fill YEAR`
a year. Filling adds only what is missing, so days edited by hand keep their names.
"""

from __future__ import annotations

from datetime import date, timedelta

from telegram import InlineKeyboardButton, InlineKeyboardMarkup, Update
from telegram.ext import BaseHandler, CallbackQueryHandler, CommandHandler

from domain.holiday_calendar import YearNotCovered, china_year
from domain.zones import zone_or_default
from handlers.schedules import BadInput, _args, _day, _team
from presentation import services
from presentation.context import FieldContext
from presentation.i18n import Raw, t
from storage import reminders as reminders_db
from storage import staff as staff_db
from storage import teams as teams_db
from storage.models import Role, Team

FILL = "hol:fill:"
YEARS = range(2004, 2100)  # what a typed year may be; the calendar itself says which it has


def _ranges(days: list[date]) -> str:
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


async def show_year(update: Update, context: FieldContext, team: Team) -> None:
    """The team's days off and make-up days this year, with buttons to fill this year and the next."""
    assert update.message is not None
    lang = context.lang
    year = context.now().astimezone(zone_or_default(team.timezone, context.settings.timezone)).year
    async with context.db.session() as session:
        holidays, workdays = await teams_db.calendar_of(
            session, team.id or 0, date(year, 1, 1), date(year, 12, 31)
        )
    none = t(lang, "teams.calendar_none")
    text = t(
        lang,
        "teams.calendar",
        team=team.name,
        year=year,
        holidays=_ranges([h.day for h in holidays]) or none,
        workdays=_ranges([w.day for w in workdays]) or none,
        usage=t(lang, "teams.holiday_usage"),
    )
    buttons = [
        [InlineKeyboardButton(t(lang, "teams.fill_button", year=y), callback_data=f"{FILL}{team.id}:{y}")]
        for y in (year, year + 1)
    ]
    await update.message.reply_text(text, reply_markup=InlineKeyboardMarkup(buttons))


async def fill(context: FieldContext, team: Team, year: int) -> Raw:
    """Fill `year` for `team` from the official calendar; the answer to show."""
    lang = context.lang
    try:
        calendar = china_year(year)
    except YearNotCovered:
        return t(lang, "teams.year_not_covered", year=year)
    async with context.db.session() as session:
        holidays, workdays = await teams_db.fill_calendar(
            session, team.id or 0, calendar.holidays, calendar.workdays
        )
    if not holidays and not workdays:
        return t(lang, "teams.filled_nothing", year=year, team=team.name)
    # Periods already rated may now be excused.
    await services.refresh_rates(context.bot_data)(
        context.db, context.now(), full=True, since=date(year, 1, 1) - timedelta(days=31), team_id=team.id
    )
    return t(lang, "teams.filled", year=year, team=team.name, holidays=holidays, workdays=workdays)


async def holiday(update: Update, context: FieldContext) -> None:
    """/holiday with or without arguments (see the module docstring)."""
    assert update.message is not None
    lang = context.lang
    try:
        args = _args(context)
        team = await _team(update, context, args)
        if team is None:
            return
        if not args:
            await show_year(update, context, team)
            return
        action = args[0].lower()
        if action == "fill":
            if len(args) != 2 or not args[1].isdigit() or int(args[1]) not in YEARS:
                raise BadInput
            await update.message.reply_text(await fill(context, team, int(args[1])))
            return
        day = _day(args[1] if action in ("remove", "workday") and len(args) > 1 else args[0])
    except BadInput:
        usage = t(lang, "teams.holiday_usage")
        await update.message.reply_text(t(lang, "schedules.bad_input", usage=usage))
        return
    name = " ".join(args[2:] if action in ("remove", "workday") else args[1:])[:100] or None
    async with context.db.session() as session:
        if action == "remove":
            removed = await teams_db.remove_day(session, team.id or 0, day)
        elif action == "workday":
            await teams_db.add_workday(session, team.id or 0, day, name)
        else:
            await teams_db.drop_workday(session, team.id or 0, day)  # a day is off or worked, not both
            await reminders_db.add_holiday(session, team.id or 0, day, name)
    await services.refresh_rates(context.bot_data)(
        context.db, context.now(), full=True, since=day - timedelta(days=31), team_id=team.id
    )
    if action == "remove":
        key = "teams.removed" if removed else "teams.not_found"
    else:
        key = "teams.workday_saved" if action == "workday" else "schedules.holiday_saved"
    await update.message.reply_text(t(lang, key, day=day, team=team.name))


async def pressed_fill(update: Update, context: FieldContext) -> None:
    """The fill button: the right to change that team is checked again, never trusted from the button."""
    query = update.callback_query
    assert query is not None and query.data is not None
    team_id, _, year = query.data.removeprefix(FILL).partition(":")
    me = context.me
    async with context.db.session() as session:
        team = await staff_db.team_by_id(session, int(team_id)) if team_id.isdigit() else None
    allowed = team is not None and (
        me.role == Role.ADMIN or (me.role == Role.SUPERVISOR and me.team_id == team.id)
    )
    if team is None or not allowed or not year.isdigit() or int(year) not in YEARS:
        await query.answer(t(context.lang, "common.not_yours"), show_alert=True)
        return
    await query.answer()
    await query.edit_message_text(await fill(context, team, int(year)))


def build() -> list[BaseHandler[Update, FieldContext, None]]:
    """The command and its fill button (one-shot: no conversation state to keep)."""
    return [
        CommandHandler("holiday", holiday),
        CallbackQueryHandler(pressed_fill, pattern=f"^{FILL}"),
    ]
