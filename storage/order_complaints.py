"""A customer's bad answer on a work order turned into a complaint (客户投诉) against the order's rep.

Two supervisors may press "Turn into a complaint" on the same alert at once; the order's row is locked
(FOR UPDATE on PostgreSQL; SQLite has one writer at a time anyway) while the audit line that marks the
order as complained about is looked for and written, so exactly one complaint is filed.
"""

from __future__ import annotations

from sqlmodel import col, select
from sqlmodel.ext.asyncio.session import AsyncSession

from domain.feedback import ROUTING, ComplaintCategory, FeedbackKind
from storage import notice_copies
from storage.field_models import Feedback
from storage.models import AuditEntry
from storage.order_models import WorkOrder

EVENT = "order_complaint"
# A low rating or unfinished work is about how the service was done: service management handles it
# (the supervisor can re-route it from the feedback like any complaint).
CATEGORY = ComplaintCategory.STAFF


async def complaint_of(session: AsyncSession, order_id: int) -> int | None:
    """The id of the complaint already filed from this order, if any."""
    query = select(AuditEntry.detail).where(
        col(AuditEntry.event) == EVENT, col(AuditEntry.detail).startswith(f"{order_id}:")
    )
    found = (await session.exec(query)).first()
    return int(found.split(":", 1)[1]) if found else None


async def file_complaint(
    session: AsyncSession, order: WorkOrder, *, description: str, by_telegram_id: int
) -> tuple[Feedback | None, int | None]:
    """File the complaint once: (the new complaint, None), or (None, the id of the one filed before)."""
    assert order.id is not None
    # Serialises racing presses: the second waits here, then finds the first one's audit line.
    await session.exec(select(WorkOrder.id).where(col(WorkOrder.id) == order.id).with_for_update())
    earlier = await complaint_of(session, order.id)
    if earlier is not None or order.assignee_id is None:
        return None, earlier
    complaint = Feedback(
        staff_id=order.assignee_id,
        team_id=order.team_id,
        kind=FeedbackKind.COMPLAINT.value,
        customer_id=order.customer_id,
        product_model=order.product_model,
        description=description,
        complaint_category=CATEGORY.value,
        routed_to=ROUTING[CATEGORY].value,
    )
    session.add(complaint)
    await session.flush()
    session.add(AuditEntry(telegram_id=by_telegram_id, event=EVENT, detail=f"{order.id}:{complaint.id}"))
    assert complaint.id is not None
    # The supervisors' alerts about this answer are this complaint's notices from now on.
    await notice_copies.adopt_order_alerts(session, order.id, complaint.id)
    return complaint, None
