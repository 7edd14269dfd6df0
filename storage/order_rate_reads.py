"""Reading the work-order rates for /stats: every rep of a team with their three rates for a month, and
the team's own (the sums of its reps' counts). Written by storage.order_rates."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from enum import StrEnum

from sqlalchemy import and_, or_, select
from sqlmodel.ext.asyncio.session import AsyncSession

from storage.models import Role, Staff
from storage.order_models import OrderRate

rate_t = OrderRate.__table__  # type: ignore[attr-defined]
staff_t = Staff.__table__  # type: ignore[attr-defined]


class RateKind(StrEnum):
    """The three order rates on a rep's scorecard."""

    REPAIR = "repair"
    COMMISSIONING = "commissioning"
    SATISFACTION = "satisfaction"


def month_start(day: date) -> date:
    """The first day of `day`'s month (how months are keyed)."""
    return day.replace(day=1)


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
