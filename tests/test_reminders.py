"""Reminders through the real bot and the local Bot API server: who gets them, when, in which language,
with which button; downtime, restarts and two racing runs never lose or repeat one."""

from __future__ import annotations

import asyncio
from collections import Counter
from dataclasses import dataclass
from datetime import timedelta
from zoneinfo import ZoneInfo

from sqlmodel import select

from domain.deadlines import DEFAULT_SCHEDULES, period_for
from jobs.reminders import JOB_NAME, send_due_reminders
from jobs.setup import schedule_all
from localbotapi.server import LocalBotApiServer
from presentation.buttons import OpenReport
from storage.db import Database
from storage.log_models import ReminderLog
from storage.models import Role, Staff, Team
from tests.conftest import TEST_START, RunningBot
from tests.support.paperwork import add_leave, file_report
from tests.support.people import make_rep, make_team

WEEKLY = DEFAULT_SCHEDULES["weekly"]
SHANGHAI = "Asia/Shanghai"
# A deadline well after today, and people who joined a month before it: the bot's own every-minute
# job (which runs on the real clock) never finds anything due for them, only our chosen `now` does.
FUTURE_WEEK = period_for(WEEKLY, (TEST_START + timedelta(days=400)).date(), ZoneInfo(SHANGHAI))
DUE = FUTURE_WEEK.due_at
JOINED = DUE - timedelta(days=30)


@dataclass
class World:
    team: Team
    filed: Staff
    bob: Staff
    chen: Staff
    away: Staff
    inactive: Staff
    boss: Staff


async def make_world(db: Database, api: LocalBotApiServer) -> World:
    team = await make_team(db, "East")
    people = {}
    for tid, name, lang, role, active in [
        (501, "Filed Already", "en", Role.REP, True),
        (502, "Bob <Bao>", "en", Role.REP, True),
        (503, "陈明", "zh", Role.REP, True),
        (504, "Away", "en", Role.REP, True),
        (505, "Gone", "en", Role.REP, False),
        (509, "Boss Wu", "en", Role.SUPERVISOR, True),
    ]:
        people[tid] = await make_rep(
            db, tid, team, joined=JOINED, role=role, language=lang, name=name, active=active
        )
        api.user(tid, name, started=True)
    await file_report(db, people[501], WEEKLY, FUTURE_WEEK.start, DUE - timedelta(days=2), SHANGHAI)
    await add_leave(db, people[504], DUE.date() - timedelta(days=1), DUE.date() + timedelta(days=1))
    return World(team, people[501], people[502], people[503], people[504], people[505], people[509])


def sent_to(api: LocalBotApiServer) -> Counter[int]:
    return Counter(m.chat_id for m in api.sent)


async def test_reminders_reach_exactly_the_reps_who_have_not_filed(
    bot: RunningBot, api: LocalBotApiServer, db: Database
) -> None:
    assert bot.app is not None
    world = await make_world(db, api)
    tg = bot.app.bot
    before = sent_to(api)
    await send_due_reminders(tg, db, DUE - timedelta(hours=24, seconds=1))
    assert sent_to(api) == before

    outcomes = await send_due_reminders(tg, db, DUE - timedelta(hours=24))
    assert outcomes == Counter({"sent": 2})
    assert sent_to(api) - before == Counter({502: 1, 503: 1})
    bob = api.messages_for(502)[-1]
    local_due = DUE.astimezone(ZoneInfo(SHANGHAI)).strftime("%Y-%m-%d %H:%M")
    assert local_due.endswith("10:00")
    assert f"your weekly report for {FUTURE_WEEK.start} – {FUTURE_WEEK.end} is due {local_due}" in bob.text
    assert "/weekly" in bob.text
    assert [(b["text"], b["callback_data"]) for b in bob.inline_buttons()] == [
        ("📝 File the weekly report now", OpenReport("weekly").pack())
    ]
    chen = api.messages_for(503)[-1]
    assert "周报" in chen.text and "截止时间" in chen.text and "/weekly" in chen.text
    assert [(b["text"], b["callback_data"]) for b in chen.inline_buttons()] == [
        ("📝 现在填写周报", OpenReport("weekly").pack())
    ]

    # A minute later nothing is repeated; two hours before, the second reminder goes out.
    await send_due_reminders(tg, db, DUE - timedelta(hours=23, minutes=59))
    assert sent_to(api) - before == Counter({502: 1, 503: 1})
    await send_due_reminders(tg, db, DUE - timedelta(hours=2))
    assert sent_to(api) - before == Counter({502: 2, 503: 2})

    # Bob files now; at the deadline itself nobody is late yet; a minute later Chen is, and the boss
    # gets the list of who is missing.
    await file_report(db, world.bob, WEEKLY, FUTURE_WEEK.start, DUE - timedelta(minutes=5), SHANGHAI)
    await send_due_reminders(tg, db, DUE)
    assert sent_to(api) - before == Counter({502: 2, 503: 2})
    await send_due_reminders(tg, db, DUE + timedelta(minutes=1))
    assert sent_to(api) - before == Counter({502: 2, 503: 3, 509: 1})
    assert "现已逾期" in api.messages_for(503)[-1].text
    missing = api.messages_for(509)[-1].text
    assert "Team East: 1 weekly report(s)" in missing and "陈明" in missing and "Bob" not in missing


async def test_downtime_sends_the_latest_reminder_once_and_restarts_repeat_nothing(
    bot: RunningBot, api: LocalBotApiServer, db: Database
) -> None:
    await make_world(db, api)
    before = sent_to(api)
    # The bot was down through the 24 h reminder; 90 minutes before the deadline it starts again.
    now = DUE - timedelta(minutes=90)
    assert bot.app is not None
    await send_due_reminders(bot.app.bot, db, now)
    assert sent_to(api) - before == Counter({502: 1, 503: 1})
    assert "is due" in api.messages_for(502)[-1].text
    for _ in range(3):
        await bot.restart()
        await send_due_reminders(bot.app.bot, db, now + timedelta(minutes=1))
    assert sent_to(api) - before == Counter({502: 1, 503: 1})
    async with db.session() as session:
        stages = sorted(
            (r.staff_id, r.stage, r.status) for r in (await session.exec(select(ReminderLog))).all()
        )
    assert [(stage, status) for _, stage, status in stages] == [("before:120", "sent")] * 2


async def test_jobs_are_the_same_after_three_restarts(bot: RunningBot) -> None:
    names = []
    for _ in range(3):
        app = await bot.restart()
        await schedule_all(app)  # registering again replaces, never duplicates
        assert app.job_queue is not None
        names.append(sorted(job.name for job in app.job_queue.jobs()))
    assert names[0] == names[1] == names[2]
    assert names[0].count(JOB_NAME) == 1
    assert {"schedules.reminders", "schedules.rates", "schedules.rates_nightly"} <= set(names[0])


async def test_two_racing_runs_send_each_reminder_once(
    bot: RunningBot, api: LocalBotApiServer, db: Database
) -> None:
    await make_world(db, api)
    assert bot.app is not None
    before = sent_to(api)
    now = DUE + timedelta(minutes=2)
    first, second = await asyncio.gather(
        send_due_reminders(bot.app.bot, db, now), send_due_reminders(bot.app.bot, db, now)
    )
    assert first + second == Counter({"sent": 3})
    assert sent_to(api) - before == Counter({502: 1, 503: 1, 509: 1})
