"""The rep's steps on a work order: accept, decline, arrive, quote the fee, take back to the workshop,
return, finish. Each is one compare-and-set (storage.order_moves) that also checks the rep holds the order;
accept, arrive and finish mark their SLA target met in the same transaction."""

from __future__ import annotations

from collections.abc import Iterable
from datetime import datetime
from decimal import Decimal
from typing import Any

from sqlmodel.ext.asyncio.session import AsyncSession

from domain.orders import EventKind, OrderState, SlaTarget
from storage.order_models import WorkOrder
from storage.order_moves import move
from storage.order_sla import meet

S = OrderState


async def _step(
    session: AsyncSession,
    order_id: int,
    rep_id: int,
    now: datetime,
    was: Iterable[OrderState],
    to: dict[str, Any],
    event: EventKind,
    detail: dict[str, Any] | None = None,
    meets: SlaTarget | None = None,
) -> WorkOrder | None:
    """One step from the states `was`, setting `to`; `meets` is marked met in the same transaction."""
    held = {"assignee": rep_id, "actor_id": rep_id}  # the rep who holds the order makes the step
    order = await move(
        session, order_id, expected=was, values=to, event=event, detail=detail, now=now, **held
    )
    if order is not None and meets is not None:
        await meet(session, order_id, meets, now)
    return order


async def accept(session: AsyncSession, order_id: int, rep_id: int, now: datetime) -> WorkOrder | None:
    """The assigned rep accepts; meets the accept target."""
    accepted = {"state": S.ACCEPTED.value}
    return await _step(
        session, order_id, rep_id, now, [S.ASSIGNED], accepted, EventKind.ACCEPTED, meets=SlaTarget.ACCEPT
    )


async def decline(
    session: AsyncSession, order_id: int, rep_id: int, reason: str, now: datetime
) -> WorkOrder | None:
    """The assigned rep declines (reason required): back to new, for the supervisor to reassign."""
    unassigned = {"state": S.NEW.value, "assignee_id": None}
    return await _step(
        session, order_id, rep_id, now, [S.ASSIGNED], unassigned, EventKind.DECLINED, {"reason": reason}
    )


async def arrive(
    session: AsyncSession, order_id: int, rep_id: int, *, check_in_id: int | None = None, now: datetime
) -> WorkOrder | None:
    """The rep is on site (a check-in at the customer, or "Arrived"); meets the arrive target."""
    on_site = {"state": S.ON_SITE.value, "check_in_id": check_in_id}
    detail = {"check_in_id": check_in_id}
    return await _step(
        session, order_id, rep_id, now, [S.ACCEPTED], on_site, EventKind.ARRIVED, detail, SlaTarget.ARRIVE
    )


async def quote_fee(
    session: AsyncSession, order_id: int, rep_id: int, amount: Decimal, now: datetime
) -> WorkOrder | None:
    """The rep confirms the fee was quoted to the customer (paid repairs, before work starts)."""
    quoted = {"fee_amount": amount, "fee_quoted_at": now}
    detail = {"amount": str(amount)}
    return await _step(session, order_id, rep_id, now, [S.ON_SITE], quoted, EventKind.FEE_QUOTED, detail)


async def take_back(
    session: AsyncSession, order_id: int, rep_id: int, receipt_number: str, taken_items: str, now: datetime
) -> WorkOrder | None:
    """The unit cannot be fixed on site: taken to the workshop against a receipt."""
    taken = {"state": S.IN_WORKSHOP.value, "receipt_number": receipt_number, "taken_items": taken_items}
    detail = {"receipt_number": receipt_number}
    return await _step(session, order_id, rep_id, now, [S.ON_SITE], taken, EventKind.TAKEN_BACK, detail)


async def returned(session: AsyncSession, order_id: int, rep_id: int, now: datetime) -> WorkOrder | None:
    """The repaired unit is back with the customer."""
    back = {"state": S.RETURNED.value}
    return await _step(session, order_id, rep_id, now, [S.IN_WORKSHOP], back, EventKind.RETURNED)


async def finish(
    session: AsyncSession, order_id: int, rep_id: int, visit_record_id: int | None, now: datetime
) -> WorkOrder | None:
    """Done: the visit record filed from the order; meets the finish target."""
    done = {"state": S.DONE.value, "visit_record_id": visit_record_id, "done_at": now}
    detail = {"visit_record_id": visit_record_id}
    expected = [S.ON_SITE, S.RETURNED]
    return await _step(
        session, order_id, rep_id, now, expected, done, EventKind.DONE, detail, SlaTarget.FINISH
    )
