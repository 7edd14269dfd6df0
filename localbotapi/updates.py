"""The update queue: getUpdates long polling and webhook delivery.

Like Telegram, an update stays queued until it is confirmed: by a later getUpdates whose
offset is higher than its update_id, or by a 2xx answer of the webhook. Delivery is therefore
at-least-once; `duplicate_last()` replays an update with its original update_id to test that.
"""

from __future__ import annotations

import asyncio
import contextlib
import itertools
from collections import Counter
from collections.abc import Callable
from dataclasses import dataclass, field

import aiohttp

from .models import JSON, ApiError

# What Telegram sends when allowed_updates was never set (or set to []).
_NOT_BY_DEFAULT = {"chat_member", "message_reaction", "message_reaction_count"}
_BACKOFF_START, _BACKOFF_MAX = 0.05, 1.0


@dataclass
class _Pending:
    update: JSON
    forced: bool = False  # a replayed duplicate: survives offset confirmation until delivered
    delivered: bool = False

    @property
    def update_id(self) -> int:
        return int(self.update["update_id"])

    @property
    def type(self) -> str:
        return next((k for k in self.update if k != "update_id"), "")


@dataclass
class Webhook:
    url: str
    secret_token: str | None
    allowed_updates: list[str] | None
    max_connections: int = 40
    last_error_date: int | None = None
    last_error_message: str | None = None
    task: asyncio.Task[None] | None = field(default=None, repr=False)


class Signal:
    """Wake every waiter at once; usable from sync code (unlike Condition.notify)."""

    def __init__(self) -> None:
        self._event = asyncio.Event()

    def fire(self) -> None:
        self._event.set()
        self._event = asyncio.Event()

    async def wait(self, within: float) -> bool:
        try:
            await asyncio.wait_for(self._event.wait(), within)
        except TimeoutError:
            return False
        return True


class UpdateQueue:
    def __init__(
        self, clock: Callable[[], int], stats: Counter[str], first_update_id: int = 100_000_001
    ) -> None:
        self._ids = itertools.count(first_update_id)
        self._pending: list[_Pending] = []
        self._signal = Signal()
        self._clock = clock
        self._stats = stats
        self._poll_generation = 0
        self.allowed_updates: list[str] | None = None
        self.last_delivered: JSON | None = None
        self.webhook: Webhook | None = None
        self.closed = False

    # -- producing ---------------------------------------------------------------------------
    def put(self, update: JSON) -> JSON:
        if "update_id" not in update:
            update = {"update_id": next(self._ids), **update}
        self._pending.append(_Pending(update))
        self._signal.fire()
        return update

    def duplicate_last(self) -> JSON:
        if self.last_delivered is None:
            raise AssertionError("no update has been delivered yet, nothing to duplicate")
        self._pending.append(_Pending(self.last_delivered, forced=True))
        self._signal.fire()
        return self.last_delivered

    def drop_pending(self) -> None:
        self._pending.clear()

    @property
    def pending_count(self) -> int:
        return len(self._pending)

    def close(self) -> None:
        self.closed = True
        self._signal.fire()

    # -- getUpdates --------------------------------------------------------------------------
    def _confirm(self, offset: int) -> None:
        if offset < 0:  # negative offset: keep only the last -offset updates
            self._pending = self._pending[offset:]
            return
        self._pending = [p for p in self._pending if p.update_id >= offset or (p.forced and not p.delivered)]

    def _eligible(self, allowed: list[str] | None, limit: int) -> list[_Pending]:
        wanted = set(allowed) if allowed else None
        # Telegram drops updates of types the bot did not ask for.
        self._pending = [
            p for p in self._pending if (p.type in wanted if wanted else p.type not in _NOT_BY_DEFAULT)
        ]
        ordered = sorted(self._pending, key=lambda p: (not p.forced, p.update_id))
        return ordered[:limit]

    async def get_updates(
        self, offset: int | None, limit: int, poll_seconds: float, allowed_updates: list[str] | None
    ) -> list[JSON]:
        if self.webhook is not None:
            raise ApiError(
                409,
                "Conflict: can't use getUpdates method while webhook is active; "
                "use deleteWebhook to delete the webhook first",
            )
        if allowed_updates is not None:
            self.allowed_updates = allowed_updates
        if offset:
            self._confirm(offset)
        # A newer getUpdates terminates a waiting older one, as on Telegram.
        self._poll_generation += 1
        generation = self._poll_generation
        self._signal.fire()
        loop = asyncio.get_running_loop()
        deadline = loop.time() + max(0.0, min(poll_seconds, 50.0))
        while True:
            batch = self._eligible(self.allowed_updates, limit)
            if batch or self.closed:
                for item in batch:
                    item.delivered = True
                if batch:
                    self.last_delivered = batch[-1].update
                return [p.update for p in batch]
            remaining = deadline - loop.time()
            if remaining <= 0 or not await self._signal.wait(remaining):
                return []
            if generation != self._poll_generation:
                raise ApiError(
                    409,
                    "Conflict: terminated by other getUpdates request; "
                    "make sure that only one bot instance is running",
                )

    # -- webhook -----------------------------------------------------------------------------
    async def set_webhook(self, hook: Webhook) -> None:
        await self.delete_webhook()
        self.webhook = hook
        hook.task = asyncio.get_running_loop().create_task(self._deliver_loop(hook))

    async def delete_webhook(self) -> None:
        hook, self.webhook = self.webhook, None
        if hook is not None and hook.task is not None:
            hook.task.cancel()
            # Wait for the delivery loop to finish so its HTTP session is closed cleanly.
            with contextlib.suppress(asyncio.CancelledError):
                await hook.task
        self._signal.fire()

    async def _deliver_loop(self, hook: Webhook) -> None:
        backoff = _BACKOFF_START
        async with aiohttp.ClientSession(timeout=aiohttp.ClientTimeout(total=10)) as session:
            while self.webhook is hook and not self.closed:
                batch = self._eligible(hook.allowed_updates, 1)
                if not batch:
                    await self._signal.wait(1.0)
                    continue
                item = batch[0]
                error = await self._post(session, hook, item.update)
                if error is None:
                    with contextlib.suppress(ValueError):
                        self._pending.remove(item)
                    self.last_delivered = item.update
                    self._stats["webhook_deliveries"] += 1
                    backoff = _BACKOFF_START
                    continue
                hook.last_error_date, hook.last_error_message = self._clock(), error
                self._stats["webhook_failures"] += 1
                await asyncio.sleep(backoff)
                backoff = min(backoff * 2, _BACKOFF_MAX)

    @staticmethod
    async def _post(session: aiohttp.ClientSession, hook: Webhook, update: JSON) -> str | None:
        headers = {"X-Telegram-Bot-Api-Secret-Token": hook.secret_token} if hook.secret_token else {}
        try:
            async with session.post(hook.url, json=update, headers=headers) as resp:
                await resp.read()
                if 200 <= resp.status < 300:
                    return None
                return f"Wrong response from the webhook: {resp.status} {resp.reason}"
        except (aiohttp.ClientError, TimeoutError) as exc:
            return f"Connection failed: {exc.__class__.__name__}"
