"""Button presses of /visit: every button of the record comes through one dispatcher.

The callback data is vis:<nonce>:<step>:<action>[:<arg>]; the nonce and step make buttons of earlier
visits and earlier questions stale, and only actions listed in _ACTIONS exist.
"""

from __future__ import annotations

import html
from contextlib import suppress
from typing import Any

from telegram import Message, Update
from telegram.error import BadRequest
from telegram.ext import ConversationHandler

from bot.context import FieldContext
from bot.i18n import t
from bot.menus import main_menu
from handlers import visit_steps as steps
from handlers.visit_record import record
from handlers.visit_steps import DRAFT, ask, ask_next
from jobs import photo_fetch
from storage import files as files_db
from storage import visits as visits_db
from storage.models import Role


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
            visit = await visits_db.add_visit(
                session, record(draft, me.id or 0, found.id if found else None, context.now())
            )
            # In the filing transaction: a photo is never filed without its download being due.
            if await files_db.register_visit(session, visit, now=context.now()):
                photo_fetch.fetch_soon(context.application)
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
