"""What the supervisor's order views read besides the orders: who may see an order, and the names and
customers a list or a timeline shows (one query each, not one per row)."""

from __future__ import annotations

from collections.abc import Iterable

from sqlmodel import col, select
from sqlmodel.ext.asyncio.session import AsyncSession

from storage.field_models import Customer
from storage.models import Role, Staff, Team
from storage.order_models import WorkOrder
from storage.orders import get_order


async def order_for(session: AsyncSession, order_id: int, viewer: Staff) -> WorkOrder | None:
    """The order if `viewer` may see it: admins every order, supervisors their team's, reps their own.
    Anything else is None, exactly like an order that does not exist."""
    if not 0 < order_id < 2**31:  # an id beyond the column's range (a typed or forged number) is nobody's
        return None
    order = await get_order(session, order_id)
    if order is None or viewer.role == Role.ADMIN:
        return order
    if viewer.role == Role.SUPERVISOR:
        return order if viewer.team_id is not None and order.team_id == viewer.team_id else None
    return order if order.assignee_id == viewer.id else None


async def names_of(session: AsyncSession, staff_ids: Iterable[int | None]) -> dict[int, str]:
    """Staff names by id."""
    ids = {i for i in staff_ids if i}
    if not ids:
        return {}
    rows = (await session.exec(select(Staff.id, Staff.name).where(col(Staff.id).in_(ids)))).all()
    return {staff_id: name for staff_id, name in rows if staff_id is not None}


async def customers_of(session: AsyncSession, customer_ids: Iterable[int]) -> dict[int, Customer]:
    """Customers by id."""
    ids = set(customer_ids)
    if not ids:
        return {}
    rows = (await session.exec(select(Customer).where(col(Customer.id).in_(ids)))).all()
    return {c.id: c for c in rows if c.id is not None}


async def teams_of(session: AsyncSession, team_ids: Iterable[int] | None = None) -> list[Team]:
    """The teams named (every team when None), by name."""
    query = select(Team).order_by(col(Team.name))
    if team_ids is not None:
        query = query.where(col(Team.id).in_(set(team_ids)))
    return list((await session.exec(query)).all())
