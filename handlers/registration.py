"""Registration by invite link: /start <token>, confirm the name, share a phone number (or skip)."""

from __future__ import annotations

import logging
import re

from telegram import (
    InlineKeyboardMarkup,
    KeyboardButton,
    ReplyKeyboardMarkup,
    ReplyKeyboardRemove,
    Update,
)
from telegram.error import TelegramError
from telegram.ext import CallbackQueryHandler, CommandHandler, ConversationHandler, MessageHandler, filters

from gate.checks import refuse
from handlers.forms import engine, flow
from presentation.context import FieldContext
from presentation.i18n import all_texts, t
from presentation.menus import main_menu, set_personal_commands
from storage import staff as staff_db

log = logging.getLogger(__name__)
Markup = InlineKeyboardMarkup | ReplyKeyboardMarkup

NAME, PHONE = "registration.name", "registration.phone"
DRAFT = "registration"
NAME_MAX = 64
# Names are shown to supervisors and in reports: any script and punctuation, but no control characters.
_CONTROL = re.compile(r"[\x00-\x1f\x7f]")


async def start(update: Update, context: FieldContext) -> str | int:
    """Check the invite in the link and ask the person to confirm their name."""
    assert update.message is not None and update.effective_user is not None
    if context.staff is not None:
        await update.message.reply_text(t(context.lang, "reg.already", name=context.staff.name))
        return ConversationHandler.END
    user = update.effective_user
    token = (context.args or [""])[0]
    async with context.db.session() as session:
        invite = await staff_db.claim_invite(session, token, user.id)
        if invite is None:
            await staff_db.audit(session, telegram_id=user.id, event="invite_refused")
    if invite is None:
        await refuse(update, context)
        return ConversationHandler.END
    draft = context.draft(DRAFT)
    draft.clear()
    draft.update(invite_id=invite.id, name=user.full_name[:NAME_MAX])
    return await _ask_name(update, context)


async def _ask(update: Update, context: FieldContext, key: str, keyboard: Markup, state: str) -> str:
    """Ask step `state` with catalog text `key` (which may name the person) and its keyboard."""
    assert update.effective_chat is not None
    text = t(context.lang, key, name=context.draft(DRAFT).get("name", ""))
    await context.bot.send_message(update.effective_chat.id, text, reply_markup=keyboard)
    return state


async def _ask_name(update: Update, context: FieldContext) -> str:
    engine.new_token(context, DRAFT)
    keep = engine.button(DRAFT, context, t(context.lang, "reg.keep_name"), "keep")
    return await _ask(update, context, "reg.confirm_name", InlineKeyboardMarkup([[keep]]), NAME)


async def _ask_phone(update: Update, context: FieldContext) -> str:
    share = KeyboardButton(t(context.lang, "reg.share_phone"), request_contact=True)
    keyboard = ReplyKeyboardMarkup(
        [[share], [t(context.lang, "reg.skip")]], resize_keyboard=True, one_time_keyboard=True
    )
    return await _ask(update, context, "reg.ask_phone", keyboard, PHONE)


async def keep_name(update: Update, context: FieldContext) -> str | None:
    """The Telegram name is fine: go on to the phone number."""
    assert update.callback_query is not None
    if engine.pressed(context, DRAFT, update) is None:
        await engine.stale(update, context)
        return None
    await update.callback_query.answer()
    await update.callback_query.edit_message_reply_markup(None)
    return await _ask_phone(update, context)


async def typed_name(update: Update, context: FieldContext) -> str:
    """Use the name the person typed, if it is a plausible name."""
    assert update.message is not None and update.message.text is not None
    name = " ".join(update.message.text.split())
    if not name or len(name) > NAME_MAX or _CONTROL.search(name):
        await update.message.reply_text(t(context.lang, "reg.name_invalid", limit=NAME_MAX))
        return NAME
    context.draft(DRAFT)["name"] = name
    return await _ask_phone(update, context)


async def shared_contact(update: Update, context: FieldContext) -> str | int:
    """Take the phone number, but only the person's own."""
    assert update.message is not None and update.message.contact is not None
    assert update.effective_user is not None
    contact = update.message.contact
    if contact.user_id != update.effective_user.id:
        await update.message.reply_text(t(context.lang, "reg.not_own_contact"))
        return PHONE
    return await _finish(update, context, phone=contact.phone_number[:32])


async def skipped_phone(update: Update, context: FieldContext) -> str | int:
    """Register without a phone number."""
    return await _finish(update, context, phone=None)


async def _finish(update: Update, context: FieldContext, *, phone: str | None) -> int:
    assert update.message is not None and update.effective_user is not None
    draft = context.draft(DRAFT)
    user = update.effective_user
    async with context.db.session() as session:
        person = await staff_db.complete_registration(
            session,
            invite_id=int(draft.get("invite_id", 0)),
            telegram_id=user.id,
            name=str(draft.get("name") or user.full_name)[:NAME_MAX],
            phone=phone,
            language=context.lang,
        )
        inviter = None
        if person is not None:
            await staff_db.audit(session, telegram_id=user.id, event="registered", detail=person.role)
            inviter = await staff_db.inviter_of(session, int(draft.get("invite_id", 0)))
    context.drop_draft(DRAFT)
    if person is None:
        await update.message.reply_text(t(context.lang, "access.refused"), reply_markup=ReplyKeyboardRemove())
        return ConversationHandler.END
    context.staff = person
    role = t(context.lang, f"role.{person.role}")
    await update.message.reply_text(
        t(context.lang, "reg.done", name=person.name, role=role),
        # Everyone gets their role's main menu straight away (managers: their team's orders).
        reply_markup=main_menu(context.lang, person.role),
    )
    await set_personal_commands(context.bot, person)
    if inviter is not None and inviter.active:
        try:
            await context.bot.send_message(
                inviter.telegram_id,
                t(
                    inviter.language,
                    "reg.inviter_notice",
                    name=person.name,
                    role=t(inviter.language, f"role.{person.role}"),
                ),
            )
        except TelegramError as exc:
            log.warning("could not tell inviter %s about a registration: %s", inviter.id, exc)
    return ConversationHandler.END


def build() -> ConversationHandler[FieldContext]:
    """The registration conversation."""
    skip = filters.Text(sorted(all_texts("reg.skip")))
    return ConversationHandler(
        entry_points=[CommandHandler("start", start, has_args=True)],
        states={
            NAME: [
                CallbackQueryHandler(keep_name, pattern=flow.pattern(DRAFT)),
                MessageHandler(filters.TEXT & ~filters.COMMAND, typed_name),
                MessageHandler(~filters.COMMAND, flow.hint("reg.name_expected")),
            ],
            PHONE: [
                MessageHandler(filters.CONTACT, shared_contact),
                MessageHandler(skip, skipped_phone),
                MessageHandler(~filters.COMMAND, flow.hint("reg.phone_expected")),
            ],
        },
        fallbacks=[CommandHandler("cancel", flow.cancel)],
        allow_reentry=True,
        name="registration",
        persistent=True,
    )
