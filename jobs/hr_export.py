"""The HR-date job: on each team's HR day (the 7th unless set, before HR's 8th) from 09:00 in the team's
zone, every admin receives the workbook for the month before, one for the teams sharing that day and zone,
once (claimed in the database before it is sent; a day missed while the bot was down is caught up later
that month)."""

from __future__ import annotations

import logging
import zlib
from collections import defaultdict
from datetime import datetime, time, timedelta
from typing import Any
from zoneinfo import ZoneInfo

from telegram import Bot, InputFile
from telegram.ext import Application

from jobs.scheduling import every_run
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
MAX_NAMED = 3  # a caption names up to three teams, else counts them


async def run_hr_export(bot: Bot, db: Database, now: datetime, default_zone: str) -> None:
    """One run: the teams whose HR day has come, one workbook per HR day and zone (so with the defaults,
    one for the whole company); a team whose data is broken is logged and left out, the others go on."""
    async with db.read() as session:
        teams = list(await list_teams(session))
        people = list(await admins(session))
    if not people:
        return
    groups: dict[tuple[int, str], list[Team]] = defaultdict(list)
    for team in teams:
        try:
            async with db.read() as session:
                zone = await zone_of(session, team.id or 0, default_zone)
                settings = await work_settings(session, team.id or 0)
        except Exception as exc:  # one team's broken data must not stop the others
            log.warning("HR export job: team %s skipped this run (%s)", team.name, exc.__class__.__name__)
            log.debug("HR export failure", exc_info=exc)
            continue
        local = now.astimezone(zone)
        if local.day >= settings.hr_day and local.time() >= SEND_AT:
            groups[(settings.hr_day, zone.key)].append(team)
    for (day, zone_key), members in groups.items():
        try:
            await _group(bot, db, members, day, ZoneInfo(zone_key), people, now, default_zone)
        except Exception as exc:
            names = ", ".join(team.name for team in members)
            log.warning("HR export job: teams %s skipped this run (%s)", names, exc.__class__.__name__)
            log.debug("HR export failure", exc_info=exc)


def _scope(lang: str, members: list[Team]) -> str:
    if len(members) > MAX_NAMED:
        return t(lang, "export.scope_teams", n=len(members))
    return t(lang, "export.scope_team", team=", ".join(team.name for team in members))


async def _group(
    bot: Bot,
    db: Database,
    members: list[Team],
    day: int,
    zone: ZoneInfo,
    people: list[Staff],
    now: datetime,
    default_zone: str,
) -> None:
    """Each admin not yet served gets the group's workbook and CSV files (claimed first)."""
    month = views.previous_month(now.astimezone(zone).date())
    stage = f"hr:{day}:{zlib.crc32(zone.key.encode()):08x}"  # the column holds 32 characters
    async with db.session() as session:
        won = await claim(
            session, [p.id for p in people if p.id is not None], kind=KIND, month=month, stage=stage, now=now
        )
    built: dict[str, MonthFiles] = {}
    ids = [team.id for team in members if team.id is not None]
    label = views.month_label(month)
    for person in people:
        if person.id not in won:
            continue
        lang = person.language
        if lang not in built:
            built[lang] = await month_files(
                db, month, team_ids=ids, lang=lang, now=now, default_zone=default_zone
            )
        caption = t(lang, "export.hr_ready", month=label, scope=_scope(lang, members))
        outcome = await _send(bot, person.telegram_id, built[lang], f"fieldbot-{label}-hr", caption)
        async with db.session() as session:
            await settle(
                session,
                staff_id=person.id or 0,
                kind=KIND,
                month=month,
                stage=stage,
                status=outcome.value,
                now=now,
            )


async def _send(bot: Bot, chat: int, files: MonthFiles, stem: str, caption: str) -> Outcome:
    """The workbook, then (if it went) the zip of CSV files; how the workbook's send ended."""

    async def book() -> None:
        await bot.send_document(chat, InputFile(files.xlsx, filename=f"{stem}.xlsx"), caption=caption)

    async def csvs() -> None:
        await bot.send_document(chat, InputFile(csv_zip(files.csv), filename=f"{stem}-csv.zip"))

    outcome = await deliver_call(book, chat)
    if outcome is Outcome.SENT:
        await deliver_call(csvs, chat)
    return outcome


async def schedule(app: Application[Any, Any, Any, Any, Any, Any]) -> None:
    """Every 10 minutes, the first 40 s after start."""
    every_run(app, run_hr_export, name=JOB_NAME, interval=INTERVAL, first=40)
