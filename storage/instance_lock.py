"""One copy of the bot per database: the lock, and who holds it.

On PostgreSQL a session-level advisory lock held on a connection of its own for the life of the process
(the holder is written to `instance_holder`); on SQLite an exclusive lock on a file beside the database
(the holder is written into that file). The server drops the advisory lock when the holder's connection
ends and the kernel drops the file lock when the holder's process ends, so a kill -9 never leaves a
stale lock behind.
"""

from __future__ import annotations

import fcntl
import hashlib
import json
import os
import socket
from dataclasses import dataclass
from datetime import UTC, datetime
from pathlib import Path
from typing import Protocol

from asyncpg import exceptions as pg
from sqlalchemy import BigInteger, Column, select, text
from sqlalchemy.dialects.postgresql import insert
from sqlalchemy.engine import make_url
from sqlalchemy.exc import SQLAlchemyError
from sqlalchemy.ext.asyncio import AsyncConnection, create_async_engine
from sqlalchemy.pool import NullPool
from sqlmodel import Field, SQLModel, col

from storage.types import UTCDateTime

# What a lost or refused database connection raises here: wrapped by SQLAlchemy or straight from asyncpg.
LOCK_ERRORS = (SQLAlchemyError, OSError, pg.PostgresError, pg.InterfaceError)


class InstanceHolder(SQLModel, table=True):
    """Who holds the PostgreSQL advisory lock of one bot (the lock itself lives in the server)."""

    __tablename__ = "instance_holder"

    lock_key: int = Field(sa_column=Column(BigInteger, primary_key=True, autoincrement=False))
    host: str = Field(max_length=255)
    pid: int
    since: datetime = Field(sa_type=UTCDateTime)


@dataclass(frozen=True)
class Holder:
    """A running copy of the bot: where it runs and since when."""

    host: str
    pid: int
    since: datetime

    @classmethod
    def this_process(cls, now: datetime) -> Holder:
        """This process, started at `now` (from the injected clock)."""
        return cls(socket.gethostname(), os.getpid(), now)

    def __str__(self) -> str:
        since = self.since.astimezone(UTC)
        return f"pid {self.pid} on host {self.host}, running since {since:%Y-%m-%d %H:%M:%S} UTC"


class InstanceLock(Protocol):
    """The single-instance lock of one database."""

    async def take(self, me: Holder) -> bool:
        """Take the lock without waiting and record `me` as its holder; False when another copy has it."""
        ...

    async def holder(self) -> Holder | None:
        """Who holds the lock, if that can be read."""
        ...

    async def still_held(self) -> bool:
        """Whether this process still holds the lock (a dropped database connection loses it)."""
        ...

    async def release(self) -> None:
        """Let go of the lock (safe to call when it was never taken)."""
        ...


def lock_for(database_url: str, bot_id: int) -> InstanceLock | None:
    """The lock for this database and bot; None for an in-memory SQLite database (nothing to share)."""
    url = make_url(database_url)
    if url.get_backend_name() != "sqlite":
        return AdvisoryLock(database_url, lock_key(bot_id))
    if not url.database or url.database == ":memory:":
        return None
    return FileLock(Path(url.database).expanduser().absolute().with_name(f"{Path(url.database).name}.lock"))


def lock_key(bot_id: int) -> int:
    """A stable signed 64-bit advisory-lock key for this bot (two bots may share one database)."""
    digest = hashlib.blake2b(f"fieldbot:{bot_id}".encode(), digest_size=8).digest()
    return int.from_bytes(digest, "big", signed=True)


class FileLock:
    """An flock on `<database file>.lock`.

    Hand-written rather than `filelock`: that library truncates the file on every attempt to lock it, so
    a refused copy would wipe the holder's name before reading it. flock (not lockf) so that two
    applications in one process (the tests) exclude each other as two processes do.
    """

    def __init__(self, path: Path) -> None:
        self.path = path
        self._fd: int | None = None

    async def take(self, me: Holder) -> bool:
        fd = os.open(self.path, os.O_RDWR | os.O_CREAT, 0o644)
        try:
            fcntl.flock(fd, fcntl.LOCK_EX | fcntl.LOCK_NB)
        except BlockingIOError:
            os.close(fd)
            return False
        record = {"host": me.host, "pid": me.pid, "since": me.since.astimezone(UTC).isoformat()}
        os.ftruncate(fd, 0)
        os.pwrite(fd, json.dumps(record).encode(), 0)
        self._fd = fd
        return True

    async def holder(self) -> Holder | None:
        try:
            record = json.loads(self.path.read_text(encoding="utf-8"))
            return Holder(str(record["host"]), int(record["pid"]), datetime.fromisoformat(record["since"]))
        except (OSError, ValueError, KeyError, TypeError):  # gone, or the holder is writing it right now
            return None

    async def still_held(self) -> bool:
        return self._fd is not None

    async def release(self) -> None:
        if self._fd is not None:
            fcntl.flock(self._fd, fcntl.LOCK_UN)
            os.close(self._fd)
            self._fd = None


class AdvisoryLock:
    """`pg_try_advisory_lock` on a connection of its own, outside the pool the bot's sessions share."""

    def __init__(self, database_url: str, key: int) -> None:
        self.key = key
        # NullPool: the one connection is opened and closed here, never handed to anyone else.
        self._engine = create_async_engine(database_url, poolclass=NullPool, hide_parameters=True)
        self._connection: AsyncConnection | None = None
        self._held = False

    async def _connect(self) -> AsyncConnection:
        if self._connection is None:
            connection = await self._engine.connect()
            self._connection = await connection.execution_options(isolation_level="AUTOCOMMIT")
        return self._connection

    async def take(self, me: Holder) -> bool:
        try:
            return await self._take(me)
        except LOCK_ERRORS:
            await self._drop_connection()  # the next try starts on a fresh connection
            raise

    async def _take(self, me: Holder) -> bool:
        connection = await self._connect()
        query = text("SELECT pg_try_advisory_lock(:key)")
        if not (await connection.execute(query, {"key": self.key})).scalar_one():
            return False
        self._held = True
        row = {"lock_key": self.key, "host": me.host[:255], "pid": me.pid, "since": me.since}
        statement = insert(InstanceHolder).values(row)
        latest = {
            "host": statement.excluded.host,
            "pid": statement.excluded.pid,
            "since": statement.excluded.since,
        }
        await connection.execute(statement.on_conflict_do_update(index_elements=["lock_key"], set_=latest))
        return True

    async def holder(self) -> Holder | None:
        connection = await self._connect()
        query = select(InstanceHolder).where(col(InstanceHolder.lock_key) == self.key)
        row = (await connection.execute(query)).first()
        return None if row is None else Holder(row.host, row.pid, row.since)

    async def still_held(self) -> bool:
        if self._connection is None or not self._held:
            return False
        try:
            # The lock lives as long as this session: if the connection answers, the lock is still ours.
            await self._connection.execute(text("SELECT 1"))
            return True
        except LOCK_ERRORS:
            await self._drop_connection()
            return False

    async def release(self) -> None:
        await self._drop_connection()
        await self._engine.dispose()

    async def _drop_connection(self) -> None:
        connection, self._connection, self._held = self._connection, None, False
        if connection is not None:
            try:
                await connection.close()  # ending the session releases the advisory lock
            except LOCK_ERRORS:
                await connection.invalidate()
