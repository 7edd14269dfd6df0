"""Benchmark: the on-time rates job over N reps x W weeks, on SQLite and PostgreSQL, against one
hand-written SQL aggregate over the same data in the same run.

    python -m bench.rates_bench --db sqlite --reps 1000,10000 --weeks 52
    python -m bench.rates_bench --db postgresql --reps 1000,10000 --weeks 52

Data: one team (Asia/Shanghai), N reps who joined long before, W weekly periods; of the expected
reports 80 % are on time, 10 % late, 10 % missing; 1 % of reps have two weeks of leave. The data is
bulk-loaded outside the timing (stdlib sqlite3 / asyncpg COPY); what is timed is
`refresh_on_time_rates(full=True)` (delete + INSERT ... SELECT of every rep and team row) and the
hand-written SELECT that only aggregates (writes nothing), and a second run of the job (idempotence).
"""

from __future__ import annotations

import argparse
import asyncio
import random
import sqlite3
import sys
import tempfile
import time
import uuid
from datetime import UTC, date, datetime, timedelta
from pathlib import Path
from zoneinfo import ZoneInfo

import asyncpg
from sqlalchemy import text

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from bot.deadlines import DEFAULT_SCHEDULES, due_date, period_for
from jobs.rates import refresh_on_time_rates
from storage import db as database
from storage.db import Database
from storage.field_models import TeamOnTimeRate

ZONE = ZoneInfo("Asia/Shanghai")
WEEKLY = DEFAULT_SCHEDULES["weekly"]
FIRST_WEEK = date(2025, 1, 6)  # a Monday
JOINED = datetime(2020, 1, 1, tzinfo=UTC)


def periods(weeks: int) -> list[tuple[date, date, datetime, date]]:
    """(start, end, due_at UTC, due local date) of each week."""
    out = []
    for i in range(weeks):
        p = period_for(WEEKLY, FIRST_WEEK + timedelta(weeks=i), ZONE)
        out.append((p.start, p.end, p.due_at, due_date(WEEKLY, p.start)))
    return out


def generate(reps: int, weeks: int) -> tuple[list[tuple], list[tuple]]:
    """Report rows (staff_id, period_start, period_end, due_at, submitted_at, late) and leave rows."""
    rng = random.Random(reps * 1000 + weeks)
    rows, leaves = [], []
    plist = periods(weeks)
    for staff_id in range(1, reps + 1):
        for start, end, due, _ in plist:
            roll = rng.random()
            if roll < 0.8:
                rows.append(
                    (staff_id, start, end, due, due - timedelta(seconds=rng.randint(0, 3 * 86400)), False)
                )
            elif roll < 0.9:
                rows.append(
                    (staff_id, start, end, due, due + timedelta(seconds=rng.randint(1, 2 * 86400)), True)
                )
        if staff_id % 100 == 0:
            first = plist[rng.randrange(len(plist))][0]
            leaves.append((staff_id, first, first + timedelta(days=13)))
    return rows, leaves


def _sqlite_time(value: datetime) -> str:
    return value.astimezone(UTC).strftime("%Y-%m-%d %H:%M:%S.%f")


def load_sqlite(path: Path, reps: int, rows: list[tuple], leaves: list[tuple]) -> None:
    """Bulk load through stdlib sqlite3, in the formats SQLAlchemy stores (not timed)."""
    con = sqlite3.connect(path)
    joined = _sqlite_time(JOINED)
    con.execute(
        "INSERT INTO team (id, name, timezone, workday_end, digest_time, created_at) "
        "VALUES (1, 'Bench', 'Asia/Shanghai', '19:00', '19:00', ?)",
        (joined,),
    )
    # Only the weekly schedule, so the job and the hand-written SQL compute exactly the same thing.
    con.execute(
        "INSERT INTO report_schedule (team_id, kind, due_time, grace_minutes, reminder_offsets_minutes, "
        "active) VALUES (1, 'monthly', '18:00', 0, '[]', 0)"
    )
    con.executemany(
        "INSERT INTO staff (id, telegram_id, name, role, team_id, language, active, unreachable, created_at) "
        "VALUES (?, ?, ?, 'rep', 1, 'zh', 1, 0, ?)",
        ((i, 10_000_000 + i, f"Rep {i}", joined) for i in range(1, reps + 1)),
    )
    con.executemany(
        "INSERT INTO report (staff_id, kind, period_start, period_end, due_at, submitted_at, updated_at, "
        "late, revision, content) VALUES (?, 'weekly', ?, ?, ?, ?, ?, ?, 1, '{}')",
        (
            (s, a.isoformat(), b.isoformat(), _sqlite_time(d), _sqlite_time(sub), _sqlite_time(sub), late)
            for s, a, b, d, sub, late in rows
        ),
    )
    con.executemany(
        "INSERT INTO leave (staff_id, start_date, end_date) VALUES (?, ?, ?)",
        ((s, a.isoformat(), b.isoformat()) for s, a, b in leaves),
    )
    con.commit()
    con.execute("ANALYZE")
    con.close()


async def load_postgresql(url: str, reps: int, rows: list[tuple], leaves: list[tuple]) -> None:
    """Bulk load with COPY (not timed)."""
    con = await asyncpg.connect(url.replace("postgresql+asyncpg://", "postgresql://"))
    try:
        await con.execute(
            "INSERT INTO team (id, name, timezone, workday_end, digest_time, created_at) "
            "VALUES (1, 'Bench', 'Asia/Shanghai', '19:00', '19:00', $1)",
            JOINED,
        )
        await con.execute(
            "INSERT INTO report_schedule (team_id, kind, due_time, grace_minutes, "
            "reminder_offsets_minutes, active) VALUES (1, 'monthly', '18:00', 0, '[]', false)"
        )
        await con.copy_records_to_table(
            "staff",
            columns=[
                "id",
                "telegram_id",
                "name",
                "role",
                "team_id",
                "language",
                "active",
                "unreachable",
                "created_at",
            ],
            records=[
                (i, 10_000_000 + i, f"Rep {i}", "rep", 1, "zh", True, False, JOINED)
                for i in range(1, reps + 1)
            ],
        )
        await con.copy_records_to_table(
            "report",
            columns=[
                "staff_id",
                "kind",
                "period_start",
                "period_end",
                "due_at",
                "submitted_at",
                "updated_at",
                "late",
                "revision",
                "content",
            ],
            records=[(s, "weekly", a, b, d, sub, sub, late, 1, "{}") for s, a, b, d, sub, late in rows],
        )
        await con.copy_records_to_table(
            "leave", columns=["staff_id", "start_date", "end_date"], records=leaves
        )
        await con.execute("ANALYZE")
    finally:
        await con.close()


def baseline_sql(dialect: str, weeks: int) -> str:
    """One hand-written aggregate: expected, on time, late, missing per week, for the whole team."""

    def d(value: date) -> str:
        return f"DATE '{value}'" if dialect == "postgresql" else f"'{value}'"

    def ts(value: datetime) -> str:
        return f"TIMESTAMPTZ '{value.isoformat()}'" if dialect == "postgresql" else f"'{_sqlite_time(value)}'"

    values = ", ".join(f"({d(a)}, {d(b)}, {ts(due)}, {d(day)})" for a, b, due, day in periods(weeks))
    return f"""
        SELECT p.column1 AS period_start, count(*) AS expected,
               sum(CASE WHEN r.submitted_at <= p.column3 THEN 1 ELSE 0 END) AS on_time,
               sum(CASE WHEN r.submitted_at > p.column3 THEN 1 ELSE 0 END) AS late,
               sum(CASE WHEN r.id IS NULL THEN 1 ELSE 0 END) AS missing
        FROM staff s CROSS JOIN (VALUES {values}) AS p
        LEFT JOIN report r ON r.staff_id = s.id AND r.kind = 'weekly' AND r.period_start = p.column1
        WHERE s.team_id = 1 AND s.role = 'rep' AND s.active = TRUE AND s.created_at <= p.column3
          AND NOT EXISTS (SELECT 1 FROM leave l WHERE l.staff_id = s.id
                          AND ((l.start_date <= p.column4 AND l.end_date >= p.column4)
                               OR (l.start_date <= p.column1 AND l.end_date >= p.column2)))
          AND NOT EXISTS (SELECT 1 FROM holiday h WHERE h.team_id = s.team_id AND h.day = p.column4)
        GROUP BY p.column1 ORDER BY p.column1
    """


async def run_one(dialect: str, url: str, reps: int, weeks: int) -> dict[str, float | int]:
    await database.upgrade(url)
    rows, leaves = generate(reps, weeks)
    started = time.perf_counter()
    if dialect == "sqlite":
        load_sqlite(Path(url.split("///", 1)[1]), reps, rows, leaves)
    else:
        await load_postgresql(url, reps, rows, leaves)
    load_s = time.perf_counter() - started
    db = Database(url)
    now = periods(weeks)[-1][2] + timedelta(days=1)
    try:
        started = time.perf_counter()
        done = await refresh_on_time_rates(db, now, full=True, since=FIRST_WEEK)
        job_s = time.perf_counter() - started
        started = time.perf_counter()
        await refresh_on_time_rates(db, now, full=True, since=FIRST_WEEK)
        rerun_s = time.perf_counter() - started
        started = time.perf_counter()
        async with db.engine.connect() as conn:
            baseline = (await conn.execute(text(baseline_sql(dialect, weeks)))).all()
        baseline_s = time.perf_counter() - started
        async with db.session() as session:
            from sqlmodel import select

            stored = (await session.exec(select(TeamOnTimeRate).order_by(TeamOnTimeRate.period_start))).all()
    finally:
        await db.dispose()
    # The job and the hand-written SQL must agree, or the timing means nothing.
    mine = [(r.expected, r.on_time, r.late, r.missing) for r in stored]
    assert mine == [tuple(b[1:]) for b in baseline], (len(mine), mine[:3], baseline[:3])
    expected = sum(r.expected for r in stored)
    return {
        "reps": reps,
        "weeks": weeks,
        "periods": done,
        "expected": expected,
        "load_s": load_s,
        "job_s": job_s,
        "rerun_s": rerun_s,
        "baseline_s": baseline_s,
        "ratio": job_s / baseline_s,
    }


async def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--db", choices=["sqlite", "postgresql"], default="sqlite")
    parser.add_argument("--reps", default="1000,10000")
    parser.add_argument("--weeks", type=int, default=52)
    args = parser.parse_args()
    cluster = None
    if args.db == "postgresql":
        from tests.pg import ThrowawayCluster

        cluster = ThrowawayCluster()
        root = cluster.start()
    try:
        with tempfile.TemporaryDirectory(prefix="fieldbot-bench-") as folder:
            for reps in (int(n) for n in args.reps.split(",")):
                if cluster is not None:
                    name = f"bench_{uuid.uuid4().hex[:8]}"
                    con = await asyncpg.connect(root.replace("postgresql+asyncpg://", "postgresql://"))
                    await con.execute(f'CREATE DATABASE "{name}"')
                    await con.close()
                    url = root.rsplit("/", 1)[0] + f"/{name}"
                else:
                    url = f"sqlite+aiosqlite:///{folder}/bench_{reps}.db"
                result = await run_one(args.db, url, reps, args.weeks)
                print(
                    f"{args.db:10} reps={result['reps']:>7} weeks={result['weeks']} "
                    f"expected={result['expected']:>8} load={result['load_s']:.1f}s "
                    f"job={result['job_s']:.2f}s rerun={result['rerun_s']:.2f}s "
                    f"hand_sql={result['baseline_s']:.2f}s ratio={result['ratio']:.1f}x",
                    flush=True,
                )
    finally:
        if cluster is not None:
            cluster.stop()


if __name__ == "__main__":
    asyncio.run(main())
