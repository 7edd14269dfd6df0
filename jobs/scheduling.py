"""How every recurring job is registered with PTB's JobQueue (APScheduler underneath)."""

from __future__ import annotations

import logging
from collections import Counter
from collections.abc import Awaitable, Callable, Coroutine
from dataclasses import dataclass
from datetime import datetime, time, timedelta
from typing import Any, Protocol

from sqlmodel.ext.asyncio.session import AsyncSession
from telegram import Bot
from telegram.ext import Application

from jobs.team_guard import TeamGuard
from presentation.i18n import t
from storage.db import Database

log = logging.getLogger(__name__)

# id = name with replace_existing: registering again at every start replaces the job, never adds a
# second one. APScheduler's default misfire grace is 1 s, which silently skips a run that is a little
# late (a busy event loop, a suspended laptop); an hour lets it run late instead, and coalesce folds
# a backlog of missed runs into one (every job here is idempotent and works from the database).
JOB_KWARGS: dict[str, Any] = {"replace_existing": True, "misfire_grace_time": 3600, "coalesce": True}

JobCallback = Callable[[Any], Coroutine[Any, Any, Any]]
AnyApplication = Application[Any, Any, Any, Any, Any, Any]
Seconds = float | timedelta
# A job's run as a plain coroutine of the bot, the database, now and the default zone, so tests call it
# without a JobQueue.
ZonedRun = Callable[[Bot, Database, datetime, str], Coroutine[Any, Any, Any]]


def every(
    app: AnyApplication, callback: JobCallback, *, name: str, interval: Seconds, first: Seconds
) -> None:
    """Run `callback` every `interval`, the first time `first` after start."""
    assert app.job_queue is not None
    app.job_queue.run_repeating(
        callback, interval=interval, first=first, name=name, job_kwargs={"id": name, **JOB_KWARGS}
    )


def every_run(app: AnyApplication, run: ZonedRun, *, name: str, interval: Seconds, first: Seconds) -> None:
    """Call `run` with the application's bot, database, clock's now and default zone every `interval`."""

    async def callback(context: Any) -> None:
        data = context.bot_data
        await run(context.bot, data["db"], data["clock"].now(), data["settings"].timezone)

    every(app, callback, name=name, interval=interval, first=first)


def daily(app: AnyApplication, callback: JobCallback, *, name: str, at: time) -> None:
    """Run `callback` once a day at `at` (the application's default time zone unless `at` has one)."""
    assert app.job_queue is not None
    app.job_queue.run_daily(callback, at, name=name, job_kwargs={"id": name, **JOB_KWARGS})


class GuardedSend(Protocol):
    """A claim-based job's run: send what is due at `now`, each team inside `guard`; outcomes counted."""

    def __call__(
        self, bot: Bot, db: Database, now: datetime, *, guard: TeamGuard
    ) -> Awaitable[Counter[str]]: ...


@dataclass(frozen=True)
class ClaimedJob:
    """A job that claims each message in the database before sending it (report reminders, work-order SLA
    notices): a claim a stopped process never finished is given back at start, so the first run sends it."""

    name: str
    # The job's key under teams.job.* in the catalogs, naming it to the admins when a team fails (and, in
    # English, in the log).
    guard: str
    send: GuardedSend
    # Gives back every pending claim (each was left by a stopped process); how many.
    release: Callable[[AsyncSession], Awaitable[int]]
    interval: Seconds
    first: Seconds = 1

    @property
    def what(self) -> str:
        """What it sends, as the log names it."""
        return t("en", f"teams.job.{self.guard}")

    async def release_interrupted(self, db: Database) -> int:
        """At start, before the first run: release the claims a stop interrupted; how many."""
        async with db.session() as session:
            released = await self.release(session)
        if released:
            log.warning("released %s %s a stop interrupted; they are sent now", released, self.what)
        return released

    async def start(self, app: AnyApplication) -> None:
        """Release what a stop interrupted, then run every `interval`, the first time `first` after start."""
        await self.release_interrupted(app.bot_data["db"])
        every(app, self._tick, name=self.name, interval=self.interval, first=self.first)

    async def _tick(self, context: Any) -> None:
        now = context.bot_data["clock"].now()
        guard = TeamGuard.of(context, self.guard, now)
        outcomes = await self.send(context.bot, context.bot_data["db"], now, guard=guard)
        if outcomes:
            log.info("%s: %s", self.what, dict(outcomes))
