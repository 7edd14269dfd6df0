"""The supervisor's work-order buttons (/order, /orders, dispatch, /sla, the feedback notice's "Create work
order"). Each carries the order and the state it was made for: the storage's compare-and-set refuses a
button whose order has moved on, so a stale or tampered press changes nothing."""

from __future__ import annotations

from dataclasses import dataclass

from telegram import InlineKeyboardButton

from presentation.callbacks import CallbackData
from presentation.i18n import t


@dataclass(frozen=True)
class PickRep(CallbackData, prefix="orp"):
    """Give order `order_id`, seen in `state` with `assignee` (0: nobody), to rep `rep_id`."""

    order_id: int
    rep_id: int
    state: str
    assignee: int


@dataclass(frozen=True)
class OrderAction(CallbackData, prefix="oac"):
    """Under an order: "reassign" (the rep list) or "view" (the order), made for the order in `state`."""

    action: str
    order_id: int
    state: str


@dataclass(frozen=True)
class CancelOrder(CallbackData, prefix="ocx"):
    """Cancel under an order: asks the reason (handlers.order_dispatch)."""

    order_id: int
    state: str


@dataclass(frozen=True)
class OrderFilter(CallbackData, prefix="ofl"):
    """A filter of /orders: "open", "overdue", "all" or one state."""

    state: str


@dataclass(frozen=True)
class OrderFromFeedback(CallbackData, prefix="ofb"):
    """ "Create work order" under a complaint's notice: opens /order prefilled from the feedback."""

    feedback_id: int


@dataclass(frozen=True)
class SlaButton(CallbackData, prefix="sla"):
    """/sla: "edit" a category and priority's hours, or switch the team's "kind" of hours; `team_id` for
    admins who manage every team."""

    action: str
    team_id: int
    category: str
    priority: str


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
