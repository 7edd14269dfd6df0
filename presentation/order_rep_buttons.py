"""The rep's work-order buttons: what fits an order in its state, for the rep it is assigned to.

Each button carries the order and the state it was made for. The handler checks both against the stored
order (and storage's compare-and-set checks them again), so a button of an order that moved on, of another
rep's order or of a forged id changes nothing and is answered "this button is no longer active".
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from telegram import InlineKeyboardButton

from domain.orders import OrderCategory, OrderState
from presentation.buttons import RepAction
from presentation.i18n import t

if TYPE_CHECKING:
    from storage.order_models import WorkOrder

# What a rep does to an order (the button's `action`).
ACCEPT, DECLINE, ARRIVE, FEE, TAKE_BACK, RETURNED, DONE, OPEN = (
    "accept",
    "decline",
    "arrive",
    "fee",
    "takeback",
    "returned",
    "done",
    "open",
)
# Answered by the small flows of handlers.order_work (a reason, an amount, a receipt, a location).
FORM_ACTIONS = frozenset({DECLINE, FEE, TAKE_BACK, ARRIVE})


def needs_fee(order: WorkOrder) -> bool:
    """A paid repair starts only once the rep confirmed the fee quoted to the customer."""
    return order.category == OrderCategory.PAID_REPAIR and order.fee_quoted_at is None


def allowed(order: WorkOrder, action: str) -> bool:
    """Whether `action` fits the order's state now (what rep_buttons offers, checked again on press)."""
    state = order.state
    on_site = state == OrderState.ON_SITE
    return {
        ACCEPT: state == OrderState.ASSIGNED,
        DECLINE: state == OrderState.ASSIGNED,
        ARRIVE: state == OrderState.ACCEPTED,
        FEE: on_site and needs_fee(order),
        TAKE_BACK: on_site and not needs_fee(order),
        RETURNED: state == OrderState.IN_WORKSHOP,
        DONE: (on_site and not needs_fee(order)) or state == OrderState.RETURNED,
        OPEN: True,
    }.get(action, False)


def _button(lang: str, order: WorkOrder, action: str) -> InlineKeyboardButton:
    data = RepAction(action, order.id or 0, order.state).pack()
    return InlineKeyboardButton(t(lang, f"orders_rep.button.{action}"), callback_data=data)


def rep_buttons(order: WorkOrder, lang: str) -> list[list[InlineKeyboardButton]]:
    """The buttons that fit the order's state for its rep (none once it is done or cancelled)."""
    rows: list[list[str]] = {
        OrderState.ASSIGNED: [[ACCEPT, DECLINE]],
        OrderState.ACCEPTED: [[ARRIVE]],
        OrderState.ON_SITE: [[FEE]] if needs_fee(order) else [[DONE], [TAKE_BACK]],
        OrderState.IN_WORKSHOP: [[RETURNED]],
        OrderState.RETURNED: [[DONE]],
    }.get(OrderState(order.state), [])
    return [[_button(lang, order, action) for action in row] for row in rows]
