"""/stats, /team and /missing: a rep's own numbers this week and month; for supervisors and admins, where
each rep is now, who is missing reports and the team's figures for a chosen week or month.

A supervisor sees only their own team; an admin picks any team with buttons; reps see only their own
numbers. A button names a team id, so the right to see that team is checked again on every press.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from typing import Any

from telegram import InlineKeyboardButton, InlineKeyboardMarkup, Update
from telegram.ext import BaseHandler, CallbackQueryHandler, CommandHandler, MessageHandler, filters

from domain.zones import local_day_bounds, team_zone
from handlers.common import MANAGERS, for_roles, manages
from presentation import stats_text
from presentation.callbacks import CallbackData
from presentation.context import FieldContext
from presentation.i18n import Raw, all_texts, t
from presentation.menus import main_menu
from presentation.order_rates_text import order_rates_block
from presentation.split import split_html
from storage import digests as digests_db
from storage import stats as stats_db
from storage.models import Role, Staff, Team

TEAM_VIEW, MISSING, STATS = "team", "missing", "stats"
NO_RANGE = "-"


@dataclass(frozen=True)
class TeamFigures(CallbackData, prefix="stf"):
    """A team (and, once chosen, a period) for /team, /missing or a manager's /stats."""

    action: str
    team_id: int
    range: str = NO_RANGE

    def valid(self) -> bool:
        """Only the actions and periods this module offers (anything else was tampered with)."""
        ranges = (NO_RANGE, *stats_text.RANGES) if self.action != TEAM_VIEW else (NO_RANGE,)
        return (
            self.action in (TEAM_VIEW, MISSING, STATS) and self.range in ranges and 0 < self.team_id < 2**31
        )


def _button(text: str, data: TeamFigures) -> InlineKeyboardButton:
    return InlineKeyboardButton(text, callback_data=data.pack())


async def _send_long(context: FieldContext, chat_id: int, text: str) -> None:
    """Send HTML text, split at Telegram's limit on line boundaries."""
    for chunk in split_html(text):
        await context.bot.send_message(chat_id, chunk)


async def _team_for(context: FieldContext, team_id: int) -> Team | None:
    """The team if this person may see it: admins any, supervisors only their own, reps none."""
    if not manages(context.me, team_id):
        return None
    async with context.db.session() as session:
        return await session.get(Team, team_id)


async def _ask_scope(update: Update, context: FieldContext, action: str) -> Team | None:
    """Start of /team, /missing and a manager's /stats: refuse reps, let admins pick a team.

    Returns the supervisor's own team to continue with, or None when a question or refusal was sent."""
    assert update.message is not None
    me, lang = context.me, context.lang
    if me.role == Role.ADMIN:
        async with context.db.session() as session:
            teams = await digests_db.all_teams(session)
        rows = [[_button(team.name, TeamFigures(action, team.id or 0))] for team in teams]
        markup = InlineKeyboardMarkup(rows) if rows else None
        await update.message.reply_text(
            t(lang, "stats.pick_team" if rows else "stats.no_teams"), reply_markup=markup
        )
        return None
    team = await _team_for(context, me.team_id) if me.team_id is not None else None
    if team is None:
        await update.message.reply_text(t(lang, "stats.no_team"))
    return team


async def _ask_range(context: FieldContext, chat_id: int, action: str, team: Team) -> None:
    """Offer this week, last week, this month, last month."""
    lang, ranges = context.lang, stats_text.RANGES
    rows = [
        [_button(t(lang, f"stats.range.{name}"), TeamFigures(action, team.id or 0, name)) for name in pair]
        for pair in (ranges[:2], ranges[2:])
    ]
    text = t(lang, "stats.pick_range", what=t(lang, f"stats.what.{action}"), team=team.name)
    await context.bot.send_message(chat_id, text, reply_markup=InlineKeyboardMarkup(rows))


async def _figures(
    context: FieldContext, team: Team, reps: list[Staff], days: tuple[date, date]
) -> stats_text.Figures:
    """Check-ins, visits and report punctuality per rep for the local days of `days`."""
    zone = team_zone(team.timezone, context.settings.timezone)
    start, end = local_day_bounds(*days, zone)
    ids = [rep.id or 0 for rep in reps]
    async with context.db.session() as session:
        checkins = await stats_db.checkin_counts(session, ids, start, end)
        visits = await stats_db.visit_counts(session, ids, start, end)
        reports = await stats_db.report_counts(session, team, reps, *days, context.now(), zone=zone)
    return checkins, visits, reports


async def _team_text(context: FieldContext, team: Team, action: str, range_name: str) -> str:
    """What /team, /missing or /stats says about `team` (for the named period)."""
    now, lang = context.now(), context.lang
    zone = team_zone(team.timezone, context.settings.timezone)
    async with context.db.session() as session:
        reps = list(await stats_db.team_reps(session, team.id or 0))
        if action == TEAM_VIEW:
            last = await stats_db.last_checkins(session, [rep.id or 0 for rep in reps])
            lines = [t(lang, "stats.team.title", team=team.name, now=now.astimezone(zone).strftime("%H:%M"))]
            lines += [stats_text.where_line(lang, rep, last.get(rep.id or 0), now, zone) for rep in reps]
            return Raw("\n".join(lines)) if reps else t(lang, "stats.team.no_reps", team=team.name)
        days = stats_text.date_range(range_name, now.astimezone(zone).date())
        if action == MISSING:
            counts = await stats_db.report_counts(session, team, reps, *days, now, zone=zone)
            return stats_text.missing_text(lang, team, range_name, days, reps, counts)
    figures = await _figures(context, team, reps, days)
    text = stats_text.team_stats_text(lang, team, range_name, days, reps, figures)
    # The work-order rates of the month the period ends in, beside the report on-time rates.
    orders = await order_rates_block(context.db, lang, team.id or 0, days[1])
    return Raw(f"{text}\n\n{orders}")


async def _my_stats_text(context: FieldContext) -> str:
    """A rep's own numbers this week and this month."""
    me, lang = context.me, context.lang
    async with context.db.session() as session:
        team = await session.get(Team, me.team_id) if me.team_id is not None else None
    # A rep without a team still has numbers; the default zone stands in for the team's.
    team = team or Team(id=0, name="", timezone=context.settings.timezone)
    today = context.now().astimezone(team_zone(team.timezone, context.settings.timezone)).date()
    blocks = [t(lang, "stats.mine.title", name=me.name)]
    for range_name in ("this_week", "this_month"):
        days = stats_text.date_range(range_name, today)
        blocks.append(
            stats_text.my_block(lang, range_name, days, me, await _figures(context, team, [me], days))
        )
    if me.team_id is not None:
        blocks.append(await order_rates_block(context.db, lang, me.team_id, today, staff_id=me.id))
    return Raw("\n\n".join(blocks))


async def show_stats(update: Update, context: FieldContext) -> None:
    """/stats or the menu button: own numbers for reps, a period picker for managers."""
    assert update.message is not None and update.effective_chat is not None
    if context.me.role == Role.REP:
        await update.message.reply_text(await _my_stats_text(context), reply_markup=main_menu(context.lang))
        return
    team = await _ask_scope(update, context, STATS)
    if team is not None:
        await _ask_range(context, update.effective_chat.id, STATS, team)


@for_roles(*MANAGERS, refusal="stats.not_allowed")
async def show_team(update: Update, context: FieldContext) -> None:
    """/team: where each rep of the team is right now."""
    team = await _ask_scope(update, context, TEAM_VIEW)
    if team is not None and update.effective_chat is not None:
        await _send_long(
            context, update.effective_chat.id, await _team_text(context, team, TEAM_VIEW, NO_RANGE)
        )


@for_roles(*MANAGERS, refusal="stats.not_allowed")
async def show_missing(update: Update, context: FieldContext) -> None:
    """/missing: ask for the period (admins first pick the team)."""
    team = await _ask_scope(update, context, MISSING)
    if team is not None and update.effective_chat is not None:
        await _ask_range(context, update.effective_chat.id, MISSING, team)


async def on_button(update: Update, context: FieldContext) -> None:
    """A team or period button of /team, /missing or /stats; the right to see the team is checked again."""
    query = update.callback_query
    assert query is not None and update.effective_chat is not None
    pressed = TeamFigures.unpack(query.data)
    team = await _team_for(context, pressed.team_id) if pressed is not None and pressed.valid() else None
    if team is None or pressed is None:
        await query.answer(t(context.lang, "common.not_yours"), show_alert=True)
        return
    await query.answer()
    chat_id = update.effective_chat.id
    if pressed.action != TEAM_VIEW and pressed.range == NO_RANGE:
        await _ask_range(context, chat_id, pressed.action, team)
    else:
        await _send_long(context, chat_id, await _team_text(context, team, pressed.action, pressed.range))


def build() -> list[BaseHandler[Update, FieldContext, Any]]:
    """/stats (and the rep's 📊 menu button), /team, /missing and the buttons they send."""
    return [
        CommandHandler("stats", show_stats),
        MessageHandler(filters.Text(sorted(all_texts("menu.stats"))), show_stats),
        CommandHandler("team", show_team),
        CommandHandler("missing", show_missing),
        CallbackQueryHandler(on_button, pattern=TeamFigures.pattern()),
    ]
