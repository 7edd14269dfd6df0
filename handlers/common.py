"""Commands every registered person has: /start, /help, /language, /cancel, and the catch-alls."""

from __future__ import annotations

import functools
from collections.abc import Awaitable, Callable, Coroutine
from typing import Any, TypeVar

from telegram import Update
from telegram.ext import CallbackQueryHandler, CommandHandler, ConversationHandler, MessageHandler, filters

from handlers.forms import engine, flow
from presentation.buttons import ChooseLanguage, FillYear, TeamFigures
from presentation.context import FieldContext
from presentation.help_text import help_text, language_keyboard
from presentation.i18n import LANGUAGES, t
from presentation.menus import main_menu, set_personal_commands
from storage import customers as customer_db
from storage import staff as staff_db
from storage.field_models import Customer
from storage.models import Role, Staff, Team

R = TypeVar("R")
MANAGERS = (Role.SUPERVISOR, Role.ADMIN)


def manages(me: Staff, team_id: int | None) -> bool:
    """Whether `me` may see and change team `team_id`: admins any team, supervisors their own."""
    return me.role == Role.ADMIN or (
        me.role == Role.SUPERVISOR and team_id is not None and me.team_id == team_id
    )


async def managed_team(context: FieldContext, team_id: int) -> Team | None:
    """The team if this person may see and change it (`manages`); none (0) is nobody's."""
    if team_id <= 0 or not manages(context.me, team_id):
        return None
    async with context.db.read() as session:
        return await staff_db.team_by_id(session, team_id)


# The buttons that name a team; the right to that team is checked again on every press.
TeamButton = TypeVar("TeamButton", FillYear, TeamFigures)


async def pressed_team(
    update: Update, context: FieldContext, button: type[TeamButton]
) -> tuple[TeamButton, Team] | None:
    """The pressed team button and its team, the press answered, if this person may change that team (the
    right is checked again, never trusted from the button); else "not yours" in an alert, and None."""
    query = update.callback_query
    assert query is not None
    pressed = button.unpack(query.data)
    team = await managed_team(context, pressed.team_id) if pressed is not None and pressed.valid() else None
    if team is None or pressed is None:
        await query.answer(t(context.lang, "common.not_yours"), show_alert=True)
        return None
    await query.answer()
    return pressed, team


Callback = Callable[[Update, FieldContext], Awaitable[R]]
Guarded = Callable[[Update, FieldContext], Coroutine[Any, Any, R | int]]


async def team_customer(context: FieldContext, customer_id: int) -> Customer | None:
    """The customer if it is one of this person's team (a forged id beyond the column's range is nobody's)."""
    if not 0 < customer_id < 2**31:
        return None
    async with context.db.read() as session:
        return await customer_db.customer_in_team(session, customer_id, context.me.team_id)


def for_roles(*roles: Role, refusal: str) -> Callable[[Callback[R]], Guarded[R]]:
    """A command only these roles run; anyone else is told `refusal` (a catalog key) and, if it was a
    conversation's entry, the conversation does not start."""

    def wrap(callback: Callback[R]) -> Guarded[R]:
        @functools.wraps(callback)
        async def guarded(update: Update, context: FieldContext) -> R | int:
            if context.me.role in roles:
                return await callback(update, context)
            assert update.effective_message is not None
            await update.effective_message.reply_text(t(context.lang, refusal))
            return ConversationHandler.END

        return guarded

    return wrap


async def start(update: Update, context: FieldContext) -> None:
    """/start without a link from someone already registered: greet and show what they can do."""
    assert update.message is not None
    await update.message.reply_text(t(context.lang, "start.welcome_back", name=context.me.name))
    menu = main_menu(context.lang, context.me.role)
    await update.message.reply_text(help_text(context.lang, context.me.role), reply_markup=menu)


async def show_help(update: Update, context: FieldContext) -> None:
    """/help lists the commands of the person's role."""
    assert update.message is not None
    await update.message.reply_text(help_text(context.lang, context.me.role))


async def choose_language(update: Update, context: FieldContext) -> None:
    """/language offers English and 简体中文."""
    assert update.message is not None
    await update.message.reply_text(t(context.lang, "lang.choose"), reply_markup=language_keyboard())


async def set_language(update: Update, context: FieldContext) -> None:
    """Switch language, the command menu with it."""
    query = update.callback_query
    assert query is not None
    pressed = ChooseLanguage.unpack(query.data)
    if pressed is None or pressed.lang not in LANGUAGES:
        await query.answer(t(context.lang, "common.stale_button"))
        return
    lang = pressed.lang
    me = context.me
    async with context.db.session() as session:
        await staff_db.set_language(session, me.id or 0, lang)
    me.language = context.lang = lang
    await query.answer()
    await query.edit_message_text(t(lang, "lang.set"))
    await set_personal_commands(context.bot, me)


def build_commands() -> flow.Handlers:
    """Handlers that go after the conversations in the main group."""
    return [
        CommandHandler("start", start),
        CommandHandler("help", show_help),
        CommandHandler("language", choose_language),
        CallbackQueryHandler(set_language, pattern=ChooseLanguage.pattern()),
        CommandHandler("cancel", flow.cancel),
    ]


def build_catch_alls() -> flow.Handlers:
    """Handlers that go last in the main group: whatever nothing else took."""
    return [
        # A button from a finished conversation or an old message: say so instead of spinning forever.
        CallbackQueryHandler(engine.stale),
        # Any message no feature took: point at /help.
        MessageHandler(
            filters.ChatType.PRIVATE & filters.UpdateType.MESSAGE, flow.hint("common.not_understood")
        ),
    ]
