"""Sending to one person so that Telegram's faults neither lose the message nor send it twice: the one
`deliver` that jobs (reminders, digests, escalations) and handlers (urgent-feedback notices) share.

`deliver` is the one owner of 429s for these sends: the application's rate
limiter only spaces requests and hands these 429s straight back (see presentation.limiter), so a flood wait
holds this one fan-out, never the replies to people using the bot meanwhile. A wait up to
`max_retry_after` is slept out and the send retried; a longer one is left to the job's next run (the
caller releases its claim). A 5xx or network failure is retried with bounded exponential backoff, and
a 403 means the person blocked the bot (never retried).
A send that Telegram performed but whose answer was lost cannot be told from one that failed: the
Bot API has no idempotency key, so such a message may arrive twice. Everything else arrives once.
"""

from __future__ import annotations

import asyncio
import logging
from collections.abc import Awaitable, Callable, Sequence
from dataclasses import dataclass
from enum import StrEnum
from typing import Any

from telegram import Bot
from telegram.error import BadRequest, Forbidden, NetworkError, RetryAfter

from presentation.i18n import t
from presentation.limiter import caller_waits_out_429, retry_after_seconds
from storage import reminders as reminders_db
from storage import staff as staff_db
from storage.db import Database
from storage.staff import Recipient

log = logging.getLogger(__name__)


@dataclass(frozen=True)
class RetryPolicy:
    """How hard one delivery tries before it is left to the next run of the job."""

    attempts: int = 6
    first_backoff: float = 0.5  # seconds; doubled after each 5xx/network failure
    max_backoff: float = 8.0
    max_retry_after: float = 60.0  # a longer flood wait is left to the next run


RETRY = RetryPolicy()
# One request to Telegram (a message, a photo), made again on each retry.
Send = Callable[[], Awaitable[object]]


class Outcome(StrEnum):
    """How one delivery ended."""

    SENT = "sent"
    BLOCKED = "blocked"  # 403: blocked the bot or never started it
    REJECTED = "rejected"  # 400: Telegram refuses this message for good (e.g. chat not found)
    FAILED = "failed"  # still failing after every retry: try again on a later run


async def deliver(
    bot: Bot, chat_id: int, text: str, *, policy: RetryPolicy = RETRY, **kwargs: Any
) -> Outcome:
    """Send one message, obeying 429s and retrying 5xx/network failures a bounded number of times."""
    return await deliver_call(lambda: bot.send_message(chat_id, text, **kwargs), chat_id, policy=policy)


async def deliver_call(send: Send, chat_id: int, *, policy: RetryPolicy = RETRY) -> Outcome:
    """Make one send to `chat_id` (a message, a photo) with deliver's rules for 429, 5xx and 403."""
    backoff = policy.first_backoff
    for attempt in range(1, policy.attempts + 1):
        try:
            with caller_waits_out_429():
                await send()
            return Outcome.SENT
        except RetryAfter as exc:
            wait = retry_after_seconds(exc)
            if wait > policy.max_retry_after:
                log.warning("flood wait of %.0f s for chat %s: leaving it to the next run", wait, chat_id)
                return Outcome.FAILED
            log.info("429 for chat %s (attempt %d): waiting %.1f s", chat_id, attempt, wait)
            await asyncio.sleep(wait)
        except Forbidden:
            return Outcome.BLOCKED
        except BadRequest as exc:
            log.warning("Telegram refused a message to chat %s: %s", chat_id, exc.message)
            return Outcome.REJECTED
        except NetworkError as exc:  # 5xx answers and dropped connections (TimedOut included)
            log.info(
                "send to chat %s failed (attempt %d): %s; retrying in %.1f s", chat_id, attempt, exc, backoff
            )
            await asyncio.sleep(backoff)
            backoff = min(backoff * 2, policy.max_backoff)
    return Outcome.FAILED


async def deliver_to(
    db: Database, to: Recipient, sends: Sequence[Send], *, policy: RetryPolicy = RETRY
) -> tuple[Outcome, int]:
    """Make `sends` to one person in order (a message, then its photos), stopping at the first that does
    not go through: how it ended and how many went. Someone who blocked the bot is marked unreachable."""
    for done, send in enumerate(sends):
        outcome = await deliver_call(send, to.telegram_id, policy=policy)
        if outcome is not Outcome.SENT:
            if outcome is Outcome.BLOCKED:
                async with db.session() as session:
                    await staff_db.mark_unreachable(session, telegram_id=to.telegram_id)
            return outcome, done
    return Outcome.SENT, len(sends)


async def handle_blocked(bot: Bot, db: Database, staff_id: int | None) -> None:
    """Mark someone who blocked the bot unreachable and tell their team's supervisors, once."""
    # None: a recipient who is not staff (an admin id from the settings) has no flag and no team.
    if staff_id is None:
        return
    async with db.session() as session:
        changed = await staff_db.mark_unreachable(session, staff_id=staff_id)
        person, supervisors = await reminders_db.supervisors_of(session, staff_id) if changed else (None, [])
    if person is None:
        return
    # Told after the commit: the flag flips once, so only one caller ever gets here for this person.
    for supervisor in supervisors:
        text = t(supervisor.language, "schedules.unreachable", name=person.name)
        outcome = await deliver(bot, supervisor.telegram_id, text)
        if outcome is Outcome.BLOCKED:
            # Not recursive: a supervisor who blocked the bot has nobody above them to tell.
            async with db.session() as session:
                await staff_db.mark_unreachable(session, telegram_id=supervisor.telegram_id)
