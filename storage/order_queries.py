"""What the order lists read: a rep's open orders, a team's orders (overdue first), the order a check-in
links to, and the reps a supervisor is offered when dispatching."""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from datetime import datetime
from typing import Any

from sqlalchemy import ScalarSelect, and_, case, func, nulls_last
from sqlalchemy import select as sql_select
from sqlalchemy.orm import aliased
from sqlmodel import col, select
from sqlmodel.ext.asyncio.session import AsyncSession

from domain.geo import distance_m
from domain.orders import OPEN_STATES, WITH_REP_STATES, OrderState
from domain.settings import DEFAULT_TIMEZONE
from domain.zones import local_day_bounds, zone_or_default
from storage.field_models import CheckIn, Customer, Leave
from storage.models import Role, Staff, Team
from storage.order_models import OrderTarget, WorkOrder

# How many orders one list shows at most.
LIST_LIMIT = 50


def _earliest_unmet() -> ScalarSelect[Any]:
    """Per order, the due time of its earliest target not yet met (NULL when all are met)."""
    return (
        select(func.min(OrderTarget.due_at))
        .where(col(OrderTarget.order_id) == col(WorkOrder.id), col(OrderTarget.met_at).is_(None))
        .correlate(WorkOrder)
        .scalar_subquery()
    )


async def open_orders_for_rep(session: AsyncSession, rep_id: int, now: datetime) -> list[WorkOrder]:
    """The rep's open orders, the one whose next target runs out first (overdue ones) first."""
    del now  # the order is by due time, which does not depend on now; kept for a stable signature
    query = (
        select(WorkOrder)
        .where(
            col(WorkOrder.assignee_id) == rep_id,
            col(WorkOrder.state).in_([s.value for s in WITH_REP_STATES]),
        )
        .order_by(nulls_last(_earliest_unmet()), col(WorkOrder.id))
        .limit(LIST_LIMIT)
    )
    return list((await session.exec(query)).all())


async def team_orders(
    session: AsyncSession, team_id: int, *, state: OrderState | str | None = None, now: datetime
) -> list[WorkOrder]:
    """The team's orders (open ones unless `state` says otherwise), overdue first, then by next due time;
    among orders with nothing left to meet, the newest first."""
    del now
    states = [OrderState(state).value] if state is not None else [s.value for s in OPEN_STATES]
    query = (
        select(WorkOrder)
        .where(col(WorkOrder.team_id) == team_id, col(WorkOrder.state).in_(states))
        .order_by(nulls_last(_earliest_unmet()), col(WorkOrder.id).desc())
        .limit(LIST_LIMIT)
    )
    return list((await session.exec(query)).all())


async def next_dues(session: AsyncSession, order_ids: Iterable[int]) -> dict[int, OrderTarget]:
    """For each order, its earliest target not yet met (absent when all are met): the "time left"."""
    ids = list(order_ids)
    if not ids:
        return {}
    rows = (
        await session.exec(
            select(OrderTarget)
            .where(col(OrderTarget.order_id).in_(ids), col(OrderTarget.met_at).is_(None))
            .order_by(col(OrderTarget.due_at).desc())
        )
    ).all()
    return {row.order_id: row for row in rows}  # the last written per order is its earliest


async def open_order_at_customer(session: AsyncSession, rep_id: int, customer_id: int) -> WorkOrder | None:
    """The rep's accepted order at this customer, which a check-in there marks as arrived."""
    query = (
        select(WorkOrder)
        .where(
            col(WorkOrder.assignee_id) == rep_id,
            col(WorkOrder.customer_id) == customer_id,
            col(WorkOrder.state) == OrderState.ACCEPTED.value,
        )
        .order_by(col(WorkOrder.id))
    )
    return (await session.exec(query)).first()


@dataclass(frozen=True)
class RepSuggestion:
    """A rep the supervisor may dispatch to: open orders held, and km from their latest check-in today."""

    staff_id: int
    name: str
    open_orders: int
    distance_km: float | None


async def suggest_reps(
    session: AsyncSession, team_id: int, customer_id: int, now: datetime
) -> list[RepSuggestion]:
    """Active reps of the team not on leave today, fewest open orders first, then nearest (unknown last).

    One aggregate query: open orders counted and the latest check-in of the team's day found per rep
    by subqueries, not a query per rep.
    """
    team = await session.get(Team, team_id)
    customer = await session.get(Customer, customer_id)
    zone = zone_or_default(team.timezone if team else None, DEFAULT_TIMEZONE)
    today = now.astimezone(zone).date()
    day_start, day_end = local_day_bounds(today, None, zone)
    open_count = (
        select(WorkOrder.assignee_id, func.count().label("n"))
        .where(col(WorkOrder.state).in_([s.value for s in WITH_REP_STATES]))
        .group_by(col(WorkOrder.assignee_id))
        .subquery()
    )
    latest = (
        select(CheckIn.staff_id, func.max(CheckIn.checked_in_at).label("at"))
        .where(col(CheckIn.checked_in_at) >= day_start, col(CheckIn.checked_in_at) < day_end)
        .group_by(col(CheckIn.staff_id))
        .subquery()
    )
    last_checkin = aliased(CheckIn)
    on_leave = (
        select(Leave.id)
        .where(
            col(Leave.staff_id) == col(Staff.id), col(Leave.start_date) <= today, col(Leave.end_date) >= today
        )
        .exists()
    )
    # sqlmodel's select stops at four columns; SQLAlchemy's takes any number.
    query = (
        sql_select(
            col(Staff.id),
            col(Staff.name),
            func.coalesce(open_count.c.n, 0),
            col(last_checkin.latitude),
            col(last_checkin.longitude),
        )
        .outerjoin(open_count, open_count.c.assignee_id == col(Staff.id))
        .outerjoin(latest, latest.c.staff_id == col(Staff.id))
        .outerjoin(
            last_checkin,
            and_(col(last_checkin.staff_id) == col(Staff.id), col(last_checkin.checked_in_at) == latest.c.at),
        )
        .where(
            col(Staff.team_id) == team_id,
            col(Staff.role) == Role.REP.value,
            col(Staff.active).is_(True),
            ~on_leave,
        )
    )
    suggestions: dict[int, RepSuggestion] = {}
    rows = (await session.exec(query)).all()  # type: ignore[call-overload]
    for staff_id, name, count, lat, lon in rows:
        km = None
        if (
            lat is not None
            and customer is not None
            and customer.latitude is not None
            and customer.longitude is not None
        ):
            km = round(distance_m(lat, lon, customer.latitude, customer.longitude) / 1000, 1)
        suggestions.setdefault(staff_id, RepSuggestion(staff_id, name, int(count), km))
    far = float("inf")  # unknown distances sort after every known one
    return sorted(
        suggestions.values(),
        key=lambda s: (s.open_orders, s.distance_km if s.distance_km is not None else far, s.name),
    )


@dataclass(frozen=True)
class OrderDayCounts:
    """A team's orders for the daily digest: opened and done that day, overdue (open, a target missed) now."""

    opened: int
    done: int
    overdue: int

    def __bool__(self) -> bool:
        return bool(self.opened or self.done or self.overdue)


async def order_day_counts(
    session: AsyncSession, team_id: int, start: datetime, end: datetime, now: datetime
) -> OrderDayCounts:
    """Opened and done in [start, end), and overdue at `now`: three counts in one query."""
    in_day = and_(col(WorkOrder.created_at) >= start, col(WorkOrder.created_at) < end)
    done_in_day = and_(col(WorkOrder.done_at) >= start, col(WorkOrder.done_at) < end)
    missed = (
        select(OrderTarget.id)
        .where(
            col(OrderTarget.order_id) == col(WorkOrder.id),
            col(OrderTarget.met_at).is_(None),
            col(OrderTarget.due_at) < now,
        )
        .exists()
    )
    overdue = and_(col(WorkOrder.state).in_([s.value for s in OPEN_STATES]), missed)
    query = select(
        func.count(case((in_day, 1))), func.count(case((done_in_day, 1))), func.count(case((overdue, 1)))
    ).where(col(WorkOrder.team_id) == team_id)
    opened, done, late = (await session.exec(query)).one()
    return OrderDayCounts(int(opened), int(done), int(late))
