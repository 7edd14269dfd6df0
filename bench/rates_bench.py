"""Benchmark: the on-time rates job over N reps x W weeks, on SQLite and PostgreSQL, against hand-written
`INSERT ... SELECT` statements writing the same rows into the same tables, in the same run.

    python -m bench.rates_bench --db sqlite --reps 1000,10000 --weeks 52
    python -m bench.rates_bench --db postgresql --reps 1000,10000 --weeks 52   # throwaway cluster
    python -m bench.rates_bench --db postgresql --url postgresql+asyncpg://u:p@host/postgres

Data: bench.rates_data (bulk-loaded, not timed). Timed, each from the same state:
  * hand: bench.rates_hand_sql's two INSERT ... SELECT into empty rate tables;
  * job: `refresh_on_time_rates(full=True)` into empty rate tables (the first computation);
  * rerun: the job again over its own rows (the nightly run: replaces every row);
  * hand replace: DELETE of the team's rows (with a WHERE) + the hand INSERTs (the rerun's baseline);
  * quiet: the five-minute run (`full=False`) right after, with nothing filed since;
  * one late: the five-minute run after one late filing (recomputes that one period).
The job's tables must equal the hand-written statements' (every column but the surrogate id).
Each contender runs --rounds times, alternating; the fastest round is reported.
"""

from __future__ import annotations

import asyncio
import sys
from datetime import datetime, timedelta
from functools import partial
from pathlib import Path
from typing import Any

from sqlalchemy import text

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from bench import common
from bench.common import SqlClock, timed
from bench.rates_data import FIRST_WEEK, generate, load_postgresql, load_sqlite, periods
from bench.rates_hand_sql import REPLACE, clear_rates, hand_statements, run_hand_sql, snapshot
from domain.clock import SettableClock
from jobs.rates import refresh_on_time_rates
from storage import db as database
from storage.db import Database
from storage.field_models import Report


async def load(dialect: str, url: str, reps: int, weeks: int) -> int:
    """Build the schema and bulk-load the data; the number of reports filed."""
    await database.upgrade(url)
    rows, leaves = generate(reps, weeks)
    if dialect == "sqlite":
        load_sqlite(Path(url.split("///", 1)[1]), reps, rows, leaves)
    else:
        await load_postgresql(url, reps, rows, leaves)
    return len(rows)


async def run_one(dialect: str, url: str, reps: int, weeks: int, rounds: int) -> dict[str, Any]:
    """Load one database, time every contender on it, check they agree; the figures."""
    await load(dialect, url, reps, weeks)
    now = periods(weeks)[-1][2] + timedelta(days=3)  # after the last late filing (up to 2 days late)
    db = Database(url, clock=SettableClock(now, ticking=False))
    statements = hand_statements(dialect, weeks, now)
    hand, job = [], []
    try:
        for _ in range(rounds):
            await clear_rates(db.engine)
            hand.append((await timed(lambda: run_hand_sql(db.engine, statements)))[0])
            by_hand = await snapshot(db.engine)
            await clear_rates(db.engine)
            job.append((await timed(lambda: refresh_on_time_rates(db, now, full=True, since=FIRST_WEEK)))[0])
            # Same rows in the same tables, or the comparison means nothing.
            assert await snapshot(db.engine) == by_hand, "the job and the hand-written SQL disagree"
        rerun, _ = await timed(lambda: refresh_on_time_rates(db, now, full=True, since=FIRST_WEEK))
        assert await snapshot(db.engine) == by_hand, "a rerun changed the rows"
        replace, _ = await timed(lambda: run_hand_sql(db.engine, [*REPLACE, *statements]))

        await clear_rates(db.engine)
        await refresh_on_time_rates(db, now, full=True, since=FIRST_WEEK)
        # Statements counted to show that the quiet run's work does not grow with reps.
        quiet, counter = [], SqlClock(db)
        for later in (now + timedelta(minutes=m) for m in (5, 10, 15)):
            seconds, done = await timed(partial(refresh_on_time_rates, db, later))
            assert done == 0, f"a run with nothing new recomputed {done} period(s)"
            quiet.append(seconds)
        quiet_statements = counter.statements // len(quiet)
        await file_one_late(db, now + timedelta(minutes=17), weeks)
        one_late, done = await timed(lambda: refresh_on_time_rates(db, now + timedelta(minutes=20)))
        assert done == 1, f"one late filing recomputed {done} period(s)"
        expected = sum(row[5] for row in (await snapshot(db.engine))[1])
    finally:
        await db.dispose()
    return {
        "expected": expected,
        "hand": min(hand),
        "job": min(job),
        "rerun": rerun,
        "replace": replace,
        "quiet": min(quiet),
        "quiet_statements": quiet_statements,
        "one_late": one_late,
    }


async def file_one_late(db: Database, at: datetime, weeks: int) -> None:
    """The first rep who had not filed the last week files it now, after it was rated."""
    start, end, due, _ = periods(weeks)[-1]
    not_filed = (
        "SELECT min(s.id) FROM staff s WHERE NOT EXISTS (SELECT 1 FROM report r "
        "WHERE r.staff_id = s.id AND r.kind = 'weekly' AND r.period_start = :start)"
    )
    async with db.session() as session:
        rep = (await session.exec(text(not_filed), params={"start": start})).scalar_one()  # type: ignore[call-overload]
        late = Report(
            staff_id=rep,
            kind="weekly",
            period_start=start,
            period_end=end,
            due_at=due,
            submitted_at=at,
            late=True,
        )
        session.add(late)


def line(dialect: str, reps: int, weeks: int, r: dict[str, Any]) -> str:
    """One result line: times, and each contender against its baseline measured in the same run."""
    return (
        f"{dialect:10} reps={reps} weeks={weeks} expected={r['expected']} | "
        f"hand={r['hand']:.2f}s job={r['job']:.2f}s ({r['job'] / r['hand']:.2f}x) | "
        f"hand_replace={r['replace']:.2f}s rerun={r['rerun']:.2f}s ({r['rerun'] / r['replace']:.2f}x) | "
        f"quiet={r['quiet'] * 1000:.1f}ms ({r['quiet'] / r['job']:.4f} of job, "
        f"{r['quiet_statements']} statements) | one_late={r['one_late'] * 1000:.0f}ms"
    )


async def main() -> None:
    parser = common.parser(__doc__)
    parser.add_argument("--reps", default="1000,10000")
    parser.add_argument("--weeks", type=int, default=52)
    parser.add_argument("--rounds", type=int, default=2)
    args = parser.parse_args()

    async def one(url: str, reps: int) -> str:
        return line(args.db, reps, args.weeks, await run_one(args.db, url, reps, args.weeks, args.rounds))

    await common.each_database(args, "bench", args.reps, one)


if __name__ == "__main__":
    asyncio.run(main())
