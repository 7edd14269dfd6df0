"""The rep's steps on a work order: accept, decline, arrive, quote the fee, take back to the workshop,
return, finish. Each is one compare-and-set (storage.order_moves) that also checks the rep holds the order;
accept, arrive and finish mark their SLA target met in the same transaction."""

from __future__ import annotations

from datetime import datetime
from decimal import Decimal

from sqlmodel.ext.asyncio.session import AsyncSession

from domain.orders import EventKind, OrderState, SlaTarget
from storage.order_models import WorkOrder
from storage.order_moves import move
from storage.order_sla import meet

S = OrderState


async def accept(session: AsyncSession, order_id: int, rep_id: int, now: datetime) -> WorkOrder | None:
    """The assigned rep accepts; meets the accept target."""
    order = await move(
        session,
        order_id,
        expected=[S.ASSIGNED],
        assignee=rep_id,
        values={"state": S.ACCEPTED.value},
        event=EventKind.ACCEPTED,
        actor_id=rep_id,
        now=now,
    )
    if order is not None:
        await meet(session, order_id, SlaTarget.ACCEPT, now)
    return order


async def decline(
    session: AsyncSession, order_id: int, rep_id: int, reason: str, now: datetime
) -> WorkOrder | None:
    """The assigned rep declines (reason required): back to new, for the supervisor to reassign."""
    return await move(
        session,
        order_id,
        expected=[S.ASSIGNED],
        assignee=rep_id,
        values={"state": S.NEW.value, "assignee_id": None},
        event=EventKind.DECLINED,
        actor_id=rep_id,
        detail={"reason": reason},
        now=now,
    )


async def arrive(
    session: AsyncSession, order_id: int, rep_id: int, *, check_in_id: int | None = None, now: datetime
) -> WorkOrder | None:
    """The rep is on site (a check-in at the customer, or "Arrived"); meets the arrive target."""
    order = await move(
        session,
        order_id,
        expected=[S.ACCEPTED],
        assignee=rep_id,
        values={"state": S.ON_SITE.value, "check_in_id": check_in_id},
        event=EventKind.ARRIVED,
        actor_id=rep_id,
        detail={"check_in_id": check_in_id},
        now=now,
    )
    if order is not None:
        await meet(session, order_id, SlaTarget.ARRIVE, now)
    return order


async def quote_fee(
    session: AsyncSession, order_id: int, rep_id: int, amount: Decimal, now: datetime
) -> WorkOrder | None:
    """The rep confirms the fee was quoted to the customer (paid repairs, before work starts)."""
    return await move(
        session,
        order_id,
        expected=[S.ON_SITE],
        assignee=rep_id,
        values={"fee_amount": amount, "fee_quoted_at": now},
        event=EventKind.FEE_QUOTED,
        actor_id=rep_id,
        detail={"amount": str(amount)},
        now=now,
    )


async def take_back(
    session: AsyncSession, order_id: int, rep_id: int, receipt_number: str, taken_items: str, now: datetime
) -> WorkOrder | None:
    """The unit cannot be fixed on site: taken to the workshop against a receipt."""
    return await move(
        session,
        order_id,
        expected=[S.ON_SITE],
        assignee=rep_id,
        values={"state": S.IN_WORKSHOP.value, "receipt_number": receipt_number, "taken_items": taken_items},
        event=EventKind.TAKEN_BACK,
        actor_id=rep_id,
        detail={"receipt_number": receipt_number},
        now=now,
    )


async def returned(session: AsyncSession, order_id: int, rep_id: int, now: datetime) -> WorkOrder | None:
    """The repaired unit is back with the customer."""
    return await move(
        session,
        order_id,
        expected=[S.IN_WORKSHOP],
        assignee=rep_id,
        values={"state": S.RETURNED.value},
        event=EventKind.RETURNED,
        actor_id=rep_id,
        now=now,
    )


async def finish(
    session: AsyncSession, order_id: int, rep_id: int, visit_record_id: int | None, now: datetime
) -> WorkOrder | None:
    """Done: the visit record filed from the order; meets the finish target."""
    order = await move(
        session,
        order_id,
        expected=[S.ON_SITE, S.RETURNED],
        assignee=rep_id,
        values={"state": S.DONE.value, "visit_record_id": visit_record_id, "done_at": now},
        event=EventKind.DONE,
        actor_id=rep_id,
        detail={"visit_record_id": visit_record_id},
        now=now,
    )
    if order is not None:
        await meet(session, order_id, SlaTarget.FINISH, now)
    return order
