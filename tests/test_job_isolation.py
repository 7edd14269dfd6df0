"""One team's broken data never stops the scheduled jobs of the other teams; the admins hear of it once."""

from __future__ import annotations

import logging
from datetime import date, datetime, time, timedelta
from zoneinfo import ZoneInfo

import pytest
from sqlalchemy import update
from sqlmodel import select

from bot.app import FieldApplication
from domain.deadlines import DEFAULT_SCHEDULES, local_to_utc, period_for
from jobs.checkins import close_overdue_checkins
from jobs.reminders import send_due_reminders
from jobs.team_guard import TeamGuard
from localbotapi.server import LocalBotApiServer
from storage.db import Database
from storage.models import Role, Team
from storage.team_models import TeamProblem
from tests.conftest import ADMIN_ID, TEST_START
from tests.support.field import all_checkins, make_checkin, make_customer
from tests.support.people import make_rep, make_staff, make_team

WEEKLY = DEFAULT_SCHEDULES["weekly"]
SHANGHAI = ZoneInfo("Asia/Shanghai")
# Far enough ahead that the bot's own every-minute run (on the test clock) finds nothing due.
WEEK = period_for(WEEKLY, (TEST_START + timedelta(days=400)).date(), SHANGHAI)


async def break_team(db: Database, team: Team, **values: str) -> None:
    """Write a value straight into the database, as an old version or a hand edit could have."""
    async with db.session() as session:
        await session.exec(update(Team).where(Team.id == team.id).values(**values))  # type: ignore[call-overload, arg-type]


def notices(api: LocalBotApiServer, chat_id: int, text: str) -> list[str]:
    return [m.text for m in api.messages_for(chat_id) if text in (m.text or "")]


async def test_a_team_with_an_unknown_zone_does_not_stop_the_reminders_of_the_next(
    app: FieldApplication, api: LocalBotApiServer, db: Database
) -> None:
    mars, earth = await make_team(db, "Mars"), await make_team(db, "Earth")
    await break_team(db, mars, timezone="Mars/Base")
    joined = WEEK.due_at - timedelta(days=30)
    await make_rep(db, 8001, mars, joined=joined)
    await make_rep(db, 8002, earth, joined=joined, language="zh")
    await make_staff(db, 8009, role=Role.ADMIN, language="zh")
    for telegram_id in (8001, 8002, 8009, ADMIN_ID):
        api.user(telegram_id, "Person", started=True)

    for run in range(2):
        now = WEEK.due_at - timedelta(hours=24) + timedelta(minutes=run)
        guard = TeamGuard.with_settings(app.bot, db, app.bot_data["settings"], "reminders", now)
        await send_due_reminders(app.bot, db, now, guard=guard)

    # Earth's rep is reminded; Mars's too, in the default zone, until an admin fixes it.
    assert "周报" in api.messages_for(8002)[-1].text
    assert "weekly report" in api.messages_for(8001)[-1].text
    assert notices(api, ADMIN_ID, "Mars") == [
        "⚠️ Team Mars has an unknown time zone (Mars/Base). Its reminders, digests and rates use "
        "Asia/Shanghai until you set its zone with /teams."
    ]
    assert len(notices(api, 8009, "Mars")) == 1 and "时区无效（Mars/Base）" in notices(api, 8009, "Mars")[0]


async def test_a_failing_team_is_skipped_and_told_once_while_the_others_are_done(
    app: FieldApplication, api: LocalBotApiServer, db: Database, caplog: pytest.LogCaptureFixture
) -> None:
    broken, fine = await make_team(db, "Broken"), await make_team(db, "Fine")
    await break_team(db, broken, workday_end="25:99")
    reps = [await make_staff(db, 8101, team=broken), await make_staff(db, 8102, team=fine)]
    day = date(2026, 3, 2)
    for rep, team in zip(reps, (broken, fine), strict=True):
        site = await make_customer(db, team, f"Site of {team.name}")
        await make_checkin(db, rep, site, local_to_utc(day, time(10), SHANGHAI))
    for telegram_id in (8101, 8102, ADMIN_ID):
        api.user(telegram_id, "Person", started=True)

    caplog.set_level(logging.DEBUG, logger="jobs.team_guard")
    evening = local_to_utc(day, time(21), SHANGHAI)
    assert await close_overdue_checkins(app.bot, db, evening, guard=guard(app, db, evening)) == 1
    second = evening + timedelta(minutes=15)
    assert await close_overdue_checkins(app.bot, db, second, guard=guard(app, db, second)) == 0

    assert "still open at the end of the working day (19:00)" in api.messages_for(8102)[-1].text
    assert api.messages_for(8101) == []
    open_ones = [c.staff_id for c in await all_checkins(db) if c.checked_out_at is None]
    assert open_ones == [reps[0].id]
    assert notices(api, ADMIN_ID, "Broken") == [
        "⚠️ The closing of forgotten check-ins failed for team Broken (ValueError) and skipped that team; "
        "the other teams were not affected. The bot's log has the details. You are told once per team and "
        "problem."
    ]
    warnings = [r for r in caplog.records if r.levelno >= logging.WARNING]
    assert [r.getMessage() for r in warnings] == [
        f"checkins: team {broken.id} failed (ValueError) and was skipped this run; the other teams went on"
    ]
    assert warnings[0].exc_info is None  # the traceback is only at DEBUG
    assert any(r.exc_info for r in caplog.records if r.levelno == logging.DEBUG)

    # Once fixed, the team's check-in is closed and the claim is gone, so a later failure is told again.
    await break_team(db, broken, workday_end="18:00")
    later = evening + timedelta(minutes=30)
    assert await close_overdue_checkins(app.bot, db, later, guard=guard(app, db, later)) == 1
    async with db.session() as session:
        assert (await session.exec(select(TeamProblem))).all() == []


def guard(app: FieldApplication, db: Database, now: datetime) -> TeamGuard:
    """The guard the scheduled job builds: the settings' admins and default zone."""
    return TeamGuard.with_settings(app.bot, db, app.bot_data["settings"], "checkins", now)
