"""Supervisor digests: daily (at each team's digest_time) and weekly (after the weekly deadline plus grace).

Each digest is claimed in DigestLog (unique per team, recipient, kind and period) before it is sent,
so a second run, two overlapping runs or a restart never send one twice. A team with no activity that
day gets no daily digest; the weekly digest goes out whenever reports were due (the missing list).
"""

from __future__ import annotations

import logging
from datetime import datetime, time, timedelta
from functools import partial
from typing import Any

from telegram import Bot
from telegram.ext import Application, CallbackContext

from domain.deadlines import Schedule, closed_periods, due_date, local_to_utc
from jobs.digest_content import Digest, daily_digest_text, weekly_digest
from jobs.scheduling import every
from jobs.team_guard import TeamGuard, guarded_zone
from presentation.delivery import Outcome, deliver_to
from presentation.split import split_html
from storage import digests as digests_db
from storage import feedback as fb_db
from storage.db import Database
from storage.models import Staff, Team
from storage.schedules import schedule_for
from storage.staff import Recipient

log = logging.getLogger(__name__)

JOB_NAME = "supervisor_digests"
INTERVAL = timedelta(minutes=5)
# The first run waits a minute after start: the bot first replays updates a stop interrupted.
FIRST_RUN = timedelta(minutes=1)
DAILY, WEEKLY = "daily", "weekly"
DEFAULT_DIGEST_TIME = time(19, 0)


def _clock(value: str) -> time:
    """A team's "HH:MM" digest time; a malformed one falls back to 19:00 instead of stopping every digest."""
    try:
        hour, minute = (int(part) for part in value.split(":"))
        return time(hour, minute)
    except ValueError:
        log.warning("team digest_time %r is not HH:MM; using 19:00", value)
        return DEFAULT_DIGEST_TIME


async def _deliver(
    bot: Bot, db: Database, team: Team, recipient: Staff, kind: str, key: str, digest: Digest
) -> bool:
    """Claim, then send; True when this run sent it."""
    async with db.session() as session:
        if not await digests_db.claim(session, team.id or 0, recipient.id or 0, kind, key):
            return False
    chat = recipient.telegram_id
    sends = [partial(bot.send_message, chat, chunk) for chunk in split_html(digest.text)]
    if digest.photo is not None:
        sends.append(partial(bot.send_photo, chat, digest.photo, caption=digest.caption))
    # deliver_to owns 429s, 5xx retries and blocked chats (see presentation.delivery); here only the claim.
    outcome, done = await deliver_to(db, Recipient.of(recipient), sends)
    if outcome is Outcome.SENT:
        return True
    log.warning("digest %s %s to staff %s not sent: %s", kind, key, recipient.id, outcome.value)
    if outcome is Outcome.FAILED and done == 0:
        # Nothing reached them: give the claim back so the next run tries again.
        async with db.session() as session:
            await digests_db.release(session, team.id or 0, recipient.id or 0, kind, key)
    return False


async def _pending_recipients(db: Database, team: Team, kind: str, key: str) -> list[Staff]:
    async with db.read() as session:
        supervisors = await fb_db.supervisors_of(session, team.id or 0)
        return [
            s
            for s in supervisors
            if not await digests_db.already_sent(session, team.id or 0, s.id or 0, kind, key)
        ]


async def send_daily_digests(bot: Bot, db: Database, now: datetime, *, guard: TeamGuard | None = None) -> int:
    """Send today's digest to supervisors whose team's digest time has passed; returns how many went out."""
    guard = guard or TeamGuard(bot, db, "digests", now)
    async with db.read() as session:
        teams = await digests_db.all_teams(session)
    sent = 0
    for stored in teams:
        async with guard.team(stored) as team:  # one team's failure never holds back the others' digests
            sent += await _daily_for(bot, db, team, now)
    return sent


async def _daily_for(bot: Bot, db: Database, team: Team, now: datetime) -> int:
    local = now.astimezone(guarded_zone(team))
    if local.time() < _clock(team.digest_time):
        return 0
    key = local.date().isoformat()
    sent = 0
    texts: dict[str, str | None] = {}
    for recipient in await _pending_recipients(db, team, DAILY, key):
        if recipient.language not in texts:
            texts[recipient.language] = await daily_digest_text(db, team, now, recipient.language)
        text = texts[recipient.language]
        if text is not None and await _deliver(bot, db, team, recipient, DAILY, key, Digest(text)):
            sent += 1
    return sent


async def send_weekly_digests(
    bot: Bot, db: Database, now: datetime, *, guard: TeamGuard | None = None
) -> int:
    """Send last week's digest once its deadline plus grace and that day's digest time have passed."""
    guard = guard or TeamGuard(bot, db, "digests", now)
    async with db.read() as session:
        teams = await digests_db.all_teams(session)
        schedules = {team.id: await schedule_for(session, team.id, WEEKLY) for team in teams}
    sent = 0
    for stored in teams:
        async with guard.team(stored) as team:
            sent += await _weekly_for(bot, db, team, schedules[team.id], now)
    return sent


async def _weekly_for(bot: Bot, db: Database, team: Team, schedule: Schedule, now: datetime) -> int:
    zone = guarded_zone(team)
    closed = closed_periods(schedule, (now - timedelta(days=21)).astimezone(zone).date(), now, zone)
    if not closed:
        return 0
    period = closed[-1]
    send_at = max(
        period.grace_until, local_to_utc(due_date(schedule, period.start), _clock(team.digest_time), zone)
    )
    if now < send_at:
        return 0
    key = period.start.isoformat()
    sent = 0
    digests: dict[str, Digest | None] = {}
    for recipient in await _pending_recipients(db, team, WEEKLY, key):
        if recipient.language not in digests:
            digests[recipient.language] = await weekly_digest(db, team, period.start, now, recipient.language)
        digest = digests[recipient.language]
        if digest is not None and await _deliver(bot, db, team, recipient, WEEKLY, key, digest):
            sent += 1
    return sent


async def run_digests(context: CallbackContext[Any, Any, Any, Any]) -> None:
    """The repeating job: daily and weekly digests that are due and not yet sent."""
    db: Database = context.bot_data["db"]
    now = context.bot_data["clock"].now()
    guard = TeamGuard.of(context, "digests", now)
    await send_daily_digests(context.bot, db, now, guard=guard)
    await send_weekly_digests(context.bot, db, now, guard=guard)


async def schedule_digests(app: Application[Any, Any, Any, Any, Any, Any]) -> None:
    """Register the digest job: every few minutes, the first run shortly after start."""
    every(app, run_digests, name=JOB_NAME, interval=INTERVAL, first=FIRST_RUN)
