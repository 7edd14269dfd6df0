"""The workbook's work-order sheet: each order of the team created in the month with its three SLA
results (accept, arrive, finish: met, late, overdue or open) and the customer's rating."""

from __future__ import annotations

from datetime import datetime
from zoneinfo import ZoneInfo

from sqlmodel import col, select
from sqlmodel.ext.asyncio.session import AsyncSession

from storage.field_models import Customer
from storage.models import Staff, Team
from storage.order_models import OrderTarget, WorkOrder
from storage.score_rows import local
from storage.score_sheet import Column

TARGETS = ("accept", "arrive", "finish")
ORDER_COLUMNS = [
    Column("order"),
    Column("customer", width=20),
    Column("order_category", values="orders.category.", width=22),
    Column("priority", values="orders.priority."),
    Column("state", values="orders.state."),
    Column("created_at", width=18),
    Column("done_at", width=18),
    *(Column(f"sla_{target}", values="export.sla.") for target in TARGETS),
    Column("rating"),
]


def sla_result(target: OrderTarget | None, now: datetime) -> str | None:
    """met (in time), late (met after the due time), overdue (not met, past due), open (not due yet)."""
    if target is None:
        return None
    if target.met_at is not None:
        return "met" if target.met_at <= target.due_at else "late"
    return "overdue" if target.due_at < now else "open"


async def order_rows(
    session: AsyncSession, team: Team, zone: ZoneInfo, begin: datetime, end: datetime, now: datetime
) -> list[list[object]]:
    """The team's orders created in [begin, end), oldest first, with their targets (two queries)."""
    query = (
        select(WorkOrder, Staff.name, Customer.name)
        .outerjoin(Staff, col(Staff.id) == WorkOrder.assignee_id)
        .join(Customer, col(Customer.id) == WorkOrder.customer_id)
        .where(col(WorkOrder.team_id) == team.id, WorkOrder.created_at >= begin, WorkOrder.created_at < end)
        .order_by(col(WorkOrder.created_at), col(WorkOrder.id))
    )
    orders = list(await session.exec(query))
    ids = [order.id for order, _, _ in orders]
    targets: dict[tuple[int, str], OrderTarget] = {}
    if ids:
        found = await session.exec(select(OrderTarget).where(col(OrderTarget.order_id).in_(ids)))
        targets = {(t.order_id, t.target): t for t in found}

    rows: list[list[object]] = []
    for order, rep, customer in orders:
        results = [sla_result(targets.get((order.id or 0, target)), now) for target in TARGETS]
        rows.append(
            [
                team.name,
                rep,
                order.id,
                customer,
                order.category,
                order.priority,
                order.state,
                local(order.created_at, zone),
                local(order.done_at, zone),
                *results,
                order.rating,
            ]
        )
    return rows
