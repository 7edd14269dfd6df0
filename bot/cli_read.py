"""What the `fieldbot import …` commands start with: the file they name, read with the one-line error
every import gives, and the database, prepared and closed again."""

from __future__ import annotations

import asyncio
import sys
from collections.abc import AsyncIterator
from contextlib import asynccontextmanager
from pathlib import Path

from domain.settings import Settings
from storage import db as database
from storage.db import Database


async def read_input(file: str) -> bytes | None:
    """FILE's bytes; None once stderr has said why it cannot be read and what to check."""
    path = Path(file)
    try:
        return await asyncio.to_thread(path.read_bytes)  # a big file must not stall the event loop
    except OSError as exc:
        print(f"fieldbot: cannot read {path}: {exc.strerror}; check the path", file=sys.stderr)
        return None


@asynccontextmanager
async def command_database(settings: Settings) -> AsyncIterator[Database]:
    """The database at its current schema (SQLite upgraded in place), disposed of when the command ends."""
    await database.prepare(settings.database_url, auto_upgrade=settings.is_sqlite)
    db = Database(settings.database_url)
    try:
        yield db
    finally:
        await db.dispose()
