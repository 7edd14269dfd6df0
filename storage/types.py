"""Column types shared by the models."""

from __future__ import annotations

from datetime import UTC, datetime
from typing import Any

from sqlalchemy import DateTime
from sqlalchemy.engine import Dialect
from sqlalchemy.types import TypeDecorator
from sqlmodel import Field

from domain.clock import Clock, SystemClock


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
    """A timestamp column that a new row gets from the clock of the Database writing it.

    Models are built outside any session, so a Python default_factory could only read the wall clock. A
    column default runs at INSERT (ORM and Core alike) and reads the clock the Database put in the
    engine's execution options (see storage.db.Database).
    """
    return Field(default=None, sa_type=UTCDateTime, sa_column_kwargs={"default": _clock_default}, **kwargs)


def _clock_default(context: Any) -> datetime:
    """Column default: "now" by the writing engine's clock (the system's for engines outside Database)."""
    clock: Clock | None = context.execution_options.get("clock") if context is not None else None
    return (clock or SystemClock()).now()
