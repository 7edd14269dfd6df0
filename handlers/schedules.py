"""/schedule and /leave, and the command shape handlers.holidays shares: supervisors (their own team) and
admins (any team, named with @Team) change report deadlines and mark someone on leave. One-line commands
with arguments: there is nothing to ask step by step, and the usage text shows the exact form."""

from __future__ import annotations

from collections.abc import Awaitable, Callable
from datetime import date, timedelta
from typing import Any

from telegram import Update
from telegram.ext import BaseHandler, CommandHandler

from handlers.common import MANAGERS, Guarded, for_roles, managed_team, manages
from presentation import schedule_text as views
from presentation import services
from presentation.context import FieldContext
from presentation.i18n import t
from storage import schedules as schedules_db
from storage import staff as staff_db
from storage.models import Team

MAX_ARGS_LENGTH = 300
TeamCommand = Callable[[Update, FieldContext, Team, list[str]], Awaitable[None]]


async def _team(update: Update, context: FieldContext, args: list[str]) -> Team | None:
    """The team the command is about, answering the person when there is none; pops a trailing @Team."""
    assert update.message is not None
    named = args.pop()[1:] if args and args[-1].startswith("@") else None
    if named is None:
        team, refusal = await managed_team(context, context.me.team_id or 0), "schedules.no_team"
    else:
        async with context.db.read() as session:
            team = await staff_db.team_by_name(session, named)
        refusal = "schedules.team_unknown" if team is None else "schedules.not_allowed"
        team = team if team is not None and manages(context.me, team.id) else None
    if team is None:
        await update.message.reply_text(t(context.lang, refusal, team=named))
    return team


def team_command(usage: str, command: TeamCommand) -> Guarded[None]:
    """A one-line team command: the arguments, the team they name (or the person's own), and the usage
    text (catalog key `usage`) when `command` raises BadInput."""

    async def handle(update: Update, context: FieldContext) -> None:
        assert update.message is not None
        args = list(context.args or [])
        try:
            if sum(len(a) for a in args) > MAX_ARGS_LENGTH:
                raise views.BadInput
            team = await _team(update, context, args)
            if team is not None:
                await command(update, context, team, args)
        except views.BadInput:
            usage_text = t(context.lang, usage)
            await update.message.reply_text(t(context.lang, "schedules.bad_input", usage=usage_text))

    return for_roles(*MANAGERS, refusal="schedules.not_allowed")(handle)


async def refresh_rates(context: FieldContext, team: Team, since: date) -> None:
    """Periods already rated may now be excused (leave, a day off): recompute them from `since` on."""
    await services.refresh_rates(context.bot_data)(
        context.db, context.now(), full=True, since=since - timedelta(days=31), team_id=team.id
    )


async def edit_schedule(update: Update, context: FieldContext, team: Team, args: list[str]) -> None:
    """/schedule shows the team's schedules; with arguments it changes one."""
    assert update.message is not None
    lang = context.lang
    if not args:
        async with context.db.read() as session:
            stored = await schedules_db.stored_schedules(session, team.id or 0)
        await update.message.reply_text(views.schedules_text(lang, team, stored))
        return
    kind, values = views.parse_schedule(args)
    async with context.db.session() as session:
        row = await schedules_db.save_schedule(session, team.id or 0, kind, **values)
    await update.message.reply_text(t(lang, "schedules.saved", line=views.schedule_line(lang, kind, row)))


async def add_leave(update: Update, context: FieldContext, team: Team, args: list[str]) -> None:
    """/leave TELEGRAM_ID START END|half [reason]: no reports are expected of them on those days."""
    assert update.message is not None
    leave = views.parse_leave(args)
    async with context.db.session() as session:
        person = await staff_db.staff_by_telegram_id(session, leave.telegram_id)
        if person is None or person.team_id != team.id:
            await update.message.reply_text(t(context.lang, "schedules.not_in_team"))
            return
        await schedules_db.add_leave(
            session, person.id or 0, leave.start, leave.end, leave.reason, half_day=leave.half_day
        )
    await refresh_rates(context, team, leave.start)
    await update.message.reply_text(views.leave_saved(context.lang, person.name, leave))


def build() -> list[BaseHandler[Update, FieldContext, Any]]:
    """/schedule and /leave (one-shot, so no conversation state to keep); /holiday is handlers.holidays."""
    return [
        CommandHandler("schedule", team_command("schedules.usage", edit_schedule)),
        CommandHandler("leave", team_command("attendance.leave_usage", add_leave)),
    ]
