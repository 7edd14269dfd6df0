"""Dispatch (派工): the rep list with the best first, assigning and reassigning, and a decline coming back
to the supervisors with a Reassign button.

The buttons live outside any conversation: anyone may press them at any time, so every press is checked
against the database (whose order it is, which rep may take it) and goes through storage's
compare-and-set with the state and assignee the button was made for; a press the order has moved past
changes nothing.
"""

from __future__ import annotations

from telegram import InlineKeyboardButton, InlineKeyboardMarkup, Message, Update
from telegram.error import BadRequest
from telegram.ext import BaseHandler, CallbackQueryHandler

from domain.orders import OrderState, sources_of
from handlers import order_rep, order_views
from handlers.forms.engine import stale
from presentation.buttons import OrderAction, PickRep
from presentation.context import FieldContext
from presentation.feedback_notice import admin_recipients, tell
from presentation.i18n import Raw, t
from presentation.order_buttons import reassign_button
from presentation.order_text import state_label
from storage import feedback as fb_db
from storage import orders as orders_db
from storage.field_models import Customer
from storage.models import Role, Staff
from storage.order_lookup import order_for
from storage.order_models import WorkOrder
from storage.order_queries import RepSuggestion
from storage.staff import Recipient

DISPATCHABLE = sources_of(OrderState.ASSIGNED)  # new, assigned, accepted: may be given to a rep
LIST_MAX = 30  # the best reps offered; a longer list only buries them (and Telegram caps a keyboard)


def _distance(lang: str, suggestion: RepSuggestion) -> str:
    if suggestion.distance_km is None:
        return t(lang, "orders.no_distance")
    return t(lang, "orders.km", km=f"{suggestion.distance_km:.1f}")


async def _suggestions(context: FieldContext, order: WorkOrder) -> list[RepSuggestion]:
    async with context.db.read() as session:
        return await orders_db.suggest_reps(session, order.team_id, order.customer_id, context.now())


async def offer(context: FieldContext, order: WorkOrder, customer: str, *, created: bool = True) -> None:
    """Send the rep list for `order` to this chat, best first (fewest open orders, nearest today)."""
    lang = context.lang
    reps = [r for r in await _suggestions(context, order) if r.staff_id != order.assignee_id][:LIST_MAX]
    rows = [
        [
            InlineKeyboardButton(
                t(lang, "orders.rep_button", name=r.name, open=r.open_orders, distance=_distance(lang, r)),
                callback_data=PickRep(order.id or 0, r.staff_id, order.state, order.assignee_id or 0).pack(),
            )
        ]
        for r in reps
    ]
    lines = [t(lang, "orders.created", id=order.id, customer=customer)] if created else []
    lines.append(t(lang, "orders.dispatch_ask", id=order.id) if reps else t(lang, "orders.no_reps"))
    # Sent to the person dispatching, in their private chat with the bot (the only chat staff use).
    await context.bot.send_message(
        context.me.telegram_id, "\n\n".join(lines), reply_markup=InlineKeyboardMarkup(rows) if rows else None
    )


async def _managed(update: Update, context: FieldContext, order_id: int) -> WorkOrder | None:
    """The order a supervisor's button names, if this person manages it; else the press is stale."""
    order = None
    if context.me.role in (Role.SUPERVISOR, Role.ADMIN):
        async with context.db.read() as session:
            order = await order_for(session, order_id, context.me)
    if order is None or order.state not in DISPATCHABLE:
        await stale(update, context)
        return None
    return order


async def _append(update: Update, line: str) -> None:
    """Write the outcome under the message the button was on, taking its buttons away."""
    query = update.callback_query
    assert query is not None
    message = query.message
    if not isinstance(message, Message) or not message.text:
        return
    try:
        await query.edit_message_text(f"{message.text_html}\n\n{line}", reply_markup=None)
    except BadRequest as exc:
        if "not modified" not in str(exc).lower():
            raise


async def picked(update: Update, context: FieldContext) -> None:
    """A rep of the list: assign (or reassign) if the order is still as the list showed it."""
    query = update.callback_query
    assert query is not None
    data = PickRep.unpack(query.data)
    order = await _managed(update, context, data.order_id) if data is not None else None
    if data is None or order is None:
        if data is None:
            await stale(update, context)
        return
    if not any(r.staff_id == data.rep_id for r in await _suggestions(context, order)):
        await query.answer(t(context.lang, "orders.rep_gone"), show_alert=True)
        return
    previous = data.assignee or None
    async with context.db.session() as session:
        moved = await orders_db.assign(
            session, order.id or 0, data.rep_id, by_id=context.me.id,
            expected_state=data.state, expected_assignee=previous, now=context.now(),
        )  # fmt: skip
        rep = await session.get(Staff, data.rep_id)
        was = await session.get(Staff, previous) if previous and moved is not None else None
        customer = await session.get(Customer, order.customer_id)
    if moved is None or rep is None:
        now_state = state_label(context.lang, order.state)
        await query.answer(t(context.lang, "orders.moved_on", id=order.id, state=now_state), show_alert=True)
        return
    await query.answer(t(context.lang, "orders.assigned", id=moved.id, name=rep.name))
    await _append(update, t(context.lang, "orders.assigned_line", name=rep.name))
    if not await order_rep.notify_assigned(context, moved, reassigned=previous is not None):
        # Assigned all the same (the rep sees it in /orders), but the supervisor must not count on a ping.
        await context.bot.send_message(
            context.me.telegram_id, t(context.lang, "orders.rep_unreachable", name=rep.name)
        )
    if was is not None:
        text = t(
            was.language, "orders.reassigned_away", id=moved.id, customer=customer.name if customer else "-"
        )
        await tell(context.bot, context.db, Recipient.of(was), text)


async def on_action(update: Update, context: FieldContext) -> None:
    """A button under an order: "view" opens it, "reassign" offers the rep list."""
    query = update.callback_query
    assert query is not None
    data = OrderAction.unpack(query.data)
    if data is not None and data.action == "view":
        async with context.db.read() as session:
            visible = await order_for(session, data.order_id, context.me)
        if visible is None:
            await stale(update, context)
            return
        await query.answer()
        await order_views.show_order(update, context, data.order_id)
        return
    await reassign(update, context, data)


async def reassign(update: Update, context: FieldContext, data: OrderAction | None) -> None:
    """🔁 Reassign (or 👷 Dispatch) under an order or a decline notice: the rep list again."""
    query = update.callback_query
    assert query is not None
    if data is None or data.action != "reassign":
        await stale(update, context)
        return
    order = await _managed(update, context, data.order_id)
    if order is None:
        return
    if order.state != data.state:
        await query.answer(t(context.lang, "common.stale_button"), show_alert=True)
        return
    await query.answer()
    async with context.db.read() as session:
        customer = await session.get(Customer, order.customer_id)
    await offer(context, order, customer.name if customer else "-", created=False)


async def declined(context: FieldContext, order: WorkOrder, reason: str) -> None:
    """A rep declined: the team's supervisors (the admins when it has none) get the reason and Reassign."""
    async with context.db.read() as session:
        customer = await session.get(Customer, order.customer_id)
        people = [s for s in await fb_db.supervisors_of(session, order.team_id) if s.id != context.me.id]
    recipients = [Recipient.of(p) for p in people]
    if not recipients:
        recipients = await admin_recipients(context.db, context.settings)
    for to in recipients:
        text = t(
            to.language,
            "orders.declined_notice",
            rep=context.me.name,
            id=order.id,
            customer=customer.name if customer else "-",
            reason=reason,
        )
        markup = InlineKeyboardMarkup([[reassign_button(to.language, order.id or 0, order.state)]])
        await tell(context.bot, context.db, to, Raw(text), markup)


def build() -> list[BaseHandler[Update, FieldContext, None]]:
    """The dispatch buttons; before the stale-button catch-all."""
    return [
        CallbackQueryHandler(picked, pattern=PickRep.pattern()),
        CallbackQueryHandler(on_action, pattern=OrderAction.pattern()),
    ]
