"""The baseline for bench.rates_bench: the rates written by hand-written SQL, and the tables compared.

Two statements a DBA would write for the bench's one team and weekly schedule: `INSERT ... SELECT` of one
`on_time_rate` row per expected rep and period (staff x VALUES list of periods, left join to `report`,
the same leave/holiday/joined rules as storage.reminders.expected_filter), then `INSERT ... SELECT ...
GROUP BY` of the team rows from the rows just written. Same rows, same table, same indexes as the job:
what is left is the cost of the writes themselves.
"""

from __future__ import annotations

from datetime import date, datetime

from sqlalchemy import text
from sqlalchemy.ext.asyncio import AsyncEngine

from bench.rates_data import periods, sqlite_time

REP_COLUMNS = (
    "staff_id, team_id, kind, period_start, period_end, expected, on_time, late, missing, on_time_rate, "
    "computed_at"
)
CLEAR = ["DELETE FROM on_time_rate", "DELETE FROM team_on_time_rate"]
# What replacing the team's weekly rates deletes first. A WHERE, as the job has: SQLite empties a table
# deleted without one by dropping its pages, a shortcut no real replacement can take.
REPLACE = [
    "DELETE FROM on_time_rate WHERE team_id = 1 AND kind = 'weekly'",
    "DELETE FROM team_on_time_rate WHERE team_id = 1 AND kind = 'weekly'",
]
TEAM_COLUMNS = (
    "team_id, kind, period_start, period_end, due_at, expected, on_time, late, missing, on_time_rate, "
    "computed_at"
)


def _date(dialect: str, value: date) -> str:
    return f"DATE '{value}'" if dialect == "postgresql" else f"'{value}'"


def _instant(dialect: str, value: datetime) -> str:
    return f"TIMESTAMPTZ '{value.isoformat()}'" if dialect == "postgresql" else f"'{sqlite_time(value)}'"


def hand_statements(dialect: str, weeks: int, now: datetime) -> list[str]:
    """The two INSERT ... SELECT statements that write every rep's and the team's rates."""
    values = ", ".join(
        f"({_date(dialect, a)}, {_date(dialect, b)}, {_instant(dialect, due)}, {_date(dialect, day)})"
        for a, b, due, day in periods(weeks)
    )
    real = "DOUBLE PRECISION" if dialect == "postgresql" else "REAL"
    stamp = _instant(dialect, now)
    reps = f"""
        INSERT INTO on_time_rate ({REP_COLUMNS})
        SELECT s.id, 1, 'weekly', p.column1, p.column2, 1,
               CASE WHEN r.submitted_at <= p.column3 THEN 1 ELSE 0 END,
               CASE WHEN r.submitted_at > p.column3 THEN 1 ELSE 0 END,
               CASE WHEN r.id IS NULL THEN 1 ELSE 0 END,
               CASE WHEN r.submitted_at <= p.column3 THEN 1.0 ELSE 0.0 END,
               {stamp}
        FROM staff s CROSS JOIN (VALUES {values}) AS p
        LEFT JOIN report r ON r.staff_id = s.id AND r.kind = 'weekly' AND r.period_start = p.column1
        WHERE s.team_id = 1 AND s.role = 'rep' AND s.active = TRUE AND s.created_at <= p.column3
          AND NOT EXISTS (SELECT 1 FROM leave l WHERE l.staff_id = s.id
                          AND ((l.start_date <= p.column4 AND l.end_date >= p.column4)
                               OR (l.start_date <= p.column1 AND l.end_date >= p.column2)))
          AND NOT EXISTS (SELECT 1 FROM holiday h WHERE h.team_id = 1 AND h.day = p.column4)
    """
    team = f"""
        INSERT INTO team_on_time_rate ({TEAM_COLUMNS})
        SELECT 1, 'weekly', t.period_start, t.period_end, p.column3, t.expected, t.on_time, t.late, t.missing,
               CAST(t.on_time AS {real}) / t.expected, {stamp}
        FROM (SELECT period_start, period_end, count(*) AS expected, sum(on_time) AS on_time,
                     sum(late) AS late, sum(missing) AS missing
              FROM on_time_rate WHERE team_id = 1 AND kind = 'weekly'
              GROUP BY period_start, period_end) AS t
        JOIN (VALUES {values}) AS p ON p.column1 = t.period_start
    """
    return [reps, team]


async def run_hand_sql(engine: AsyncEngine, statements: list[str]) -> None:
    """Run the statements in one transaction, as the job runs one transaction per team and kind."""
    async with engine.begin() as conn:
        for statement in statements:
            await conn.execute(text(statement))


async def clear_rates(engine: AsyncEngine) -> None:
    """Empty both rate tables (not timed), so each contender starts from the same state."""
    await run_hand_sql(engine, CLEAR)


async def snapshot(engine: AsyncEngine) -> tuple[list[tuple], list[tuple]]:
    """Every stored rate row without its surrogate id, in a fixed order: what "the same rows" means."""
    async with engine.connect() as conn:
        reps = await conn.execute(text(f"SELECT {REP_COLUMNS} FROM on_time_rate ORDER BY 1, 3, 4"))
        team = await conn.execute(text(f"SELECT {TEAM_COLUMNS} FROM team_on_time_rate ORDER BY 1, 2, 3"))
        return [tuple(r) for r in reps.all()], [tuple(r) for r in team.all()]
