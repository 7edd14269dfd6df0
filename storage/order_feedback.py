"""Which work order was created from a complaint (work_order.feedback_id, unique since 0009): one order
per feedback, so a second "Create work order" press, or a second form submitted meanwhile, creates
nothing."""

from __future__ import annotations

from typing import Any

from sqlalchemy.exc import IntegrityError
from sqlmodel import col, select
from sqlmodel.ext.asyncio.session import AsyncSession

from storage import orders as orders_db
from storage.order_models import WorkOrder


async def order_from(session: AsyncSession, feedback_id: int) -> WorkOrder | None:
    """The work order created from this feedback, if any."""
    query = select(WorkOrder).where(col(WorkOrder.feedback_id) == feedback_id)
    return (await session.exec(query)).first()


async def create_from_feedback(session: AsyncSession, **fields: Any) -> WorkOrder | None:
    """storage.orders.create_order for an order made from a feedback; None when another one was made
    from it first (the unique index decides, so racing submits make exactly one)."""
    try:
        async with session.begin_nested():
            return await orders_db.create_order(session, **fields)
    except IntegrityError:
        return None
