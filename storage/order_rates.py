"""Work-order rates per rep and month, computed by the database: one `INSERT ... SELECT` per kind.

- repair (报修处理及时率): warranty, paid and contract orders whose finish target fell due in the month,
  finished by their due time (exactly at it is on time). An order still open after its due time counts
  as late; one not yet due is left out until it is decided.
- commissioning (调试及时率): the same for installation and commissioning orders.
- satisfaction (满意率): among orders the customer rated in the month, the share rated 4 or 5.

Months are calendar months on each team's wall clock (a derived table of every team's bounds in UTC).
An order counts for the rep holding it (its assignee) and that order's team. Rows of the month are
replaced (delete + insert in the caller's transaction), so running it twice changes nothing.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date, datetime, time
from enum import StrEnum
from typing import Any

from sqlalchemy import (
    Float,
    Integer,
    Select,
    Subquery,
    and_,
    case,
    cast,
    delete,
    func,
    literal,
    or_,
    select,
    union_all,
)
from sqlmodel import col
from sqlmodel import select as sm_select
from sqlmodel.ext.asyncio.session import AsyncSession

from domain.orders import COMMISSIONING_CATEGORIES, REPAIR_CATEGORIES, OrderState, SlaTarget
from domain.settings import DEFAULT_TIMEZONE
from domain.zones import zone_or_default
from storage.models import Role, Staff, Team
from storage.order_models import OrderRate, OrderTarget, WorkOrder
from storage.types import UTCDateTime

rate_t = OrderRate.__table__  # type: ignore[attr-defined]
order_t = WorkOrder.__table__  # type: ignore[attr-defined]
target_t = OrderTarget.__table__  # type: ignore[attr-defined]
staff_t = Staff.__table__  # type: ignore[attr-defined]
# Three bound values per team; SQLite allows 32766 per statement.
TEAMS_PER_STATEMENT = 5000
COLUMNS = ["staff_id", "team_id", "month", "kind", "total", "good", "rate", "computed_at"]


class RateKind(StrEnum):
    """The three order rates on a rep's scorecard."""

    REPAIR = "repair"
    COMMISSIONING = "commissioning"
    SATISFACTION = "satisfaction"


def month_start(day: date) -> date:
    """The first day of `day`'s month (how months are keyed)."""
    return day.replace(day=1)


def next_month(month: date) -> date:
    """The first day of the month after `month`."""
    return date(month.year + month.month // 12, month.month % 12 + 1, 1)


@dataclass(frozen=True)
class TeamMonth:
    """A team's month as UTC instants: [start, end)."""

    team_id: int
    start: datetime
    end: datetime


def team_months(teams: Sequence[Team], month: date) -> list[TeamMonth]:
    """Each team's month bounds on its own wall clock."""
    bounds = []
    for team in teams:
        zone = zone_or_default(team.timezone, DEFAULT_TIMEZONE)
        start = datetime.combine(month, time(0), tzinfo=zone)
        end = datetime.combine(next_month(month), time(0), tzinfo=zone)
        bounds.append(TeamMonth(team.id or 0, start, end))
    return bounds


def _bounds(months: Sequence[TeamMonth]) -> Subquery:
    """The teams' bounds as a derived table (UNION ALL of literal rows: portable to both databases)."""
    rows = [
        select(
            literal(m.team_id, Integer()).label("team_id"),
            literal(m.start, UTCDateTime()).label("start"),
            literal(m.end, UTCDateTime()).label("end"),
        )
        for m in months
    ]
    return (union_all(*rows) if len(rows) > 1 else rows[0]).subquery("b")


def _on_time_select(
    b: Subquery, month: date, kind: RateKind, categories: frozenset[str], now: datetime
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
            ).join(b, b.c.team_id == order_t.c.team_id)
        )
        .where(
            order_t.c.category.in_(sorted(categories)),
            order_t.c.state != OrderState.CANCELLED.value,
            order_t.c.assignee_id.is_not(None),
            due >= b.c.start,
            due < b.c.end,
            or_(met.is_not(None), due < now),
        )
        .group_by(order_t.c.assignee_id)
    )


def _satisfaction_select(b: Subquery, month: date, now: datetime) -> Select[Any]:
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
        .select_from(order_t.join(b, b.c.team_id == order_t.c.team_id))
        .where(
            order_t.c.rating.is_not(None),
            order_t.c.assignee_id.is_not(None),
            order_t.c.rated_at >= b.c.start,
            order_t.c.rated_at < b.c.end,
        )
        .group_by(order_t.c.assignee_id)
    )


async def refresh_order_rates(session: AsyncSession, month: date, *, now: datetime) -> None:
    """Recompute every rep's three order rates for `month` (any day of it): a delete and one
    INSERT ... SELECT per kind (per 5,000 teams)."""
    month = month_start(month)
    teams = list((await session.exec(sm_select(Team).order_by(col(Team.id)))).all())
    await session.exec(delete(rate_t).where(rate_t.c.month == month))
    for first in range(0, len(teams), TEAMS_PER_STATEMENT):
        b = _bounds(team_months(teams[first : first + TEAMS_PER_STATEMENT], month))
        for kind, categories in (
            (RateKind.REPAIR, REPAIR_CATEGORIES),
            (RateKind.COMMISSIONING, COMMISSIONING_CATEGORIES),
        ):
            await session.exec(
                rate_t.insert().from_select(COLUMNS, _on_time_select(b, month, kind, categories, now))
            )
        await session.exec(rate_t.insert().from_select(COLUMNS, _satisfaction_select(b, month, now)))


@dataclass(frozen=True)
class RateCell:
    """One rate: good of total, and good / total (None when there was nothing to count)."""

    total: int = 0
    good: int = 0
    rate: float | None = None


@dataclass(frozen=True)
class RepOrderRates:
    """A rep's three order rates for a month."""

    staff_id: int
    name: str
    repair: RateCell
    commissioning: RateCell
    satisfaction: RateCell


@dataclass(frozen=True)
class TeamOrderRates:
    """A team's month: every rep's rates and the team's own (sums of the reps' counts)."""

    reps: list[RepOrderRates]
    team: RepOrderRates


async def team_order_rates(session: AsyncSession, team_id: int, month: date) -> TeamOrderRates:
    """The team's active reps (and anyone else with a row for the team) with their rates for `month`."""
    month = month_start(month)
    query = (
        select(staff_t.c.id, staff_t.c.name, rate_t.c.kind, rate_t.c.total, rate_t.c.good, rate_t.c.rate)
        .select_from(
            staff_t.outerjoin(
                rate_t,
                and_(rate_t.c.staff_id == staff_t.c.id, rate_t.c.month == month, rate_t.c.team_id == team_id),
            )
        )
        .where(
            or_(
                and_(
                    staff_t.c.team_id == team_id, staff_t.c.role == Role.REP.value, staff_t.c.active.is_(True)
                ),
                rate_t.c.id.is_not(None),
            )
        )
        .order_by(staff_t.c.name, staff_t.c.id)
    )
    rows = (await session.exec(query)).all()  # type: ignore[call-overload]
    cells: dict[int, dict[str, RateCell]] = {}
    names: dict[int, str] = {}
    for staff_id, name, kind, total, good, rate in rows:
        names[staff_id] = name
        mine = cells.setdefault(staff_id, {})
        if kind is not None:
            mine[kind] = RateCell(total, good, rate)
    reps = [_rates(staff_id, names[staff_id], mine) for staff_id, mine in cells.items()]
    sums: dict[str, RateCell] = {}
    for kind in RateKind:
        total = sum(_cell(rep, kind).total for rep in reps)
        good = sum(_cell(rep, kind).good for rep in reps)
        sums[kind.value] = RateCell(total, good, good / total if total else None)
    return TeamOrderRates(reps, _rates(0, "", sums))


def _cell(rep: RepOrderRates, kind: RateKind) -> RateCell:
    cell: RateCell = getattr(rep, kind.value)
    return cell


def _rates(staff_id: int, name: str, cells: dict[str, RateCell]) -> RepOrderRates:
    empty = RateCell()
    return RepOrderRates(
        staff_id,
        name,
        cells.get(RateKind.REPAIR.value, empty),
        cells.get(RateKind.COMMISSIONING.value, empty),
        cells.get(RateKind.SATISFACTION.value, empty),
    )
