"""Spacing requests to Telegram's limits, and one owner for each 429 ("retry after N seconds").

PTB's AIORateLimiter keeps sends under Telegram's global limits (30 a second, 20 a minute per group).
Left to retry 429s itself (max_retries > 0) it sleeps through the flood wait while holding *every*
request of the process: a 60 s wait that one reminder fan-out ran into would freeze every reply to
people pressing buttons, and the fan-out's own cap on waiting could never apply. So here it only
spaces requests (max_retries=0), and each 429 has exactly one owner:

- scheduled sends (reminders, digests) go through `presentation.delivery`, which marks them with
  `caller_waits_out_429()`: the job waits out a flood wait up to its cap while other sends go on,
  and leaves a longer one to its next run, so nothing is lost and nothing is sent twice;
- everything else is a reply to someone waiting for it: retried here once, holding only that
  request, when Telegram asks for a short wait (a person pressing buttons fast); a longer wait is
  raised to the error handler rather than leaving them staring at a frozen chat.
"""

from __future__ import annotations

import asyncio
import logging
import warnings
from collections.abc import Callable, Coroutine, Iterator
from contextlib import contextmanager
from contextvars import ContextVar
from datetime import timedelta
from typing import Any

from telegram.error import RetryAfter
from telegram.ext import AIORateLimiter
from telegram.warnings import PTBDeprecationWarning

log = logging.getLogger(__name__)

REPLY_MAX_WAIT = 5.0  # seconds a reply may wait out a 429 before it is given up
_CALLER_WAITS: ContextVar[bool] = ContextVar("caller_waits_out_429", default=False)
Result = bool | dict[str, Any] | list[dict[str, Any]]


def retry_after_seconds(exc: RetryAfter) -> float:
    """The wait a 429 asks for, in seconds."""
    with warnings.catch_warnings():
        # PTB 22 warns that retry_after will become a timedelta; both forms are handled here.
        warnings.simplefilter("ignore", PTBDeprecationWarning)
        value: int | timedelta = exc.retry_after
    return value.total_seconds() if isinstance(value, timedelta) else float(value)


@contextmanager
def caller_waits_out_429() -> Iterator[None]:
    """Within this block a 429 is raised at once: the caller (presentation.delivery) decides on waiting."""
    token = _CALLER_WAITS.set(True)
    try:
        yield
    finally:
        _CALLER_WAITS.reset(token)


class _RetriedByOwner(logging.Filter):
    """Drops AIORateLimiter's "after maximum of 0 retries" traceback: every 429 reaches an owner above
    (presentation.delivery or the error handler), which logs it in one line."""

    def filter(self, record: logging.LogRecord) -> bool:
        return not str(record.msg).startswith("Rate limit hit after maximum")


class FieldRateLimiter(AIORateLimiter):
    """AIORateLimiter for spacing only; a short 429 on a reply is retried once, holding nothing else."""

    def __init__(self) -> None:
        super().__init__(max_retries=0)
        limiter_log = logging.getLogger("telegram.ext.AIORateLimiter")
        if not any(isinstance(f, _RetriedByOwner) for f in limiter_log.filters):
            limiter_log.addFilter(_RetriedByOwner())

    async def process_request(
        self,
        callback: Callable[..., Coroutine[Any, Any, Result]],
        args: Any,
        kwargs: dict[str, Any],
        endpoint: str,
        data: dict[str, Any],
        rate_limit_args: int | None,
    ) -> Result:
        """Space the request; wait out a short 429 once unless the caller owns its 429s."""
        try:
            return await super().process_request(callback, args, kwargs, endpoint, data, None)
        except RetryAfter as exc:
            wait = retry_after_seconds(exc)
            if _CALLER_WAITS.get() or wait > REPLY_MAX_WAIT:
                raise
            log.info("429 on %s: waiting %.0f s, then trying this reply once more", endpoint, wait)
            await asyncio.sleep(wait)
        return await super().process_request(callback, args, kwargs, endpoint, data, None)
