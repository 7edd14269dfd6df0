"""Work-order rates per rep and month, computed by the database: one `INSERT ... SELECT` per kind.

- repair (报修处理及时率): warranty, paid and contract orders whose finish target fell due in the month,
  finished by their due time (exactly at it is on time). An order still open after its due time counts
  as late; one not yet due is left out until it is decided.
- commissioning (调试及时率): the same for installation and commissioning orders.
- satisfaction (满意率): among orders the customer rated in the month, the share rated 4 or 5.

Months are calendar months on each team's wall clock (the bounds of each zone teams are in, as constants).
An order counts for the rep holding it (its assignee) and that order's team. Rows of the month are
replaced (delete + insert in the caller's transaction), so running it twice changes nothing.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date, datetime, time
from typing import Any

from sqlalchemy import ColumnElement, Float, Select, and_, case, cast, delete, func, literal, or_, select
from sqlmodel import col
from sqlmodel import select as sm_select
from sqlmodel.ext.asyncio.session import AsyncSession

from domain.orders import COMMISSIONING_CATEGORIES, REPAIR_CATEGORIES, OrderState, SlaTarget
from domain.settings import DEFAULT_TIMEZONE
from domain.zones import zone_or_default
from storage.models import Team
from storage.order_models import OrderRate, OrderTarget, WorkOrder
from storage.order_rate_reads import RateCell as RateCell  # re-exported: what /stats reads, from here too
from storage.order_rate_reads import RateKind, month_start
from storage.order_rate_reads import RepOrderRates as RepOrderRates
from storage.order_rate_reads import TeamOrderRates as TeamOrderRates
from storage.order_rate_reads import team_order_rates as team_order_rates
from storage.types import UTCDateTime

rate_t = OrderRate.__table__  # type: ignore[attr-defined]
order_t = WorkOrder.__table__  # type: ignore[attr-defined]
target_t = OrderTarget.__table__  # type: ignore[attr-defined]
COLUMNS = ["staff_id", "team_id", "month", "kind", "total", "good", "rate", "computed_at"]


def next_month(month: date) -> date:
    """The first day of the month after `month`."""
    return date(month.year + month.month // 12, month.month % 12 + 1, 1)


@dataclass(frozen=True)
class ZoneMonth:
    """The month on one zone's wall clock as UTC instants [start, end), and the teams in that zone."""

    start: datetime
    end: datetime
    team_ids: tuple[int, ...]


def zone_months(teams: Sequence[Team], month: date) -> list[ZoneMonth]:
    """The month's bounds per zone the teams are in (usually one or a few zones for every team)."""
    by_zone: dict[str, list[int]] = {}
    zones = {}
    for team in teams:
        zone = zone_or_default(team.timezone, DEFAULT_TIMEZONE)
        by_zone.setdefault(zone.key, []).append(team.id or 0)
        zones[zone.key] = zone
    return [
        ZoneMonth(
            datetime.combine(month, time(0), tzinfo=zones[key]),
            datetime.combine(next_month(month), time(0), tzinfo=zones[key]),
            tuple(ids),
        )
        for key, ids in sorted(by_zone.items())
    ]


def in_month(column: Any, bounds: Sequence[ZoneMonth]) -> ColumnElement[bool]:
    """SQL: `column` (an instant of an order) falls in the month of the order's team's zone.

    Bounds are constants, so the database walks the index on `column` for the month's range; with one
    zone for every team no team condition is needed at all.
    """

    def within(b: ZoneMonth) -> ColumnElement[bool]:
        return and_(column >= literal(b.start, UTCDateTime()), column < literal(b.end, UTCDateTime()))

    if len(bounds) == 1:
        return within(bounds[0])
    return or_(*(and_(order_t.c.team_id.in_(b.team_ids), within(b)) for b in bounds))


def _on_time_select(
    b: Sequence[ZoneMonth], month: date, kind: RateKind, categories: frozenset[str], now: datetime
) -> Select[Any]:
    """Per rep: orders of `categories` whose finish fell due in the month, and how many were on time."""
    due, met = target_t.c.due_at, target_t.c.met_at
    good = func.sum(case((and_(met.is_not(None), met <= due), 1), else_=0))
    return (
        select(
            order_t.c.assignee_id,
            func.max(order_t.c.team_id),
            literal(month),
            literal(kind.value),
            func.count(),
            good,
            cast(good, Float) / func.count(),
            literal(now, UTCDateTime()),
        )
        .select_from(
            order_t.join(
                target_t,
                and_(target_t.c.order_id == order_t.c.id, target_t.c.target == SlaTarget.FINISH.value),
            )
        )
        .where(
            order_t.c.category.in_(sorted(categories)),
            order_t.c.state != OrderState.CANCELLED.value,
            order_t.c.assignee_id.is_not(None),
            in_month(due, b),
            or_(met.is_not(None), due < now),
        )
        .group_by(order_t.c.assignee_id)
    )


def _satisfaction_select(b: Sequence[ZoneMonth], month: date, now: datetime) -> Select[Any]:
    """Per rep: orders rated in the month, and how many got 4 or 5."""
    good = func.sum(case((order_t.c.rating >= 4, 1), else_=0))
    return (
        select(
            order_t.c.assignee_id,
            func.max(order_t.c.team_id),
            literal(month),
            literal(RateKind.SATISFACTION.value),
            func.count(),
            good,
            cast(good, Float) / func.count(),
            literal(now, UTCDateTime()),
        )
        .select_from(order_t)
        .where(
            order_t.c.rating.is_not(None),
            order_t.c.assignee_id.is_not(None),
            in_month(order_t.c.rated_at, b),
        )
        .group_by(order_t.c.assignee_id)
    )


async def refresh_order_rates(session: AsyncSession, month: date, *, now: datetime) -> None:
    """Recompute every rep's three order rates for `month` (any day of it): a delete and one
    INSERT ... SELECT per kind."""
    month = month_start(month)
    teams = list((await session.exec(sm_select(Team).order_by(col(Team.id)))).all())
    await session.exec(delete(rate_t).where(rate_t.c.month == month))
    if not teams:
        return
    bounds = zone_months(teams, month)
    for kind, categories in (
        (RateKind.REPAIR, REPAIR_CATEGORIES),
        (RateKind.COMMISSIONING, COMMISSIONING_CATEGORIES),
    ):
        await session.exec(
            rate_t.insert().from_select(COLUMNS, _on_time_select(bounds, month, kind, categories, now))
        )
    await session.exec(rate_t.insert().from_select(COLUMNS, _satisfaction_select(bounds, month, now)))
