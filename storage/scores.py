"""Monthly scorecards: the automatic items computed from what the bot records, the supervisor's judged
items (kept with who set them and when), the month's total and flag, and the year so far.

`compute_month` may run any number of times (the 1st of the month, a restart, an export): it rewrites
the automatic items and the totals and never touches a judged value or a submission.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Mapping, Sequence
from datetime import date, datetime

from sqlmodel import col, select
from sqlmodel.ext.asyncio.session import AsyncSession

from domain.attendance import absent_days, attendance_score
from domain.scoring import Facts, Item, Scheme, flagged, monthly_total, score_item
from domain.settings import DEFAULT_TIMEZONE
from storage.attendance import month_sheets
from storage.compare_and_set import update_if
from storage.reminders import dialect_insert
from storage.score_cards import (
    Scorecard,
    entries,
    named_month,
    scheme_named,
    scorecard,
    team_month,
    team_scheme,
    year_scores,
)
from storage.score_facts import facts_for_month
from storage.score_models import MonthScore, ScoreEntry
from storage.teams import table

_ENTRY_KEY = ["staff_id", "month", "item_key"]  # ScoreEntry's unique key, what an upsert matches on


def why(item: Item, facts: Facts) -> str | None:
    """What an automatic item counted, as `name=value` pairs (the presentation words them)."""
    if item.rule == "reports":
        return (
            f"expected={facts.expected_reports},on_time={facts.on_time_reports},"
            f"missed={facts.missed_reports},in_a_row={facts.missed_in_a_row}"
        )
    if item.rule == "per_count":
        return f"{item.fact}={facts.counts.get(item.fact, 0):g}"
    value = facts.rates.get(item.fact, facts.counts.get(item.fact))
    return None if value is None else f"{item.fact}={value:.4g}"


def total_of(scheme: Scheme, points: Mapping[str, float | None], attendance: float) -> tuple[float, float]:
    """(daily-work points, month total) of one rep's items."""
    given = {item.key: _given(scheme, item, points.get(item.key)) for item in scheme.items}
    work = sum(v or 0.0 for v in given.values()) if scheme.kind == "points" else None
    total = monthly_total(scheme, given, attendance)
    return (total if work is None else work), total


def _given(scheme: Scheme, item: Item, points: float | None) -> float | None:
    """A judged item not yet set counts full marks (preselected); an automatic one with nothing to count
    is 0 on a points scheme and left out of a KPI sheet's weights (domain.scoring.monthly_total)."""
    if points is not None:
        return points
    if item.judged:
        return item.max_points
    return None if scheme.kind == "kpi" else 0.0


async def compute_month(
    session: AsyncSession, team_id: int, month: date, now: datetime, *, default_zone: str = DEFAULT_TIMEZONE
) -> dict[int, MonthScore]:
    """(Re)compute every active rep's automatic items and totals for `month` (its first day)."""
    scheme = await team_scheme(session, team_id)
    facts = await facts_for_month(
        session, team_id, month, kpi=scheme.kind == "kpi", default_zone=default_zone
    )
    if not facts:
        return {}
    sheets = await month_sheets(session, team_id, month.year, month.month, default_zone=default_zone)
    ids = list(facts)
    judged = await _judged(session, ids, month)
    auto_rows, score_rows = [], []
    for staff_id, rep_facts in facts.items():
        points: dict[str, float | None] = dict(judged.get(staff_id, {}))
        for item in scheme.items:
            if item.judged:
                continue
            points[item.key] = score_item(item, rep_facts)
            auto_rows.append(
                {
                    "staff_id": staff_id,
                    "month": month,
                    "item_key": item.key,
                    "points": points[item.key],
                    "auto": True,
                    "reason": why(item, rep_facts),
                    "set_by_id": None,
                    "set_at": now,
                }
            )
        attendance = float(attendance_score(absent_days(sheets.get(staff_id, {}).values())))
        work, total = total_of(scheme, points, attendance)
        score_rows.append(
            {
                "staff_id": staff_id,
                "team_id": team_id,
                "month": month,
                "scheme_key": scheme.key,
                "work_points": round(work, 2),
                "attendance": attendance,
                "total": round(total, 2),
                "flagged": flagged(round(total, 2)),
            }
        )
    await _upsert(session, ScoreEntry, auto_rows, _ENTRY_KEY, ["points", "reason", "set_at"])
    await _upsert(
        session,
        MonthScore,
        score_rows,
        ["staff_id", "month"],
        ["team_id", "scheme_key", "work_points", "attendance", "total", "flagged"],
    )
    rows = await session.exec(
        select(MonthScore).where(col(MonthScore.staff_id).in_(ids), col(MonthScore.month) == month)
    )
    return {row.staff_id: row for row in rows}


async def _upsert(
    session: AsyncSession, model: type, rows: list[dict[str, object]], keys: list[str], changed: list[str]
) -> None:
    """INSERT ... ON CONFLICT DO UPDATE of `changed`, in chunks (one statement per chunk, not per row)."""
    if not rows:
        return
    insert = dialect_insert(session, table(model))
    statement = insert.on_conflict_do_update(
        index_elements=keys, set_={name: insert.excluded[name] for name in changed}
    )
    for start in range(0, len(rows), 2000):
        await session.exec(statement, params=rows[start : start + 2000])


async def _judged(
    session: AsyncSession, ids: Sequence[int], month: date
) -> dict[int, dict[str, float | None]]:
    rows = await session.exec(
        select(ScoreEntry.staff_id, ScoreEntry.item_key, ScoreEntry.points).where(
            col(ScoreEntry.staff_id).in_(ids), col(ScoreEntry.month) == month, col(ScoreEntry.auto).is_(False)
        )
    )
    judged: dict[int, dict[str, float | None]] = defaultdict(dict)
    for staff_id, key, points in rows:
        judged[staff_id][key] = points
    return judged


async def submit(
    session: AsyncSession,
    *,
    staff_id: int,
    month: date,
    judged: Mapping[str, tuple[float, str | None]],
    by_id: int,
    now: datetime,
) -> MonthScore | None:
    """Store the judged items and the month's total, once: None when the month was already submitted."""
    this_month = (col(MonthScore.staff_id) == staff_id, col(MonthScore.month) == month)
    unsubmitted = col(MonthScore.submitted_at).is_(None)
    if not await update_if(
        session, MonthScore, *this_month, unsubmitted, submitted_at=now, submitted_by_id=by_id
    ):
        return None
    values = {"auto": False, "set_by_id": by_id, "set_at": now}
    rows = [
        {"staff_id": staff_id, "month": month, "item_key": key, "points": points, "reason": reason, **values}
        for key, (points, reason) in judged.items()
    ]
    await _upsert(session, ScoreEntry, rows, _ENTRY_KEY, ["points", "reason", *values])
    row = (await session.exec(select(MonthScore).where(*this_month))).one()
    scheme = scheme_named(row.scheme_key)
    given = {entry.item_key: entry.points for entry in await entries(session, staff_id, month)}
    work, total = total_of(scheme, given, row.attendance or 0.0)
    row.work_points, row.total = round(work, 2), round(total, 2)
    row.flagged = flagged(row.total)
    session.add(row)
    await session.flush()
    return row


__all__ = [
    "Scorecard",
    "compute_month",
    "named_month",
    "scheme_named",
    "scorecard",
    "submit",
    "team_month",
    "total_of",
    "year_scores",
]
