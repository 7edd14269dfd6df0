"""Cancel a work order with a reason: a one-step flow on the engine, opened by ✖️ Cancel under the order.

The button carries the state the order was shown in; the cancel is a compare-and-set on that state, so an
order that moved on meanwhile (the rep finished it) is not cancelled behind anyone's back. The rep who
held the order is told.
"""

from __future__ import annotations

from collections.abc import Sequence

from telegram import Update
from telegram.ext import CallbackQueryHandler, ConversationHandler

from domain.orders import OPEN_STATES
from handlers.forms import engine, flow
from handlers.forms.spec import Draft, Form, asked
from presentation.buttons import CancelOrder
from presentation.context import FieldContext
from presentation.feedback_notice import tell
from presentation.i18n import t
from presentation.order_text import state_label
from storage import orders as orders_db
from storage.field_models import Customer
from storage.models import Role, Staff
from storage.order_lookup import order_for
from storage.staff import Recipient

REASON_LIMIT = 500


def _reason_question(lang: str, draft: Draft) -> str:
    return t(lang, "orders_cancel.ask_reason", id=draft.get("order_id"))


REASON = asked("reason", _reason_question, "orders_cancel.field.reason", limit=REASON_LIMIT)


async def preview(context: FieldContext, draft: Draft) -> Sequence[str]:
    """What will be cancelled, and why."""
    reason = draft.get("answers", {}).get("reason", "")
    customer = draft.get("customer", "-")
    return [
        t(context.lang, "orders_cancel.preview", id=draft.get("order_id"), customer=customer, reason=reason)
    ]


async def submit(context: FieldContext, draft: Draft) -> str:
    """Cancel if the order is still as it was shown; tell its rep."""
    lang, order_id = context.lang, int(draft.get("order_id") or 0)
    reason = str(draft.get("answers", {}).get("reason", ""))
    async with context.db.session() as session:
        seen = await order_for(session, order_id, context.me)
        done = None
        if seen is not None:
            done = await orders_db.cancel_order(
                session, order_id, context.me.id, reason, context.now(), expected_state=draft.get("state")
            )
        rep = await session.get(Staff, done.assignee_id) if done is not None and done.assignee_id else None
    if done is None:
        state = state_label(lang, seen.state) if seen is not None else "-"
        return t(lang, "orders_cancel.too_late", id=order_id, state=state)
    if rep is not None:
        text = t(
            rep.language,
            "orders.cancelled_notice",
            id=order_id,
            customer=draft.get("customer"),
            reason=reason,
        )
        await tell(context.bot, context.db, Recipient.of(rep), text)
    return t(lang, "orders_cancel.done", id=order_id)


FORM = Form(
    name="orders_cancel",
    steps=lambda _draft: (REASON,),
    preview=preview,
    submit=submit,
    submit_label="orders_cancel.confirm",
)


async def start(update: Update, context: FieldContext) -> str | int | None:
    """✖️ Cancel under an order: ask why, if this person manages the order and it is still as shown."""
    query = update.callback_query
    assert query is not None
    data = CancelOrder.unpack(query.data)
    order = customer = None
    if data is not None and context.me.role in (Role.SUPERVISOR, Role.ADMIN):
        async with context.db.read() as session:
            order = await order_for(session, data.order_id, context.me)
            customer = await session.get(Customer, order.customer_id) if order is not None else None
    if data is None or order is None or order.state != data.state or order.state not in OPEN_STATES:
        await engine.stale(update, context)
        return None
    await query.answer()
    name = customer.name if customer else "-"
    engine.begin(context, FORM, order_id=order.id, state=order.state, customer=name)
    return await engine.ask(update, context, FORM)


def build() -> ConversationHandler[FieldContext]:
    """The cancel conversation, entered by the button."""
    return flow.build(FORM, entry_points=[CallbackQueryHandler(start, pattern=CancelOrder.pattern())])
