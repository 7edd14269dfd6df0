"""Close check-ins left open past the team's end of the working day, flag them, and tell the rep once."""

from __future__ import annotations

import logging
from datetime import UTC, datetime, time, timedelta
from typing import Any
from zoneinfo import ZoneInfo

from telegram import Bot
from telegram.error import TelegramError
from telegram.ext import Application

from domain.deadlines import local_to_utc
from domain.settings import DEFAULT_TIMEZONE
from domain.zones import team_zone
from jobs.scheduling import every
from jobs.team_guard import TeamGuard
from presentation.i18n import t
from storage import checkins as checkin_db
from storage.db import Database
from storage.field_models import CheckIn, Customer
from storage.models import Staff, Team

log = logging.getLogger(__name__)

JOB_NAME = "checkins.auto_close"
INTERVAL = timedelta(minutes=15)


def closing_time(checkin: CheckIn, team: Team | None, default_zone: str) -> tuple[datetime, ZoneInfo]:
    """When an open check-in counts as forgotten: the workday end of its local day (UTC), and the zone.

    A check-in made after that hour (overtime) runs until the end of its local day instead.
    """
    zone = team_zone(team.timezone if team else None, default_zone)
    workday_end = team.workday_end if team else "19:00"
    hour, minute = (int(part) for part in workday_end.split(":"))
    local_day = checkin.checked_in_at.astimezone(zone).date()
    cutoff = local_to_utc(local_day, time(hour, minute), zone)
    if checkin.checked_in_at >= cutoff:
        cutoff = local_to_utc(local_day + timedelta(days=1), time(0, 0), zone)
    return cutoff, zone


async def close_overdue_checkins(
    bot: Bot,
    db: Database,
    now: datetime,
    *,
    default_zone: str = DEFAULT_TIMEZONE,
    guard: TeamGuard | None = None,
) -> int:
    """Close every open check-in whose workday end has passed; returns how many this run closed.

    Closing times are worked out team by team inside the guard, so one team's bad settings (its zone,
    its workday end) leave the other teams' check-ins closed on time."""
    now = now.astimezone(UTC)
    guard = guard or TeamGuard(bot, db, "checkins", now, default_zone=default_zone)
    async with db.read() as session:
        rows = await checkin_db.open_checkins_with_team(session)
    by_team: dict[int | None, list[Any]] = {}
    for row in rows:
        by_team.setdefault(row[2].id if row[2] else None, []).append(row)
    due: list[tuple[CheckIn, Staff, Customer | None, datetime, ZoneInfo]] = []
    for team_rows in by_team.values():
        stored = team_rows[0][2]
        if stored is None:
            due += _due(team_rows, None, default_zone, now)
            continue
        async with guard.team(stored) as team:
            due += _due(team_rows, team, default_zone, now)
    closed: list[tuple[int, str, str]] = []
    async with db.session() as session:
        for checkin, staff, customer, cutoff, zone in due:
            # The conditional update is what makes a second run (or a racing /checkout) change nothing.
            if await checkin_db.auto_close(session, checkin.id or 0, cutoff):
                text = t(
                    staff.language,
                    "checkin.auto_closed",
                    customer=customer.name if customer else "-",
                    time=cutoff.astimezone(zone).strftime("%H:%M"),
                )
                closed.append((staff.telegram_id, text, str(staff.id)))
    # Told after the commit: a rep is never told about a close that was rolled back.
    for telegram_id, message, staff_id in closed:
        try:
            await bot.send_message(telegram_id, message)
        except TelegramError as exc:
            log.warning("could not tell staff %s about an auto-closed check-in: %s", staff_id, exc)
    return len(closed)


def _due(
    rows: list[Any], team: Team | None, default_zone: str, now: datetime
) -> list[tuple[CheckIn, Staff, Customer | None, datetime, ZoneInfo]]:
    """The check-ins of one team whose closing time has come, each with that time and the zone."""
    due = []
    for checkin, staff, _team, customer in rows:
        cutoff, zone = closing_time(checkin, team, default_zone)
        if cutoff <= now:
            due.append((checkin, staff, customer, cutoff, zone))
    return due


async def _run(context: Any) -> None:
    """The repeating job's callback."""
    settings = context.bot_data["settings"]
    now = context.bot_data["clock"].now()
    await close_overdue_checkins(
        context.bot,
        context.bot_data["db"],
        now,
        default_zone=settings.timezone,
        guard=TeamGuard.of(context, "checkins", now),
    )


async def schedule(app: Application[Any, Any, Any, Any, Any, Any]) -> None:
    """Every 15 minutes; named and replace_existing so rescheduling at start never doubles it."""
    every(app, _run, name=JOB_NAME, interval=INTERVAL, first=60)
