"""One copy of the bot per database, decided before the first poll.

Polling, and anything on SQLite: post_init takes the lock (storage.instance_lock) before anything is
polled or sent; a second copy stops with one line naming the first, so Telegram never sees two pollers.
Webhook mode on PostgreSQL: copies behind a load balancer are wanted, and all of them answer webhooks;
the lock then only decides which one runs the scheduled jobs. The others try to take it every
CHECK_EVERY seconds, so one of them takes the jobs over within seconds of the holder stopping or dying.
"""

from __future__ import annotations

import logging
from collections.abc import Awaitable, Callable
from dataclasses import dataclass
from datetime import datetime
from typing import Any

from telegram.ext import Application, CallbackContext

from domain.settings import Settings
from presentation.services import INSTANCE
from storage.db_errors import explain
from storage.instance_lock import LOCK_ERRORS, Holder, InstanceLock, lock_for

log = logging.getLogger(__name__)

JOB_NAME = "single-instance lock"
CHECK_EVERY = 5.0  # seconds between checks of the lock (holder) or attempts to take it (the others)

AnyApplication = Application[Any, Any, Any, Any, Any, Any]
StartJobs = Callable[[AnyApplication], Awaitable[None]]


class AnotherCopyRunning(Exception):
    """A copy of the bot already runs on this database; the message names it and says what to do."""


@dataclass
class Instance:
    """This process's place among the copies of the bot on one database."""

    lock: InstanceLock | None
    me: Holder
    shared: bool  # webhook mode on PostgreSQL: every copy answers updates, the lock decides the jobs
    start_jobs: StartJobs
    runs_jobs: bool = False
    failing: bool = False  # the lock's database connection is failing (said once, not every check)


def started_at(app: AnyApplication) -> datetime:
    """When this process started (by the injected clock)."""
    instance: Instance = app.bot_data[INSTANCE]
    return instance.me.since


async def take(app: AnyApplication, *, start_jobs: StartJobs) -> bool:
    """Take the lock before the first poll; True when this copy runs the jobs (it calls `start_jobs`
    itself on a later takeover). Raises AnotherCopyRunning when this copy must not run at all."""
    settings: Settings = app.bot_data["settings"]
    shared = bool(settings.webhook_url) and not settings.is_sqlite
    me = Holder.this_process(app.bot_data["clock"].now())
    instance = Instance(lock_for(settings.database_url, app.bot.id), me, shared, start_jobs)
    app.bot_data[INSTANCE] = instance
    if instance.lock is None:  # an in-memory database: no other process can share it
        instance.runs_jobs = True
        return True
    try:
        taken = await instance.lock.take(me)
    except LOCK_ERRORS as exc:  # the database answered a moment ago; say it in one line if it stopped
        raise explain(exc, settings.database_url) from exc
    if taken:
        instance.runs_jobs = True
    elif not shared:
        raise AnotherCopyRunning(refusal(await instance.lock.holder(), settings))
    else:
        log.info(
            "another copy (%s) runs the scheduled jobs; this copy answers webhooks and takes the jobs over "
            "if that copy stops",
            await _name(instance.lock),
        )
    assert app.job_queue is not None
    app.job_queue.run_repeating(_check, interval=CHECK_EVERY, first=CHECK_EVERY, name=JOB_NAME)
    return instance.runs_jobs


def refusal(holder: Holder | None, settings: Settings) -> str:
    """The one line a second copy stops with."""
    who = f"({holder})" if holder else "(which one is not recorded yet: it is starting)"
    line = (
        f"another copy of fieldbot is already running on this database {who}; stop it before starting "
        "this one, or give this one its own DATABASE_URL and TELEGRAM_BOT_TOKEN"
    )
    if settings.webhook_url:
        line += " (several copies behind a load balancer need webhook mode on PostgreSQL)"
    return line


async def release(app: AnyApplication) -> None:
    """Let go of the lock at shutdown, so a new copy can start at once."""
    instance: Instance | None = app.bot_data.get(INSTANCE)
    if instance is not None and instance.lock is not None:
        await instance.lock.release()


async def _name(lock: InstanceLock) -> str:
    holder = await lock.holder()
    return str(holder) if holder else "not recorded yet"


async def _check(context: CallbackContext[Any, Any, Any, Any]) -> None:
    """Holder: make sure the lock is still ours. The others: take it (and the jobs) once it is free."""
    app = context.application
    instance: Instance = app.bot_data[INSTANCE]
    assert instance.lock is not None
    try:
        if instance.runs_jobs:
            if await instance.lock.still_held() or await instance.lock.take(instance.me):
                instance.failing = False
                return  # held all along, or the connection dropped and came back before anyone took it
            await _lost(app, instance)
        elif await instance.lock.take(instance.me):
            log.info(
                "the copy that ran the scheduled jobs has stopped: this copy (%s) runs them now", instance.me
            )
            instance.runs_jobs = True
            await instance.start_jobs(app)
        instance.failing = False
    except LOCK_ERRORS as exc:
        if not instance.failing:
            log.warning(
                "cannot reach the database to check the single-instance lock (%s); retrying every %g s",
                type(exc).__name__,
                CHECK_EVERY,
            )
        instance.failing = True


async def _lost(app: AnyApplication, instance: Instance) -> None:
    """Another copy took the lock while this one's connection was down: stop running what it now runs."""
    instance.runs_jobs = False
    other = await _name(instance.lock) if instance.lock is not None else "unknown"
    if not instance.shared:
        log.error(
            "the single-instance lock was lost while the database connection was down and another copy "
            "(%s) holds it now: stopping this copy so that only one polls",
            other,
        )
        app.stop_running()
        return
    assert app.job_queue is not None
    for job in app.job_queue.jobs():
        if job.name != JOB_NAME:
            job.schedule_removal()
    log.warning(
        "the single-instance lock was lost while the database connection was down; another copy (%s) "
        "runs the scheduled jobs now and this copy takes them back if that one stops",
        other,
    )
