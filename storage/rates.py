"""报表上交及时率: on-time rates computed by the database, for every rep of a team at once.

For each closed period: expected (see storage.reminders for who is expected), on time (first filing
at or before the deadline: exactly at the deadline is on time, one second later is late), late (filed
after the deadline, even within the grace period: grace only delays the chase, not the verdict, so it
matches what the rep was told when filing), missing (not filed). The rate is on_time / expected.
The deadline is the one the team's schedule gives now, and the team row keeps it (`due_at`), so a
changed schedule shows as a period rated against another deadline. Rows are replaced per period
(delete + INSERT ... SELECT in the caller's transaction), so running the computation twice changes
nothing. `rated_periods` is the one query that tells the five-minute run whether anything is left to do.
"""

from __future__ import annotations

import itertools
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date, datetime
from typing import Any

from sqlalchemy import (
    Date,
    Float,
    Join,
    Subquery,
    and_,
    case,
    cast,
    delete,
    func,
    literal,
    select,
    true,
    union_all,
)
from sqlalchemy.ext.compiler import compiles
from sqlalchemy.sql.compiler import SQLCompiler
from sqlmodel.ext.asyncio.session import AsyncSession

from storage.rate_models import COUNTS, OnTimeRate, TeamOnTimeRate
from storage.reminders import expected_filter, report_t, staff_t
from storage.types import UTCDateTime

rate_t = OnTimeRate.__table__  # type: ignore[attr-defined]
team_rate_t = TeamOnTimeRate.__table__  # type: ignore[attr-defined]
# Four bound values per period; SQLite allows 32766 per statement, PostgreSQL 32767.
PERIODS_PER_STATEMENT = 500


class CrossJoin(Join):
    """`left CROSS JOIN right`: SQLite then keeps `left` as the outer loop (its documented way to fix it).

    Walking staff outside and periods inside yields rows in the order of on_time_rate's unique key
    (staff, kind, period), so its index is appended to rather than written all over: left to itself,
    SQLite puts the periods outside and the insert costs up to 3x more. PostgreSQL reads CROSS JOIN as
    the join it is and plans it freely (its plan already yields rows by staff).
    """

    inherit_cache = True


@compiles(CrossJoin)
def _cross_join(join: CrossJoin, compiler: SQLCompiler, **kw: Any) -> str:
    kw.pop("asfrom", None)
    linter = kw.get("from_linter")
    if linter is not None:  # the two sides are joined on purpose: no "cartesian product" warning
        linter.edges.update(itertools.product(join.left._from_objects, join.right._from_objects))
    left = join.left._compiler_dispatch(compiler, asfrom=True, **kw)
    return f"{left} CROSS JOIN {join.right._compiler_dispatch(compiler, asfrom=True, **kw)}"


@dataclass(frozen=True)
class ClosedPeriod:
    """A period whose deadline plus grace has passed: what the rates are computed for."""

    start: date
    end: date
    due_at: datetime
    due_day: date  # the deadline's local date, for leave and holidays


def _periods(periods: Sequence[ClosedPeriod]) -> Subquery:
    """The periods as a derived table (UNION ALL of literal rows: portable to SQLite and PostgreSQL)."""
    rows = [
        select(
            literal(p.start, Date()).label("period_start"),
            literal(p.end, Date()).label("period_end"),
            literal(p.due_at, UTCDateTime()).label("due_at"),
            literal(p.due_day, Date()).label("due_day"),
        )
        for p in periods
    ]
    return (union_all(*rows) if len(rows) > 1 else rows[0]).subquery("p")


async def replace_rates(
    session: AsyncSession, *, team_id: int, kind: str, periods: Sequence[ClosedPeriod], now: datetime
) -> None:
    """Recompute every rep's and the team's rates for these periods: two deletes, two INSERT ... SELECT."""
    for first in range(0, len(periods), PERIODS_PER_STATEMENT):
        await _replace_chunk(session, team_id, kind, periods[first : first + PERIODS_PER_STATEMENT], now)


async def _replace_chunk(
    session: AsyncSession, team_id: int, kind: str, periods: Sequence[ClosedPeriod], now: datetime
) -> None:
    starts = [p.start for p in periods]
    # Two deletes, each through an index (an OR of the two would read the whole table): the team's
    # rows, then rows its members left under a team they came from (the unique key is per person).
    await session.exec(delete(rate_t).where(OnTimeRate.in_periods(team_id, kind, starts)))
    members = select(staff_t.c.id).where(staff_t.c.team_id == team_id)
    of_period = and_(rate_t.c.kind == kind, rate_t.c.period_start.in_(starts))
    await session.exec(delete(rate_t).where(rate_t.c.staff_id.in_(members), of_period))
    await session.exec(delete(team_rate_t).where(TeamOnTimeRate.in_periods(team_id, kind, starts)))
    p = _periods(periods)
    report = and_(
        report_t.c.staff_id == staff_t.c.id,
        report_t.c.kind == kind,
        report_t.c.period_start == p.c.period_start,
    )
    submitted, due = report_t.c.submitted_at, p.c.due_at
    on_time = case((submitted <= due, 1), else_=0)
    per_rep = (
        select(
            staff_t.c.id,
            literal(team_id),
            literal(kind),
            p.c.period_start,
            p.c.period_end,
            literal(1),
            on_time,
            case((submitted > due, 1), else_=0),
            case((submitted.is_(None), 1), else_=0),
            cast(on_time, Float),
            literal(now, UTCDateTime()),
        )
        .select_from(CrossJoin(staff_t, p, true()).outerjoin(report_t, report))
        .where(expected_filter(team_id, p.c.period_start, p.c.period_end, due, p.c.due_day))
    )

    columns = ["staff_id", "team_id", "kind", "period_start", "period_end", *COUNTS]
    await session.exec(rate_t.insert().from_select(columns, per_rep))

    # Aggregate the rows just written in one pass, then attach every period (those nobody owed too).
    totals = (
        select(
            rate_t.c.period_start,
            func.count(rate_t.c.id).label("expected"),
            func.sum(rate_t.c.on_time).label("on_time"),
            func.sum(rate_t.c.late).label("late"),
            func.sum(rate_t.c.missing).label("missing"),
        )
        .where(OnTimeRate.in_periods(team_id, kind, starts))
        .group_by(rate_t.c.period_start)
        .subquery("totals")
    )
    expected = func.coalesce(totals.c.expected, 0)
    per_team = select(
        literal(team_id),
        literal(kind),
        p.c.period_start,
        p.c.period_end,
        p.c.due_at,
        expected,
        func.coalesce(totals.c.on_time, 0),
        func.coalesce(totals.c.late, 0),
        func.coalesce(totals.c.missing, 0),
        cast(totals.c.on_time, Float) / func.nullif(expected, 0),
        literal(now, UTCDateTime()),
    ).select_from(p.outerjoin(totals, totals.c.period_start == p.c.period_start))
    team_columns = ["team_id", "kind", "period_start", "period_end", "due_at", *COUNTS]
    await session.exec(team_rate_t.insert().from_select(team_columns, per_team))


@dataclass(frozen=True)
class RatedPeriod:
    """A team's stored rate for one period, as far as deciding whether to rate it again."""

    end: date
    due_at: datetime | None  # None: rated before migration 0006 kept it
    filed_since: bool  # a report of the period was filed after it was rated (a late filing)

    def current_for(self, period: ClosedPeriod) -> bool:
        """Rating `period` again would write the same rows (leave and holidays aside: the nightly run)."""
        return not self.filed_since and self.end == period.end and self.due_at == period.due_at


async def rated_periods(
    session: AsyncSession, *, since: date, team_id: int | None = None
) -> dict[tuple[int, str, date], RatedPeriod]:
    """Every team's rated periods starting from `since`, by (team, kind, start): one query for all teams.

    Filings since each period was rated are found through ix_report_kind_period_submitted: one short
    index range per rated period, usually empty, whatever the number of reps.
    """
    # The latest filing after the rating, not EXISTS: PostgreSQL plans an EXISTS for the first match
    # among a third of the rows (its guess for "> computed_at") and may read the whole report table
    # for a match that is not there; "latest first, one row" only the index answers cheaply.
    filed_since = (
        select(report_t.c.submitted_at)
        .join(staff_t, staff_t.c.id == report_t.c.staff_id)
        .where(
            report_t.c.kind == team_rate_t.c.kind,
            report_t.c.period_start == team_rate_t.c.period_start,
            report_t.c.submitted_at > team_rate_t.c.computed_at,
            staff_t.c.team_id == team_rate_t.c.team_id,
        )
        .order_by(report_t.c.submitted_at.desc())
        .limit(1)
        .scalar_subquery()
    )
    query = select(
        team_rate_t.c.team_id,
        team_rate_t.c.kind,
        team_rate_t.c.period_start,
        team_rate_t.c.period_end,
        team_rate_t.c.due_at,
        filed_since,
    ).where(team_rate_t.c.period_start >= since)
    if team_id is not None:
        query = query.where(team_rate_t.c.team_id == team_id)
    rows = (await session.exec(query)).all()  # type: ignore[call-overload]
    return {(t, k, start): RatedPeriod(end, due, late is not None) for t, k, start, end, due, late in rows}
