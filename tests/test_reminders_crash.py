"""A reminder claimed by a process that died before sending it is sent after the restart, once."""

from __future__ import annotations

from datetime import timedelta
from zoneinfo import ZoneInfo

import pytest
from sqlmodel import select

from domain.deadlines import DEFAULT_SCHEDULES, period_for
from jobs.reminders import CLAIMS, send_due_reminders
from localbotapi.server import LocalBotApiServer
from storage.db import Database
from storage.log_models import ReminderLog
from tests.conftest import RunningBot
from tests.support.people import make_rep, make_team

ZONE = ZoneInfo("Asia/Shanghai")


@pytest.mark.parametrize("restarted_after", [timedelta(seconds=5), timedelta(minutes=3)], ids=["5s", "3min"])
async def test_a_claim_left_pending_by_a_crash_is_sent_after_the_restart(
    bot: RunningBot, api: LocalBotApiServer, db: Database, restarted_after: timedelta
) -> None:
    """However soon the restart comes (a service manager restarts a crashed bot within seconds)."""
    period = period_for(DEFAULT_SCHEDULES["weekly"], (db.clock.now() + timedelta(days=400)).date(), ZONE)
    due = period.due_at
    team = await make_team(db, "East")
    rep = await make_rep(db, 9001, team, joined=due - timedelta(days=30))
    api.user(9001, "Gao", started=True)
    two_hours_before = due - timedelta(hours=2)
    # The crash: the claim was written, the message never went out.
    async with db.session() as session:
        session.add(
            ReminderLog(
                staff_id=rep.id or 0,
                kind="weekly",
                period_start=period.start,
                stage="before:120",
                claimed_at=two_hours_before,
                status="pending",
            )
        )
    assert bot.app is not None
    await send_due_reminders(bot.app.bot, db, two_hours_before)
    assert api.messages_for(9001) == []  # still claimed: a running job must not send it twice

    restart = two_hours_before + restarted_after
    assert await CLAIMS.release_interrupted(db) == 1
    await send_due_reminders(bot.app.bot, db, restart)
    await send_due_reminders(bot.app.bot, db, restart + timedelta(minutes=1))
    assert len(api.messages_for(9001)) == 1
    async with db.session() as session:
        [row] = (await session.exec(select(ReminderLog))).all()
    assert row.status == "sent"
