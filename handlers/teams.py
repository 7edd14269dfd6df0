"""/teams for admins: the list of teams, a new team, a new name, a new time zone (the asking and checking
is in handlers.team_steps); and the default team a fresh install starts with.
"""

from __future__ import annotations

import logging
from typing import Any

from telegram import Update
from telegram.ext import CallbackQueryHandler, CommandHandler, ConversationHandler, MessageHandler, filters

from domain.settings import Settings
from domain.zones import is_valid_zone
from handlers.busy import busy_elsewhere
from handlers.forms import flow
from handlers.team_steps import (
    CARD,
    DRAFT,
    LIST,
    NAME,
    ZONE,
    P,
    ask_name,
    ask_zone,
    gone,
    pressed_zone,
    row,
    say,
    show_card,
    team_in_draft,
    typed_name,
    typed_zone,
)
from presentation.context import FieldContext
from presentation.i18n import Raw, t
from storage import staff as staff_db
from storage import teams as teams_db
from storage.db import Database
from storage.models import Role, Team

log = logging.getLogger(__name__)


def default_team_name(zone: str) -> str:
    """The first team's name: the city of the TIMEZONE setting ("Asia/Shanghai" gives "Shanghai")."""
    return zone.rsplit("/", 1)[-1].replace("_", " ")[: teams_db.NAME_MAX] or zone


async def create_default_team(db: Database, settings: Settings) -> Team | None:
    """On a fresh install, one team in the TIMEZONE setting's zone, so an admin on a phone can invite
    people at once (renamed later with /teams); every later start finds a team and does nothing."""
    name = default_team_name(settings.timezone)
    async with db.session() as session:
        team = await teams_db.ensure_default_team(session, name=name, timezone=settings.timezone)
    if team is not None:
        log.info("created the default team %s (%s); rename it with /teams", team.id, settings.timezone)
    return team


async def start(update: Update, context: FieldContext) -> str | int:
    """Admins: every team, each a button, and New team; everyone else is refused."""
    assert update.message is not None
    if await busy_elsewhere(update, context, DRAFT):
        return ConversationHandler.END
    if context.me.role != Role.ADMIN:
        await update.message.reply_text(t(context.lang, "teams.not_allowed"))
        return ConversationHandler.END
    context.draft(DRAFT).clear()
    return await _show_list(update, context)


async def _show_list(update: Update, context: FieldContext) -> str:
    lang = context.lang
    async with context.db.session() as session:
        teams = await staff_db.list_teams(session)
        people = {team.id: len(await staff_db.list_staff(session, team_id=team.id)) for team in teams}
    lines = [
        t(
            lang,
            "teams.line",
            name=team.name,
            zone=team.timezone if is_valid_zone(team.timezone) else t(lang, "teams.bad_zone"),
            people=people[team.id],
        )
        for team in teams
    ]
    text = t(lang, "teams.list", count=len(teams), lines=Raw("\n".join(lines) or t(lang, "teams.empty")))
    buttons = [row((team.name[:60], f"team:{team.id}")) for team in teams]
    buttons.append(row((t(lang, "teams.new"), "new"), (t(lang, "common.cancel"), "cancel")))
    await say(update, context, text, buttons)
    return LIST


async def picked(update: Update, context: FieldContext) -> str | int | None:
    """A team from the list."""
    query = update.callback_query
    assert query is not None and query.data is not None
    raw = query.data.removeprefix(f"{P}team:")
    if not raw.isdigit():
        await query.answer(t(context.lang, "common.stale_button"), show_alert=True)
        return None
    await query.answer()
    context.draft(DRAFT).update(team_id=int(raw), step="card")
    return await show_card(update, context)


async def pressed(update: Update, context: FieldContext) -> str | int:
    """New team, Rename, Time zone or Back: ask for what that needs."""
    query = update.callback_query
    assert query is not None and query.data is not None
    await query.answer()
    action, draft, lang = query.data.removeprefix(P), context.draft(DRAFT), context.lang
    if action == "list":
        draft.clear()
        return await _show_list(update, context)
    if action == "new":
        draft.clear()
        return await ask_name(update, context, t(lang, "teams.ask_name", limit=teams_db.NAME_MAX))
    team = await team_in_draft(context)
    if team is None:
        return await gone(update, context)
    if action == "rename":
        text = t(lang, "teams.ask_new_name", name=team.name, limit=teams_db.NAME_MAX)
        return await ask_name(update, context, text)
    return await ask_zone(update, context)


async def hint(update: Update, context: FieldContext) -> None:
    """Unexpected input: say what this step wants and stay in it."""
    assert update.effective_message is not None
    step = context.draft(DRAFT).get("step")
    key = {"name": "teams.expected_name", "zone": "teams.expected_zone"}.get(step or "", "common.use_buttons")
    await update.effective_message.reply_text(t(context.lang, key))


async def stale(update: Update, context: FieldContext) -> None:
    """A button of an earlier step of this conversation."""
    assert update.callback_query is not None
    await update.callback_query.answer(t(context.lang, "common.stale_button"), show_alert=True)


async def finish_first(update: Update, context: FieldContext) -> None:
    """Another command in the middle of this conversation."""
    assert update.effective_message is not None
    await update.effective_message.reply_text(t(context.lang, "common.finish_first"))


def build() -> ConversationHandler[FieldContext]:
    """The /teams conversation."""
    other = ~filters.COMMAND & filters.UpdateType.MESSAGE
    text = filters.TEXT & other
    # Any other button of ours is from an earlier step; Cancel is left to the fallbacks.
    ours = CallbackQueryHandler(stale, pattern=f"^{P}(?!cancel$)")
    states: dict[object, list[Any]] = {
        LIST: [
            CallbackQueryHandler(picked, pattern=rf"^{P}team:"),
            CallbackQueryHandler(pressed, pattern=f"^{P}new$"),
            ours,
            MessageHandler(other, hint),
        ],
        CARD: [
            CallbackQueryHandler(pressed, pattern=f"^{P}(rename|zone|list)$"),
            ours,
            MessageHandler(other, hint),
        ],
        NAME: [MessageHandler(text, typed_name), ours, MessageHandler(other, hint)],
        ZONE: [
            MessageHandler(text, typed_zone),
            CallbackQueryHandler(pressed_zone, pattern=rf"^{P}z:"),
            ours,
            MessageHandler(other, hint),
        ],
    }
    return ConversationHandler(
        entry_points=[CommandHandler("teams", start)],
        states=states,
        fallbacks=[
            CommandHandler("cancel", flow.cancel),
            CallbackQueryHandler(flow.cancel, pattern=f"^{P}cancel$"),
            MessageHandler(filters.COMMAND, finish_first),
        ],
        allow_reentry=True,
        name="teams",
        persistent=True,
    )
