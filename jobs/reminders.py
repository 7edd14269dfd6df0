"""Report reminders: before each deadline, "now late" at the deadline, and the missing list to supervisors.

Everything is worked out from the database on every run (schedules, reports filed, the reminder log),
so one repeating job (every minute, and once at start) is all there is: a restart loses nothing
(a stage whose time came while the bot was down is sent on the next run, if still relevant) and
repeats nothing (each message is claimed in ReminderLog by its unique key before it is sent).
"""

from __future__ import annotations

import html
import logging
from collections import Counter
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta
from typing import Any
from zoneinfo import ZoneInfo

from telegram import Bot, InlineKeyboardButton, InlineKeyboardMarkup
from telegram.ext import Application

from domain.deadlines import (
    Period,
    Schedule,
    due_date,
    next_start,
    period_due_next,
    period_for,
    previous_start,
)
from jobs import rates
from jobs.scheduling import ClaimedJob
from jobs.team_guard import TeamGuard, guarded_zone
from presentation.buttons import OpenReport
from presentation.delivery import RETRY, Outcome, RetryPolicy, deliver, handle_blocked
from presentation.i18n import Raw, t
from storage import reminders as reminders_db
from storage import schedules as schedules_db
from storage.db import Database
from storage.models import Team
from storage.reminders import TeamPeriod
from storage.staff import Recipient

log = logging.getLogger(__name__)

JOB_NAME = "schedules.reminders"
INTERVAL = timedelta(minutes=1)
# After an outage, "now late" is still worth saying for a few hours, not at 3 a.m. the next day;
# a supervisor's missing list is useful for a day.
LATE_WINDOW = timedelta(hours=6)
MISSING_WINDOW = timedelta(hours=24)
MISSING_NAMES_SHOWN = 100  # keeps the list far below Telegram's 4096 characters
COMMANDS = {"weekly": "/weekly", "monthly": "/monthly"}


def before_stage(offset: timedelta) -> str:
    """The ReminderLog stage of a reminder `offset` before the deadline."""
    return f"before:{int(offset.total_seconds() // 60)}"


def due_stages(schedule: Schedule, now: datetime, zone: ZoneInfo) -> list[tuple[str, Period]]:
    """The reminder stages whose time has come at `now`, each with its period (pure).

    Only the latest "before" stage is due: after an outage a rep gets one reminder, not two at once.
    A report filed exactly at the deadline is on time, so "late" starts strictly after it.
    """
    upcoming = period_due_next(schedule, now, zone)
    stages: list[tuple[str, Period]] = []
    ahead = upcoming
    for _ in range(3):  # an offset longer than a period (24 h before a daily report) reaches the next one
        reached = [o for o in schedule.reminder_offsets if ahead.due_at - o <= now < ahead.due_at]
        if reached:
            stages.append((before_stage(min(reached)), ahead))
        ahead = period_for(schedule, next_start(schedule.kind, ahead.start), zone)
    period = upcoming
    for _ in range(3):  # a long grace can keep more than one past period open
        period = period_for(schedule, previous_start(schedule.kind, period.start), zone)
        if period.due_at < now <= period.due_at + LATE_WINDOW:
            stages.append(("late", period))
        if period.grace_until <= now < period.grace_until + MISSING_WINDOW:
            stages.append(("missing_list", period))
    return stages


@dataclass
class Message:
    """One claimed reminder waiting to be sent."""

    to: Recipient
    kind: str
    period_start: Any
    stage: str
    text: str
    markup: InlineKeyboardMarkup | None


def _texts(lang: str, schedule: Schedule, period: Period, zone: ZoneInfo) -> dict[str, Any]:
    due = period.due_at.astimezone(zone)
    return {
        "kind": t(lang, f"schedules.kind.{schedule.kind}"),
        "period": period.start.isoformat()
        if period.start == period.end
        else f"{period.start} – {period.end}",
        "due": f"{due:%Y-%m-%d %H:%M} ({zone.key})",
    }


def rep_message(to: Recipient, stage: str, schedule: Schedule, period: Period, zone: ZoneInfo) -> Message:
    """A reminder to a rep, with the button that starts the report."""
    values = _texts(to.language, schedule, period, zone)
    body = t(to.language, "schedules.remind_late" if stage == "late" else "schedules.remind_before", **values)
    command = COMMANDS.get(schedule.kind)
    hint = (
        t(to.language, "schedules.hint_command", command=command)
        if command
        else t(to.language, "schedules.hint_button")
    )
    button = InlineKeyboardButton(
        t(to.language, "schedules.start_button", kind=values["kind"]),
        callback_data=OpenReport(schedule.kind).pack(),
    )
    return Message(
        to, schedule.kind, period.start, stage, f"{body}\n{hint}", InlineKeyboardMarkup([[button]])
    )


def missing_message(
    to: Recipient, team: Team, missing: list[Recipient], schedule: Schedule, period: Period, zone: ZoneInfo
) -> Message:
    """The list of missing reports for a supervisor (names escaped: people type their own names)."""
    lines = [f"• {html.escape(person.name, quote=False)}" for person in missing[:MISSING_NAMES_SHOWN]]
    if len(missing) > MISSING_NAMES_SHOWN:
        lines.append(t(to.language, "schedules.missing_more", count=len(missing) - MISSING_NAMES_SHOWN))
    text = t(
        to.language,
        "schedules.missing_list",
        team=team.name,
        count=len(missing),
        names=Raw("\n".join(lines)),
        **_texts(to.language, schedule, period, zone),
    )
    return Message(to, schedule.kind, period.start, "missing_list", text, None)


async def _claim(
    db: Database, team: Team, schedule: Schedule, stage: str, period: Period, zone: ZoneInfo, now: datetime
) -> list[Message]:
    """Claim one stage for everyone it is due to, in one statement; the messages this run must send."""
    key = TeamPeriod(
        team.id or 0, schedule.kind, period.start, period.end, period.due_at, due_date(schedule, period.start)
    )
    async with db.session() as session:
        if stage != "missing_list":
            minutes = int(stage.split(":")[1]) if ":" in stage else 0
            stage_at = period.due_at - timedelta(minutes=minutes)
            reps = await reminders_db.claim_rep_reminders(
                session, key, stage=stage, stage_at=stage_at, now=now
            )
            return [rep_message(rep, stage, schedule, period, zone) for rep in reps]
        missing = await reminders_db.missing_reps(session, key)
        if not missing:
            return []
        supervisors = await reminders_db.claim_supervisor_lists(session, key, stage=stage, now=now)
        return [missing_message(s, team, missing, schedule, period, zone) for s in supervisors]


async def send_due_reminders(
    bot: Bot, db: Database, now: datetime, *, policy: RetryPolicy = RETRY, guard: TeamGuard | None = None
) -> Counter[str]:
    """Send every reminder due at `now` that nobody has sent yet; counts of outcomes by name.

    Each team runs inside the guard: a team that fails is skipped (and the admins told once), never the
    teams after it."""
    now = now.astimezone(UTC)
    guard = guard or TeamGuard(bot, db, "reminders", now)
    async with db.read() as session:
        plans = await schedules_db.team_schedules(session)
    outcomes: Counter[str] = Counter()
    for stored, schedules in plans:
        async with guard.team(stored) as team:
            zone = guarded_zone(team)
            for schedule in schedules:
                for stage, period in due_stages(schedule, now, zone):
                    for message in await _claim(db, team, schedule, stage, period, zone, now):
                        outcomes[await _send(bot, db, message, policy)] += 1
    return outcomes


async def _send(bot: Bot, db: Database, message: Message, policy: RetryPolicy) -> str:
    """Send one claimed message and record how it ended; a failed one is released for the next run."""
    outcome = await deliver(
        bot, message.to.telegram_id, message.text, policy=policy, reply_markup=message.markup
    )
    key = {
        "staff_id": message.to.staff_id,
        "kind": message.kind,
        "period_start": message.period_start,
        "stage": message.stage,
    }
    async with db.session() as session:
        if outcome is Outcome.FAILED:
            await reminders_db.release(session, **key)
        else:
            await reminders_db.mark(session, **key, status=outcome.value, at=db.clock.now())
    if outcome is Outcome.BLOCKED:
        await handle_blocked(bot, db, message.to.staff_id)
    return outcome.value


CLAIMS = ClaimedJob(JOB_NAME, "reminders", send_due_reminders, reminders_db.release_interrupted, INTERVAL)


async def schedule(app: Application[Any, Any, Any, Any, Any, Any]) -> None:
    """Register the reminders job (every minute, first run at once) and the on-time rate jobs."""
    await CLAIMS.start(app)
    await rates.schedule(app)
