"""/invite: a supervisor or admin makes a single-use registration link; role and team are buttons."""

from __future__ import annotations

from datetime import timedelta

from telegram import Update
from telegram.ext import CallbackQueryHandler, CommandHandler, ConversationHandler, MessageHandler, filters

from domain.zones import team_zone
from handlers.forms import engine, flow
from presentation.context import FieldContext
from presentation.i18n import t
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


async def _ask(update: Update, context: FieldContext, key: str, choices: list[tuple[str, str, str]]) -> None:
    """A prompt: the question (catalog key), one (label, action, arg) button a row, then Cancel."""
    engine.new_token(context, DRAFT)
    rows = [
        [engine.button(DRAFT, context, label, action, arg)]
        for label, action, arg in [*choices, (t(context.lang, "common.cancel"), "cancel", "-")]
    ]
    await flow.say(update, context, t(context.lang, key), rows)


async def start(update: Update, context: FieldContext) -> str | int:
    """Ask which role the new person will have."""
    assert update.message is not None
    me = context.me
    roles = roles_for(me)
    if not roles:
        await update.message.reply_text(t(context.lang, "invite.not_allowed"))
        return ConversationHandler.END
    if me.role == Role.SUPERVISOR and me.team_id is None:
        await update.message.reply_text(t(context.lang, "invite.no_team"))
        return ConversationHandler.END
    context.draft(DRAFT).clear()
    await _ask(update, context, "invite.ask_role", [(t(context.lang, f"role.{r}"), "role", r) for r in roles])
    return ROLE


async def pressed(update: Update, context: FieldContext) -> str | int | None:
    """A button of the prompt shown last: Cancel, a role, or a team."""
    query = update.callback_query
    assert query is not None
    data = engine.pressed(context, DRAFT, update)
    if data is None:
        await engine.stale(update, context)
        return None
    if data.action == "cancel":
        return await flow.cancel(update, context)
    if data.action == "role":
        return await _chose_role(update, context, data.arg)
    return await _chose_team(update, context, data.arg)


async def _chose_role(update: Update, context: FieldContext, value: str) -> str | int:
    """Remember the role; admins then choose a team, supervisors invite into their own."""
    query = update.callback_query
    assert query is not None
    me = context.me
    if value not in {r.value for r in roles_for(me)}:
        # Tampered data or a changed role: never trust the button, check the right again.
        await query.answer(t(context.lang, "invite.not_allowed"), show_alert=True)
        return ROLE
    await query.answer()
    context.draft(DRAFT)["role"] = value
    if me.role == Role.SUPERVISOR:
        return await _create(update, context, team_id=me.team_id)
    if value == Role.ADMIN:
        return await _create(update, context, team_id=None)
    async with context.db.session() as session:
        teams = await staff_db.list_teams(session)
    if not teams:
        await query.edit_message_text(t(context.lang, "invite.no_teams"))
        context.drop_draft(DRAFT)
        return ConversationHandler.END
    await _ask(update, context, "invite.ask_team", [(team.name, "team", str(team.id)) for team in teams])
    return TEAM


async def _chose_team(update: Update, context: FieldContext, raw: str) -> str | int:
    """Create the invite for the chosen team."""
    query = update.callback_query
    assert query is not None
    team = None
    if raw.isdigit() and len(raw) < 10 and "role" in context.draft(DRAFT):
        async with context.db.session() as session:
            team = await staff_db.team_by_id(session, int(raw))
    if team is None or context.me.role != Role.ADMIN:
        await query.answer(t(context.lang, "invite.not_allowed"), show_alert=True)
        return TEAM
    await query.answer()
    return await _create(update, context, team_id=team.id)


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
    zone = team_zone(team.timezone if team else None, context.settings.timezone)
    expires = (context.now() + ttl).astimezone(zone).strftime("%Y-%m-%d %H:%M")
    await query.edit_message_text(
        t(
            context.lang,
            "invite.created",
            role=t(context.lang, f"role.{role}"),
            team=team.name if team else "-",
            link=link,
            expires=expires,
        ),
        disable_web_page_preview=True,
    )
    return ConversationHandler.END


def build() -> ConversationHandler[FieldContext]:
    """The /invite conversation."""
    step: flow.Handlers = [
        CallbackQueryHandler(pressed, pattern=flow.pattern(DRAFT)),
        MessageHandler(~filters.COMMAND, flow.use_buttons),
    ]
    return ConversationHandler(
        entry_points=[CommandHandler("invite", start)],
        states={ROLE: step, TEAM: step},
        fallbacks=[CommandHandler("cancel", flow.cancel)],
        allow_reentry=True,
        name=DRAFT,
        persistent=True,
    )
