"""Where /checkin and /visit meet work orders, one call each from their submit.

- A check-in at the customer of one of the rep's accepted orders is that order's arrival (inside the
  geofence, or unverified where the site has no coordinates; outside it counts as much as "Arrived" would:
  not at all), recorded in the check-in's own transaction.
- A visit record filed from an order (its draft carries "order") finishes the order in the record's own
  transaction; then the rep gets the customer's link to confirm and rate (handlers.customer_link).
"""

from __future__ import annotations

import logging
from typing import Any

from sqlmodel.ext.asyncio.session import AsyncSession
from telegram.error import TelegramError

from domain.geo import Verdict
from handlers import customer_link
from handlers.forms.spec import Draft
from handlers.order_rep import set_card_buttons
from presentation.context import FieldContext
from presentation.i18n import Raw, t
from storage import orders as orders_db
from storage.field_models import CheckIn
from storage.order_models import WorkOrder

log = logging.getLogger(__name__)


async def check_in_made(session: AsyncSession, context: FieldContext, checkin: CheckIn) -> str:
    """Link a check-in to the rep's accepted order at its customer; the line that says so, or ""."""
    if checkin.customer_id is None or checkin.verdict == Verdict.OUTSIDE:
        return ""
    me = context.me
    order = await orders_db.open_order_at_customer(session, me.id or 0, checkin.customer_id)
    if order is None:
        return ""
    moved = await orders_db.arrive(
        session, order.id or 0, me.id or 0, check_in_id=checkin.id, now=context.now()
    )
    return "\n" + t(context.lang, "orders_rep.linked", id=order.id) if moved is not None else ""


def order_of(draft: Draft) -> dict[str, Any] | None:
    """The work order a visit record is filed for, if any."""
    order = draft.get("order")
    return order if isinstance(order, dict) else None


async def finish_order(
    session: AsyncSession, context: FieldContext, draft: Draft, visit_record_id: int | None
) -> WorkOrder | None:
    """Done: the order the record is filed for, finished and linked to it (None if there is none, or if it
    was reassigned or cancelled meanwhile: the record is kept either way)."""
    order = order_of(draft)
    if order is None:
        return None
    me = context.me
    return await orders_db.finish(session, int(order["id"]), me.id or 0, visit_record_id, context.now())


async def after_filing(context: FieldContext, draft: Draft, finished: WorkOrder | None, filed: str) -> str:
    """What the rep is told once the record is filed; for an order, then the customer's link."""
    order, lang = order_of(draft), context.lang
    if order is None:
        return filed
    if finished is None:
        return Raw(f"{filed}\n{t(lang, 'orders_rep.not_done', id=order['id'])}")
    chat = context.me.telegram_id
    await set_card_buttons(context, chat, order.get("card"))
    # The customer's link says the order is done; the rep's last line says what is left of the day.
    await context.bot.send_message(chat, filed)
    try:
        await customer_link.offer_link(context, finished)
    except TelegramError as exc:  # the order is done and stored either way
        log.warning("could not send the customer link of order %s: %s", finished.id, exc)
        return t(lang, "orders_rep.link_failed", id=finished.id)
    async with context.db.read() as session:
        left = len(await orders_db.open_orders_for_rep(session, context.me.id or 0, context.now()))
    if left:
        return t(lang, "orders_rep.left", id=finished.id, count=left)
    return t(lang, "orders_rep.none_left", id=finished.id)
