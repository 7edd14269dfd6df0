"""Data for bench.orders_bench: T teams of reps, each rep with K work orders a month for M months, every
order with its three SLA targets; bulk-loaded outside the timing.

Per order: 60 % repairs (warranty / paid / contract), 20 % installation, 20 % maintenance; 2 % cancelled,
3 % still open (past due: late), 7 % finished late, the rest on time; 70 % of finished orders rated
(5: 60 %, 4: 30 %, 3: 5 %, 1-2: 5 %). Loaded with stdlib sqlite3 / asyncpg COPY, in the formats
SQLAlchemy stores.
"""

from __future__ import annotations

import random
import sqlite3
from collections.abc import Iterator
from datetime import UTC, date, datetime, timedelta
from pathlib import Path

import asyncpg

from bench.rates_data import JOINED, STAFF_COLUMNS, insert_reps_sqlite, rep_rows, sqlite_time

FIRST_MONTH = date(2025, 1, 1)
ZONE = "Asia/Shanghai"
CATEGORIES = ["warranty_repair", "paid_repair", "contract_service"] * 2 + ["installation", "maintenance"] * 2
HOURS = (4, 24, 72)  # normal priority: accept, arrive, finish
ORDER_COLUMNS = [
    "id",
    "team_id",
    "customer_id",
    "fault",
    "category",
    "priority",
    "photo_file_ids",
    "state",
    "assignee_id",
    "source",
    "created_at",
    "updated_at",
    "done_at",
    "rating",
    "rated_at",
]
TARGET_COLUMNS = ["order_id", "target", "started_at", "due_at", "remind_at", "met_at"]


def months(count: int) -> list[date]:
    """The first days of the bench's months."""
    return [
        date(FIRST_MONTH.year + (FIRST_MONTH.month - 1 + i) // 12, (FIRST_MONTH.month - 1 + i) % 12 + 1, 1)
        for i in range(count)
    ]


def team_of(staff_id: int, reps_per_team: int) -> int:
    return (staff_id - 1) // reps_per_team + 1


def generate(
    reps: int, month_count: int, per_month: int, reps_per_team: int
) -> Iterator[tuple[tuple, list[tuple]]]:
    """(order row, its three target rows), with datetimes aware; ids from 1."""
    rng = random.Random(reps * 1000 + month_count)
    oid = 0
    for staff_id in range(1, reps + 1):
        team = team_of(staff_id, reps_per_team)
        for month in months(month_count):
            start = datetime(month.year, month.month, 1, tzinfo=UTC) - timedelta(hours=8)  # Shanghai midnight
            for _ in range(per_month):
                oid += 1
                created = start + timedelta(seconds=rng.randrange(28 * 86400))
                yield _order(rng, oid, team, staff_id, created)


def _order(
    rng: random.Random, oid: int, team: int, staff_id: int, created: datetime
) -> tuple[tuple, list[tuple]]:
    dues = [created + timedelta(hours=h) for h in HOURS]
    roll = rng.random()
    done_at: datetime | None = None
    rated_at: datetime | None = None
    rating: int | None = None
    met: list[datetime | None]
    if roll < 0.02:
        state, met = "cancelled", [None, None, None]
    elif roll < 0.05:
        state, met = "accepted", [created + timedelta(minutes=30), None, None]
    else:
        state = "done"
        late = roll < 0.12
        done_at = (
            dues[2] + timedelta(seconds=rng.randint(1, 2 * 86400))
            if late
            else (created + timedelta(seconds=rng.randint(3600, 72 * 3600)))
        )
        met = [created + timedelta(minutes=30), min(done_at, created + timedelta(hours=12)), done_at]
        if rng.random() < 0.7:
            r = rng.random()
            rating = 5 if r < 0.6 else 4 if r < 0.9 else 3 if r < 0.95 else rng.choice((1, 2))
            rated_at = done_at + timedelta(seconds=rng.randrange(3 * 86400))
    category = CATEGORIES[rng.randrange(len(CATEGORIES))]
    order = (
        oid,
        team,
        team,
        "",
        category,
        "normal",
        "[]",
        state,
        staff_id,
        "bot",
        created,
        done_at or created,
        done_at,
        rating,
        rated_at,
    )
    targets = [
        (oid, name, created, due, due - max((due - created) / 4, timedelta(minutes=15)), m)
        for name, due, m in zip(("accept", "arrive", "finish"), dues, met, strict=True)
    ]
    return order, targets


def _sqlite_value(value: object) -> object:
    return sqlite_time(value) if isinstance(value, datetime) else value


def load_sqlite(path: Path, reps: int, month_count: int, per_month: int, reps_per_team: int) -> int:
    """Bulk load through stdlib sqlite3 (not timed); the number of orders."""
    con = sqlite3.connect(path)
    # A bulk load, not the bot: through a WAL the file is written twice (a 1 GB WAL at 10,000 reps).
    con.execute("PRAGMA journal_mode=DELETE")
    con.execute("PRAGMA synchronous=OFF")
    joined = sqlite_time(JOINED)
    teams = team_of(reps, reps_per_team)
    con.executemany(
        "INSERT INTO team (id, name, timezone, workday_end, digest_time, created_at) "
        "VALUES (?, ?, ?, '19:00', '19:00', ?)",
        ((t, f"Team {t}", ZONE, joined) for t in range(1, teams + 1)),
    )
    con.executemany(
        "INSERT INTO customer (id, team_id, name, radius_m, key_account, is_new, created_at) "
        "VALUES (?, ?, ?, 300, 0, 0, ?)",
        ((t, t, f"Customer {t}", joined) for t in range(1, teams + 1)),
    )
    insert_reps_sqlite(con, reps, lambda i: team_of(i, reps_per_team))
    orders, targets = [], []
    count = 0
    order_sql = (
        f"INSERT INTO work_order ({', '.join(ORDER_COLUMNS)}) VALUES ({', '.join('?' * len(ORDER_COLUMNS))})"
    )
    target_sql = f"INSERT INTO order_target ({', '.join(TARGET_COLUMNS)}) VALUES (?, ?, ?, ?, ?, ?)"
    for order, its_targets in generate(reps, month_count, per_month, reps_per_team):
        orders.append(tuple(_sqlite_value(v) for v in order))
        targets += [tuple(_sqlite_value(v) for v in t) for t in its_targets]
        count += 1
        if len(orders) >= 50_000:
            con.executemany(order_sql, orders)
            con.executemany(target_sql, targets)
            orders, targets = [], []
    con.executemany(order_sql, orders)
    con.executemany(target_sql, targets)
    con.commit()
    con.execute("ANALYZE")
    con.close()
    return count


async def load_postgresql(url: str, reps: int, month_count: int, per_month: int, reps_per_team: int) -> int:
    """Bulk load with COPY (not timed); the number of orders."""
    con = await asyncpg.connect(url.replace("postgresql+asyncpg://", "postgresql://"))
    teams = team_of(reps, reps_per_team)
    count = 0
    try:
        await con.copy_records_to_table(
            "team",
            columns=["id", "name", "timezone", "workday_end", "digest_time", "created_at"],
            records=[(t, f"Team {t}", ZONE, "19:00", "19:00", JOINED) for t in range(1, teams + 1)],
        )
        await con.copy_records_to_table(
            "customer",
            columns=["id", "team_id", "name", "radius_m", "key_account", "is_new", "created_at"],
            records=[(t, t, f"Customer {t}", 300, False, False, JOINED) for t in range(1, teams + 1)],
        )
        await con.copy_records_to_table(
            "staff", columns=STAFF_COLUMNS, records=rep_rows(reps, lambda i: team_of(i, reps_per_team))
        )
        orders, targets = [], []
        for order, its_targets in generate(reps, month_count, per_month, reps_per_team):
            orders.append(order)
            targets += its_targets
            count += 1
            if len(orders) >= 50_000:
                await con.copy_records_to_table("work_order", columns=ORDER_COLUMNS, records=orders)
                await con.copy_records_to_table("order_target", columns=TARGET_COLUMNS, records=targets)
                orders, targets = [], []
        await con.copy_records_to_table("work_order", columns=ORDER_COLUMNS, records=orders)
        await con.copy_records_to_table("order_target", columns=TARGET_COLUMNS, records=targets)
        await con.execute("ANALYZE")
    finally:
        await con.close()
    return count
