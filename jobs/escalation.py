"""Escalate critical feedback nobody acknowledged in time to the admins, once per piece of feedback."""

from __future__ import annotations

import logging
from datetime import UTC, datetime, timedelta
from typing import Any

from telegram import Bot
from telegram.ext import Application

from domain.settings import Settings
from jobs.scheduling import every
from jobs.team_guard import TeamGuard
from presentation.feedback_notice import ack_keyboard, admin_recipients, local_time, stored_summary, tell
from presentation.i18n import Raw, t
from presentation.services import store_of
from storage import feedback as fb_db
from storage.db import Database
from storage.filestore import FileStore
from storage.models import Team

log = logging.getLogger(__name__)

JOB_NAME = "feedback.escalation"
INTERVAL = timedelta(minutes=5)


def waited(lang: str, minutes: int) -> Raw:
    """How long it went unacknowledged, in hours when that is exact."""
    if minutes % 60 == 0:
        return t(lang, "feedback.hours", count=minutes // 60)
    return t(lang, "feedback.minutes", count=minutes)


async def escalate_overdue(
    bot: Bot, db: Database, settings: Settings, now: datetime, *, store: FileStore | None = None
) -> int:
    """Send critical, unacknowledged, not yet escalated feedback older than the limit to the admins.

    escalated_at is set (by a conditional update, committed) before anything is sent, so a second run, or
    two runs racing, never send the same escalation twice. Returns how many were escalated.
    """
    now = now.astimezone(UTC)
    limit = timedelta(minutes=settings.escalation_after_minutes)
    async with db.session() as session:
        overdue = await fb_db.overdue_critical(session, now, limit)
        claimed = [f for f in overdue if await fb_db.claim_escalation(session, f.id or 0, now)]
    if not claimed:
        return 0
    recipients = await admin_recipients(db, settings)
    if not recipients:
        log.warning("%d critical feedback escalations but no admins to tell", len(claimed))
    details = []
    for feedback in claimed:
        async with db.read() as session:
            details.append((feedback, *await fb_db.feedback_details(session, feedback)))
    # Team by team inside the guard: one team's bad data (its zone) must not stop the other escalations,
    # which are already claimed and would otherwise never be sent.
    guard = TeamGuard.with_settings(bot, db, settings, "escalation", now)
    by_team: dict[int | None, list[Any]] = {}
    for item in details:
        by_team.setdefault(item[2].id if item[2] else None, []).append(item)
    for team_id, items in by_team.items():
        if team_id is None:
            await _send_escalations(bot, db, settings, recipients, items, None, store)
            continue
        async with guard.team(items[0][2]) as team:
            await _send_escalations(bot, db, settings, recipients, items, team, store)
    return len(claimed)


async def _send_escalations(
    bot: Bot,
    db: Database,
    settings: Settings,
    recipients: list[Any],
    items: list[Any],
    team: Team | None,
    store: FileStore | None,
) -> None:
    """Send one team's claimed escalations to every admin."""
    for feedback, rep, _team, customer in items:
        log.info("escalating critical feedback %s to %d admins", feedback.id, len(recipients))
        for to in recipients:
            text = t(
                to.language,
                "feedback.escalation",
                id=feedback.id,
                rep=rep.name if rep else "?",
                team=team.name if team else t(to.language, "feedback.none"),
                time=local_time(feedback.created_at, team, settings),
                waited=waited(to.language, settings.escalation_after_minutes),
                summary=stored_summary(to.language, feedback, customer),
            )
            markup = ack_keyboard(to.language, feedback.id or 0)
            photos, caption = feedback.photo_file_ids, f"#{feedback.id}"
            # Recorded as a copy of the feedback's notice: when someone acts, the admins' copies say so too.
            await tell(
                bot,
                db,
                to,
                text,
                markup,
                photos=photos,
                photo_caption=caption,
                store=store,
                copy_of=feedback.id,
            )


async def _run(context: Any) -> None:
    """The repeating job's callback."""
    data = context.bot_data
    store = store_of(data)
    await escalate_overdue(context.bot, data["db"], data["settings"], data["clock"].now(), store=store)


async def schedule(app: Application[Any, Any, Any, Any, Any, Any]) -> None:
    """Every 5 minutes; named and replace_existing so rescheduling at start never doubles it."""
    every(app, _run, name=JOB_NAME, interval=INTERVAL, first=60)
