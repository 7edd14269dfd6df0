"""Live locations while checked in, the supervisor's view of verdicts, and the end-of-day close."""

from __future__ import annotations

import asyncio
from datetime import UTC, date, datetime

from bot.app import FieldApplication
from domain.deadlines import local_to_utc
from jobs.checkins import close_overdue_checkins
from jobs.digest_content import daily_digest_text
from localbotapi.driver import TelegramUser
from localbotapi.server import LocalBotApiServer
from presentation.i18n import t
from storage.db import Database
from storage.models import Team
from tests.support.chat import showing
from tests.support.field import SITE, all_checkins, make_checkin, make_customer, north_of, track_points
from tests.support.people import make_staff, make_team


async def _live_checkin(
    api: LocalBotApiServer, db: Database, telegram_id: int, team: Team
) -> tuple[TelegramUser, dict]:
    await make_staff(db, telegram_id, team=team, name=f"Rep {telegram_id}")
    rep = api.user(telegram_id, "Live")
    await rep.send_command("/checkin")
    await rep.next_message()
    shared = await rep.send_location(*SITE, horizontal_accuracy=10, live_period=3600)
    await rep.next_message()
    offer = await rep.next_message()
    await rep.press(offer, "ACME Ltd · 0 m")
    await rep.press(await rep.next_message(), "Skip")  # no photo
    await rep.press(await rep.next_message(), "✅ Check in")
    await showing(rep, "All set")
    rep.skip_pending()
    return rep, shared


async def _settled(db: Database, points: int) -> list:
    """Wait until the bot has stored `points` track points (moves are handled silently)."""
    for _ in range(100):
        [checkin] = await all_checkins(db)
        async with db.session() as session:
            stored = len(await track_points(session, checkin.id or 0))
        if stored >= points:
            # Read again: the points and the verdict they led to are committed together.
            return await all_checkins(db)
        await asyncio.sleep(0.05)
    raise AssertionError("track points were not stored")


async def test_clean_live_track_is_not_suspicious(
    app: FieldApplication, api: LocalBotApiServer, db: Database
) -> None:
    team = await make_team(db)
    await make_customer(db, team)
    rep, shared = await _live_checkin(api, db, 4001, team)
    start = shared["date"]
    for step in range(1, 4):
        await rep.move_live_location(
            shared, *north_of(*SITE, 20 * step), horizontal_accuracy=12, at=start + 60 * step
        )
    [checkin] = await _settled(db, 3)
    assert checkin.live and checkin.live_message_id == shared["message_id"]
    assert not checkin.suspicious and checkin.suspicion_reasons == []
    await rep.assert_no_message()


async def test_live_jump_speed_and_accuracy_are_flagged_for_the_supervisor(
    app: FieldApplication, api: LocalBotApiServer, db: Database
) -> None:
    team = await make_team(db)
    await make_customer(db, team)
    rep, shared = await _live_checkin(api, db, 4002, team)
    start = shared["date"]
    # 600 m in 10 s: a jump; 2.2 km in 40 s (~200 km/h): a speed; then a fix accurate only to 80 m.
    await rep.move_live_location(shared, *north_of(*SITE, 600), horizontal_accuracy=10, at=start + 10)
    await rep.move_live_location(shared, *north_of(*SITE, 2800), horizontal_accuracy=10, at=start + 50)
    await rep.move_live_location(shared, *north_of(*SITE, 2810), horizontal_accuracy=80, at=start + 110)
    [checkin] = await _settled(db, 3)
    reasons = " | ".join(checkin.suspicion_reasons)
    assert checkin.suspicious
    assert "jump 600 m in 10 s" in reasons and "speed 198 km/h" in reasons and "accuracy 80 m" in reasons
    # The rep is not told; the check-in keeps its verdict, and the supervisor's daily digest counts it.
    await rep.assert_no_message()
    assert checkin.verdict == "at_site"
    digest = await daily_digest_text(db, team, db.clock.now(), "en")
    line = t("en", "digests.rep_line", name="Rep 4002", total=1, at_site=1, outside=0, suspicious=1, visits=0)
    assert digest is not None and line in digest

    # After checking out, further moves are not kept.
    await rep.send_command("/checkout")
    await rep.next_message()
    await rep.move_live_location(shared, *SITE, horizontal_accuracy=5, at=start + 200)
    await rep.assert_no_message()
    async with db.session() as session:
        assert len(await track_points(session, checkin.id or 0)) == 3


async def test_open_checkins_are_closed_at_the_end_of_the_working_day(
    app: FieldApplication, api: LocalBotApiServer, db: Database
) -> None:
    team = await make_team(db, timezone="Asia/Shanghai")
    en_rep = await make_staff(db, 4003, team=team)
    zh_rep = await make_staff(db, 4004, team=team, language="zh")
    acme = await make_customer(db, team)
    from zoneinfo import ZoneInfo

    zone = ZoneInfo("Asia/Shanghai")
    day = date(2026, 3, 2)
    await make_checkin(db, en_rep, acme, local_to_utc(day, datetime.min.time().replace(hour=10), zone))
    # Checked in after 19:00 (overtime): kept open until the end of that local day.
    await make_checkin(db, zh_rep, acme, local_to_utc(day, datetime.min.time().replace(hour=20), zone))
    en, zh = api.user(4003, "En"), api.user(4004, "Zh", language_code="zh")
    for person in (en, zh):  # the bot can only write to people who have opened the chat
        await person.send_command("/help")
        await person.next_message()

    assert (
        await close_overdue_checkins(
            app.bot, db, local_to_utc(day, datetime.min.time().replace(hour=18), zone)
        )
        == 0
    )
    assert (
        await close_overdue_checkins(
            app.bot, db, local_to_utc(day, datetime.min.time().replace(hour=19, minute=5), zone)
        )
        == 1
    )
    told = await en.next_message()
    assert "Your check-in at ACME Ltd was still open at the end of the working day (19:00)" in told.text
    assert await close_overdue_checkins(app.bot, db, datetime(2026, 3, 2, 23, 0, tzinfo=UTC)) == 1
    assert "系统已自动签退" in (await zh.next_message()).text
    # Idempotent: running again changes nothing and tells nobody twice.
    assert await close_overdue_checkins(app.bot, db, datetime(2026, 3, 3, 23, 0, tzinfo=UTC)) == 0
    await en.assert_no_message()
    await zh.assert_no_message()
    closed = {c.staff_id: c for c in await all_checkins(db)}
    assert closed[en_rep.id].auto_closed and closed[zh_rep.id].auto_closed
    assert closed[en_rep.id].checked_out_at == local_to_utc(day, datetime.min.time().replace(hour=19), zone)
    assert app.job_queue is not None and app.job_queue.get_jobs_by_name("checkins.auto_close")
