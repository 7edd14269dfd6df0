"""One person's working data and conversation states, written in the transaction that finishes their update.

storage.persistence loads these at start for PTB; gate.flush.flush writes them here, one person at a
time, so that with updates of different people handled at once, one person's flush never writes another
person's half-handled state, and the state and "this update is done" are on disk together or not at all.
"""

from __future__ import annotations

import json
from collections.abc import Iterable, Mapping
from copy import deepcopy
from typing import Any

from sqlalchemy import delete
from sqlalchemy.dialects import postgresql, sqlite
from sqlmodel import col
from sqlmodel.ext.asyncio.session import AsyncSession

from storage.compare_and_set import update_if
from storage.db import Database
from storage.models import ConversationRecord, UserDataRecord
from storage.persistence import ConversationDict, ConversationKey, SQLPersistence
from storage.types import session_now

# (conversation name, its key for this person, the state or None when the conversation is over)
ConversationState = tuple[str, tuple[int | str, ...], object | None]


class LastWritten:
    """What is in the database for each person, so an update that changed nothing writes nothing.

    Seeded with what PTB loads at start (GateFlushedPersistence); a person or conversation absent here has
    no row.
    """

    def __init__(self) -> None:
        self.user_data: dict[int, dict[str, Any]] = {}
        self.states: dict[tuple[str, str], object] = {}

    def seed_user_data(self, user_data: Mapping[int, dict[str, Any]]) -> None:
        """Remember the user data the database held when PTB loaded it."""
        self.user_data = {user_id: deepcopy(data) for user_id, data in user_data.items() if data}

    def seed_states(self, name: str, states: Mapping[tuple[int | str, ...], object]) -> None:
        """Remember conversation `name`'s states as PTB loaded them."""
        self.states.update(
            {(name, _encode(key)): state for key, state in states.items() if state is not None}
        )

    def remember(self, written: Written) -> None:
        """Take note of writes once their transaction has committed."""
        for user_id, data in written.user_data.items():
            if data:
                self.user_data[user_id] = data
            else:
                self.user_data.pop(user_id, None)
        for name_key, state in written.states.items():
            if state is None:
                self.states.pop(name_key, None)
            else:
                self.states[name_key] = state


class Written:
    """What one flush wrote; remembered in LastWritten only after it commits (a rollback undoes it)."""

    def __init__(self) -> None:
        self.user_data: dict[int, dict[str, Any]] = {}
        self.states: dict[tuple[str, str], object | None] = {}


async def save(
    session: AsyncSession,
    last: LastWritten,
    user_id: int,
    data: dict[str, Any] | None,
    states: Iterable[ConversationState],
) -> Written:
    """Write `user_id`'s data and conversation states where they differ from what the database holds."""
    written = Written()
    data = data or {}
    if last.user_data.get(user_id, {}) != data:
        await _write_user_data(session, user_id, data)
        written.user_data[user_id] = deepcopy(data)
    for name, key, state in states:
        name_key = (name, _encode(key))
        if last.states.get(name_key) == state:
            continue
        await _write_state(session, name, name_key[1], state)
        written.states[name_key] = state
    return written


def _encode(key: tuple[int | str, ...]) -> str:
    # The same encoding storage.persistence reads back at start.
    return json.dumps(list(key))


async def _write_user_data(session: AsyncSession, user_id: int, data: dict[str, Any]) -> None:
    table = UserDataRecord
    if not data:
        # Nothing in progress: keep no row (strangers who are refused leave nothing behind).
        await session.exec(delete(table).where(col(table.user_id) == user_id))
        return
    now = session_now(session)
    # An UPDATE first: a person with work in progress already has a row, so that is one statement.
    if not await update_if(session, table, col(table.user_id) == user_id, data=data, updated_at=now):
        await session.exec(_insert(session, table).values(user_id=user_id, data=data, updated_at=now))


async def _write_state(session: AsyncSession, name: str, encoded_key: str, state: object | None) -> None:
    table = ConversationRecord
    where = (col(table.name) == name, col(table.key) == encoded_key)
    if state is None:
        await session.exec(delete(table).where(*where))
        return
    insert = _insert(session, table).values(name=name, key=encoded_key, state=state)
    await session.exec(insert.on_conflict_do_update(index_elements=["name", "key"], set_={"state": state}))


def _insert(session: AsyncSession, table: Any) -> Any:
    """INSERT with ON CONFLICT for the database in use."""
    return (postgresql.insert if session.get_bind().dialect.name == "postgresql" else sqlite.insert)(table)


class GateFlushedPersistence(SQLPersistence):
    """SQLPersistence whose writes are left to gate.flush, which writes each person's data with
    the update that changed it.

    PTB's own periodic `update_persistence` copies everyone's data at one moment and writes it a moment
    later; with people handled side by side, that copy can be older than what the gate has just written
    for someone, and would overwrite it. Loading at start is unchanged, and noted in `last_written`.
    """

    def __init__(self, db: Database) -> None:
        super().__init__(db)
        self.last_written = LastWritten()

    async def get_user_data(self) -> dict[int, dict[str, Any]]:
        loaded = await super().get_user_data()
        self.last_written.seed_user_data(loaded)
        return loaded

    async def get_conversations(self, name: str) -> ConversationDict:
        loaded = await super().get_conversations(name)
        self.last_written.seed_states(name, loaded)
        return loaded

    async def update_user_data(self, user_id: int, data: dict[str, Any]) -> None:
        """Written by gate.flush."""

    async def update_conversation(self, name: str, key: ConversationKey, new_state: object | None) -> None:
        """Written by gate.flush."""
