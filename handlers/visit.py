"""/visit: the visit record (客户拜访纪实 / 维修派工单), prefilled from today's check-in when there is one.

Steps and their questions are in handlers.visit_steps; this module reacts to answers and buttons.
"""

from __future__ import annotations

import html
import secrets
from contextlib import suppress
from datetime import datetime, time, timedelta
from typing import Any
from zoneinfo import ZoneInfo

from telegram import InlineKeyboardMarkup, Message, Update
from telegram.error import BadRequest
from telegram.ext import CallbackQueryHandler, CommandHandler, ConversationHandler, MessageHandler, filters

from bot.context import FieldContext
from bot.i18n import all_texts, t
from bot.menus import MAIN_MENU, main_menu
from handlers import visit_steps as steps
from handlers.visit_steps import DRAFT, ORDER, PREVIEW, SEARCH, ask, ask_next
from storage import visits as visits_db
from storage.models import Role
from storage.types import utcnow

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
    if draft.get("step") and utcnow() - datetime.fromisoformat(draft["started_at"]) < RESUME_WITHIN:
        await update.message.reply_text(t(context.lang, "visit.resumed"))
        return await ask(update, context, draft["step"])
    draft.clear()
    now = utcnow()
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


async def button(update: Update, context: FieldContext) -> str | None:
    """Any button of the visit: refuse stale or foreign ones, otherwise act on it."""
    query = update.callback_query
    assert query is not None and query.data is not None
    draft = context.draft(DRAFT)
    parts = query.data.split(":")
    if len(parts) < 4 or parts[1] != draft.get("nonce") or parts[2] != draft.get("step"):
        return await _refuse(update, context)
    step, action, arg = parts[2], parts[3], ":".join(parts[4:])
    handler = _ACTIONS.get(action)
    return await handler(update, context, step, arg) if handler else await _refuse(update, context)


async def _done_with_message(update: Update, *, show_choice: bool = False) -> None:
    """Acknowledge a press and take the buttons off its message (with the choice written under the
    question when `show_choice`), so the chat reads as a record and old buttons are gone."""
    query = update.callback_query
    assert query is not None
    await query.answer()
    message = query.message
    markup = message.reply_markup if isinstance(message, Message) else None
    pressed = [
        b.text
        for row in (markup.inline_keyboard if markup else ())
        for b in row
        if b.callback_data == query.data
    ]
    # BadRequest: already without buttons (e.g. pressed twice quickly), nothing left to tidy.
    with suppress(BadRequest):
        if show_choice and pressed and isinstance(message, Message) and message.text:
            await query.edit_message_text(f"{message.text_html}\n→ <b>{html.escape(pressed[0])}</b>")
        else:
            await query.edit_message_reply_markup(None)


async def _pick(update: Update, context: FieldContext, step: str, arg: str) -> str | None:
    """A customer button: only customers of the rep's own team are accepted."""
    query = update.callback_query
    assert query is not None
    async with context.db.session() as session:
        customer = (
            await visits_db.team_customer(session, int(arg), context.me.team_id or 0)
            if arg.isdigit()
            else None
        )
    if customer is None:
        return await _refuse(update, context, "common.not_yours")
    await _done_with_message(update, show_choice=True)
    context.draft(DRAFT).update(customer_id=customer.id, customer=customer.name)
    return await ask_next(update, context)


async def _go(update: Update, context: FieldContext, step: str, arg: str) -> str | None:
    """Back, Search, Edit and the field list: go to another step this button may lead to."""
    if arg not in steps.reachable(step):
        return await _refuse(update, context)
    await _done_with_message(update)
    if step == steps.EDIT and arg == "photos":
        context.draft(DRAFT).pop("photos", None)  # reopen the photo step; the photos themselves stay
    return await ask(update, context, arg)


async def _set(update: Update, context: FieldContext, step: str, arg: str) -> str | None:
    """A choice (type, result, stars), Skip or Done: store it if the step offers it, then go on."""
    draft = context.draft(DRAFT)
    valid, value = steps.value_for(draft, step, arg)
    if not valid:
        key = "visit.required" if arg == steps.SKIP else "common.stale_button"
        return await _refuse(update, context, key)
    await _done_with_message(update, show_choice=True)
    draft[step] = value
    if step == "model" and value is None:
        draft["serial"] = None  # no machine, so no serial number to ask for
    return await ask_next(update, context)


async def _clear(update: Update, context: FieldContext, step: str, arg: str) -> str:
    """Forget the photos sent so far."""
    await _done_with_message(update)
    context.draft(DRAFT)["photo_ids"] = []
    return await ask(update, context, "photos")


async def _refuse(update: Update, context: FieldContext, key: str = "common.stale_button") -> str | None:
    """A button that does not fit this step: say so in an alert and stay (no new state)."""
    assert update.callback_query is not None
    await update.callback_query.answer(t(context.lang, key), show_alert=True)
    return None


async def _submit(update: Update, context: FieldContext, step: str, arg: str) -> str | int:
    """File the visit record once, then end with the main menu."""
    query = update.callback_query
    assert query is not None and update.effective_chat is not None
    draft, me = context.draft(DRAFT), context.me
    gap = steps.missing(draft)
    if gap is not None:
        await _done_with_message(update)
        return await ask(update, context, gap)
    async with context.db.session() as session:
        customer = await visits_db.team_customer(session, draft["customer_id"], me.team_id or 0)
        checkin = draft.get("checkin") or {}
        linked = checkin.get("customer_id") == draft["customer_id"]
        found = await visits_db.own_check_in(session, checkin["id"], me.id or 0) if linked else None
        if found is not None:
            # The rep may have checked out since the preview: the stored times are the truth.
            checkin.update(
                at=found.checked_in_at.isoformat(),
                out=found.checked_out_at.isoformat() if found.checked_out_at else None,
            )
        if customer is not None:
            await visits_db.add_visit(session, steps.record(draft, me.id or 0, found.id if found else None))
    if customer is None:  # moved to another team since it was chosen
        await _refuse(update, context, "common.not_yours")
        draft.pop("customer_id", None)
        return await ask(update, context, "customer")
    await _done_with_message(update)
    follow_up = draft["result"] != "resolved"
    context.drop_draft(DRAFT)
    key = "visit.filed_follow_up" if follow_up else "visit.filed"
    await context.bot.send_message(
        update.effective_chat.id,
        t(context.lang, key, customer=customer.name),
        reply_markup=main_menu(context.lang) if me.role == Role.REP else None,
    )
    return ConversationHandler.END


_ACTIONS: dict[str, Any] = {"pick": _pick, "go": _go, "set": _set, "clear": _clear, "submit": _submit}


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
