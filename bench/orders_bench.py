"""Benchmark: work-order rates (报修处理及时率, 调试及时率, 满意率) for N reps x M months x K orders a month,
on SQLite and PostgreSQL, against hand-written `INSERT ... SELECT` statements writing the same rows into the
same table, in the same run.

    python -m bench.orders_bench --db sqlite     --reps 10000 --months 12 --orders 10
    python -m bench.orders_bench --db postgresql --reps 10000 --months 12 --orders 10   # throwaway cluster
    python -m bench.orders_bench --db postgresql --url postgresql+asyncpg://u:p@host/postgres

Data: bench.orders_data (bulk-loaded, not timed). Timed, each from the same state:
  * hand: three hand-written INSERT ... SELECT per month (one transaction per month) into an empty table;
  * job: `jobs.order_rates.refresh_months` for the same months into an empty table;
  * hand replace: DELETE of each month's rows + the hand INSERTs (what a rerun must beat);
  * rerun: the job again over its own rows (the nightly run).
The job's rows must equal the hand-written statements' (every column but the surrogate id).
"""

from __future__ import annotations

import argparse
import asyncio
import sys
import time
from datetime import UTC, date, datetime, timedelta
from pathlib import Path
from typing import Any

from sqlalchemy import text
from sqlalchemy.ext.asyncio import AsyncEngine

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from bench import common
from bench.common import timed
from bench.orders_data import load_postgresql, load_sqlite, months
from bench.rates_data import sqlite_time
from domain.clock import SettableClock
from jobs.order_rates import refresh_months
from storage import db as database
from storage.db import Database
from storage.order_rates import next_month

COLUMNS = "staff_id, team_id, month, kind, total, good, rate, computed_at"
REPAIRS = "('contract_service', 'paid_repair', 'warranty_repair')"


def hand_statements(dialect: str, month: date, now: datetime) -> list[str]:
    """A DBA's three statements for one month; every team is in Shanghai, so the bounds are constants."""
    pg = dialect == "postgresql"

    def instant(value: datetime) -> str:
        return f"TIMESTAMPTZ '{value.isoformat()}'" if pg else f"'{sqlite_time(value)}'"

    start = instant(datetime(month.year, month.month, 1, tzinfo=UTC) - timedelta(hours=8))
    end_day = next_month(month)
    end = instant(datetime(end_day.year, end_day.month, 1, tzinfo=UTC) - timedelta(hours=8))
    day, stamp, real = (
        (f"DATE '{month}'" if pg else f"'{month}'"),
        instant(now),
        "DOUBLE PRECISION" if pg else "REAL",
    )
    on_time = "CASE WHEN t.met_at IS NOT NULL AND t.met_at <= t.due_at THEN 1 ELSE 0 END"

    def sla(kind: str, categories: str) -> str:
        return f"""
            INSERT INTO order_rate ({COLUMNS})
            SELECT o.assignee_id, max(o.team_id), {day}, '{kind}', count(*), sum({on_time}),
                   CAST(sum({on_time}) AS {real}) / count(*), {stamp}
            FROM work_order o JOIN order_target t ON t.order_id = o.id AND t.target = 'finish'
            WHERE o.category IN {categories} AND o.state <> 'cancelled' AND o.assignee_id IS NOT NULL
              AND t.due_at >= {start} AND t.due_at < {end} AND (t.met_at IS NOT NULL OR t.due_at < {stamp})
            GROUP BY o.assignee_id"""

    good = "CASE WHEN o.rating >= 4 THEN 1 ELSE 0 END"
    satisfaction = f"""
        INSERT INTO order_rate ({COLUMNS})
        SELECT o.assignee_id, max(o.team_id), {day}, 'satisfaction', count(*), sum({good}),
               CAST(sum({good}) AS {real}) / count(*), {stamp}
        FROM work_order o
        WHERE o.rating IS NOT NULL AND o.assignee_id IS NOT NULL
          AND o.rated_at >= {start} AND o.rated_at < {end}
        GROUP BY o.assignee_id"""
    return [sla("repair", REPAIRS), sla("commissioning", "('installation')"), satisfaction]


async def run_sql(engine: AsyncEngine, statements: list[str]) -> None:
    async with engine.begin() as conn:
        for statement in statements:
            await conn.execute(text(statement))


async def snapshot(engine: AsyncEngine) -> list[tuple[Any, ...]]:
    async with engine.connect() as conn:
        rows = await conn.execute(text(f"SELECT {COLUMNS} FROM order_rate ORDER BY 1, 4, 3"))
        return [tuple(r) for r in rows.all()]


def line(args: argparse.Namespace, r: dict[str, Any]) -> str:
    return (
        f"{args.db:10} reps={args.reps} months={args.months} orders={r['orders']} rate_rows={r['rows']} "
        f"(load {r['load']:.0f}s, not timed) | hand={r['hand']:.2f}s job={r['job']:.2f}s "
        f"({r['job'] / r['hand']:.2f}x) | hand_replace={r['replace']:.2f}s rerun={r['rerun']:.2f}s "
        f"({r['rerun'] / r['replace']:.2f}x)"
    )


async def run_one(dialect: str, url: str, args: argparse.Namespace) -> dict[str, Any]:
    """Load one database, time both contenders on it, check they agree; the figures."""
    await database.upgrade(url)
    started = time.perf_counter()
    if dialect == "sqlite":
        orders = load_sqlite(
            Path(url.split("///", 1)[1]), args.reps, args.months, args.orders, args.team_size
        )
    else:
        orders = await load_postgresql(url, args.reps, args.months, args.orders, args.team_size)
    load_seconds = time.perf_counter() - started
    all_months = months(args.months)
    now = datetime.combine(next_month(all_months[-1]), datetime.min.time(), tzinfo=UTC) + timedelta(days=14)
    db = Database(url, clock=SettableClock(now, ticking=False))
    per_month = [hand_statements(dialect, m, now) for m in all_months]
    hand, job = [], []

    async def by_hand(replace: bool = False) -> None:
        for month, statements in zip(all_months, per_month, strict=True):
            delete = [f"DELETE FROM order_rate WHERE month = '{month}'"] if replace else []
            await run_sql(db.engine, delete + statements)

    try:
        for _ in range(args.rounds):
            await run_sql(db.engine, ["DELETE FROM order_rate"])
            hand.append((await timed(by_hand))[0])
            expected = await snapshot(db.engine)
            await run_sql(db.engine, ["DELETE FROM order_rate"])
            job.append((await timed(lambda: refresh_months(db, now, all_months)))[0])
            assert await snapshot(db.engine) == expected, "the job and the hand-written SQL disagree"
        replace, _ = await timed(lambda: by_hand(replace=True))
        rerun, _ = await timed(lambda: refresh_months(db, now, all_months))
        assert await snapshot(db.engine) == expected, "a rerun changed the rows"
    finally:
        await db.dispose()
    return {
        "orders": orders,
        "rows": len(expected),
        "load": load_seconds,
        "hand": min(hand),
        "job": min(job),
        "replace": replace,
        "rerun": rerun,
    }


async def main() -> None:
    parser = common.parser(__doc__)
    parser.add_argument("--reps", type=int, default=10_000)
    parser.add_argument("--months", type=int, default=12)
    parser.add_argument("--orders", type=int, default=10, help="orders per rep and month")
    parser.add_argument("--team-size", type=int, default=100, help="reps per team")
    parser.add_argument("--rounds", type=int, default=2)
    args = parser.parse_args()

    async def one(url: str, _reps: int) -> str:
        return line(args, await run_one(args.db, url, args))

    await common.each_database(args, "orders", str(args.reps), one)


if __name__ == "__main__":
    asyncio.run(main())
