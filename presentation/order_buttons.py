"""The supervisor's work-order buttons (/order, /orders, dispatch, /sla, the feedback notice's "Create work
order"). Each carries the order and the state it was made for: the storage's compare-and-set refuses a
button whose order has moved on, so a stale or tampered press changes nothing."""

from __future__ import annotations

from telegram import InlineKeyboardButton

from presentation.buttons import OrderAction, OrderFromFeedback
from presentation.i18n import t


def reassign_button(
    lang: str, order_id: int, state: str, *, label: str = "orders.reassign_button"
) -> InlineKeyboardButton:
    """🔁 Reassign (or another label: 👷 Dispatch), under an order or a decline notice: the rep list."""
    data = OrderAction("reassign", order_id, state).pack()
    return InlineKeyboardButton(t(lang, label), callback_data=data)


def create_from_feedback_button(lang: str, feedback_id: int) -> InlineKeyboardButton:
    """🛠 Create work order, under a complaint's notice."""
    data = OrderFromFeedback(feedback_id).pack()
    return InlineKeyboardButton(t(lang, "orders.from_feedback_button"), callback_data=data)
