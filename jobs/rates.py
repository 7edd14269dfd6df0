"""The on-time rates job: every few minutes for periods just closed or touched by a late filing,
and nightly for every recent period (which also picks up leave and holidays entered afterwards)."""

from __future__ import annotations

import logging
from datetime import UTC, date, datetime, time, timedelta
from typing import Any
from zoneinfo import ZoneInfo

from telegram.ext import Application, ContextTypes

from bot.deadlines import closed_periods, due_date
from jobs.scheduling import daily, every
from storage import rates as rates_db
from storage import reminders as reminders_db
from storage.db import Database
from storage.rates import ClosedPeriod

log = logging.getLogger(__name__)

JOB_NAME = "schedules.rates"
NIGHTLY_JOB_NAME = "schedules.rates_nightly"
INTERVAL = timedelta(minutes=5)
NIGHTLY_AT = time(3, 0)  # in the bot's default zone (Defaults.tzinfo)
# How far back periods are recomputed: long enough for late filings and leave entered afterwards.
LOOKBACK = {"daily": timedelta(days=35), "weekly": timedelta(weeks=8), "monthly": timedelta(days=100)}


async def refresh_on_time_rates(
    db: Database, now: datetime, *, full: bool = False, since: date | None = None, team_id: int | None = None
) -> int:
    """Compute the rates of closed periods (all of them with `full`, else only stale ones); periods done.

    Each team and schedule kind is one transaction, so readers never see a half-replaced period.
    """
    now = now.astimezone(UTC)
    async with db.session() as session:
        plans = await reminders_db.team_schedules(session)
    done = 0
    for team, schedules in plans:
        if team_id is not None and team.id != team_id:
            continue
        zone = ZoneInfo(team.timezone)
        for schedule in schedules:
            first = since or (now.astimezone(zone).date() - LOOKBACK[schedule.kind])
            periods = [
                ClosedPeriod(p.start, p.end, p.due_at, due_date(schedule, p.start))
                for p in closed_periods(schedule, first, now, zone)
            ]
            if not periods:
                continue
            async with db.session() as session:
                if not full:
                    stale = await rates_db.stale_starts(
                        session, team_id=team.id or 0, kind=schedule.kind, starts=[p.start for p in periods]
                    )
                    periods = [p for p in periods if p.start in stale]
                if periods:
                    await rates_db.replace_rates(
                        session, team_id=team.id or 0, kind=schedule.kind, periods=periods, now=now
                    )
            done += len(periods)
    return done


async def _refresh(context: ContextTypes.DEFAULT_TYPE) -> None:
    """Rates of periods just closed or touched by late filings."""
    done = await refresh_on_time_rates(context.bot_data["db"], context.bot_data["clock"].now())
    if done:
        log.info("on-time rates recomputed for %d period(s)", done)


async def _refresh_all(context: ContextTypes.DEFAULT_TYPE) -> None:
    """Nightly: every recent period again."""
    done = await refresh_on_time_rates(context.bot_data["db"], context.bot_data["clock"].now(), full=True)
    log.info("nightly on-time rates: %d period(s)", done)


async def schedule(app: Application[Any, Any, Any, Any, Any, Any]) -> None:
    """Register both rate jobs (named, replace_existing: registering again changes nothing)."""
    every(app, _refresh, name=JOB_NAME, interval=INTERVAL, first=30)
    daily(app, _refresh_all, name=NIGHTLY_JOB_NAME, at=NIGHTLY_AT)
