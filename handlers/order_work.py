"""The rep's order steps that ask something, as one declared flow on the form engine: Decline (the reason,
required), Fee quoted (the amount of a paid repair), Take back (receipt number, what was taken) and Arrived
(the location, checked against the customer's geofence like /checkin, which becomes the arrival's check-in).

The button that opens the flow names the order and its state; the draft keeps both, and the submit's
compare-and-set refuses an order that moved on meanwhile.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from decimal import Decimal
from typing import Any

from telegram import Update
from telegram.ext import CallbackQueryHandler, ConversationHandler, MessageHandler, filters

from handlers import order_dispatch, order_rep_arrive
from handlers.forms import engine, flow
from handlers.forms.spec import Draft, Form, Invalid, Kind, Render, Step
from handlers.order_rep import already_open, keyboard, mine, pressed_order, set_card_buttons
from presentation.buttons import RepAction
from presentation.context import FieldContext
from presentation.i18n import t
from presentation.order_rep_buttons import ARRIVE, DECLINE, FEE, TAKE_BACK
from storage import orders as orders_db
from storage.field_models import Customer
from storage.order_models import WorkOrder

ARRIVING = "order_rep.arriving"
# 350, 350.5, 350.50 (after "¥", "元" and spaces are dropped): at most 8 digits before the point, as the
# column is Numeric(10, 2).
AMOUNT = re.compile(r"^\d{1,8}(?:[.,]\d{1,2})?$")


def _text(key: str) -> Render:
    def render(lang: str, draft: Draft) -> str:
        return t(lang, key, id=draft.get("order_id"), customer=draft.get("customer", ""))

    return render


def parse_amount(text: str, _draft: Draft) -> str | Invalid:
    """A fee in yuan, more than 0, kept as a decimal string (the draft is JSON)."""
    typed = text.replace("¥", "").replace("￥", "").replace("元", "").replace(" ", "")
    if not AMOUNT.match(typed) or Decimal(typed.replace(",", ".")) <= 0:
        return Invalid("orders_rep.fee_invalid")
    return str(Decimal(typed.replace(",", ".")).quantize(Decimal("0.01")))


async def _ask_location(update: Update, context: FieldContext, _header: str) -> str:
    """Arrived: the location, with the button that sends it (a reply keyboard: private chats only)."""
    draft, lang = context.draft(FORM.name), context.lang
    assert update.effective_chat is not None
    text = t(lang, "orders_rep.ask_location", id=draft["order_id"], customer=draft["customer"])
    await context.bot.send_message(
        update.effective_chat.id, text, reply_markup=order_rep_arrive.location_keyboard(lang)
    )
    return ARRIVING


def _step(key: str, question: str, title: str, **options: Any) -> Step:
    return Step(
        key=key, question=_text(f"orders_rep.{question}"), title=_text(f"orders_rep.{title}"), **options
    )


REASON = _step("reason", "ask_reason", "title.reason", limit=500)
AMOUNT_STEP = _step("amount", "ask_fee", "title.fee", limit=20, parse=parse_amount)
RECEIPT = _step("receipt", "ask_receipt", "title.receipt", limit=64)
ITEMS = _step("items", "ask_items", "title.items", limit=1000)
LOCATION = _step("location", "ask_location", "title.location", kind=Kind.LOCATION, ask=_ask_location)
STEPS: dict[str, tuple[Step, ...]] = {
    DECLINE: (REASON,),
    FEE: (AMOUNT_STEP,),
    TAKE_BACK: (RECEIPT, ITEMS),
    ARRIVE: (LOCATION,),
}


async def preview(context: FieldContext, draft: Draft) -> Sequence[str]:
    """What the rep is about to record."""
    given, lang = draft.get("answers", {}), context.lang
    values: dict[str, Any] = {"id": draft["order_id"], "customer": draft["customer"]}
    key = {DECLINE: "decline_preview", FEE: "fee_preview", TAKE_BACK: "takeback_preview"}[draft["action"]]
    values |= {"reason": given.get("reason", ""), "amount": given.get("amount", "")}
    values |= {"receipt": given.get("receipt", ""), "items": given.get("items", "")}
    return [t(lang, f"orders_rep.{key}", **values)]


async def submit(context: FieldContext, draft: Draft) -> str:
    """Record the step if the order is still as the button showed it; the order's old buttons go."""
    me, now, lang, given = context.me, context.now(), context.lang, draft.get("answers", {})
    action, order_id = draft["action"], int(draft["order_id"])
    async with context.db.session() as session:
        moved: WorkOrder | None = None
        if await mine(session, context, RepAction(action, order_id, draft["state"])) is not None:
            if action == DECLINE:
                moved = await orders_db.decline(session, order_id, me.id or 0, given["reason"], now)
            elif action == FEE:
                moved = await orders_db.quote_fee(
                    session, order_id, me.id or 0, Decimal(given["amount"]), now
                )
            else:
                moved = await orders_db.take_back(
                    session, order_id, me.id or 0, given["receipt"], given["items"], now
                )
    chat = context.me.telegram_id
    if moved is None:
        return t(lang, "orders_rep.moved_on", id=order_id)
    if action == DECLINE:
        await set_card_buttons(context, chat, draft.get("card"))
        await order_dispatch.declined(context, moved, given["reason"])  # with 🔁 Reassign
        return t(lang, "orders_rep.declined", id=order_id)
    # The order's message gets the buttons of its new state (Done / Take back, or Returned).
    markup = keyboard(moved, lang)
    await set_card_buttons(context, chat, draft.get("card"), markup)
    if action == FEE:
        return t(lang, "orders_rep.fee_done", id=order_id, amount=given["amount"])
    return t(lang, "orders_rep.taken_back", id=order_id, receipt=given["receipt"])


FORM = Form(name="order_rep", steps=lambda draft: STEPS[draft["action"]], preview=preview, submit=submit)


async def start(update: Update, context: FieldContext) -> str | int | None:
    """A rep's button that asks something: open the flow for that order, as the button showed it."""
    found = await pressed_order(update, context)
    if found is None:
        return None
    data, order = found
    query = update.callback_query
    assert query is not None and query.message is not None

    def same(draft: Draft) -> bool:
        return draft.get("order_id") == order.id and draft.get("action") == data.action

    handled, state = await already_open(update, context, FORM, same)
    if handled:
        return state
    async with context.db.read() as session:
        customer = await session.get(Customer, order.customer_id)
    await query.answer()
    fields = {"action": data.action, "order_id": order.id, "state": order.state,
              "customer": customer.name if customer else "-", "card": query.message.message_id}  # fmt: skip
    engine.begin(context, FORM, **fields)
    return await engine.ask(update, context, FORM)


async def location_expected(update: Update, context: FieldContext) -> None:
    """Anything but a location while arriving."""
    assert update.effective_message is not None
    await update.effective_message.reply_text(t(context.lang, "orders_rep.location_expected"))


async def located(update: Update, context: FieldContext) -> str | int | None:
    """The location of an arrival (handlers.order_rep_arrive judges and records it)."""
    return await order_rep_arrive.located(update, context, FORM)


def build() -> ConversationHandler[FieldContext]:
    """The conversation of the rep's order steps that ask something."""
    return flow.build(
        FORM,
        entry_points=[
            CallbackQueryHandler(start, pattern=RepAction.pattern_for(DECLINE, FEE, TAKE_BACK, ARRIVE))
        ],
        states={
            ARRIVING: [
                *flow.own_buttons(FORM),
                MessageHandler(flow.ANSWER & filters.LOCATION, located),
                MessageHandler(flow.ANSWER, location_expected),
            ]
        },
    )
