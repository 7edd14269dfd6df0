"""The rep's side of work orders: the new order with Accept / Decline, Accept itself, "Returned to
customer", /orders for a rep (my open orders, most urgent first) and one order opened with its site.

Every button names the order and the state it was made for (presentation.order_rep_buttons). It is
honoured only for the rep the order is assigned to, in the rep's team, in that state; storage's
compare-and-set decides the one winner of a race (the rep accepts while the supervisor reassigns). Anything
else changes nothing and is answered "this button is no longer active". The steps that ask something (a
decline's reason, the fee, the take-back receipt, the arrival's location) are handlers.order_work; Done,
the visit record filed from the order, is handlers.order_rep_done.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from sqlmodel.ext.asyncio.session import AsyncSession
from telegram import InlineKeyboardButton, InlineKeyboardMarkup, Update
from telegram.error import BadRequest
from telegram.ext import BaseHandler, CallbackQueryHandler

from domain.orders import Priority
from handlers.forms import engine
from handlers.forms.engine import stale
from handlers.forms.spec import Draft, Form
from presentation import delivery, services
from presentation.buttons import RepAction
from presentation.context import FieldContext
from presentation.digest_text import label
from presentation.i18n import Raw, t
from presentation.order_photos import deliver_order_photos, send_order_photos
from presentation.order_rep_buttons import ACCEPT, OPEN, RETURNED, allowed, rep_buttons
from presentation.order_text import due_text, next_due, order_summary, targets_text
from presentation.split import split_html
from storage import orders as orders_db
from storage import teams as teams_db
from storage.field_models import Customer
from storage.models import Staff
from storage.order_lookup import customers_of
from storage.order_models import WorkOrder
from storage.order_queries import next_dues

__all__ = ["my_orders", "notify_assigned", "rep_buttons"]


# --- what the rep reads ------------------------------------------------------------------------------
async def card(session: AsyncSession, context: FieldContext, order: WorkOrder, lang: str) -> Raw:
    """The order as its rep reads it: the summary and each service level with its time left."""
    customer = await session.get(Customer, order.customer_id)
    rep = await session.get(Staff, order.assignee_id) if order.assignee_id else None
    zone = await teams_db.zone_of_team(session, order.team_id, context.settings.timezone)
    targets = await orders_db.targets(session, order.id or 0)
    summary = order_summary(order, customer, lang, assignee=rep.name if rep else None)
    return t(
        lang,
        "orders_rep.card",
        summary=summary,
        targets=targets_text(lang, targets, context.now(), zone, order.state),
    )


async def due_line(session: AsyncSession, context: FieldContext, order: WorkOrder, lang: str) -> Raw:
    """What the order races against now ("Accept: 3 h 59 min left"), or nothing when all is met."""
    due = next_due(await orders_db.targets(session, order.id or 0))
    if due is None:
        return Raw("")
    zone = await teams_db.zone_of_team(session, order.team_id, context.settings.timezone)
    status = due_text(lang, due.due_at, None, context.now(), zone)
    return t(lang, "orders_rep.due_line", target=label(lang, "orders.target", due.target), status=status)


def keyboard(order: WorkOrder, lang: str) -> InlineKeyboardMarkup | None:
    """rep_buttons as a markup, or none once nothing is left to press."""
    rows = rep_buttons(order, lang)
    return InlineKeyboardMarkup(rows) if rows else None


async def notify_assigned(context: FieldContext, order: WorkOrder, *, reassigned: bool = False) -> bool:
    """The rep the order is now assigned to gets it with Accept / Decline; False if they cannot be reached."""
    async with context.db.read() as session:
        rep = await session.get(Staff, order.assignee_id) if order.assignee_id else None
        if rep is None or not rep.active:
            return False
        lang = rep.language
        customer = await session.get(Customer, order.customer_id)
        summary = order_summary(order, customer, lang, assignee=rep.name)
        due = await due_line(session, context, order, lang)
    key = "orders_rep.reassigned_to_you" if reassigned else "orders_rep.assigned"
    text = t(lang, key, summary=summary, due=due)
    # The fault's photos first, as /order N shows them, so the notice with its buttons is the last message;
    # a photo that does not go does not hold the order back (it is on /order N), a rep who blocked us does.
    store, chat = services.store_of(context.bot_data), rep.telegram_id
    outcome = await deliver_order_photos(context.bot, context.db, store, chat, order, lang)
    if outcome is not delivery.Outcome.BLOCKED:
        outcome = await delivery.deliver(context.bot, chat, text, reply_markup=keyboard(order, lang))
    if outcome is delivery.Outcome.BLOCKED:  # the supervisor is told, once, that this rep cannot be reached
        await delivery.handle_blocked(context.bot, context.db, rep.id or 0)
    return outcome is delivery.Outcome.SENT


# --- whose button it is ------------------------------------------------------------------------------
async def mine(session: AsyncSession, context: FieldContext, data: RepAction) -> WorkOrder | None:
    """The order a rep's button names, if it is this rep's, in their team, still in the button's state and
    the button's action fits it; None for a stale, another rep's or a forged button."""
    me = context.me
    if data.order_id <= 0 or me.team_id is None:
        return None
    order = await orders_db.order_in_team(session, data.order_id, me.team_id)
    if order is None or order.assignee_id != me.id or order.state != data.state:
        return None
    return order if allowed(order, data.action) else None


async def pressed_order(update: Update, context: FieldContext) -> tuple[RepAction, WorkOrder] | None:
    """The button pressed and its order when the button holds (see `mine`); else answered as stale."""
    query = update.callback_query
    assert query is not None
    data = RepAction.unpack(query.data)
    order = None
    if data is not None:
        async with context.db.read() as session:
            order = await mine(session, context, data)
    if data is None or order is None:
        await stale(update, context)
        return None
    return data, order


async def already_open(
    update: Update, context: FieldContext, form: Form, same: Callable[[Draft], bool]
) -> tuple[bool, Any]:
    """A rep's button that opens `form` while it is open already: the same order and step is resumed where
    it was (a second tap), anything else waits (a tap must not throw typed answers away). Returns whether
    the press was taken care of here, and the conversation's next state."""
    if engine.open_flow(context) != form.name:
        return False, None
    query, draft = update.callback_query, context.draft(form.name)
    assert query is not None
    if not same(draft):
        await query.answer(t(context.lang, "common.finish_first"), show_alert=True)
        return True, None
    await query.answer()
    if draft.get("at") == "preview":
        return True, await engine.show_preview(update, context, form)
    return True, await engine.ask(update, context, form)


# --- buttons that need no question -------------------------------------------------------------------
async def on_button(update: Update, context: FieldContext) -> None:
    """Accept, Returned to customer, or an order of the /orders list."""
    found = await pressed_order(update, context)
    if found is None:
        return
    data, order = found
    query, me, now, lang = update.callback_query, context.me, context.now(), context.lang
    assert query is not None and update.effective_chat is not None
    if data.action == OPEN:
        await query.answer()
        return await show_order(update, context, order)
    async with context.db.session() as session:
        if data.action == ACCEPT:
            moved = await orders_db.accept(session, order.id or 0, me.id or 0, now)
        else:
            moved = await orders_db.returned(session, order.id or 0, me.id or 0, now)
        if moved is not None:
            customer = await session.get(Customer, moved.customer_id)
            name = customer.name if customer else "-"
            due = await due_line(session, context, moved, lang)
    if moved is None:  # lost a race (reassigned or cancelled a moment ago): nothing changed
        await stale(update, context)
        return None
    await engine.close_press(update)
    key = "orders_rep.accepted" if data.action == ACCEPT else "orders_rep.returned"
    text = t(lang, key, id=moved.id, customer=name, due=due)
    await context.bot.send_message(update.effective_chat.id, text, reply_markup=keyboard(moved, lang))
    return None


async def show_order(update: Update, context: FieldContext, order: WorkOrder) -> None:
    """One order: the customer's site as a venue (a tap opens a maps app), its photos, then the order and
    its buttons."""
    assert update.effective_chat is not None
    chat, lang = update.effective_chat.id, context.lang
    async with context.db.read() as session:
        customer = await session.get(Customer, order.customer_id)
        text = await card(session, context, order, lang)
    if customer is not None and customer.latitude is not None and customer.longitude is not None:
        address = customer.address or f"{customer.latitude:.5f}, {customer.longitude:.5f}"
        await context.bot.send_venue(chat, customer.latitude, customer.longitude, customer.name, address)
    store = services.store_of(context.bot_data)
    await send_order_photos(context.bot, context.db, store, chat, order, lang)
    # A long fault can pass Telegram's limit: in pieces, the buttons under the last.
    await engine.send_pages(update, context, split_html(text), keyboard(order, lang))


async def my_orders(update: Update, context: FieldContext) -> None:
    """/orders for a rep: my open orders, the most urgent first, each with what it races against."""
    assert update.effective_chat is not None
    me, lang, now = context.me, context.lang, context.now()
    async with context.db.read() as session:
        orders = await orders_db.open_orders_for_rep(session, me.id or 0, now)
        dues = await next_dues(session, [o.id or 0 for o in orders])
        zone = await teams_db.zone_of_team(session, me.team_id, context.settings.timezone)
        customers = await customers_of(session, [o.customer_id for o in orders])
    if not orders:
        await context.bot.send_message(update.effective_chat.id, t(lang, "orders_rep.none"))
        return
    lines, rows = [], []
    for order in orders:
        customer = customers.get(order.customer_id)
        name = customer.name if customer else "-"
        due = dues.get(order.id or 0)
        status = due_text(lang, due.due_at, None, now, zone) if due else Raw("")
        target = label(lang, "orders.target", due.target) if due else ""
        flag = "🔴 " if order.priority == Priority.URGENT else ""
        state = label(lang, "orders.state", order.state)
        values = {"id": order.id, "flag": flag, "customer": name, "state": state, "target": target}
        lines.append(t(lang, "orders_rep.line", status=status, **values))
        data = RepAction(OPEN, order.id or 0, order.state).pack()
        text = t(lang, "orders_rep.button.open", id=order.id, customer=name)
        rows.append([InlineKeyboardButton(text, callback_data=data)])
    text = t(lang, "orders_rep.list", count=len(orders), lines=Raw("\n".join(lines)))
    await engine.send_pages(update, context, split_html(text), InlineKeyboardMarkup(rows))


async def set_card_buttons(
    context: FieldContext, chat_id: int, message_id: int | None, markup: InlineKeyboardMarkup | None = None
) -> None:
    """Give an order's earlier message the buttons of the order's new state (none: take them away)."""
    if message_id is None:
        return
    try:
        await context.bot.edit_message_reply_markup(chat_id, message_id, reply_markup=markup)
    except BadRequest as exc:  # pressed twice, or the message is gone: nothing left to change
        text = str(exc).lower()
        if "not modified" not in text and "not found" not in text:
            raise


def build() -> list[BaseHandler[Update, FieldContext, Any]]:
    """The rep's buttons that need no question (the others are entry points of their flows)."""
    return [CallbackQueryHandler(on_button, pattern=RepAction.pattern_for(ACCEPT, RETURNED, OPEN))]
