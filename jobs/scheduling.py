"""How every recurring job is registered with PTB's JobQueue (APScheduler underneath)."""

from __future__ import annotations

import logging
from collections.abc import Awaitable, Callable, Coroutine
from datetime import datetime, time, timedelta
from typing import Any

from sqlmodel.ext.asyncio.session import AsyncSession
from telegram import Bot
from telegram.ext import Application

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


async def release_claims(db: Database, release: Callable[[AsyncSession], Awaitable[int]], what: str) -> int:
    """At start, before a claim-based job's first run: give back the claims `release` finds pending (a
    stopped process never finished them), so that run sends them; how many, logged as `what`."""
    async with db.session() as session:
        released = await release(session)
    if released:
        log.warning("released %s %s a stop interrupted; they are sent now", released, what)
    return released
