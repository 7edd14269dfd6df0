"""Done: the visit record filed from the order. The button opens /visit's own flow (handlers.visit) with a
draft prefilled from the order (customer, kind of visit, model, serial, the fault as the problem, and the
arrival's check-in for the time on site); the rep adds the work done, parts, result and the photo of the
signed dispatch sheet (required for an order; handlers.visit_form). Filing it finishes the order
(handlers.order_rep_hooks).
"""

from __future__ import annotations

from typing import Any

from telegram import Update
from telegram.ext import BaseHandler, CallbackQueryHandler

from domain.orders import OrderCategory
from domain.visits import VisitType
from handlers import visit
from handlers.forms import engine
from handlers.order_rep import already_open, pressed_order
from presentation.buttons import RepAction
from presentation.context import FieldContext
from presentation.i18n import t
from presentation.order_rep_buttons import DONE
from storage import teams as teams_db
from storage.field_models import CheckIn, Customer
from storage.order_models import WorkOrder

# The kind of visit an order's category is filed as.
VISIT_TYPE = {
    OrderCategory.WARRANTY_REPAIR: VisitType.WARRANTY_REPAIR,
    OrderCategory.PAID_REPAIR: VisitType.PAID_REPAIR,
    OrderCategory.CONTRACT_SERVICE: VisitType.CONTRACT,
    OrderCategory.INSTALLATION: VisitType.INSTALLATION,
    OrderCategory.MAINTENANCE: VisitType.REGULAR,
}


def _answers(order: WorkOrder, customer: Customer) -> dict[str, Any]:
    """What the order already says, as /visit's answers (steps the order leaves empty are asked)."""
    given: dict[str, Any] = {"customer": {"id": customer.id, "name": customer.name}}
    given["type"] = VISIT_TYPE.get(OrderCategory(order.category), VisitType.REGULAR).value
    for key, value in (
        ("model", order.product_model),
        ("serial", order.serial_number),
        ("problem", order.fault),
    ):
        if value:
            given[key] = value
    return given


def _checkin(checkin: CheckIn | None) -> dict[str, Any] | None:
    """The arrival's check-in as /visit keeps it (its times give the time on site)."""
    if checkin is None:
        return None
    out = checkin.checked_out_at.isoformat() if checkin.checked_out_at else None
    return {
        "id": checkin.id,
        "customer_id": checkin.customer_id,
        "at": checkin.checked_in_at.isoformat(),
        "out": out,
    }


async def start(update: Update, context: FieldContext) -> str | None:
    """✅ Done under an order: the visit record, prefilled from it, at its first open question."""
    found = await pressed_order(update, context)
    if found is None:
        return None
    _data, order = found
    query, now = update.callback_query, context.now()
    assert query is not None and query.message is not None and update.effective_chat is not None
    handled, state = await already_open(
        update, context, visit.FORM, lambda draft: (draft.get("order") or {}).get("id") == order.id
    )
    if handled:
        return state
    async with context.db.read() as session:
        customer = await session.get(Customer, order.customer_id)
        zone = await teams_db.zone_of_team(session, order.team_id, context.settings.timezone)
        checkin = await session.get(CheckIn, order.check_in_id) if order.check_in_id else None
    if customer is None:
        await engine.stale(update, context)
        return None
    card = query.message.message_id
    draft = engine.begin(
        context,
        visit.FORM,
        started_at=now.isoformat(),
        tz=zone.key,
        checkin=_checkin(checkin),
        answers=_answers(order, customer),
        order={"id": order.id, "state": order.state, "card": card},
    )
    missing = engine.first_missing(visit.FORM, draft)
    assert missing is not None  # the work done, the result and the signed sheet are never in an order
    draft["step"] = missing.key
    await query.answer()
    text = t(context.lang, "orders_rep.done_start", id=order.id, customer=customer.name)
    await context.bot.send_message(update.effective_chat.id, text)
    return await engine.ask(update, context, visit.FORM)


def entry_points() -> list[BaseHandler[Update, FieldContext, Any]]:
    """/visit's entry point for ✅ Done under an order (given to handlers.visit.build)."""
    return [CallbackQueryHandler(start, pattern=RepAction.pattern_for(DONE))]
