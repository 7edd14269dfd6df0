"""The scoring job: from the 1st of each month (in the team's zone) the month before is computed and each
supervisor gets the scoring list for their reps; the day before the team's scoring deadline, at 09:00,
supervisors with reps still to score are reminded. Every message is claimed in the database first, and
each run reads what is due from the database, so a restart or a second copy never sends one twice."""

from __future__ import annotations

import logging
from datetime import date, datetime, time, timedelta
from typing import Any

from telegram import Bot
from telegram.ext import Application

from jobs.scheduling import every_run
from presentation import score_text as views
from presentation.delivery import deliver
from presentation.i18n import t
from storage import scores as scores_db
from storage.attendance import work_settings, zone_of
from storage.db import Database
from storage.models import Staff, Team
from storage.score_claims import claim, settle
from storage.staff import list_teams, supervisors_of

log = logging.getLogger(__name__)

JOB_NAME = "scores.scoring"
INTERVAL = timedelta(minutes=10)
KIND = "scoring"
REMIND_AT = time(9, 0)  # the team's wall clock, the day before its deadline


async def run_scoring(bot: Bot, db: Database, now: datetime, default_zone: str) -> None:
    """One run over every team; a team that fails is logged in one line and the others go on."""
    async with db.read() as session:
        teams = list(await list_teams(session))
    for team in teams:
        try:
            await _team(bot, db, team, now, default_zone)
        except Exception as exc:  # one team's broken data must not stop the others
            log.warning("scoring job: team %s skipped this run (%s)", team.name, exc.__class__.__name__)
            log.debug("scoring job failure", exc_info=exc)


async def _team(bot: Bot, db: Database, team: Team, now: datetime, default_zone: str) -> None:
    assert team.id is not None
    async with db.read() as session:
        zone = await zone_of(session, team.id, default_zone)
        settings = await work_settings(session, team.id)
        bosses = list(await supervisors_of(session, team.id))
    local = now.astimezone(zone)
    month = views.previous_month(local.date())
    deadline = views.scoring_deadline(month, settings.scoring_deadline_day)
    if local.date() > deadline or not bosses:
        return
    ids = [boss.id for boss in bosses if boss.id is not None]
    async with db.session() as session:
        won = await claim(session, ids, kind=KIND, month=month, stage="list", now=now)
        if won:  # the first run of the month: compute it (judged values are kept if scoring began)
            await scores_db.compute_month(session, team.id, month, now, default_zone=default_zone)
        rows = await scores_db.named_month(session, team.id, month)
    for boss in bosses:
        if boss.id in won:
            text, markup = views.scoring_list(boss.language, team.name, month, deadline, rows)
            await _send(bot, db, boss, month, "list", text, now, reply_markup=markup)
    left = sum(1 for _, _, score in rows if score.submitted_at is None)
    if not left or local.date() < deadline - timedelta(days=1) or local.time() < REMIND_AT:
        return
    async with db.session() as session:
        won = await claim(session, ids, kind=KIND, month=month, stage="remind", now=now)
    for boss in bosses:
        if boss.id in won:
            text = t(
                boss.language,
                "scores.reminder",
                n=left,
                team=team.name,
                month=views.month_label(month),
                deadline=deadline.isoformat(),
            )
            await _send(bot, db, boss, month, "remind", text, now)


async def _send(
    bot: Bot, db: Database, boss: Staff, month: date, stage: str, text: str, now: datetime, **kwargs: Any
) -> None:
    outcome = await deliver(bot, boss.telegram_id, text, **kwargs)
    async with db.session() as session:
        await settle(
            session, staff_id=boss.id or 0, kind=KIND, month=month, stage=stage, status=outcome.value, now=now
        )


async def schedule(app: Application[Any, Any, Any, Any, Any, Any]) -> None:
    """Every 10 minutes, the first 20 s after start (a 1st missed while the bot was down is caught up)."""
    every_run(app, run_scoring, name=JOB_NAME, interval=INTERVAL, first=20)
