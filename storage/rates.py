"""报表上交及时率: on-time rates computed by the database, for every rep of a team at once.

For each closed period: expected (see storage.reminders for who is expected), on time (first filing
at or before the deadline: exactly at the deadline is on time, one second later is late), late (filed
after the deadline, even within the grace period: grace only delays the chase, not the verdict, so it
matches what the rep was told when filing), missing (not filed). The rate is on_time / expected.
The deadline is the one the team's schedule gives now, so a changed schedule re-rates periods on the
next full recompute. Rows are replaced per period (delete + INSERT ... SELECT in the caller's
transaction), so running the computation twice changes nothing.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from datetime import date, datetime

from sqlalchemy import (
    Date,
    Float,
    Subquery,
    and_,
    case,
    cast,
    delete,
    func,
    literal,
    or_,
    select,
    true,
    union_all,
)
from sqlmodel.ext.asyncio.session import AsyncSession

from storage.field_models import OnTimeRate, TeamOnTimeRate
from storage.reminders import expected_filter, report_t, staff_t
from storage.types import UTCDateTime

rate_t = OnTimeRate.__table__  # type: ignore[attr-defined]
team_rate_t = TeamOnTimeRate.__table__  # type: ignore[attr-defined]
# Four bound values per period; SQLite allows 32766 per statement, PostgreSQL 32767.
PERIODS_PER_STATEMENT = 500


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
    members = select(staff_t.c.id).where(staff_t.c.team_id == team_id)
    # Rows of people who have since moved teams are replaced too (the unique key is per person).
    await session.exec(
        delete(rate_t).where(
            rate_t.c.kind == kind,
            rate_t.c.period_start.in_(starts),
            or_(rate_t.c.team_id == team_id, rate_t.c.staff_id.in_(members)),
        )
    )
    await session.exec(
        delete(team_rate_t).where(
            team_rate_t.c.team_id == team_id,
            team_rate_t.c.kind == kind,
            team_rate_t.c.period_start.in_(starts),
        )
    )
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
        .select_from(staff_t.join(p, true()).outerjoin(report_t, report))
        .where(expected_filter(team_id, p.c.period_start, p.c.period_end, due, p.c.due_day))
    )
    columns = [
        "staff_id",
        "team_id",
        "kind",
        "period_start",
        "period_end",
        "expected",
        "on_time",
        "late",
        "missing",
        "on_time_rate",
        "computed_at",
    ]
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
        .where(rate_t.c.team_id == team_id, rate_t.c.kind == kind, rate_t.c.period_start.in_(starts))
        .group_by(rate_t.c.period_start)
        .subquery("totals")
    )
    expected = func.coalesce(totals.c.expected, 0)
    per_team = select(
        literal(team_id),
        literal(kind),
        p.c.period_start,
        p.c.period_end,
        expected,
        func.coalesce(totals.c.on_time, 0),
        func.coalesce(totals.c.late, 0),
        func.coalesce(totals.c.missing, 0),
        cast(totals.c.on_time, Float) / func.nullif(expected, 0),
        literal(now, UTCDateTime()),
    ).select_from(p.outerjoin(totals, totals.c.period_start == p.c.period_start))
    team_columns = [
        "team_id",
        "kind",
        "period_start",
        "period_end",
        "expected",
        "on_time",
        "late",
        "missing",
        "on_time_rate",
        "computed_at",
    ]
    await session.exec(team_rate_t.insert().from_select(team_columns, per_team))


async def stale_starts(
    session: AsyncSession, *, team_id: int, kind: str, starts: Iterable[date]
) -> set[date]:
    """Periods never computed for the team, or with a report filed after they were computed (late filings)."""
    starts = list(starts)
    if not starts:
        return set()
    computed_query = select(team_rate_t.c.period_start, team_rate_t.c.computed_at).where(
        team_rate_t.c.team_id == team_id, team_rate_t.c.kind == kind, team_rate_t.c.period_start.in_(starts)
    )
    computed = dict((await session.exec(computed_query)).all())  # type: ignore[call-overload]
    latest_query = (
        select(report_t.c.period_start, func.max(report_t.c.submitted_at))
        .join(staff_t, staff_t.c.id == report_t.c.staff_id)
        .where(staff_t.c.team_id == team_id, report_t.c.kind == kind, report_t.c.period_start.in_(starts))
        .group_by(report_t.c.period_start)
    )
    latest = dict((await session.exec(latest_query)).all())  # type: ignore[call-overload]
    return {s for s in starts if s not in computed or (s in latest and latest[s] > computed[s])}
