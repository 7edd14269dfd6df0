"""/stats, /team and /missing: a rep's own numbers this week and month; for supervisors and admins, where
each rep is now, who is missing reports and the team's figures for a chosen week or month.

A supervisor sees only their own team; an admin picks any team with buttons; reps see only their own
numbers. A button names a team id, so the right to see that team is checked again on every press.
"""

from __future__ import annotations

from datetime import date
from typing import Any

from telegram import Update
from telegram.ext import BaseHandler, CallbackQueryHandler, CommandHandler, MessageHandler, filters

from domain.zones import team_zone
from handlers.common import MANAGERS, for_roles, managed_team, pressed_team
from handlers.forms.engine import send_pages
from presentation import stats_text
from presentation.buttons import MISSING, NO_RANGE, STATS, TEAM_VIEW, TeamFigures
from presentation.context import FieldContext
from presentation.i18n import Raw, all_texts, t
from presentation.menus import main_menu
from presentation.order_rates_text import order_rates_block
from presentation.split import split_html
from storage import digests as digests_db
from storage import stats as stats_db
from storage.models import Role, Staff, Team


async def _open(update: Update, context: FieldContext, action: str) -> None:
    """Start of /team, /missing and a manager's /stats: admins pick a team with buttons; a supervisor goes
    on with their own."""
    assert update.message is not None
    lang = context.lang
    if context.me.role == Role.ADMIN:
        async with context.db.read() as session:
            teams = await digests_db.all_teams(session)
        text, picker = stats_text.team_question(lang, teams, action)
        await update.message.reply_text(text, reply_markup=picker)
        return
    team = await managed_team(context, context.me.team_id or 0)
    if team is None:
        await update.message.reply_text(t(lang, "stats.no_team"))
        return
    await _answer(update, context, team, TeamFigures(action, team.id or 0))


async def _answer(update: Update, context: FieldContext, team: Team, chosen: TeamFigures) -> None:
    """Ask for the period while none is chosen (/team needs none); else what `chosen` says about the team."""
    if chosen.action != TEAM_VIEW and chosen.range == NO_RANGE:
        text, markup = stats_text.range_question(context.lang, chosen.action, team)
        await send_pages(update, context, [text], markup)
    else:
        # Split at Telegram's limit on line boundaries: a large team's list outgrows one message.
        await send_pages(update, context, split_html(await _team_text(context, team, chosen)))


async def _figures(
    context: FieldContext, team: Team, reps: list[Staff], days: tuple[date, date]
) -> stats_text.Figures:
    """Check-ins, visits and report punctuality per rep for the local days of `days`."""
    zone = team_zone(team.timezone, context.settings.timezone)
    async with context.db.read() as session:
        return await stats_db.figures(session, team, reps, days, context.now(), zone)


async def _team_text(context: FieldContext, team: Team, chosen: TeamFigures) -> str:
    """What /team, /missing or /stats says about `team` (for the chosen period)."""
    now, lang = context.now(), context.lang
    zone = team_zone(team.timezone, context.settings.timezone)
    async with context.db.read() as session:
        reps = list(await stats_db.team_reps(session, team.id or 0))
        if chosen.action == TEAM_VIEW:
            last = await stats_db.last_checkins(session, [rep.id or 0 for rep in reps])
            return stats_text.team_view(lang, team, reps, last, now, zone)
        days = stats_text.date_range(chosen.range, now.astimezone(zone).date())
        if chosen.action == MISSING:
            counts = await stats_db.report_counts(session, team, reps, *days, now, zone=zone)
            return stats_text.missing_text(lang, team, chosen.range, days, reps, counts)
    figures = await _figures(context, team, reps, days)
    text = stats_text.team_stats_text(lang, team, chosen.range, days, reps, figures)
    # The work-order rates of the month the period ends in, beside the report on-time rates.
    orders = await order_rates_block(context.db, lang, team.id or 0, days[1])
    return Raw(f"{text}\n\n{orders}")


async def _my_stats_text(context: FieldContext) -> str:
    """A rep's own numbers this week and this month."""
    me, lang = context.me, context.lang
    async with context.db.read() as session:
        team = await session.get(Team, me.team_id) if me.team_id is not None else None
    # A rep without a team still has numbers; the default zone stands in for the team's.
    team = team or Team(id=0, name="", timezone=context.settings.timezone)
    today = context.now().astimezone(team_zone(team.timezone, context.settings.timezone)).date()
    blocks = [t(lang, "stats.mine.title", name=me.name)]
    for range_name in ("this_week", "this_month"):
        days = stats_text.date_range(range_name, today)
        figures = await _figures(context, team, [me], days)
        blocks.append(stats_text.my_block(lang, range_name, days, me, figures))
    if me.team_id is not None:
        blocks.append(await order_rates_block(context.db, lang, me.team_id, today, staff_id=me.id))
    return Raw("\n\n".join(blocks))


async def show_stats(update: Update, context: FieldContext) -> None:
    """/stats or the menu button: own numbers for reps, a period picker for managers."""
    assert update.message is not None
    if context.me.role == Role.REP:
        await update.message.reply_text(await _my_stats_text(context), reply_markup=main_menu(context.lang))
        return
    await _open(update, context, STATS)


@for_roles(*MANAGERS, refusal="stats.not_allowed")
async def show_team(update: Update, context: FieldContext) -> None:
    """/team: where each rep of the team is right now."""
    await _open(update, context, TEAM_VIEW)


@for_roles(*MANAGERS, refusal="stats.not_allowed")
async def show_missing(update: Update, context: FieldContext) -> None:
    """/missing: ask for the period (admins first pick the team)."""
    await _open(update, context, MISSING)


async def on_button(update: Update, context: FieldContext) -> None:
    """A team or period button of /team, /missing or /stats; the right to see the team is checked again."""
    chosen = await pressed_team(update, context, TeamFigures)
    if chosen is not None:
        pressed, team = chosen
        await _answer(update, context, team, pressed)


def build() -> list[BaseHandler[Update, FieldContext, Any]]:
    """/stats (and the rep's 📊 menu button), /team, /missing and the buttons they send."""
    return [
        CommandHandler("stats", show_stats),
        MessageHandler(filters.Text(sorted(all_texts("menu.stats"))), show_stats),
        CommandHandler("team", show_team),
        CommandHandler("missing", show_missing),
        CallbackQueryHandler(on_button, pattern=TeamFigures.pattern()),
    ]
