"""Forget handled updates once Telegram can no longer redeliver them, every hour, not only at start.

The inbox gains a row per update (a flood adds hundreds a minute); a bot that runs for months without a
restart would otherwise keep them all. Idempotent: a second run finds nothing old enough.
"""

from __future__ import annotations

import logging
from typing import Any

from telegram.ext import Application

from jobs.scheduling import every
from storage import inbox
from storage.db import Database

log = logging.getLogger(__name__)

JOB_NAME = "prune inbox"
INTERVAL = 3600


async def prune_inbox(db: Database) -> int:
    """Delete handled updates older than the redelivery window, a batch per transaction; how many."""
    total = 0
    while True:
        async with db.session() as session:
            removed = await inbox.prune(session)
        total += removed
        if removed < inbox.PRUNE_BATCH:
            break
    if total:
        log.info("pruned %s handled updates from the inbox", total)
    return total


async def _run(context: Any) -> None:
    """The repeating job's callback."""
    await prune_inbox(context.bot_data["db"])


async def schedule(app: Application[Any, Any, Any, Any, Any, Any]) -> None:
    """Hourly, the first run ten minutes after start (the start itself prunes once)."""
    every(app, _run, name=JOB_NAME, interval=INTERVAL, first=600)
