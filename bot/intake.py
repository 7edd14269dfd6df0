"""The application's update queue: an update is received only once the inbox holds it.

PTB's Updater puts each fetched update here and confirms the batch to Telegram (getUpdates with a higher
offset) only after every put has returned; the webhook answers Telegram only after its put. So `put`
stores the update first and, while the database cannot be written, keeps retrying with backoff: polling
stops there, Telegram keeps the update and everything after it, and they are handled in order once the
database is back. Nothing is confirmed that is not stored.
"""

from __future__ import annotations

import asyncio
import logging
from typing import Any

from telegram import Update

from bot.outage import Outage, is_outage
from domain.text import scrub
from storage import inbox
from storage.db import Database

log = logging.getLogger(__name__)

# Seconds between attempts while the database is down: quick at first, then at most this, so the bot
# is back within a couple of seconds of the database.
FIRST_RETRY, LAST_RETRY = 0.2, 1.5


class InboxQueue(asyncio.Queue[object]):
    """Stores each update in the inbox before handing it on; drops redeliveries of handled updates."""

    def __init__(self, db: Database, outage: Outage) -> None:
        super().__init__()
        self._db = db
        self._outage = outage
        self._bot: Any = None
        # Updates stored here, so handlers.gate.receive does not store them again.
        self.stored: set[int] = set()

    def attach(self, bot: Any) -> None:
        """The bot to send "briefly unavailable" with (built after this queue)."""
        self._bot = bot

    async def put(self, item: object) -> None:
        """Hand `item` on once it is stored; an already handled update is dropped."""
        if not isinstance(item, Update):  # PTB's stop signal
            await super().put(item)
            return
        payload = item.to_dict()
        cleaned = scrub(payload)
        fresh = await self._store(item, cleaned)
        if fresh is False:
            log.info("update %s was already handled; ignoring the redelivery", item.update_id)
            return
        if fresh is None:
            # Not an outage but a fault storing it: hand it on as PTB would, and handlers.gate.receive
            # tries again and reports what fails (stopping polling here would hold everyone's updates).
            await super().put(item)
            return
        if cleaned != payload:
            # Control characters (a NUL pasted into a description) would fail on PostgreSQL and be stored
            # on SQLite: every feature gets the cleaned update, the same on both databases.
            log.info("update %s: control characters replaced by spaces", item.update_id)
            item = Update.de_json(cleaned, self._bot) or item
        self.stored.add(item.update_id)
        await super().put(item)

    async def _store(self, update: Update, payload: dict[str, Any]) -> bool | None:
        """Whether the update is new (or unfinished); None when storing failed for another reason."""
        delay = FIRST_RETRY
        while True:
            try:
                async with self._db.session() as session:
                    fresh = await inbox.store(session, update.update_id, payload)
            except Exception as exc:
                if not is_outage(exc):
                    log.error("update %s could not be stored in the inbox: %s", update.update_id, exc)
                    log.debug("the error in full", exc_info=exc)
                    return None
                await self._outage.failed(self._bot, exc, update)
                await asyncio.sleep(delay)
                delay = min(delay * 2, LAST_RETRY)
                continue
            if self._outage.ongoing:
                await self._outage.recovered(self._bot)
            return fresh
