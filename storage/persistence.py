"""PTB persistence over our own tables, so conversations and typed answers survive a crash.

PTB writes persistence only every `update_interval` seconds; bot.app flushes after every update
instead (see gate.flush.flush), so a step is on disk once the user's message has been handled.
Only user data and conversation states are kept: chat data and bot data are not used by fieldbot.
"""

from __future__ import annotations

import json
from copy import deepcopy
from typing import Any

from sqlalchemy import delete
from sqlmodel import col, select
from telegram.ext import BasePersistence, PersistenceInput

from storage.db import Database
from storage.models import ConversationRecord, UserDataRecord
from storage.types import session_now

# The shapes BasePersistence's documented signatures use, spelled out here: PTB keeps its own aliases
# in a private module (telegram.ext._utils.types) that may move in any release.
ConversationKey = tuple[int | str, ...]
ConversationDict = dict[ConversationKey, object]
CDCData = tuple[list[tuple[str, float, dict[str, Any]]], dict[str, str]]


class SQLPersistence(BasePersistence[dict[str, Any], dict[str, Any], dict[str, Any]]):
    """Conversation states and user data in the database."""

    def __init__(self, db: Database) -> None:
        super().__init__(
            store_data=PersistenceInput(bot_data=False, chat_data=False, user_data=True, callback_data=False),
            update_interval=60,
        )
        self._db = db

    # --- user data -------------------------------------------------------------------------------
    async def get_user_data(self) -> dict[int, dict[str, Any]]:
        async with self._db.session() as session:
            rows = (await session.exec(select(UserDataRecord))).all()
            return {row.user_id: deepcopy(row.data) for row in rows}

    async def update_user_data(self, user_id: int, data: dict[str, Any]) -> None:
        async with self._db.session() as session:
            row = await session.get(UserDataRecord, user_id)
            if not data:
                # Nothing in progress: keep no row (strangers who are refused leave nothing behind).
                if row is not None:
                    await session.delete(row)
                return
            if row is None:
                session.add(UserDataRecord(user_id=user_id, data=dict(data)))
            else:
                row.data = dict(data)
                row.updated_at = session_now(session)
                session.add(row)

    async def refresh_user_data(self, user_id: int, user_data: dict[str, Any]) -> None:
        """Nothing to do: one process owns the data and keeps it in memory."""

    async def drop_user_data(self, user_id: int) -> None:
        async with self._db.session() as session:
            await session.exec(delete(UserDataRecord).where(col(UserDataRecord.user_id) == user_id))

    # --- conversations ---------------------------------------------------------------------------
    async def get_conversations(self, name: str) -> ConversationDict:
        async with self._db.session() as session:
            rows = (
                await session.exec(select(ConversationRecord).where(ConversationRecord.name == name))
            ).all()
            return {tuple(json.loads(row.key)): row.state for row in rows}

    async def update_conversation(self, name: str, key: ConversationKey, new_state: object | None) -> None:
        encoded = json.dumps(list(key))
        async with self._db.session() as session:
            query = select(ConversationRecord).where(
                ConversationRecord.name == name, ConversationRecord.key == encoded
            )
            row = (await session.exec(query)).first()
            if new_state is None:
                if row is not None:
                    await session.delete(row)
                return
            if row is None:
                session.add(ConversationRecord(name=name, key=encoded, state=new_state))
            else:
                row.state = new_state
                session.add(row)

    # --- not stored --------------------------------------------------------------------------------
    async def get_chat_data(self) -> dict[int, dict[str, Any]]:
        return {}

    async def update_chat_data(self, chat_id: int, data: dict[str, Any]) -> None:
        """Chat data is not persisted (private chats: user data covers it)."""

    async def refresh_chat_data(self, chat_id: int, chat_data: dict[str, Any]) -> None:
        """Chat data is not persisted."""

    async def drop_chat_data(self, chat_id: int) -> None:
        """Chat data is not persisted."""

    async def get_bot_data(self) -> dict[str, Any]:
        return {}

    async def update_bot_data(self, data: dict[str, Any]) -> None:
        """Bot data holds live services (database, settings), never persisted."""

    async def refresh_bot_data(self, bot_data: dict[str, Any]) -> None:
        """Bot data is not persisted."""

    async def get_callback_data(self) -> CDCData | None:
        return None

    async def update_callback_data(self, data: CDCData) -> None:
        """Arbitrary callback data is not used."""

    async def flush(self) -> None:
        """Every write above is committed when it is made; nothing is buffered."""
