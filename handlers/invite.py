"""/invite: a supervisor or admin makes a single-use registration link; role and team are buttons."""

from __future__ import annotations

from datetime import timedelta

from telegram import InlineKeyboardButton, InlineKeyboardMarkup, Update
from telegram.ext import CallbackQueryHandler, CommandHandler, ConversationHandler, MessageHandler, filters

from domain.zones import team_zone
from handlers.forms import flow
from presentation.context import FieldContext
from presentation.i18n import t
from storage import staff as staff_db
from storage.models import Role, Staff

ROLE, TEAM = "invite.role", "invite.team"
DRAFT = "invite"
PREFIX = "inv:"


def roles_for(inviter: Staff) -> list[Role]:
    """Roles a person may hand out: supervisors grow their own team, admins can create anyone."""
    if inviter.role == Role.ADMIN:
        return [Role.REP, Role.SUPERVISOR, Role.ADMIN]
    if inviter.role == Role.SUPERVISOR:
        return [Role.REP, Role.SUPERVISOR]
    return []


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
    buttons = [
        [InlineKeyboardButton(t(context.lang, f"role.{r}"), callback_data=f"{PREFIX}role:{r}")] for r in roles
    ]
    buttons.append([InlineKeyboardButton(t(context.lang, "common.cancel"), callback_data=f"{PREFIX}cancel")])
    await update.message.reply_text(
        t(context.lang, "invite.ask_role"), reply_markup=InlineKeyboardMarkup(buttons)
    )
    return ROLE


async def chose_role(update: Update, context: FieldContext) -> str | int:
    """Remember the role; admins then choose a team, supervisors invite into their own."""
    query = update.callback_query
    assert query is not None and query.data is not None
    me = context.me
    value = query.data.removeprefix(f"{PREFIX}role:")
    if value not in {r.value for r in roles_for(me)}:
        # Tampered or stale callback data: never trust the button, check the right again.
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
    buttons = [[InlineKeyboardButton(team.name, callback_data=f"{PREFIX}team:{team.id}")] for team in teams]
    buttons.append([InlineKeyboardButton(t(context.lang, "common.cancel"), callback_data=f"{PREFIX}cancel")])
    await query.edit_message_text(
        t(context.lang, "invite.ask_team"), reply_markup=InlineKeyboardMarkup(buttons)
    )
    return TEAM


async def chose_team(update: Update, context: FieldContext) -> str | int:
    """Create the invite for the chosen team."""
    query = update.callback_query
    assert query is not None and query.data is not None
    raw = query.data.removeprefix(f"{PREFIX}team:")
    async with context.db.session() as session:
        team = await staff_db.team_by_id(session, int(raw)) if raw.isdigit() else None
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


async def buttons_expected(update: Update, context: FieldContext) -> str | int | None:
    """Typed text while a choice is open: point at the buttons, stay in the same step."""
    assert update.effective_message is not None
    await update.effective_message.reply_text(t(context.lang, "common.use_buttons"))
    return None


def build() -> ConversationHandler[FieldContext]:
    """The /invite conversation."""
    return ConversationHandler(
        entry_points=[CommandHandler("invite", start)],
        states={
            ROLE: [
                CallbackQueryHandler(chose_role, pattern=f"^{PREFIX}role:"),
                MessageHandler(~filters.COMMAND, buttons_expected),
            ],
            TEAM: [
                CallbackQueryHandler(chose_team, pattern=f"^{PREFIX}team:"),
                MessageHandler(~filters.COMMAND, buttons_expected),
            ],
        },
        fallbacks=[
            CommandHandler("cancel", flow.cancel),
            CallbackQueryHandler(flow.cancel, pattern=f"^{PREFIX}cancel$"),
        ],
        allow_reentry=True,
        name="invite",
        persistent=True,
    )
