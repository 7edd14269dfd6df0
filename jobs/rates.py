"""The on-time rates job: every few minutes for periods just closed or touched by a late filing,
and nightly for every recent period (which also picks up leave and holidays entered afterwards)."""

from __future__ import annotations

import logging
from datetime import UTC, date, datetime, time, timedelta
from typing import Any

from telegram.ext import Application, ContextTypes

from domain.deadlines import Schedule, closed_periods, due_date
from jobs.scheduling import daily, every
from jobs.team_guard import TeamGuard, guarded_zone
from storage import rates as rates_db
from storage import schedules as schedules_db
from storage.db import Database
from storage.models import Team
from storage.rates import ClosedPeriod, RatedPeriod

log = logging.getLogger(__name__)

JOB_NAME = "schedules.rates"
NIGHTLY_JOB_NAME = "schedules.rates_nightly"
INTERVAL = timedelta(minutes=5)
NIGHTLY_AT = time(3, 0)  # in the bot's default zone (Defaults.tzinfo)
# How far back periods are recomputed: long enough for late filings and leave entered afterwards.
LOOKBACK = {"daily": timedelta(days=35), "weekly": timedelta(weeks=8), "monthly": timedelta(days=100)}


async def refresh_on_time_rates(
    db: Database,
    now: datetime,
    *,
    full: bool = False,
    since: date | None = None,
    team_id: int | None = None,
    guard: TeamGuard | None = None,
) -> int:
    """Compute the rates of closed periods (all of them with `full`, else only stale ones); periods done.

    Each team and schedule kind is one transaction, so readers never see a half-replaced period; each
    team runs inside the guard, so one team's failure leaves the others' rates computed. Without `full`,
    one query over all teams (rated_periods) says which periods are new, rated against another
    deadline or filed since; when none is, nothing else is read or written.
    """
    now = now.astimezone(UTC)
    guard = guard or TeamGuard(None, db, "rates", now)
    rated: dict[tuple[int, str, date], RatedPeriod] | None = None
    async with db.read() as session:
        plans = await schedules_db.team_schedules(session)
        if not full:
            # A period containing `first` (in any team's zone) starts at most a month before it.
            first = since or (now.date() - max(LOOKBACK.values()))
            rated = await rates_db.rated_periods(session, since=first - timedelta(days=32), team_id=team_id)
    done = 0
    for stored, schedules in plans:
        if team_id is not None and stored.id != team_id:
            continue
        async with guard.team(stored) as team:
            done += await _refresh_team(db, team, schedules, now, rated=rated, since=since)
    return done


async def _refresh_team(
    db: Database,
    team: Team,
    schedules: list[Schedule],
    now: datetime,
    *,
    rated: dict[tuple[int, str, date], RatedPeriod] | None,
    since: date | None,
) -> int:
    """Rate the team's closed periods: all of them, or (given what is `rated`) those not current."""
    zone = guarded_zone(team)
    done = 0
    for schedule in schedules:
        first = since or (now.astimezone(zone).date() - LOOKBACK[schedule.kind])
        periods = [
            ClosedPeriod(p.start, p.end, p.due_at, due_date(schedule, p.start))
            for p in closed_periods(schedule, first, now, zone)
        ]
        if rated is not None:
            periods = [
                p for p in periods if not _current(rated.get((team.id or 0, schedule.kind, p.start)), p)
            ]
        if not periods:
            continue
        async with db.session() as session:
            await rates_db.replace_rates(
                session, team_id=team.id or 0, kind=schedule.kind, periods=periods, now=now
            )
        done += len(periods)
    return done


def _current(rated: RatedPeriod | None, period: ClosedPeriod) -> bool:
    return rated is not None and rated.current_for(period)


async def _refresh(context: ContextTypes.DEFAULT_TYPE) -> None:
    """Rates of periods just closed or touched by late filings."""
    now = context.bot_data["clock"].now()
    done = await refresh_on_time_rates(context.bot_data["db"], now, guard=TeamGuard.of(context, "rates", now))
    if done:
        log.info("on-time rates recomputed for %d period(s)", done)


async def _refresh_all(context: ContextTypes.DEFAULT_TYPE) -> None:
    """Nightly: every recent period again."""
    now = context.bot_data["clock"].now()
    guard = TeamGuard.of(context, "rates", now)
    done = await refresh_on_time_rates(context.bot_data["db"], now, full=True, guard=guard)
    log.info("nightly on-time rates: %d period(s)", done)


async def schedule(app: Application[Any, Any, Any, Any, Any, Any]) -> None:
    """Register both rate jobs (named, replace_existing: registering again changes nothing)."""
    every(app, _refresh, name=JOB_NAME, interval=INTERVAL, first=30)
    daily(app, _refresh_all, name=NIGHTLY_JOB_NAME, at=NIGHTLY_AT)
