"""Work orders: creation, reading, the supervisor's steps (assign, reassign, cancel), and (re-exported,
so callers need this one module) the rep's steps, the lists and the SLA targets.

Every step is a compare-and-set (storage.order_moves): when two people press at once (the rep accepts
while the supervisor reassigns) exactly one wins and the other gets None. Callers pass the session in
and own the transaction.
"""

from __future__ import annotations

from collections.abc import Iterable
from datetime import datetime

from sqlmodel import col, select
from sqlmodel.ext.asyncio.session import AsyncSession

from domain.orders import EventKind, OrderCategory, OrderSource, OrderState, Priority, sources_of
from storage.order_models import WorkOrder, WorkOrderEvent
from storage.order_moves import add_event, get_order, move
from storage.order_queries import (  # noqa: F401  (one import path for callers)
    RepSuggestion,
    next_dues,
    open_order_at_customer,
    open_orders_for_rep,
    suggest_reps,
    team_orders,
)
from storage.order_sla import add_targets
from storage.order_sla import targets as targets  # re-exported: callers read targets from here
from storage.order_steps import (  # noqa: F401  (one import path for callers)
    accept,
    arrive,
    decline,
    finish,
    quote_fee,
    returned,
    take_back,
)

S = OrderState


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
    add_event(session, order.id, EventKind.CREATED, created_by_id, {"source": order.source}, now)
    if assignee_id is not None:
        add_event(session, order.id, EventKind.ASSIGNED, created_by_id, {"rep_id": assignee_id}, now)
    await add_targets(session, order, now)
    return order


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
    return await move(
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


async def cancel_order(
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
    return await move(
        session,
        order_id,
        expected=states & sources_of(S.CANCELLED),
        values={"state": S.CANCELLED.value, "cancel_reason": reason},
        event=EventKind.CANCELLED,
        actor_id=by_id,
        detail={"reason": reason},
        now=now,
    )
