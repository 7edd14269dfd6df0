"""The button on a deadline reminder opens the report it reminds about, through the real bot."""

from __future__ import annotations

from datetime import timedelta
from zoneinfo import ZoneInfo

from domain.deadlines import DEFAULT_SCHEDULES, period_due_next
from jobs.reminders import send_due_reminders
from localbotapi.server import LocalBotApiServer
from storage.db import Database
from tests.conftest import RunningBot
from tests.support.people import make_rep, make_team


async def test_reminder_button_starts_the_weekly_report(
    bot: RunningBot, api: LocalBotApiServer, db: Database
) -> None:
    assert bot.app is not None
    zone = ZoneInfo("Asia/Shanghai")
    team = await make_team(db, "East")
    due = period_due_next(DEFAULT_SCHEDULES["weekly"], db.clock.now(), zone).due_at
    rep = await make_rep(db, 701, team, joined=due - timedelta(days=60), name="Ma")
    user = api.user(701, "Ma", started=True)

    await send_due_reminders(bot.app.bot, db, due - timedelta(hours=2))
    reminder = await user.wait_until(lambda: next((m for m in user.messages if "/weekly" in m.text), None))
    count = len(user.messages)
    await user.press(reminder, "📝 File the weekly report now")
    await user.wait_until(lambda: any("Weekly report" in m.text for m in user.messages[count:]))
    assert rep.telegram_id == 701
