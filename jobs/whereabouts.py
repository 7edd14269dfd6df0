"""Whereabouts requests nobody answered in time become "not found", and the supervisor and the rep hear so.

Each request is settled in the database (a conditional update, committed) before anyone is told, so a
second run, two racing runs or a restart never count or tell one twice. The job repeats from start, so
requests that fell due while the bot was down are settled at once.
"""

from __future__ import annotations

import logging
from datetime import datetime, timedelta
from typing import Any

from telegram import Bot
from telegram.ext import Application

from domain.settings import Settings
from jobs.scheduling import every
from presentation.delivery import Outcome, deliver, handle_blocked
from presentation.i18n import t
from presentation.menus import main_menu
from storage import whereabouts as whereabouts_db
from storage.attendance import zone_of
from storage.db import Database
from storage.models import Staff

log = logging.getLogger(__name__)

JOB_NAME = "whereabouts.expire"
INTERVAL = timedelta(seconds=30)


async def expire_and_tell(bot: Bot, db: Database, settings: Settings, now: datetime) -> int:
    """Settle every request past its due time as not found and tell both sides; how many were settled."""
    async with db.session() as session:
        settled = await whereabouts_db.expire_due(session, now)
    for request in settled:
        async with db.read() as session:
            rep = await session.get(Staff, request.staff_id)
            boss = await session.get(Staff, request.asked_by_id) if request.asked_by_id else None
            zone = await zone_of(session, rep.team_id or 0, settings.timezone) if rep else None
        if rep is None:
            continue
        minutes = round((request.due_at - request.asked_at) / timedelta(minutes=1))
        log.info("whereabouts request %s: staff %s did not answer in %d min", request.id, rep.id, minutes)
        if boss is not None:
            asked = f"{request.asked_at.astimezone(zone):%H:%M}"
            text = t(boss.language, "locate.not_found", name=rep.name, minutes=minutes, time=asked)
            await deliver(bot, boss.telegram_id, text)
        # The rep's share button goes: the request is over.
        text = t(rep.language, "locate.expired_rep", minutes=minutes)
        if await deliver(bot, rep.telegram_id, text, reply_markup=main_menu(rep.language)) is Outcome.BLOCKED:
            await handle_blocked(bot, db, rep.id or 0)
    return len(settled)


async def _run(context: Any) -> None:
    """The repeating job's callback."""
    data = context.bot_data
    await expire_and_tell(context.bot, data["db"], data["settings"], data["clock"].now())


async def schedule(app: Application[Any, Any, Any, Any, Any, Any]) -> None:
    """Every 30 s, the first run at once (requests that fell due while the bot was down)."""
    every(app, _run, name=JOB_NAME, interval=INTERVAL, first=1)
