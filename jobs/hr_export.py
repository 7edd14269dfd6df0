"""The HR-date job: on each team's HR day (the 7th unless set, before HR's 8th) from 09:00 in the team's
zone, every admin receives that team's workbook for the month before, once (claimed in the database
before it is sent; a day missed while the bot was down is caught up later that month)."""

from __future__ import annotations

import logging
from datetime import datetime, time, timedelta
from typing import Any

from telegram import Bot, InputFile
from telegram.ext import Application

from jobs.scheduling import every
from presentation import score_text as views
from presentation.delivery import Outcome, deliver_call
from presentation.i18n import t
from presentation.score_workbook import MonthFiles, csv_zip, month_files
from storage.attendance import work_settings, zone_of
from storage.db import Database
from storage.feedback import admins
from storage.models import Staff, Team
from storage.score_claims import claim, settle
from storage.staff import list_teams

log = logging.getLogger(__name__)

JOB_NAME = "scores.hr_export"
INTERVAL = timedelta(minutes=10)
KIND = "hr_export"
SEND_AT = time(9, 0)


async def run_hr_export(bot: Bot, db: Database, now: datetime, default_zone: str) -> None:
    """One run over every team whose HR day has come; one failing team does not stop the others."""
    async with db.read() as session:
        teams = list(await list_teams(session))
        people = list(await admins(session))
    if not people:
        return
    for team in teams:
        try:
            await _team(bot, db, team, people, now, default_zone)
        except Exception as exc:  # one team's broken data must not stop the others
            log.warning("HR export job: team %s skipped this run (%s)", team.name, exc.__class__.__name__)
            log.debug("HR export failure", exc_info=exc)


async def _team(
    bot: Bot, db: Database, team: Team, people: list[Staff], now: datetime, default_zone: str
) -> None:
    assert team.id is not None
    async with db.read() as session:
        zone = await zone_of(session, team.id, default_zone)
        settings = await work_settings(session, team.id)
    local = now.astimezone(zone)
    if local.day < settings.hr_day or local.time() < SEND_AT:
        return
    month = views.previous_month(local.date())
    stage = f"team:{team.id}"
    async with db.session() as session:
        won = await claim(
            session, [p.id for p in people if p.id is not None], kind=KIND, month=month, stage=stage, now=now
        )
    built: dict[str, MonthFiles] = {}
    for person in people:
        if person.id not in won:
            continue
        lang = person.language
        if lang not in built:
            built[lang] = await month_files(
                db, month, team_ids=[team.id], lang=lang, now=now, default_zone=default_zone
            )
        files, label = built[lang], views.month_label(month)
        stem = f"fieldbot-{label}-team{team.id}"  # a team name may hold / or :
        caption = t(lang, "export.hr_ready", month=label, scope=t(lang, "export.scope_team", team=team.name))

        async def book(
            files: MonthFiles = files,
            stem: str = stem,
            caption: str = caption,
            chat: int = person.telegram_id,
        ) -> None:
            await bot.send_document(chat, InputFile(files.xlsx, filename=f"{stem}.xlsx"), caption=caption)

        async def csvs(files: MonthFiles = files, stem: str = stem, chat: int = person.telegram_id) -> None:
            await bot.send_document(chat, InputFile(csv_zip(files.csv), filename=f"{stem}-csv.zip"))

        outcome = await deliver_call(book, person.telegram_id)
        if outcome is Outcome.SENT:
            await deliver_call(csvs, person.telegram_id)
        async with db.session() as session:
            await settle(
                session,
                staff_id=person.id,
                kind=KIND,
                month=month,
                stage=stage,
                status=outcome.value,
                now=now,
            )


async def _run(context: Any) -> None:
    await run_hr_export(
        context.bot,
        context.bot_data["db"],
        context.bot_data["clock"].now(),
        context.bot_data["settings"].timezone,
    )


async def schedule(app: Application[Any, Any, Any, Any, Any, Any]) -> None:
    """Every 10 minutes, the first 40 s after start."""
    every(app, _run, name=JOB_NAME, interval=INTERVAL, first=40)
