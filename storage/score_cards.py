"""Reading scorecards: the scheme a team scores by, one rep's month with its items, the year so far, a
team's month (storage.scores computes and stores them)."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date

from sqlmodel import col, select
from sqlmodel.ext.asyncio.session import AsyncSession

from domain.scoring import Scheme, shipped_schemes
from storage.attendance import work_settings
from storage.models import Staff
from storage.score_models import MonthScore, ScoreEntry

DEFAULT_SCHEME = "field_rep_monthly"


_known: dict[str, Scheme] = {}


def use_schemes(found: dict[str, Scheme]) -> None:
    """Make `found` the schemes teams may choose (the app does this once at start, from the settings)."""
    _known.clear()
    _known.update(found)


def schemes() -> dict[str, Scheme]:
    """The schemes fieldbot knows: those the app was started with, else the shipped ones."""
    if not _known:
        _known.update(shipped_schemes())
    return _known


def scheme_named(key: str) -> Scheme:
    """The scheme called `key`, or the default one when a team names a scheme that is gone."""
    return schemes().get(key) or schemes()[DEFAULT_SCHEME]


async def team_scheme(session: AsyncSession, team_id: int) -> Scheme:
    """The scheme the team scores its reps by."""
    return scheme_named((await work_settings(session, team_id)).scheme_key)


async def entries(session: AsyncSession, staff_id: int, month: date) -> Sequence[ScoreEntry]:
    """One rep's items for a month."""
    query = select(ScoreEntry).where(col(ScoreEntry.staff_id) == staff_id, col(ScoreEntry.month) == month)
    return (await session.exec(query)).all()


@dataclass(frozen=True)
class Scorecard:
    """One rep's month as /score shows it."""

    score: MonthScore
    scheme: Scheme
    entries: dict[str, ScoreEntry]


async def scorecard(session: AsyncSession, staff_id: int, month: date) -> Scorecard | None:
    """The rep's scorecard for `month`, if it was computed."""
    row = (
        await session.exec(
            select(MonthScore).where(col(MonthScore.staff_id) == staff_id, col(MonthScore.month) == month)
        )
    ).first()
    if row is None:
        return None
    found = {entry.item_key: entry for entry in await entries(session, staff_id, month)}
    return Scorecard(row, scheme_named(row.scheme_key), found)


async def year_scores(session: AsyncSession, staff_id: int, year: int) -> list[tuple[date, float]]:
    """The rep's monthly totals of `year`, by month."""
    query = (
        select(col(MonthScore.month), col(MonthScore.total))
        .where(
            col(MonthScore.staff_id) == staff_id,
            col(MonthScore.month) >= date(year, 1, 1),
            col(MonthScore.month) <= date(year, 12, 1),
            col(MonthScore.total).is_not(None),
        )
        .order_by(col(MonthScore.month))
    )
    return [(month, float(total or 0.0)) for month, total in await session.exec(query)]


async def team_month(session: AsyncSession, team_id: int, month: date) -> Sequence[MonthScore]:
    """Every rep's month of the team (a supervisor's view, the scoring list, the workbook)."""
    query = select(MonthScore).where(col(MonthScore.team_id) == team_id, col(MonthScore.month) == month)
    return (await session.exec(query.order_by(col(MonthScore.staff_id)))).all()


async def named_month(session: AsyncSession, team_id: int, month: date) -> list[tuple[int, str, MonthScore]]:
    """(staff id, name, month score) of the team's reps, by name."""
    query = (
        select(MonthScore, Staff.name)
        .join(Staff, col(Staff.id) == MonthScore.staff_id)
        .where(col(MonthScore.team_id) == team_id, col(MonthScore.month) == month)
        .order_by(col(Staff.name), col(Staff.id))
    )
    return [(score.staff_id, name, score) for score, name in await session.exec(query)]


async def entries_of_team(
    session: AsyncSession, ids: Sequence[int], month: date
) -> dict[int, dict[str, float | None]]:
    """Every item's points of these reps' month (the workbook's scorecard sheet), in one query."""
    if not ids:
        return {}
    query = select(ScoreEntry.staff_id, ScoreEntry.item_key, ScoreEntry.points).where(
        col(ScoreEntry.staff_id).in_(ids), col(ScoreEntry.month) == month
    )
    found: dict[int, dict[str, float | None]] = {}
    for staff_id, key, points in await session.exec(query):
        found.setdefault(staff_id, {})[key] = points
    return found
