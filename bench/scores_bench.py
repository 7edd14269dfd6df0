"""Scoring a month for N reps (default 10,000 in teams of 100) and writing HR's workbook, with the share of
time spent in SQL (measured at the database driver) and in writing the XLSX and CSV files.

    python -m bench.scores_bench --db sqlite --reps 10000
    python -m bench.scores_bench --db postgresql --reps 10000   # starts a throwaway cluster (tests/pg.py)

Data (bulk-loaded outside the timing): October 2026, 22 workdays; each rep checks in on ~90 % of them,
has four weekly on-time rows (one missing in five), three whereabouts requests (one not found in four),
and one rep in ten a complaint, a batch quality problem and a training absence.
"""

from __future__ import annotations

import asyncio
import random
import time
from datetime import UTC, date, datetime, timedelta
from typing import Any
from zoneinfo import ZoneInfo

from sqlalchemy import insert

from bench import common
from bench.common import SqlClock
from domain.attendance import month_days
from domain.clock import SettableClock
from presentation.score_workbook import csv_files, write_xlsx
from storage import db as database
from storage.db import Database
from storage.field_models import CheckIn, Feedback
from storage.models import Staff, Team
from storage.rate_models import OnTimeRate
from storage.score_export import month_export
from storage.score_models import AttendanceMark, LocateRequest
from storage.scores import compute_month
from storage.teams import table

ZONE = ZoneInfo("Asia/Shanghai")
MONTH = date(2026, 10, 1)
NOW = datetime(2026, 11, 1, 2, 0, tzinfo=UTC)
JOINED = datetime(2020, 1, 1, tzinfo=UTC)
TEAM_SIZE = 100
CHUNK = 5000


def _local(day: date, hour: int) -> datetime:
    return datetime(day.year, day.month, day.day, hour, tzinfo=ZONE).astimezone(UTC)


def rows_for(reps: int) -> dict[Any, list[dict[str, Any]]]:
    """Every table's rows (deterministic for a given size)."""
    rng = random.Random(reps)
    teams = (reps + TEAM_SIZE - 1) // TEAM_SIZE
    workdays = [d for d in month_days(2026, 10) if d.weekday() < 5]
    data: dict[Any, list[dict[str, Any]]] = {
        Team: [
            {
                "id": t,
                "name": f"Team {t}",
                "timezone": ZONE.key,
                "workday_end": "19:00",
                "digest_time": "19:00",
                "created_at": JOINED,
            }
            for t in range(1, teams + 1)
        ],
        Staff: [],
        CheckIn: [],
        OnTimeRate: [],
        LocateRequest: [],
        Feedback: [],
        AttendanceMark: [],
    }
    for rep in range(1, reps + 1):
        team = (rep - 1) // TEAM_SIZE + 1
        data[Staff].append(
            {
                "id": rep,
                "telegram_id": 10_000_000 + rep,
                "name": f"Rep {rep:05}",
                "role": "rep",
                "team_id": team,
                "language": "zh",
                "active": True,
                "unreachable": False,
                "created_at": JOINED,
            }
        )
        for day in workdays:
            if rng.random() < 0.9:
                data[CheckIn].append(
                    {
                        "staff_id": rep,
                        "checked_in_at": _local(day, 9),
                        "checked_out_at": _local(day, 10),
                        "latitude": 31.23,
                        "longitude": 121.47,
                        "verdict": "at_site",
                        "suspicious": False,
                        "suspicion_reasons": [],
                    }
                )
        for week in range(4):
            start = date(2026, 9, 28) + timedelta(weeks=week)
            missing = int(rng.random() < 0.2)
            data[OnTimeRate].append(
                {
                    "staff_id": rep,
                    "team_id": team,
                    "kind": "weekly",
                    "period_start": start,
                    "period_end": start + timedelta(days=6),
                    "expected": 1,
                    "on_time": 1 - missing,
                    "late": 0,
                    "missing": missing,
                    "on_time_rate": 1.0 - missing,
                    "computed_at": NOW,
                }
            )
        for ask in range(3):
            asked = _local(workdays[ask * 7], 11)
            data[LocateRequest].append(
                {
                    "staff_id": rep,
                    "asked_at": asked,
                    "due_at": asked + timedelta(minutes=15),
                    "outcome": "not_found" if rng.random() < 0.25 else "found",
                }
            )
        if rep % 10 == 0:
            when = _local(workdays[5], 15)
            common = {
                "staff_id": rep,
                "team_id": team,
                "description": "bench",
                "photo_file_ids": [],
                "created_at": when,
            }
            data[Feedback].append(
                {**common, "kind": "complaint", "complaint_category": "staff", "severity": "normal"}
            )
            data[Feedback].append(
                {**common, "kind": "quality", "complaint_category": None, "severity": "batch"}
            )
            data[AttendanceMark].append(
                {"staff_id": rep, "day": workdays[9], "mark": "absent", "reason": "training", "set_at": NOW}
            )
    return data


async def load(db: Database, reps: int) -> int:
    """Insert every table's rows in chunks (not timed); how many rows."""
    data, count = rows_for(reps), 0
    async with db.engine.begin() as connection:
        for model, rows in data.items():
            for start in range(0, len(rows), CHUNK):
                await connection.execute(insert(table(model)), rows[start : start + CHUNK])
            count += len(rows)
    return count


def line(dialect: str, reps: int, r: dict[str, float]) -> str:
    """One result line."""
    export = r["gather"] + r["xlsx"] + r["csv"]
    return (
        f"{dialect:10} reps={reps} rows={r['rows']:.0f} | scoring {r['score']:.2f}s "
        f"(SQL {r['score_sql'] / r['score']:.0%}, {r['score_statements']:.0f} statements; "
        f"this process's CPU {r['score_cpu']:.2f}s) | workbook {export:.2f}s: "
        f"queries and rescoring {r['gather']:.2f}s (SQL {r['gather_sql'] / export:.0%} of the workbook), "
        f"XLSX {r['xlsx']:.2f}s ({r['xlsx'] / export:.0%}; CPU {r['xlsx_cpu']:.2f}s, {r['xlsx_mb']:.1f} MB), "
        f"CSV {r['csv']:.2f}s ({r['csv_mb']:.1f} MB)"
    )


async def run_one(url: str, reps: int) -> dict[str, float]:
    """Score the month for every team, then build the workbook for all of them."""
    await database.upgrade(url)
    db = Database(url, clock=SettableClock(NOW))
    result: dict[str, float] = {"rows": float(await load(db, reps))}
    sql = SqlClock(db)
    started, cpu = time.perf_counter(), time.process_time()
    async with db.session() as session:
        for team in range(1, (reps + TEAM_SIZE - 1) // TEAM_SIZE + 1):
            await compute_month(session, team, MONTH, NOW)
    result |= {
        "score": time.perf_counter() - started,
        "score_cpu": time.process_time() - cpu,
        "score_sql": sql.seconds,
        "score_statements": sql.statements,
    }
    sql.seconds, sql.statements = 0.0, 0
    started = time.perf_counter()
    async with db.session() as session:
        sheets = await month_export(session, MONTH, team_ids=None, now=NOW)
    result |= {"gather": time.perf_counter() - started, "gather_sql": sql.seconds}
    started, cpu = time.perf_counter(), time.process_time()
    book = write_xlsx(sheets, "zh")
    result |= {
        "xlsx": time.perf_counter() - started,
        "xlsx_cpu": time.process_time() - cpu,
        "xlsx_mb": len(book) / 1e6,
    }
    started = time.perf_counter()
    files = csv_files(sheets, "zh", "bench")
    result |= {"csv": time.perf_counter() - started, "csv_mb": sum(map(len, files.values())) / 1e6}
    await db.dispose()
    return result


async def main() -> None:
    parser = common.parser(__doc__)
    parser.add_argument("--reps", default="10000")
    args = parser.parse_args()

    async def one(url: str, reps: int) -> str:
        return line(args.db, reps, await run_one(url, reps))

    await common.each_database(args, "scores", args.reps, one)


if __name__ == "__main__":
    asyncio.run(main())
