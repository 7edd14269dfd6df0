"""What every bench repeats: the --db and --url options, a throwaway PostgreSQL cluster when no server is
named, a fresh database per run, timing an action, and the time spent in SQL."""

from __future__ import annotations

import argparse
import tempfile
import time
import uuid
from collections.abc import AsyncIterator, Awaitable, Callable
from contextlib import asynccontextmanager
from typing import Any

import asyncpg
from sqlalchemy import event

from storage.db import Database


def parser(doc: str | None) -> argparse.ArgumentParser:
    """A bench's options, starting with the database to run on; the bench adds its own."""
    found = argparse.ArgumentParser(description=(doc or "").splitlines()[0])
    found.add_argument("--db", choices=["sqlite", "postgresql"], default="sqlite")
    found.add_argument("--url", help="PostgreSQL server (a database on it); default: a throwaway cluster")
    return found


@asynccontextmanager
async def workspace(args: argparse.Namespace) -> AsyncIterator[str]:
    """A temporary folder for SQLite files; on PostgreSQL without --url, a throwaway cluster (args.url)
    for as long as the bench runs."""
    cluster = None
    if args.db == "postgresql" and not args.url:
        from tests.pg import ThrowawayCluster

        cluster = ThrowawayCluster()
        args.url = cluster.start()
    try:
        with tempfile.TemporaryDirectory(prefix="fieldbot-bench-") as folder:
            yield folder
    finally:
        if cluster is not None:
            cluster.stop()


async def fresh_database(args: argparse.Namespace, folder: str, name: str) -> str:
    """The URL of an empty database: a file in `folder`, or a new database on the PostgreSQL server."""
    if args.db == "sqlite":
        return f"sqlite+aiosqlite:///{folder}/{name}.db"
    created = f"bench_{uuid.uuid4().hex[:8]}"  # unique: a server may keep databases of earlier runs
    con = await asyncpg.connect(args.url.replace("postgresql+asyncpg://", "postgresql://"))
    await con.execute(f'CREATE DATABASE "{created}"')
    await con.close()
    return args.url.rsplit("/", 1)[0] + f"/{created}"


async def each_database(
    args: argparse.Namespace, name: str, sizes: str, run: Callable[[str, int], Awaitable[str]]
) -> None:
    """For each size in `sizes` ("1000,10000"): a fresh database, the run on it, and its result line."""
    async with workspace(args) as folder:
        for size in (int(n) for n in sizes.split(",")):
            print(await run(await fresh_database(args, folder, f"{name}_{size}"), size), flush=True)


async def timed(action: Callable[[], Awaitable[Any]]) -> tuple[float, Any]:
    """Seconds the action took, and what it returned."""
    started = time.perf_counter()
    result = await action()
    return time.perf_counter() - started, result


class SqlClock:
    """Statements an engine sends, and the seconds between each leaving for the database and its result
    coming back."""

    def __init__(self, db: Database) -> None:
        self.seconds, self.statements, self._started = 0.0, 0, 0.0
        event.listen(db.engine.sync_engine, "before_cursor_execute", self._before)
        event.listen(db.engine.sync_engine, "after_cursor_execute", self._after)

    def _before(self, *_args: Any) -> None:
        self._started = time.perf_counter()

    def _after(self, *_args: Any) -> None:
        self.seconds += time.perf_counter() - self._started
        self.statements += 1
