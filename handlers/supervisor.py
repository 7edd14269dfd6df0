"""/team and /missing for supervisors and admins, and the team and period pickers /stats shares.

A supervisor sees only their own team; an admin picks any team with buttons; reps are refused.
Callback data names a team id, so the right to see that team is checked again on every press.
"""

from __future__ import annotations

from datetime import date, datetime, timedelta
from zoneinfo import ZoneInfo

from telegram import InlineKeyboardButton, InlineKeyboardMarkup, Update
from telegram.ext import BaseHandler, CallbackQueryHandler, CommandHandler

from domain.deadlines import period_containing
from domain.zones import team_zone
from presentation import digest_text as fmt
from presentation.context import FieldContext
from presentation.i18n import Raw, t
from presentation.split import split_html
from storage import digests as digests_db
from storage import stats as stats_db
from storage.field_models import CheckIn
from storage.models import Role, Staff, Team

PREFIX = "dg:"
TEAM_VIEW, MISSING, STATS = "team", "missing", "stats"
ACTIONS = (TEAM_VIEW, MISSING, STATS)
RANGES = ("this_week", "last_week", "this_month", "last_month")


def date_range(name: str, today: date) -> tuple[date, date]:
    """First and last day of a named period around `today` (this/last week, this/last month)."""
    kind = "weekly" if name.endswith("week") else "monthly"
    first, last = period_containing(kind, today)
    if name.startswith("last"):
        first, last = period_containing(kind, first - timedelta(days=1))
    return first, last


async def send_long(context: FieldContext, chat_id: int, text: str) -> None:
    """Send HTML text, split at Telegram's limit on line boundaries."""
    for chunk in split_html(text):
        await context.bot.send_message(chat_id, chunk)


async def team_for(context: FieldContext, team_id: int) -> Team | None:
    """The team if this person may see it: admins any, supervisors only their own, reps none."""
    me = context.me
    if me.role == Role.REP or (me.role == Role.SUPERVISOR and me.team_id != team_id):
        return None
    async with context.db.session() as session:
        return await session.get(Team, team_id)


async def ask_scope(update: Update, context: FieldContext, action: str) -> Team | None:
    """Start of /team, /missing and a manager's /stats: refuse reps, let admins pick a team.

    Returns the supervisor's own team to continue with, or None when a question or refusal was sent.
    """
    assert update.message is not None
    me = context.me
    if me.role == Role.REP:
        await update.message.reply_text(t(context.lang, "stats.not_allowed"))
        return None
    if me.role == Role.ADMIN:
        async with context.db.session() as session:
            teams = await digests_db.all_teams(session)
        if not teams:
            await update.message.reply_text(t(context.lang, "stats.no_teams"))
            return None
        buttons = [
            [InlineKeyboardButton(team.name, callback_data=f"{PREFIX}{action}:{team.id}")] for team in teams
        ]
        await update.message.reply_text(
            t(context.lang, "stats.pick_team"), reply_markup=InlineKeyboardMarkup(buttons)
        )
        return None
    team = await team_for(context, me.team_id) if me.team_id is not None else None
    if team is None:
        await update.message.reply_text(t(context.lang, "stats.no_team"))
    return team


async def ask_range(context: FieldContext, chat_id: int, action: str, team: Team) -> None:
    """Offer this week, last week, this month, last month."""
    buttons = [
        [
            InlineKeyboardButton(
                t(context.lang, f"stats.range.{name}"), callback_data=f"{PREFIX}{action}:{team.id}:{name}"
            )
            for name in pair
        ]
        for pair in (RANGES[:2], RANGES[2:])
    ]
    text = t(context.lang, "stats.pick_range", what=t(context.lang, f"stats.what.{action}"), team=team.name)
    await context.bot.send_message(chat_id, text, reply_markup=InlineKeyboardMarkup(buttons))


def _where_line(
    lang: str, rep: Staff, last: tuple[CheckIn, str | None] | None, now: datetime, zone: ZoneInfo
) -> Raw:
    """One rep's line of /team."""
    if last is None:
        return t(lang, "stats.team.not_today", name=rep.name)
    checkin, customer = last
    if checkin.checked_in_at.astimezone(zone).date() != now.astimezone(zone).date():
        return t(lang, "stats.team.not_today", name=rep.name)
    verdict = fmt.label(lang, "stats.verdict", checkin.verdict)
    if checkin.suspicious:
        verdict += ", " + t(lang, "stats.verdict.suspicious")
    still = t(lang, "stats.team.still_there") if checkin.checked_out_at is None else ""
    return t(
        lang,
        "stats.team.line",
        name=rep.name,
        customer=customer or t(lang, "digests.no_customer"),
        verdict=Raw(verdict),
        ago=fmt.ago(lang, checkin.checked_in_at, now),
        still=still,
    )


async def team_text(context: FieldContext, team: Team) -> str:
    """Where each rep of the team is: today's last check-in, or not checked in today."""
    now, zone, lang = context.now(), team_zone(team.timezone, context.settings.timezone), context.lang
    async with context.db.session() as session:
        reps = await stats_db.team_reps(session, team.id or 0)
        last = await stats_db.last_checkins(session, [rep.id or 0 for rep in reps])
    if not reps:
        return t(lang, "stats.team.no_reps", team=team.name)
    lines = [t(lang, "stats.team.title", team=team.name, now=now.astimezone(zone).strftime("%H:%M"))]
    lines += [_where_line(lang, rep, last.get(rep.id or 0), now, zone) for rep in reps]
    return fmt.join_lines(lines)


async def missing_text(context: FieldContext, team: Team, range_name: str) -> str:
    """Who has missing (and late) reports for periods in the chosen range."""
    now, lang = context.now(), context.lang
    zone = team_zone(team.timezone, context.settings.timezone)
    first, last = date_range(range_name, now.astimezone(zone).date())
    async with context.db.session() as session:
        reps = await stats_db.team_reps(session, team.id or 0)
        counts = await stats_db.report_counts(session, team, reps, first, last, now, zone=zone)
    title = t(
        lang,
        "stats.missing.title",
        team=team.name,
        range=t(lang, f"stats.range.{range_name}"),
        start=first.isoformat(),
        end=last.isoformat(),
    )
    lines = [title]
    for rep in reps:
        row = counts[rep.id or 0]
        if row.missing:
            periods = ", ".join(
                t(lang, f"stats.kind.{kind}", start=start)
                for kind, start in (item.split(" ", 1) for item in row.missing_periods)
            )
            lines.append(
                t(
                    lang,
                    "stats.missing.line",
                    name=rep.name,
                    missing=row.missing,
                    periods=Raw(periods),
                    late=row.late,
                )
            )
    if len(lines) == 1:
        lines.append(t(lang, "stats.missing.none"))
    return fmt.join_lines(lines)


async def show_team(update: Update, context: FieldContext) -> None:
    """/team: where each rep of the team is right now."""
    team = await ask_scope(update, context, TEAM_VIEW)
    if team is not None and update.effective_chat is not None:
        await send_long(context, update.effective_chat.id, await team_text(context, team))


async def show_missing(update: Update, context: FieldContext) -> None:
    """/missing: ask for the period (admins first pick the team)."""
    team = await ask_scope(update, context, MISSING)
    if team is not None and update.effective_chat is not None:
        await ask_range(context, update.effective_chat.id, MISSING, team)


async def on_button(update: Update, context: FieldContext) -> None:
    """A team or period button of /team, /missing or /stats; the right to see the team is checked again."""
    from handlers.stats import team_stats_text

    query = update.callback_query
    assert query is not None and query.data is not None and update.effective_chat is not None
    parts = query.data.removeprefix(PREFIX).split(":")
    valid = len(parts) in (2, 3) and parts[0] in ACTIONS and parts[1].isdigit() and len(parts[1]) < 10
    valid = valid and (len(parts) == 2 or parts[2] in RANGES)
    team = await team_for(context, int(parts[1])) if valid else None
    if team is None:
        await query.answer(t(context.lang, "common.not_yours"), show_alert=True)
        return
    await query.answer()
    action, chat_id = parts[0], update.effective_chat.id
    if action == TEAM_VIEW:
        await send_long(context, chat_id, await team_text(context, team))
    elif len(parts) == 2:
        await ask_range(context, chat_id, action, team)
    elif action == MISSING:
        await send_long(context, chat_id, await missing_text(context, team, parts[2]))
    else:
        await send_long(context, chat_id, await team_stats_text(context, team, parts[2]))


def build() -> list[BaseHandler[Update, FieldContext, None]]:
    """The supervisor commands and the buttons they (and /stats) send."""
    return [
        CommandHandler("team", show_team),
        CommandHandler("missing", show_missing),
        CallbackQueryHandler(on_button, pattern=f"^{PREFIX}"),
    ]
