"""One lane per person: updates of different people run side by side, each person's stay in order.

PTB's own `concurrent_updates(True)` runs any updates at once, so a person's second message could
overtake their first (a conversation step answered before the step that asks it). Here each update
waits only behind the earlier updates of the same person (or chat, for updates without a user).
"""

from __future__ import annotations

import asyncio
from collections.abc import Awaitable
from typing import Any

from telegram import Update
from telegram.ext import BaseUpdateProcessor

from presentation.outage import Outage

# PTB holds one of these slots while an update waits in its lane (process_update is final). A flood
# of one person's updates must never take every slot and leave the others waiting, so the limit is
# set far above any backlog; each person's rate is limited in gate.checks instead.
SLOTS = 1_000_000


# How many people's updates are handled at the same moment; the others wait their turn (in order). Without
# a bound, 200 people at once meant 200 requests in httpx's connection pool and 200 sessions asking for a
# database connection, and both spend more time arbitrating than working. A person's waiting updates wait
# in their lane, not here, so one person's flood takes one of these at most.
RUNNING = 16


# Seconds between attempts at an update that failed because the database was down (as gate.intake).
RETRY_FIRST, RETRY_LAST = 0.2, 1.5


class _Lane:
    __slots__ = ("lock", "waiting")

    def __init__(self) -> None:
        self.lock = asyncio.Lock()  # FIFO: waiters get it in the order they asked
        self.waiting = 0


def lane_of(update: object) -> int | None:
    """Whose lane an update joins: its user, else its chat, else the one lane for everything else."""
    if isinstance(update, Update):
        if update.effective_user is not None:
            return update.effective_user.id
        if update.effective_chat is not None:
            return update.effective_chat.id
    return None


class PersonLanes(BaseUpdateProcessor):
    """Process updates concurrently, one at a time per person, in the order they were received."""

    def __init__(self, outage: Outage) -> None:
        super().__init__(max_concurrent_updates=SLOTS)
        self._lanes: dict[int | None, _Lane] = {}
        self._running = asyncio.Semaphore(RUNNING)
        self._outage = outage
        self._app: Any = None  # set once the application exists (attach)

    def attach(self, app: Any) -> None:
        """The application whose updates are handled again after an outage."""
        self._app = app

    async def do_process_update(self, update: object, coroutine: Awaitable[Any]) -> None:
        """Run `coroutine` once every earlier update of the same person is done."""
        key = lane_of(update)
        lane = self._lanes.get(key)
        if lane is None:
            lane = self._lanes[key] = _Lane()
        lane.waiting += 1
        try:
            # PTB creates one task per update in the order they were queued, and nothing awaits before
            # this lock is asked for, so the lock's FIFO order is the order of arrival.
            async with lane.lock:
                async with self._running:
                    await coroutine
                await self._again_after_outage(update)
        finally:
            lane.waiting -= 1
            if lane.waiting == 0:
                del self._lanes[key]  # an idle person costs no memory

    async def _again_after_outage(self, update: object) -> None:
        """Handle an update again, still holding its lane, while it fails because the database is down.

        It is in the inbox but unfinished; holding the lane keeps the person's later updates behind it, so
        they are still handled in the order sent. A step that ran before the failure may repeat its
        message (at least once, never lost), as after a crash."""
        delay = RETRY_FIRST
        while self._outage.takes_back(update):
            if self._app is None or not self._app.running:
                return  # stopping: it stays unfinished in the inbox and is replayed at the next start
            await asyncio.sleep(delay)
            delay = min(delay * 2, RETRY_LAST)
            async with self._running:
                await self._app.process_update(update)

    async def initialize(self) -> None:
        """Nothing to set up."""

    async def shutdown(self) -> None:
        """Nothing to release: Application.stop waits for every update task itself."""
