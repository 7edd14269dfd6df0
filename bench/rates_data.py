"""Data for bench.rates_bench: one team, N reps, W weekly periods, bulk-loaded outside the timing.

Of the expected reports 80 % are on time, 10 % late, 10 % missing; 1 % of reps have two weeks of leave.
Loaded with stdlib sqlite3 / asyncpg COPY, in the formats SQLAlchemy stores.
"""

from __future__ import annotations

import random
import sqlite3
from collections.abc import Callable
from datetime import UTC, date, datetime, timedelta
from pathlib import Path
from zoneinfo import ZoneInfo

import asyncpg

from domain.deadlines import DEFAULT_SCHEDULES, due_date, period_for

ZONE = ZoneInfo("Asia/Shanghai")
WEEKLY = DEFAULT_SCHEDULES["weekly"]
FIRST_WEEK = date(2025, 1, 6)  # a Monday
JOINED = datetime(2020, 1, 1, tzinfo=UTC)
STAFF_COLUMNS = [
    "id",
    "telegram_id",
    "name",
    "role",
    "team_id",
    "language",
    "active",
    "unreachable",
    "created_at",
]


def rep_rows(reps: int, team_of: Callable[[int], int] = lambda _: 1) -> list[tuple]:
    """Staff rows of every bench's reps 1..N (STAFF_COLUMNS): active, Chinese, in the team `team_of` says."""
    return [
        (i, 10_000_000 + i, f"Rep {i}", "rep", team_of(i), "zh", True, False, JOINED)
        for i in range(1, reps + 1)
    ]


def insert_reps_sqlite(
    con: sqlite3.Connection, reps: int, team_of: Callable[[int], int] = lambda _: 1
) -> None:
    """rep_rows through stdlib sqlite3, the instant as SQLAlchemy stores it."""
    con.executemany(
        f"INSERT INTO staff ({', '.join(STAFF_COLUMNS)}) VALUES ({', '.join('?' * len(STAFF_COLUMNS))})",
        ((*row[:-1], sqlite_time(JOINED)) for row in rep_rows(reps, team_of)),
    )


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


def sqlite_time(value: datetime) -> str:
    return value.astimezone(UTC).strftime("%Y-%m-%d %H:%M:%S.%f")


def load_sqlite(path: Path, reps: int, rows: list[tuple], leaves: list[tuple]) -> None:
    """Bulk load through stdlib sqlite3, in the formats SQLAlchemy stores (not timed)."""
    con = sqlite3.connect(path)
    joined = sqlite_time(JOINED)
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
    insert_reps_sqlite(con, reps)
    con.executemany(
        "INSERT INTO report (staff_id, kind, period_start, period_end, due_at, submitted_at, updated_at, "
        "late, revision, content) VALUES (?, 'weekly', ?, ?, ?, ?, ?, ?, 1, '{}')",
        (
            (s, a.isoformat(), b.isoformat(), sqlite_time(d), sqlite_time(sub), sqlite_time(sub), late)
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
        await con.copy_records_to_table("staff", columns=STAFF_COLUMNS, records=rep_rows(reps))
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
