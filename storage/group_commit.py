"""Group commit: small units of work that arrive while a commit is under way share the next transaction.

Each person's flush (gate.flush) is one tiny transaction: write what changed, mark the update
done. With many people answered side by side, most of their cost was the transaction itself (a writer
turn, BEGIN, COMMIT and a session each). Here a unit that arrives while no group is being written starts
one at once (no added wait); units arriving meanwhile queue, and the next group writes them all in one
transaction. Each unit still returns only once its transaction has committed, so durability is the same:
what a unit wrote and the update it marked done are on disk together, or the unit fails. If a group's
transaction fails, each of its units is run again in a transaction of its own, so a unit fails only for
its own reasons (a database outage fails each of them, as it would have alone).
"""

from __future__ import annotations

import asyncio
from collections.abc import Awaitable, Callable
from typing import Any

from sqlmodel.ext.asyncio.session import AsyncSession

from storage.db import Database

Work = Callable[[AsyncSession], Awaitable[Any]]


class _Unit:
    __slots__ = ("done", "work")

    def __init__(self, work: Work) -> None:
        self.work = work
        self.done: asyncio.Future[Any] = asyncio.get_running_loop().create_future()

    def settle(self, result: Any = None, error: BaseException | None = None) -> None:
        if self.done.done():  # its waiter was cancelled (a stop): what committed stays committed
            return
        if error is not None:
            self.done.set_exception(error)
        else:
            self.done.set_result(result)


class GroupCommit:
    """Runs units of work on `db`, grouping those that arrive while a group is being written."""

    def __init__(self, db: Database) -> None:
        self._db = db
        self._queued: list[_Unit] = []
        # The one task writing groups, so that a cancelled waiter never strands the others.
        self._writer: asyncio.Task[None] | None = None

    async def run(self, work: Work) -> Any:
        """Run `work(session)` in a transaction, maybe shared with other units; its result once committed."""
        unit = _Unit(work)
        self._queued.append(unit)
        if self._writer is None or self._writer.done():
            self._writer = asyncio.get_running_loop().create_task(self._drain())
        return await unit.done

    async def _drain(self) -> None:
        while self._queued:
            group, self._queued = self._queued, []
            await self._write(group)

    async def _write(self, group: list[_Unit]) -> None:
        try:
            async with self._db.session() as session:
                results = [await unit.work(session) for unit in group]
        except Exception as exc:
            if len(group) == 1:
                group[0].settle(error=exc)
                return
            for unit in group:  # one by one: each fails for its own reasons only
                await self._alone(unit)
            return
        for unit, result in zip(group, results, strict=True):
            unit.settle(result)

    async def _alone(self, unit: _Unit) -> None:
        try:
            async with self._db.session() as session:
                result = await unit.work(session)
        except Exception as exc:
            unit.settle(error=exc)
        else:
            unit.settle(result)
