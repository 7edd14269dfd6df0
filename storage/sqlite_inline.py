"""SQLite on the event loop's own thread, behind the interface SQLAlchemy's aiosqlite dialect expects.

aiosqlite runs every call (a cursor, an execute, a fetch, a close) on a worker thread and wakes the event
loop for each result: four thread hops a statement, each a queue put, a GIL hand-over and a write to the
loop's self-pipe. A statement of ours takes microseconds (point reads and writes on an indexed table), so
the hops cost several times the work: profiled, about half of the bot's CPU per update.

Run inline, a statement blocks the loop for as long as SQLite takes. That is short here because nothing
in this process waits for SQLite's write lock: writers queue on an asyncio lock first (Database.session),
WAL readers never wait for the writer, and the single-instance lock (bot.instance) keeps other bots off the
file. Only a CLI command writing at the same moment (`fieldbot admin ...`, an import) makes a write wait,
for as long as that command's one transaction takes.
"""

from __future__ import annotations

import asyncio
import sqlite3
from collections.abc import Callable, Iterable, Sequence
from typing import Any


class _Cursor:
    """sqlite3's cursor with aiosqlite's awaitable methods."""

    def __init__(self, cursor: sqlite3.Cursor) -> None:
        self._cursor = cursor

    async def __aenter__(self) -> _Cursor:
        return self

    async def execute(self, sql: str, parameters: Sequence[Any] | None = None) -> _Cursor:
        self._cursor.execute(sql, parameters or ())
        return self

    async def executemany(self, sql: str, parameters: Iterable[Sequence[Any]]) -> _Cursor:
        self._cursor.executemany(sql, parameters)
        return self

    async def fetchall(self) -> list[Any]:
        return self._cursor.fetchall()

    async def fetchone(self) -> Any:
        return self._cursor.fetchone()

    async def fetchmany(self, size: int | None = None) -> list[Any]:
        return self._cursor.fetchmany(size if size is not None else self._cursor.arraysize)

    async def close(self) -> None:
        self._cursor.close()

    @property
    def description(self) -> Any:
        return self._cursor.description

    @property
    def rowcount(self) -> int:
        return self._cursor.rowcount

    @property
    def lastrowid(self) -> int | None:
        return self._cursor.lastrowid

    @property
    def arraysize(self) -> int:
        return self._cursor.arraysize

    @arraysize.setter
    def arraysize(self, value: int) -> None:
        self._cursor.arraysize = value


class _Opening:
    """What aiosqlite's `cursor()` returns: entered (by SQLAlchemy) to give the cursor."""

    def __init__(self, connection: sqlite3.Connection) -> None:
        self._connection = connection

    async def __aenter__(self) -> _Cursor:
        return _Cursor(self._connection.cursor())


class _RunNow:
    """aiosqlite's queue of calls for its thread; SQLAlchemy puts the isolation-level change on it."""

    def __init__(self, connection: InlineConnection) -> None:
        self._owner = connection

    def put_nowait(self, item: tuple[asyncio.Future[Any] | None, Callable[[], Any]]) -> None:
        future, function = item
        try:
            result = function()
        except Exception as error:
            if future is not None:
                future.set_exception(error)
            return
        if future is not None:
            future.set_result(result)


class InlineConnection:
    """The part of aiosqlite.Connection that SQLAlchemy's aiosqlite dialect uses, run on the caller's
    thread."""

    def __init__(self, connection: sqlite3.Connection) -> None:
        self._conn = connection
        self._connection: sqlite3.Connection | None = connection
        self._tx = _RunNow(self)

    @property
    def isolation_level(self) -> str | None:
        return self._conn.isolation_level

    def cursor(self) -> _Opening:
        return _Opening(self._conn)

    async def commit(self) -> None:
        self._conn.commit()

    async def rollback(self) -> None:
        self._conn.rollback()

    async def create_function(self, *args: Any, **kwargs: Any) -> None:
        self._conn.create_function(*args, **kwargs)

    async def close(self) -> None:
        self.stop()

    def stop(self) -> None:
        if self._connection is not None:
            self._connection = None
            self._conn.close()


def connector(path: str, *, timeout: float) -> Callable[[], Any]:
    """An `async_creator` for create_async_engine: a connection to the file at `path`."""

    async def connect() -> InlineConnection:
        # check_same_thread off: the pool may close a connection from a garbage-collecting thread.
        return InlineConnection(sqlite3.connect(path, timeout=timeout, check_same_thread=False))

    return connect
