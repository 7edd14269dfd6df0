"""The compare-and-set every work-order step goes through, and the timeline event it writes.

A step is one `UPDATE work_order ... WHERE id = :id AND state IN (:expected) [AND assignee_id = :rep]`;
its row count decides the one winner when two people press at once, and the loser gets None. The event
is written in the same transaction.
"""

from __future__ import annotations

from collections.abc import Iterable
from datetime import datetime
from typing import Any

from sqlmodel import col, select
from sqlmodel.ext.asyncio.session import AsyncSession

from domain.orders import EventKind, OrderState
from storage.compare_and_set import update_if
from storage.order_models import WorkOrder, WorkOrderEvent

ANY = object()  # "do not check the assignee"


async def get_order(session: AsyncSession, order_id: int) -> WorkOrder | None:
    """The order as stored now (not a copy cached earlier in the session)."""
    query = select(WorkOrder).where(WorkOrder.id == order_id).execution_options(populate_existing=True)
    return (await session.exec(query)).first()


def add_event(
    session: AsyncSession,
    order_id: int,
    kind: EventKind,
    actor_id: int | None,
    detail: dict[str, Any],
    now: datetime,
) -> None:
    session.add(WorkOrderEvent(order_id=order_id, at=now, kind=kind.value, actor_id=actor_id, detail=detail))


async def move(
    session: AsyncSession,
    order_id: int,
    *,
    expected: Iterable[OrderState],
    assignee: object = ANY,
    values: dict[str, Any],
    event: EventKind,
    actor_id: int | None,
    detail: dict[str, Any] | None = None,
    now: datetime,
) -> WorkOrder | None:
    """The compare-and-set every step goes through; None when the order was not as expected."""
    condition = [col(WorkOrder.id) == order_id, col(WorkOrder.state).in_([s.value for s in expected])]
    if assignee is not ANY:
        who = col(WorkOrder.assignee_id)
        condition.append(who.is_(None) if assignee is None else who == assignee)
    if not await update_if(session, WorkOrder, *condition, **values, updated_at=now):
        return None
    add_event(session, order_id, event, actor_id, detail or {}, now)
    await session.flush()
    return await get_order(session, order_id)
