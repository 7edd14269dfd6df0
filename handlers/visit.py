"""/visit: the visit record (客户拜访纪实 / 维修派工单), prefilled from today's check-in when there is one.

Steps and their questions are in handlers.visit_steps and button presses in handlers.visit_buttons;
this module starts the record, takes typed text and photos, and assembles the conversation.
"""

from __future__ import annotations

import secrets
from datetime import datetime, time, timedelta
from typing import Any
from zoneinfo import ZoneInfo

from telegram import InlineKeyboardMarkup, Update
from telegram.ext import CallbackQueryHandler, CommandHandler, ConversationHandler, MessageHandler, filters

from bot.context import FieldContext
from bot.i18n import all_texts, t
from bot.menus import MAIN_MENU, main_menu
from handlers import visit_steps as steps
from handlers.visit_buttons import button
from handlers.visit_steps import DRAFT, ORDER, PREVIEW, SEARCH, ask, ask_next
from storage import visits as visits_db
from storage.models import Role

# A draft older than this is stale news: /visit starts afresh instead of resuming it.
RESUME_WITHIN = timedelta(hours=24)


def _open_elsewhere(update: Update, context: FieldContext) -> bool:
    """Whether another conversation is open and would take this update itself.

    Handlers in one group run first-match, so /visit reaches us even while a conversation registered
    after ours is half-way through; it must get "finish first", as it would from that conversation.
    """
    return any(
        isinstance(handler, ConversationHandler) and handler.name != "visit" and handler.check_update(update)
        for handler in context.application.handlers.get(0, [])
    )


async def start(update: Update, context: FieldContext) -> str | int | None:
    """Resume an unfinished record, or start one prefilled from today's check-in (else pick a customer)."""
    assert update.message is not None
    me = context.me
    if _open_elsewhere(update, context):
        await update.message.reply_text(t(context.lang, "common.finish_first"))
        return None
    if me.team_id is None:
        await update.message.reply_text(t(context.lang, "visit.no_team"))
        return ConversationHandler.END
    draft = context.draft(DRAFT)
    if draft.get("step") and context.now() - datetime.fromisoformat(draft["started_at"]) < RESUME_WITHIN:
        await update.message.reply_text(t(context.lang, "visit.resumed"))
        return await ask(update, context, draft["step"])
    draft.clear()
    now = context.now()
    draft.update(nonce=secrets.token_hex(3), started_at=now.isoformat())
    async with context.db.session() as session:
        team = await visits_db.team_of(session, me.team_id)
        zone = ZoneInfo(team.timezone if team else context.settings.timezone)
        midnight = datetime.combine(now.astimezone(zone).date(), time(0), tzinfo=zone)
        checkin = await visits_db.check_in_to_prefill(session, me.id or 0, since_utc=midnight)
        customer = (
            await visits_db.team_customer(session, checkin.customer_id, me.team_id)
            if (checkin and checkin.customer_id)
            else None
        )
        has_customers = customer is not None or bool(
            await visits_db.recent_customers(session, me.team_id, limit=1)
        )
    draft["tz"] = zone.key
    if not has_customers:
        context.drop_draft(DRAFT)
        await update.message.reply_text(t(context.lang, "visit.no_customers"))
        return ConversationHandler.END
    if checkin is not None and customer is not None:
        out = checkin.checked_out_at.isoformat() if checkin.checked_out_at else None
        draft["checkin"] = {
            "id": checkin.id,
            "customer_id": customer.id,
            "at": checkin.checked_in_at.isoformat(),
            "out": out,
        }
        draft.update(customer_id=customer.id, customer=customer.name)
        return await ask(update, context, "type")
    return await ask(update, context, "customer")


async def typed(update: Update, context: FieldContext) -> str | None:
    """A typed answer to a text step: checked for length, stored at once, then the next step."""
    assert update.message is not None and update.message.text is not None
    draft = context.draft(DRAFT)
    step, text = draft.get("step", ""), update.message.text.strip()
    limit = steps.TEXT_STEPS.get(step, 0)
    if not text:
        await update.message.reply_text(t(context.lang, "common.text_expected"))
        return None
    if len(text) > limit:
        await update.message.reply_text(t(context.lang, "common.too_long", limit=limit, length=len(text)))
        return None
    draft[step] = text
    return await ask_next(update, context)


async def searched(update: Update, context: FieldContext) -> str | None:
    """Typed text while choosing a customer: show the team's customers whose name matches."""
    assert update.message is not None and update.message.text is not None
    text = " ".join(update.message.text.split())[:100]
    async with context.db.session() as session:
        found = await visits_db.search_customers(
            session, context.me.team_id or 0, text, limit=steps.CUSTOMER_BUTTONS
        )
    draft = context.draft(DRAFT)
    draft["step"] = SEARCH
    key = "visit.search_results" if found else "visit.search_none"
    rows = steps.customer_keyboard(draft, SEARCH, list(found), context.lang)
    await update.message.reply_text(t(context.lang, key, text=text), reply_markup=InlineKeyboardMarkup(rows))
    return steps.state(SEARCH)


async def photo(update: Update, context: FieldContext) -> str | None:
    """A photo: added to the visit's photos, or taken as the signed dispatch sheet."""
    assert update.message is not None and update.message.photo
    draft = context.draft(DRAFT)
    file_id = update.message.photo[-1].file_id
    if draft.get("step") == "sheet":
        draft["sheet"] = file_id
        return await ask_next(update, context)
    photos: list[str] = draft.setdefault("photo_ids", [])
    if len(photos) >= steps.MAX_PHOTOS:
        await update.message.reply_text(t(context.lang, "visit.too_many_photos", limit=steps.MAX_PHOTOS))
        return None
    photos.append(file_id)
    await update.message.reply_text(
        t(context.lang, "visit.photo_received", count=len(photos)),
        reply_markup=InlineKeyboardMarkup(steps.photo_keyboard(draft, context.lang)),
    )
    return None


async def wrong_kind(update: Update, context: FieldContext) -> None:
    """Something other than what the step asks for: say what is expected and stay."""
    assert update.message is not None
    step = context.draft(DRAFT).get("step", "")
    if step in steps.BUTTON_STEPS:
        key = "common.use_buttons"
    elif step in steps.PHOTO_STEPS:
        key = "visit.photo_expected"
    else:
        key = "common.text_expected"
    await update.message.reply_text(t(context.lang, key))


async def finish_first(update: Update, context: FieldContext) -> None:
    """Another feature's command or menu button in the middle of a visit record."""
    assert update.message is not None
    await update.message.reply_text(t(context.lang, "common.finish_first"))


async def cancel(update: Update, context: FieldContext) -> int:
    """Discard the visit record being written."""
    assert update.message is not None
    context.drop_draft(DRAFT)
    markup = main_menu(context.lang) if context.me.role == Role.REP else None
    await update.message.reply_text(t(context.lang, "visit.cancelled"), reply_markup=markup)
    return ConversationHandler.END


def build() -> ConversationHandler[FieldContext]:
    """The /visit conversation."""
    menu_texts = sorted({text for row in MAIN_MENU for key in row for text in all_texts(key)})
    other_menu = filters.Text([text for text in menu_texts if text not in all_texts("menu.visit")])
    message = filters.UpdateType.MESSAGE & ~filters.COMMAND & ~other_menu
    text = message & filters.TEXT
    buttons = CallbackQueryHandler(button, pattern=r"^vis:")
    anything_else = MessageHandler(message, wrong_kind)
    states: dict[object, list[Any]] = {}
    for step in [*ORDER, SEARCH, PREVIEW, steps.EDIT]:
        handlers: list[Any] = [buttons]
        if step in ("customer", SEARCH):
            handlers.append(MessageHandler(text, searched))
        elif step in steps.TEXT_STEPS:
            handlers.append(MessageHandler(text, typed))
        elif step in steps.PHOTO_STEPS:
            handlers.append(MessageHandler(message & filters.PHOTO, photo))
        states[steps.state(step)] = [*handlers, anything_else]
    return ConversationHandler(
        entry_points=[
            CommandHandler("visit", start),
            MessageHandler(filters.Text(sorted(all_texts("menu.visit"))), start),
        ],
        states=states,
        fallbacks=[
            CommandHandler("cancel", cancel),
            MessageHandler(filters.COMMAND | other_menu, finish_first),
        ],
        allow_reentry=True,
        name="visit",
        persistent=True,
    )
