"""/holiday: a team's days off and make-up working days (调休), by hand or a whole year from China's
official calendar; supervisors for their own team, admins for any team named with @Team.

`/holiday` alone shows the year and offers the fill; `/holiday DAY [name]` adds a day off,
`/holiday workday DAY [name]` a make-up working day, `/holiday remove DAY` either, `/holiday fill YEAR`
a year. Filling adds only what is missing, so days edited by hand keep their names.
"""

from __future__ import annotations

from datetime import date
from typing import Any

from telegram import Update
from telegram.ext import BaseHandler, CallbackQueryHandler, CommandHandler

from domain.holiday_calendar import YearNotCovered, china_year
from domain.zones import zone_or_default
from handlers.common import pressed_team
from handlers.schedules import refresh_rates, team_command
from presentation.buttons import FillYear
from presentation.context import FieldContext
from presentation.i18n import Raw, t
from presentation.schedule_text import calendar_text, day_changed, fill_keyboard, parse_day, parse_fill
from storage import teams as teams_db
from storage.models import Team


async def show_year(update: Update, context: FieldContext, team: Team) -> None:
    """The team's days off and make-up days this year, with buttons to fill this year and the next."""
    assert update.message is not None
    lang = context.lang
    year = context.now().astimezone(zone_or_default(team.timezone, context.settings.timezone)).year
    async with context.db.read() as session:
        holidays, workdays = await teams_db.calendar_of(
            session, team.id or 0, date(year, 1, 1), date(year, 12, 31)
        )
    text = calendar_text(lang, team, year, [h.day for h in holidays], [w.day for w in workdays])
    await update.message.reply_text(text, reply_markup=fill_keyboard(lang, team, year))


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
    await refresh_rates(context, team, date(year, 1, 1))
    return t(lang, "teams.filled", year=year, team=team.name, holidays=holidays, workdays=workdays)


async def holiday(update: Update, context: FieldContext, team: Team, args: list[str]) -> None:
    """/holiday with or without arguments (see the module docstring)."""
    assert update.message is not None
    if not args:
        return await show_year(update, context, team)
    if args[0].lower() == "fill":
        await update.message.reply_text(await fill(context, team, parse_fill(args)))
        return None
    action, when, name = parse_day(args)
    found = True
    async with context.db.session() as session:
        if action == "remove":
            found = await teams_db.remove_day(session, team.id or 0, when)
        elif action == "workday":
            await teams_db.add_workday(session, team.id or 0, when, name)
        else:
            await teams_db.add_holiday(session, team.id or 0, when, name)
    await refresh_rates(context, team, when)
    await update.message.reply_text(day_changed(context.lang, action, team, when, found=found))


async def pressed_fill(update: Update, context: FieldContext) -> None:
    """The fill button: the right to change that team is checked again, never trusted from the button."""
    chosen = await pressed_team(update, context, FillYear)
    if chosen is not None and update.callback_query is not None:
        pressed, team = chosen
        await update.callback_query.edit_message_text(await fill(context, team, pressed.year))


def build() -> list[BaseHandler[Update, FieldContext, Any]]:
    """The command and its fill button (one-shot: no conversation state to keep)."""
    return [
        CommandHandler("holiday", team_command("teams.holiday_usage", holiday)),
        CallbackQueryHandler(pressed_fill, pattern=FillYear.pattern()),
    ]
