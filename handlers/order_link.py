"""A fresh customer link from /order N ("Customer link") for a done order its customer has not answered:
a new token, and every earlier link of the order stops working (storage.customer_links.issue_link), for
a link lost, expired, or sent to the wrong person. The order's rep and its team's supervisors (admins:
every team) may ask; the link and its QR code go to whoever asked, to show or forward.
"""

from __future__ import annotations

from telegram import InlineKeyboardButton, Update
from telegram.ext import BaseHandler, CallbackQueryHandler

from handlers.customer_link import offer_link
from handlers.forms.engine import stale
from presentation.buttons import FreshLink
from presentation.context import FieldContext
from presentation.i18n import t
from storage.customer_links import awaits_customer
from storage.order_lookup import order_for
from storage.order_models import WorkOrder


def link_rows(order: WorkOrder, lang: str) -> list[list[InlineKeyboardButton]]:
    """The Customer link button while the done order waits for its customer's answer."""
    if not awaits_customer(order):
        return []
    data = FreshLink(order.id or 0).pack()
    return [[InlineKeyboardButton(t(lang, "clink.fresh_button"), callback_data=data)]]


async def fresh_link(update: Update, context: FieldContext) -> None:
    """Issue the new link to the person who pressed, if they may see the order and it still waits."""
    query = update.callback_query
    assert query is not None
    pressed = FreshLink.unpack(query.data)
    async with context.db.read() as session:
        order = await order_for(session, pressed.order_id, context.me) if pressed else None
    if order is None or order.assignee_id is None or not awaits_customer(order):
        await stale(update, context)  # another team's or rep's order, or already answered
        return
    await query.answer(t(context.lang, "clink.fresh_done"))
    await offer_link(context, order, to=context.me)


def build() -> list[BaseHandler[Update, FieldContext, None]]:
    """The Customer link button under /order N (before the stale-button catch-all)."""
    return [CallbackQueryHandler(fresh_link, pattern=FreshLink.pattern())]
