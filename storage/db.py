"""The engine, sessions, and bringing the schema up to date.

One `Database` is built at start and handed to handlers (through bot_data) and jobs; they open one
session per update or job with `async with db.session() as session:`.
"""

from __future__ import annotations

import asyncio
import weakref
from collections.abc import AsyncIterator
from contextlib import asynccontextmanager
from contextvars import ContextVar
from pathlib import Path
from typing import Any

from alembic import command
from alembic.config import Config
from alembic.runtime.migration import MigrationContext
from alembic.script import ScriptDirectory
from sqlalchemy import event, make_url
from sqlalchemy.engine import Connection, ExceptionContext
from sqlalchemy.ext.asyncio import AsyncEngine, async_sessionmaker, create_async_engine
from sqlmodel.ext.asyncio.session import AsyncSession

from domain.clock import Clock, SystemClock
from storage import sqlite_inline
from storage.db_errors import connected, hide_row_values

MIGRATIONS = Path(__file__).with_name("migrations")
POOL_SIZE = 20  # PostgreSQL connections kept open (see create_engine)


class SchemaOutdated(Exception):
    """The database is behind the code; the message says which command fixes it."""


def create_engine(url: str, *, echo: bool = False) -> AsyncEngine:
    """An async engine; on SQLite, tuned so concurrent handlers and jobs never see 'database is locked'."""
    # hide_parameters: a failed statement's ERROR line (and the admins' error notice) would otherwise carry
    # its bound values: what people typed, drafts, file_ids.
    if not url.startswith("sqlite"):
        # Up to 16 people are handled at once (bot.lanes.RUNNING), plus the intake and the jobs. With
        # SQLAlchemy's default of 5, every connection past the fifth was closed when returned and opened
        # again for the next session: a new PostgreSQL backend per update, most of the time per update.
        engine = create_async_engine(
            url, echo=echo, pool_pre_ping=True, hide_parameters=True, pool_size=POOL_SIZE, max_overflow=10
        )
        hide_row_values(engine)
        return engine

    database = make_url(url).database
    if database and database != ":memory:":
        # Statements run on the event loop's thread, not aiosqlite's worker (see storage.sqlite_inline).
        engine = create_async_engine(
            url, echo=echo, hide_parameters=True, async_creator=sqlite_inline.connector(database, timeout=30)
        )
    else:
        engine = create_async_engine(url, echo=echo, connect_args={"timeout": 30}, hide_parameters=True)

    @event.listens_for(engine.sync_engine, "connect")
    def _on_connect(dbapi_connection: Any, _record: Any) -> None:
        # Take transaction control away from the driver so that BEGIN IMMEDIATE below is what runs.
        dbapi_connection.isolation_level = None
        cursor = dbapi_connection.cursor()
        # WAL lets readers go on while one writer writes; busy_timeout makes a second writer wait
        # instead of failing at once.
        cursor.execute("PRAGMA journal_mode=WAL")
        cursor.execute("PRAGMA busy_timeout=30000")
        cursor.execute("PRAGMA synchronous=NORMAL")
        cursor.execute("PRAGMA foreign_keys=ON")
        cursor.close()

    @event.listens_for(engine.sync_engine, "begin")
    def _on_begin(connection: Connection) -> None:
        options = connection.get_execution_options()
        if options.get(GLANCE):
            # Database.glance: no transaction at all; each statement is its own (sqlite3 autocommit, as
            # isolation_level is None), so a one-statement read costs one statement, not three.
            return
        if options.get(READ_ONLY):
            # A read-only session (Database.read): WAL lets it read a consistent snapshot beside the writer.
            connection.exec_driver_sql("BEGIN")
            return
        # A deferred transaction that reads and then writes cannot wait for the lock in WAL mode: it
        # fails with SQLITE_BUSY at once. Taking the write lock up front makes it wait its turn instead.
        connection.exec_driver_sql("BEGIN IMMEDIATE")

    @event.listens_for(engine.sync_engine, "handle_error")
    def _io_error_drops_the_pool(context: ExceptionContext) -> None:
        # After a disk I/O error (a full disk, a permission change, a backup tool's lock) a pooled
        # connection can keep failing long after the file is writable again. Treated as a disconnect,
        # SQLAlchemy discards every pooled connection and the next attempt opens a fresh one.
        if any(words in str(context.original_exception) for words in SQLITE_IO_ERRORS):
            context.is_disconnect = True

    return engine


# Execution option of Database.read's sessions: on SQLite they begin without taking the write lock.
READ_ONLY = "fieldbot_read_only"
GLANCE = "fieldbot_glance"

# Set while a task holds its Database's SQLite writer turn, so a session opened inside it does not wait
# for itself (it waits on SQLite's busy timeout instead, as it always did).
_HOLDS_TURN: ContextVar[bool] = ContextVar("holds_sqlite_turn", default=False)


# What SQLite says when its files cannot be written (sqlite3 has no distinct exception classes for them).
SQLITE_IO_ERRORS = ("disk I/O error", "attempt to write a readonly database", "database or disk is full")


class Database:
    """The engine and a session factory, built once, with the clock every session's rows are stamped by."""

    def __init__(self, url: str, *, echo: bool = False, clock: Clock | None = None) -> None:
        self.url = url
        self.clock: Clock = clock or SystemClock()
        # storage.types.stamped columns read the clock from here when a row is inserted.
        self.engine = create_engine(url, echo=echo).execution_options(clock=self.clock)
        self._sessions = async_sessionmaker(
            self.engine,
            class_=AsyncSession,
            expire_on_commit=False,
            # storage.types.session_now reads it: storage functions ask the session for "now".
            info={"clock": self.clock},
        )
        self._readers = async_sessionmaker(
            self.engine.execution_options(**{READ_ONLY: True}),
            class_=AsyncSession,
            expire_on_commit=False,
            info={"clock": self.clock},
        )
        self._sqlite = url.startswith("sqlite")
        # Database.glance: on PostgreSQL each statement on its own (autocommit): no BEGIN, COMMIT round trips.
        # On SQLite, the same without the driver's BEGIN and COMMIT (see _on_begin).
        self._glancers = async_sessionmaker(
            self.engine.execution_options(
                **({GLANCE: True} if self._sqlite else {"isolation_level": "AUTOCOMMIT"})
            ),
            class_=AsyncSession,
            expire_on_commit=False,
            info={"clock": self.clock},
        )
        # One writer turn per event loop (tests run several loops in one process).
        self._turns: weakref.WeakKeyDictionary[asyncio.AbstractEventLoop, asyncio.Lock] = (
            weakref.WeakKeyDictionary()
        )

    @asynccontextmanager
    async def session(self) -> AsyncIterator[AsyncSession]:
        """One unit of work: committed when the block ends normally, rolled back on an exception."""
        if not self._sqlite or _HOLDS_TURN.get():
            async with self._sessions() as session, session.begin():
                yield session
            return
        # SQLite has one writer at a time. Left to SQLite, waiting writers poll the lock with sleeps of
        # up to 100 ms and each holds a pooled connection meanwhile (with 200 people at once the pool ran
        # out); queued here, the turn passes at once, in order, and only the writer holds a connection.
        # BEGIN IMMEDIATE still guards against other processes on the same file.
        async with self._turn():
            token = _HOLDS_TURN.set(True)
            try:
                async with self._sessions() as session, session.begin():
                    yield session
            finally:
                _HOLDS_TURN.reset(token)

    @asynccontextmanager
    async def read(self) -> AsyncIterator[AsyncSession]:
        """A session that only reads: on SQLite it does not wait for the writer (WAL snapshot)."""
        async with self._readers() as session, session.begin():
            yield session

    @asynccontextmanager
    async def glance(self) -> AsyncIterator[AsyncSession]:
        """A session for a read or two that need no common snapshot (the gate's check on every update):
        on PostgreSQL each statement is one round trip instead of three."""
        async with self._glancers() as session:
            yield session

    def _turn(self) -> asyncio.Lock:
        loop = asyncio.get_running_loop()
        turn = self._turns.get(loop)
        if turn is None:
            turn = self._turns[loop] = asyncio.Lock()
        return turn

    async def dispose(self) -> None:
        """Close every pooled connection."""
        await self.engine.dispose()


def alembic_config(url: str) -> Config:
    """Alembic's configuration, built in code so the migrations ship inside the package."""
    config = Config()
    config.set_main_option("script_location", str(MIGRATIONS))
    # '%' would be read as interpolation by configparser (passwords may contain it).
    config.set_main_option("sqlalchemy.url", url.replace("%", "%%"))
    return config


def _current_revision(connection: Connection) -> str | None:
    return MigrationContext.configure(connection).get_current_revision()


def head_revision(url: str) -> str | None:
    """The newest migration the code ships."""
    return ScriptDirectory.from_config(alembic_config(url)).get_current_head()


async def upgrade(url: str, revision: str = "head") -> None:
    """Apply migrations up to `revision` (what `fieldbot db upgrade` runs)."""
    engine = create_engine(url)
    try:
        async with connected(engine) as connection:

            def _run(sync_connection: Connection) -> None:
                config = alembic_config(url)
                config.attributes["connection"] = sync_connection
                command.upgrade(config, revision)

            await connection.run_sync(_run)
            await connection.commit()
    finally:
        await engine.dispose()


async def current_revision(url: str) -> str | None:
    """The revision the database is at, or None for an empty database."""
    engine = create_engine(url)
    try:
        async with connected(engine) as connection:
            return await connection.run_sync(_current_revision)
    finally:
        await engine.dispose()


async def prepare(url: str, *, auto_upgrade: bool) -> None:
    """Make sure the schema matches the code before the bot starts.

    The embedded SQLite database upgrades itself so the first start just works. On PostgreSQL a
    schema change is an operator's decision (backups, other instances), so the bot refuses to start.
    """
    current, head = await current_revision(url), head_revision(url)
    if current == head:
        return
    if auto_upgrade:
        await upgrade(url)
        return
    raise SchemaOutdated(
        f"DATABASE_URL: the schema is at {current or 'nothing (empty database)'}, this version needs {head}; "
        "run `fieldbot db upgrade` first"
    )
