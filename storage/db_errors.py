"""Why a database could not be opened, said in one line that names DATABASE_URL, the cause and the fix.

Drivers report an unreachable database in their own words, several exceptions deep (asyncpg's
`InvalidCatalogNameError`, a `socket.gaierror`, sqlite's "unable to open database file"); an operator
needs the one cause at the bottom of that chain and what to change.
"""

from __future__ import annotations

import socket
from collections.abc import AsyncIterator, Iterator
from contextlib import asynccontextmanager
from pathlib import Path

from asyncpg import exceptions as pg
from sqlalchemy import event
from sqlalchemy.engine import URL, ExceptionContext, make_url
from sqlalchemy.exc import SQLAlchemyError
from sqlalchemy.ext.asyncio import AsyncConnection, AsyncEngine

# What connecting can raise: sockets and timeouts directly, driver errors wrapped by SQLAlchemy or not.
CONNECT_ERRORS = (OSError, TimeoutError, SQLAlchemyError, pg.PostgresError, pg.InterfaceError)
_REFUSED_LOGIN = (pg.InvalidPasswordError, pg.InvalidAuthorizationSpecificationError)


class DatabaseUnavailable(Exception):
    """The database cannot be reached or opened; the message names the cause and the fix."""


@asynccontextmanager
async def connected(engine: AsyncEngine) -> AsyncIterator[AsyncConnection]:
    """A connection from `engine`; failing to connect raises DatabaseUnavailable (errors after do not)."""
    connection = engine.connect()
    try:
        await connection.start()
    except CONNECT_ERRORS as exc:
        raise explain(exc, engine.url) from exc
    try:
        yield connection
    finally:
        await connection.close()


def hide_row_values(engine: AsyncEngine) -> None:
    """Keep PostgreSQL's DETAIL ("Key (name)=(what someone typed) already exists") out of errors.

    hide_parameters covers the statement's parameters, but asyncpg adds DETAIL to its exception's text,
    and a logged traceback shows that exception too (SQLAlchemy's error is raised from it).
    """

    @event.listens_for(engine.sync_engine, "handle_error")
    def _forget_detail(context: ExceptionContext) -> None:
        for error in _chain(context.original_exception):
            if getattr(error, "detail", None) is not None:
                error.detail = None  # type: ignore[attr-defined]


def _chain(exc: BaseException) -> Iterator[BaseException]:
    seen: set[int] = set()
    current: BaseException | None = exc
    while current is not None and id(current) not in seen:
        seen.add(id(current))
        yield current
        orig = getattr(current, "orig", None)  # SQLAlchemy keeps the driver's error here
        current = orig if isinstance(orig, BaseException) else (current.__cause__ or current.__context__)


def explain(exc: BaseException, url: str | URL) -> DatabaseUnavailable:
    """The one line for a failed connection to `url` (never with the password)."""
    parsed = make_url(url)
    if parsed.get_backend_name() == "sqlite":
        return DatabaseUnavailable(_sqlite(exc, parsed.database or ""))
    where = f"{parsed.host or 'localhost'}:{parsed.port or 5432}"
    name, user = parsed.database or "", parsed.username or ""
    causes = list(_chain(exc))
    if any(isinstance(c, pg.InvalidCatalogNameError) for c in causes):
        problem = f"database {name!r} does not exist on {where}"
        host = parsed.host or "localhost"
        fix = f"create it (createdb -h {host} -U {user or 'postgres'} {name}) or correct the name"
    elif any(isinstance(c, _REFUSED_LOGIN) for c in causes):
        problem = f"PostgreSQL at {where} refused user {user!r} ({_first_line(causes[-1])})"
        fix = "correct the user name and password"
    elif any(isinstance(c, socket.gaierror) for c in causes):
        problem = f"the host name {parsed.host!r} does not resolve"
        fix = "correct the host"
    elif any(isinstance(c, ConnectionRefusedError) for c in causes):
        problem = f"nothing accepts connections at {where} (connection refused)"
        fix = "start PostgreSQL there or correct the host and port"
    elif any(isinstance(c, TimeoutError) for c in causes):
        problem = f"no answer from {where}"
        fix = "check the host, the port and any firewall between"
    else:
        problem = f"cannot connect to {where}: {_first_line(causes[-1])}"
        fix = "check the host, port, database name, user and password"
    return DatabaseUnavailable(f"DATABASE_URL: {problem}; {fix} in DATABASE_URL")


def _sqlite(exc: BaseException, database: str) -> str:
    path = Path(database).expanduser().absolute()
    if not path.parent.is_dir():
        return (
            f"DATABASE_URL: the folder {path.parent} for the SQLite file does not exist; "
            f"create it (mkdir -p {path.parent}) or point DATABASE_URL to an existing folder"
        )
    return (
        f"DATABASE_URL: cannot open the SQLite file {path} ({_first_line(list(_chain(exc))[-1])}); "
        "check that its folder is writable by this user or point DATABASE_URL elsewhere"
    )


def _first_line(exc: BaseException) -> str:
    return (str(exc).strip().splitlines() or [type(exc).__name__])[0][:200]
