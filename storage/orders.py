"""Work orders: creation and every step of their life, each a compare-and-set.

A step is one `UPDATE work_order ... WHERE id = :id AND state IN (:expected) [AND assignee_id = :rep]`;
its row count decides the one winner when two people press at once (the rep accepts while the
supervisor reassigns), and the loser gets None. The step's timeline event and SLA mark are written in
the same transaction. Callers pass the session in and own the transaction.
"""

from __future__ import annotations

from collections.abc import Iterable
from datetime import datetime
from decimal import Decimal
from typing import Any

from sqlalchemy import update
from sqlmodel import col, select
from sqlmodel.ext.asyncio.session import AsyncSession

from domain.orders import EventKind, OrderCategory, OrderSource, OrderState, Priority, SlaTarget, sources_of
from storage.order_models import WorkOrder, WorkOrderEvent
from storage.order_queries import (  # noqa: F401  (one import path for callers)
    RepSuggestion,
    open_order_at_customer,
    open_orders_for_rep,
    suggest_reps,
    team_orders,
)
from storage.order_sla import add_targets, meet
from storage.order_sla import targets as targets  # re-exported: callers read targets from here

S = OrderState
_ANY = object()  # "do not check the assignee"


async def create_order(
    session: AsyncSession,
    *,
    team_id: int,
    customer_id: int,
    created_by_id: int | None,
    source: OrderSource | str = OrderSource.BOT,
    category: OrderCategory | str,
    priority: Priority | str = Priority.NORMAL,
    fault: str = "",
    contact_name: str | None = None,
    contact_phone: str | None = None,
    product_model: str | None = None,
    serial_number: str | None = None,
    photo_file_ids: Iterable[str] = (),
    feedback_id: int | None = None,
    assignee_id: int | None = None,
    now: datetime,
) -> WorkOrder:
    """A new order with its three SLA targets, started now. With `assignee_id` (a rep creating an order
    on site for themselves) it starts out assigned to them."""
    order = WorkOrder(
        team_id=team_id,
        customer_id=customer_id,
        created_by_id=created_by_id,
        source=OrderSource(source).value,
        category=OrderCategory(category).value,
        priority=Priority(priority).value,
        fault=fault,
        contact_name=contact_name,
        contact_phone=contact_phone,
        product_model=product_model,
        serial_number=serial_number,
        photo_file_ids=list(photo_file_ids),
        feedback_id=feedback_id,
        state=S.ASSIGNED if assignee_id is not None else S.NEW,
        assignee_id=assignee_id,
        created_at=now,
        updated_at=now,
    )
    session.add(order)
    await session.flush()
    assert order.id is not None
    _event(session, order.id, EventKind.CREATED, created_by_id, {"source": order.source}, now)
    if assignee_id is not None:
        _event(session, order.id, EventKind.ASSIGNED, created_by_id, {"rep_id": assignee_id}, now)
    await add_targets(session, order, now)
    return order


async def get_order(session: AsyncSession, order_id: int) -> WorkOrder | None:
    """The order as stored now (not a copy cached earlier in the session)."""
    query = select(WorkOrder).where(WorkOrder.id == order_id).execution_options(populate_existing=True)
    return (await session.exec(query)).first()


async def order_in_team(session: AsyncSession, order_id: int, team_id: int) -> WorkOrder | None:
    """The order if it belongs to the team (a button naming another team's order finds nothing)."""
    order = await get_order(session, order_id)
    return order if order is not None and order.team_id == team_id else None


async def timeline(session: AsyncSession, order_id: int) -> list[WorkOrderEvent]:
    """The order's events, in the order they happened."""
    query = (
        select(WorkOrderEvent)
        .where(WorkOrderEvent.order_id == order_id)
        .order_by(col(WorkOrderEvent.id))  # the order they were written in
    )
    return list((await session.exec(query)).all())


def _event(
    session: AsyncSession,
    order_id: int,
    kind: EventKind,
    actor_id: int | None,
    detail: dict[str, Any],
    now: datetime,
) -> None:
    session.add(WorkOrderEvent(order_id=order_id, at=now, kind=kind.value, actor_id=actor_id, detail=detail))


async def _move(
    session: AsyncSession,
    order_id: int,
    *,
    expected: Iterable[OrderState],
    assignee: object = _ANY,
    values: dict[str, Any],
    event: EventKind,
    actor_id: int | None,
    detail: dict[str, Any] | None = None,
    now: datetime,
) -> WorkOrder | None:
    """The compare-and-set every step goes through; None when the order was not as expected."""
    condition = [col(WorkOrder.id) == order_id, col(WorkOrder.state).in_([s.value for s in expected])]
    if assignee is not _ANY:
        who = col(WorkOrder.assignee_id)
        condition.append(who.is_(None) if assignee is None else who == assignee)
    result = await session.exec(update(WorkOrder).where(*condition).values(**values, updated_at=now))
    if result.rowcount != 1:
        return None
    _event(session, order_id, event, actor_id, detail or {}, now)
    await session.flush()
    return await get_order(session, order_id)


async def assign(
    session: AsyncSession,
    order_id: int,
    rep_id: int,
    *,
    by_id: int | None,
    expected_state: OrderState | str,
    expected_assignee: int | None,
    now: datetime,
) -> WorkOrder | None:
    """Assign a new order, or reassign one (assigned or accepted) to another rep; the supervisor's view
    must still be true (state and assignee as shown), else None."""
    state = OrderState(expected_state)
    if state not in sources_of(S.ASSIGNED) or rep_id == expected_assignee:
        return None
    kind = EventKind.ASSIGNED if expected_assignee is None else EventKind.REASSIGNED
    detail = {"rep_id": rep_id, "previous_id": expected_assignee}
    return await _move(
        session,
        order_id,
        expected=[state],
        assignee=expected_assignee,
        values={"state": S.ASSIGNED.value, "assignee_id": rep_id},
        event=kind,
        actor_id=by_id,
        detail=detail,
        now=now,
    )


async def accept(session: AsyncSession, order_id: int, rep_id: int, now: datetime) -> WorkOrder | None:
    """The assigned rep accepts; meets the accept target."""
    order = await _move(
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
    return await _move(
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
    order = await _move(
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
    return await _move(
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
    return await _move(
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
    return await _move(
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
    order = await _move(
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


async def cancel(
    session: AsyncSession,
    order_id: int,
    by_id: int | None,
    reason: str,
    now: datetime,
    *,
    expected_state: OrderState | str | None = None,
) -> WorkOrder | None:
    """Cancel an open order (reason required); with `expected_state`, only if it is still in it."""
    states = sources_of(S.CANCELLED) if expected_state is None else {OrderState(expected_state)}
    return await _move(
        session,
        order_id,
        expected=states & sources_of(S.CANCELLED),
        values={"state": S.CANCELLED.value, "cancel_reason": reason},
        event=EventKind.CANCELLED,
        actor_id=by_id,
        detail={"reason": reason},
        now=now,
    )
