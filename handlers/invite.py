"""/invite: a supervisor or admin makes a single-use registration link; role and team are buttons."""

from __future__ import annotations

from datetime import timedelta

from telegram import Update
from telegram.ext import CommandHandler, ConversationHandler, MessageHandler, filters

from handlers.common import MANAGERS, for_roles
from handlers.forms import answers, flow
from handlers.staff_common import chooser, chosen_team, conversation, prompt
from presentation.context import FieldContext
from presentation.i18n import t
from presentation.invite_text import invite_created, role_choices
from presentation.team_text import team_choices
from storage import staff as staff_db
from storage.models import Role, Staff

ROLE, TEAM = "invite.role", "invite.team"
DRAFT = "invite"


def roles_for(inviter: Staff) -> list[Role]:
    """Roles a person may hand out: supervisors grow their own team, admins can create anyone."""
    if inviter.role == Role.ADMIN:
        return [Role.REP, Role.SUPERVISOR, Role.ADMIN]
    if inviter.role == Role.SUPERVISOR:
        return [Role.REP, Role.SUPERVISOR]
    return []


@for_roles(*MANAGERS, refusal="invite.not_allowed")
async def start(update: Update, context: FieldContext) -> str | int:
    """Ask which role the new person will have."""
    me, lang = context.me, context.lang
    if me.role == Role.SUPERVISOR and me.team_id is None:
        await answers.reply(update, context, "invite.no_team")
        return ConversationHandler.END
    context.draft(DRAFT).clear()
    await prompt(update, context, FORM, t(lang, "invite.ask_role"), role_choices(lang, roles_for(me)))
    return ROLE


async def _chose_role(update: Update, context: FieldContext, value: str) -> str | int:
    """Remember the role; admins then choose a team, supervisors invite into their own."""
    query = update.callback_query
    assert query is not None
    me, lang = context.me, context.lang
    if value not in {r.value for r in roles_for(me)}:
        # Tampered data or a changed role: never trust the button, check the right again.
        await query.answer(t(lang, "invite.not_allowed"), show_alert=True)
        return ROLE
    await query.answer()
    context.draft(DRAFT)["role"] = value
    if me.role == Role.SUPERVISOR:
        return await _create(update, context, team_id=me.team_id)
    if value == Role.ADMIN:
        return await _create(update, context, team_id=None)
    async with context.db.read() as session:
        teams = await staff_db.list_teams(session)
    if not teams:
        await query.edit_message_text(t(lang, "invite.no_teams"))
        context.drop_draft(DRAFT)
        return ConversationHandler.END
    await prompt(update, context, FORM, t(lang, "invite.ask_team"), team_choices(lang, teams))
    return TEAM


async def _chose_team(update: Update, context: FieldContext, raw: str) -> str | int:
    """Create the invite for the chosen team (once a role is chosen)."""
    allowed = "role" in context.draft(DRAFT)
    team = await chosen_team(update, context, raw, "invite.not_allowed", allowed=allowed)
    return TEAM if team is None else await _create(update, context, team_id=team.id)


async def _create(update: Update, context: FieldContext, *, team_id: int | None) -> int:
    query = update.callback_query
    assert query is not None
    me = context.me
    role = Role(context.draft(DRAFT)["role"])
    ttl = timedelta(days=context.settings.invite_ttl_days)
    async with context.db.session() as session:
        token = await staff_db.create_invite(
            session, role=role, team_id=team_id, created_by_id=me.id, ttl=ttl
        )
        team = await staff_db.team_by_id(session, team_id) if team_id is not None else None
        await staff_db.audit(session, telegram_id=me.telegram_id, event="invite_created", detail=role)
    context.drop_draft(DRAFT)
    link = f"https://t.me/{context.bot.username}?start={token}"
    text = invite_created(context.lang, role, team, link, context.now() + ttl, context.settings.timezone)
    await query.edit_message_text(text, disable_web_page_preview=True)
    return ConversationHandler.END


# The prompts' buttons: Cancel is the engine's, a press of an earlier prompt is stale.
FORM = chooser(DRAFT, {"role": _chose_role, "team": _chose_team})


def build() -> ConversationHandler[FieldContext]:
    """The /invite conversation."""
    step: flow.Handlers = [*flow.own_buttons(FORM), MessageHandler(~filters.COMMAND, flow.use_buttons)]
    return conversation(DRAFT, CommandHandler("invite", start), {ROLE: step, TEAM: step})
