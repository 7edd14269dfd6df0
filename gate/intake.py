"""The application's update queue: an update is received only once the inbox holds it.

PTB's Updater confirms a batch to Telegram only with its next getUpdates (a higher offset), and the
webhook answers Telegram only after its put. So a polled batch is stored, in one transaction, as
getUpdates returns it (_StoringBot), and a webhook delivery or replay as it is put; while the database
cannot be written, that store retries with backoff: polling waits there, Telegram keeps the update and
everything after it, and they are handled in order once the database is back. A webhook delivery waits a
few seconds, then is answered 503 and Telegram delivers it again later. Nothing is confirmed that is not
stored.
"""

from __future__ import annotations

import asyncio
import logging
from collections.abc import Sequence
from http import HTTPStatus
from typing import Any

from telegram import Update
from tornado.web import HTTPError

from domain.text import scrub
from presentation.outage import Outage, is_outage
from storage import inbox
from storage.db import Database

log = logging.getLogger(__name__)

# Seconds between attempts while the database is down: quick at first, then at most this, so the bot
# is back within a couple of seconds of the database.
FIRST_RETRY, LAST_RETRY = 0.2, 1.5

# In webhook mode a delivery waits about this many seconds for the database, then is answered 503: Telegram
# keeps the update and delivers it again later, rather than each redelivery holding a connection open for
# the whole outage (and timing out at Telegram's end anyway).
WEBHOOK_WAIT = 3.0


class InboxQueue(asyncio.Queue[object]):
    """Stores each update in the inbox before handing it on; drops redeliveries of handled updates."""

    def __init__(self, db: Database, outage: Outage) -> None:
        super().__init__()
        self._db = db
        self._outage = outage
        self._bot: Any = None
        self._webhook = False
        # Updates stored by the polling fetch (see _StoringBot), by id: handed on by `put` without a
        # second write; False for a redelivery of an update already handled.
        self._fetched: dict[int, bool | None] = {}
        # The cleaned payloads of stored updates whose scrub changed something, until `put` hands them on
        # (serialising an update takes longer than storing it: done once, not again to compare).
        self._scrubbed: dict[int, dict[str, Any]] = {}
        # Updates stored here, so gate.checks.receive does not store them again.
        self.stored: set[int] = set()
        # Of those, the ones that were already in the inbox unfinished (a redelivery of one in flight, or
        # one a crash interrupted): only these need asking again whether they were done meanwhile.
        self.recheck: set[int] = set()

    def attach(self, app: Any, *, polling: bool) -> None:
        """Take the application's bot (built after this queue) and, when polling, store each batch the
        Updater fetches in one transaction before the Updater sees it (a write per batch, not per update)."""
        self._bot = app.bot
        self._webhook = not polling
        if polling and app.updater is not None:
            app.updater.bot = _StoringBot(app.bot, self)

    async def put(self, item: object) -> None:
        """Hand `item` on once it is stored; an already handled update is dropped."""
        if not isinstance(item, Update):  # PTB's stop signal
            await super().put(item)
            return
        if item.update_id in self._fetched:
            fresh = self._fetched.pop(item.update_id)
        else:  # a webhook delivery or a replay: store it on its own
            new = await self._store([item])
            fresh = None if new is None else item.update_id in new
        if fresh is False:
            self._scrubbed.pop(item.update_id, None)
            log.info("update %s was already handled; ignoring the redelivery", item.update_id)
            return
        if fresh is True:
            self.stored.add(item.update_id)
        # else (None): not stored for another reason than an outage: hand it on as PTB would, and
        # gate.checks.receive tries again and reports what fails (stopping here would hold everyone).
        await super().put(self._cleaned(item))

    def _cleaned(self, update: Update) -> Update:
        """The update as the inbox holds it, control characters replaced (domain.text.scrub)."""
        cleaned = self._scrubbed.pop(update.update_id, None)
        if cleaned is None:
            return update
        # A NUL pasted into a description would fail on PostgreSQL and be stored on SQLite: every feature
        # gets the cleaned update, the same on both databases.
        log.info("update %s: control characters replaced by spaces", update.update_id)
        return Update.de_json(cleaned, self._bot) or update

    async def store_fetched(self, updates: Sequence[Update]) -> None:
        """Store a fetched batch before the Updater hands it on (and so before it is confirmed)."""
        if updates:
            new = await self._store(updates)
            for update in updates:
                self._fetched[update.update_id] = None if new is None else update.update_id in new

    async def _store(self, updates: Sequence[Update]) -> set[int] | None:
        """Store `updates` in one transaction, retrying while the database is down; the ids of those new
        (or unfinished), or None when storing failed for another reason than an outage."""
        payloads: dict[int, dict[str, Any]] = {}
        for update in updates:
            payload = update.to_dict()
            payloads[update.update_id] = cleaned = scrub(payload)
            if cleaned != payload:
                self._scrubbed[update.update_id] = cleaned
        delay, waited = FIRST_RETRY, 0.0
        while True:
            try:
                async with self._db.session() as session:
                    stored = await inbox.store_many(session, payloads)
            except Exception as exc:
                if not is_outage(exc):
                    ids = f"{min(payloads)}..{max(payloads)}"
                    log.error("updates %s could not be stored in the inbox: %s", ids, exc)
                    log.debug("the error in full", exc_info=exc)
                    return None
                for update in updates:
                    await self._outage.failed(self._bot, exc, update)
                if self._webhook and waited >= WEBHOOK_WAIT:
                    # Not stored, so not confirmed: PTB's webhook server answers Telegram 503.
                    raise HTTPError(HTTPStatus.SERVICE_UNAVAILABLE, reason="Database unavailable") from None
                await asyncio.sleep(delay)
                waited += delay
                delay = min(delay * 2, LAST_RETRY)
                continue
            if self._outage.ongoing:
                await self._outage.recovered(self._bot)
            self.recheck |= {update_id for update_id, now in stored.items() if not now}
            return set(stored)


class _StoringBot:
    """What the Updater polls with: the application's bot, whose getUpdates stores each batch in the
    inbox before returning it. The Updater confirms a batch only with its next getUpdates, so nothing is
    confirmed that is not stored; while the database is down this call waits, and so does polling."""

    def __init__(self, bot: Any, intake: InboxQueue) -> None:
        self._bot = bot
        self._intake = intake

    def __getattr__(self, name: str) -> Any:
        return getattr(self._bot, name)

    async def get_updates(self, *args: Any, **kwargs: Any) -> Sequence[Update]:
        """Telegram's getUpdates, stored before anyone sees the result."""
        updates: Sequence[Update] = await self._bot.get_updates(*args, **kwargs)
        await self._intake.store_fetched(updates)
        return updates
