"""Which work order was created from a complaint (work_order.feedback_id): one order per feedback, so a
second "Create work order" press, or a second form submitted meanwhile, creates nothing."""

from __future__ import annotations

from sqlmodel import col, select
from sqlmodel.ext.asyncio.session import AsyncSession

from storage.order_models import WorkOrder


async def order_from(session: AsyncSession, feedback_id: int) -> WorkOrder | None:
    """The (first) work order created from this feedback, if any."""
    query = (
        select(WorkOrder)
        .where(col(WorkOrder.feedback_id) == feedback_id)
        .order_by(col(WorkOrder.id))
        .limit(1)
    )
    return (await session.exec(query)).first()
