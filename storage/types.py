"""Column types shared by the models."""

from __future__ import annotations

from datetime import UTC, datetime
from typing import Any

from sqlalchemy import DateTime
from sqlalchemy.engine import Dialect
from sqlalchemy.types import TypeDecorator
from sqlmodel import Field

from domain.clock import Clock


class UTCDateTime(TypeDecorator[datetime]):
    """A timezone-aware UTC datetime on every database.

    SQLite has no time zones and hands back naive values; PostgreSQL converts to the session's zone.
    Normalising here means the rest of the code only ever sees aware UTC datetimes.
    """

    impl = DateTime(timezone=True)
    cache_ok = True

    def process_bind_param(self, value: datetime | None, dialect: Dialect) -> datetime | None:
        if value is None:
            return None
        if value.tzinfo is None:
            raise ValueError("naive datetime given to a UTC column; use an aware datetime from the clock")
        value = value.astimezone(UTC)
        # SQLite compares these as text, so store them without an offset in one canonical form.
        return value.replace(tzinfo=None) if dialect.name == "sqlite" else value

    def process_result_value(self, value: Any, dialect: Dialect) -> datetime | None:
        if value is None:
            return None
        if value.tzinfo is None:
            return value.replace(tzinfo=UTC)
        return value.astimezone(UTC)


def session_now(session: Any) -> datetime:
    """ "Now" by the clock of the Database that opened `session` (see storage.db.Database)."""
    clock: Clock = session.info["clock"]
    return clock.now()


def stamped(**kwargs: Any) -> Any:
    """A timestamp column filled from the session's clock when the row is first flushed.

    Models are built outside any session, so a Python default could only read the wall clock; leaving the
    value empty until flush lets the injected clock decide (see `fill_timestamps`).
    """
    return Field(default=None, sa_type=UTCDateTime, sa_column_kwargs={"info": {"stamped": True}}, **kwargs)


def fill_timestamps(session: Any, _context: Any, _instances: Any) -> None:
    """before_flush: give every new row's empty stamped columns the session clock's "now"."""
    now: datetime | None = None
    for row in session.new:
        table = getattr(row, "__table__", None)
        for column in table.columns if table is not None else ():
            if column.info.get("stamped") and getattr(row, column.key, None) is None:
                now = now or session_now(session)
                setattr(row, column.key, now)
