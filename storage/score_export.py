"""What HR receives for a month, as plain sheets of typed cells: scorecards, attendance, reports on time,
visits, work orders with their SLA results, feedback and complaints, for one team or all of them.

Headers are named by column key (presentation.score_workbook words them in the reader's language and
writes the XLSX and CSV files); times are the team's wall clock, naive, so Excel shows them as dates.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from datetime import date, datetime

from sqlalchemy import inspect
from sqlmodel import col, select
from sqlmodel.ext.asyncio.session import AsyncSession

from domain.attendance import DayMark, absent_days, attendance_score, month_days
from domain.scoring import Item
from domain.settings import DEFAULT_TIMEZONE
from storage import score_rows as rows
from storage.attendance import month_sheets, zone_of
from storage.models import Staff, Team
from storage.score_cards import entries_of_team
from storage.score_facts import month_bounds
from storage.score_orders import ORDER_COLUMNS, order_rows
from storage.score_sheet import Column, Sheet
from storage.scores import compute_month, named_month, scheme_named

SHEETS = ("scorecard", "attendance", "reports", "visits", "orders", "feedback")
Progress = Callable[[int, int], None]


async def _teams(session: AsyncSession, team_ids: Sequence[int] | None) -> list[Team]:
    query = select(Team).order_by(col(Team.name))
    if team_ids is not None:
        query = query.where(col(Team.id).in_(team_ids))
    return list((await session.exec(query)).all())


async def _has_orders(session: AsyncSession) -> bool:
    """Whether the work-order tables exist (they came with migration 0007)."""
    connection = await session.connection()
    return await connection.run_sync(lambda sync: inspect(sync).has_table("order_target"))


async def month_export(
    session: AsyncSession,
    month: date,
    *,
    team_ids: Sequence[int] | None,
    now: datetime,
    default_zone: str = DEFAULT_TIMEZONE,
    progress: Progress | None = None,
) -> list[Sheet]:
    """Every sheet for `month` (its first day), for `team_ids` (None: every team). Scores are recomputed
    first (judged values kept), so the workbook shows the month as it stands."""
    teams = await _teams(session, team_ids)
    orders = await _has_orders(session)
    sheets = _empty(month, orders)
    for done, team in enumerate(teams):
        assert team.id is not None
        zone = await zone_of(session, team.id, default_zone)
        await compute_month(session, team.id, month, now, default_zone=default_zone)
        await _scores(session, team, month, sheets["scorecard"])
        await _attendance(session, team, month, sheets["attendance"], default_zone)
        await rows.reports(session, team, month, sheets["reports"])
        begin, end = await month_bounds(session, team.id, month, default_zone)
        await rows.visits(session, team, zone, begin, end, sheets["visits"])
        if orders:
            sheets["orders"].rows += await order_rows(session, team, zone, begin, end, now)
        await rows.feedback(session, team, zone, begin, end, sheets["feedback"])
        if progress is not None:
            progress(done + 1, len(teams))
    finish_scorecard(sheets["scorecard"])
    return [sheet for key, sheet in sheets.items() if key != "orders" or orders]


def _empty(month: date, orders: bool) -> dict[str, Sheet]:
    days = month_days(month.year, month.month)
    names = [Column("team"), Column("rep", width=16)]
    sheets = {
        "scorecard": Sheet("scorecard", [*names, Column("scheme", width=24)]),
        "attendance": Sheet(
            "attendance",
            [
                *names,
                *(Column(f"d{d.day}", day=d, width=6) for d in days),
                Column("absent"),
                Column("attendance"),
            ],
        ),
        "reports": Sheet(
            "reports",
            [
                *names,
                Column("kind", values="reports.kind."),
                Column("period_start"),
                Column("period_end"),
                Column("expected"),
                Column("on_time"),
                Column("late"),
                Column("missing"),
                Column("rate"),
            ],
        ),
        "visits": Sheet(
            "visits",
            [
                *names,
                Column("visited_at", width=18),
                Column("customer", width=20),
                Column("visit_type", values="visit.type.", width=18),
                Column("model"),
                Column("serial"),
                Column("problem", width=30),
                Column("work_done", width=30),
                Column("result"),
                Column("satisfaction"),
            ],
        ),
        "feedback": Sheet(
            "feedback",
            [
                *names,
                Column("filed_at", width=18),
                Column("feedback_kind", values="feedback.kind.", width=18),
                Column("severity", values="feedback.severity.", width=16),
                Column("category", values="feedback.category.", width=18),
                Column("customer", width=20),
                Column("description", width=40),
                Column("acknowledged_at", width=18),
                Column("resolved_at", width=18),
            ],
        ),
    }
    if orders:
        sheets["orders"] = Sheet("orders", [*names, *ORDER_COLUMNS])
    return dict(sorted(sheets.items(), key=lambda pair: SHEETS.index(pair[0])))


async def _scores(session: AsyncSession, team: Team, month: date, sheet: Sheet) -> None:
    """A row per rep: the items as a {column key: points} map until finish_scorecard lays them out."""
    assert team.id is not None
    rows = await named_month(session, team.id, month)
    points = await entries_of_team(session, [staff_id for staff_id, _, _ in rows], month)
    for staff_id, name, score in rows:
        scheme = scheme_named(score.scheme_key)
        mine = points.get(staff_id, {})
        cells = {
            (scheme.key, item): mine.get(item.key, item.max_points if item.judged else None)
            for item in scheme.items
        }
        sheet.rows.append(
            [
                team.name,
                name,
                scheme.title_zh,
                cells,
                score.work_points,
                score.attendance,
                score.total,
                score.flagged,
                score.submitted_at is not None,
            ]
        )


def _cells(row: list[object]) -> dict[tuple[str, Item], object]:
    cells = row[3]
    assert isinstance(cells, dict)
    return cells


def finish_scorecard(sheet: Sheet) -> None:
    """One column per item of every scheme in use (in the schemes' order), then the totals."""
    items: dict[tuple[str, Item], None] = {}
    for row in sheet.rows:
        items.update(dict.fromkeys(_cells(row)))
    sheet.columns += [
        Column(f"item.{key}.{item.key}", en=item.title_en, zh=item.title_zh) for key, item in items
    ]
    sheet.columns += [
        Column("work_points"),
        Column("attendance"),
        Column("total"),
        Column("flagged"),
        Column("submitted"),
    ]
    for row in sheet.rows:
        row[3:4] = [_cells(row).get(pair) for pair in items]


async def _attendance(
    session: AsyncSession, team: Team, month: date, sheet: Sheet, default_zone: str
) -> None:
    assert team.id is not None
    sheets = await month_sheets(session, team.id, month.year, month.month, default_zone=default_zone)
    names = {staff_id: name for staff_id, name in await _names(session, list(sheets))}
    for staff_id, marks in sorted(sheets.items(), key=lambda pair: names.get(pair[0], "")):
        days = [_letter(marks.get(d)) for d in month_days(month.year, month.month)]
        absent = absent_days(marks.values())
        sheet.rows.append([team.name, names.get(staff_id, ""), *days, absent, attendance_score(absent)])


def _letter(mark: DayMark | None) -> str | None:
    return None if mark is None else mark.value


async def _names(session: AsyncSession, ids: list[int]) -> list[tuple[int, str]]:
    if not ids:
        return []
    rows = await session.exec(select(Staff.id, Staff.name).where(col(Staff.id).in_(ids)))
    return [(staff_id or 0, name) for staff_id, name in rows]
