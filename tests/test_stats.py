"""/team, /missing and /stats end to end: who may see what, and the figures people read."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

from bot.app import FieldApplication
from domain.geo import Verdict
from domain.settings import DEFAULT_TIMEZONE
from domain.zones import team_zone
from localbotapi.server import LocalBotApiServer
from presentation.buttons import TeamFigures
from presentation.i18n import t
from presentation.stats_text import date_range
from storage.db import Database
from storage.field_models import Leave
from storage.models import Role, Staff, Team
from tests.conftest import ADMIN_ID
from tests.support.field import make_checkin, make_customer, make_visit
from tests.support.people import backdate, make_staff, make_team

LONG_AGO = datetime(2025, 1, 1, tzinfo=UTC)


async def _two_teams(db: Database) -> tuple[Team, Team, list[Staff]]:
    """North with a supervisor and three reps, South with its own supervisor and rep."""
    north, south = await make_team(db, "North"), await make_team(db, "South")
    await make_staff(db, 3001, role=Role.SUPERVISOR, team=north, name="Boss Chen")
    await make_staff(db, 3002, role=Role.SUPERVISOR, team=south, name="Boss South")
    reps = [
        await make_staff(db, 3101, team=north, name="Li Lei"),
        await make_staff(db, 3102, team=north, name="Wang Wu"),
        await make_staff(db, 3103, team=north, name="Zhao Yun"),
        await make_staff(db, 3201, team=south, name="Sun Secret"),
    ]
    for rep in reps:
        await backdate(db, rep, LONG_AGO)
    return north, south, reps


async def test_team_shows_where_reps_are_and_only_the_own_team(
    app: FieldApplication, api: LocalBotApiServer, db: Database
) -> None:
    north, south, (li, wang, _zhao, sun) = await _two_teams(db)
    now = db.clock.now()
    acme = await make_customer(db, north, "Acme <Works>")
    await make_checkin(db, li, acme, now - timedelta(minutes=1))
    await make_checkin(db, wang, acme, now - timedelta(days=2), out=now - timedelta(days=2, hours=-1))
    far = await make_customer(db, south, "Far Away")
    await make_checkin(db, sun, far, now - timedelta(minutes=1), out=now + timedelta(minutes=59))
    sup = api.user(3001, "Chen")

    await sup.send_command("/team")
    text = (await sup.next_message()).text or ""
    assert text.startswith("📍 Where team North is")
    assert "• Li Lei: Acme <Works>, at site, 1 min ago (still there)" in text
    assert "• Wang Wu: not checked in today" in text
    assert "• Zhao Yun: not checked in today" in text
    assert "Sun" not in text and "Far Away" not in text

    # A tampered button naming the other team is refused, and nothing about it is sent.
    query = await sup.press_raw(sup.last_message.message_id, TeamFigures("team", south.id).pack())  # type: ignore[union-attr]
    answer = await sup.callback_answer(query)
    assert answer.show_alert and answer.text == "That is not yours to open."
    await sup.assert_no_message(0.2)


async def test_reps_are_refused_team_and_missing(
    app: FieldApplication, api: LocalBotApiServer, db: Database
) -> None:
    north, _south, _reps = await _two_teams(db)
    rep = api.user(3101, "Li")
    for command in ("/team", "/missing"):
        await rep.send_command(command)
        refusal = await rep.next_message()
        assert (
            refusal.text
            == "Only service managers and admins can see the team. Your own numbers are in /stats."
        )
    query = await rep.press_raw(refusal.message_id, TeamFigures("missing", north.id, "last_month").pack())
    assert (await rep.callback_answer(query)).text == "That is not yours to open."


async def test_missing_for_a_chosen_period(
    app: FieldApplication, api: LocalBotApiServer, db: Database
) -> None:
    north, _south, (li, _wang, _zhao, _sun) = await _two_teams(db)
    zone = team_zone(north.timezone, DEFAULT_TIMEZONE)
    first, last = date_range("last_month", db.clock.now().astimezone(zone).date())
    async with db.session() as session:
        session.add(
            Leave(
                staff_id=li.id or 0, start_date=first - timedelta(days=7), end_date=last + timedelta(days=7)
            )
        )
    sup = api.user(3001, "Chen")

    await sup.send_command("/missing")
    ask = await sup.next_message()
    assert "Missing reports — team North. Which period?" in (ask.text or "")
    await sup.press(ask, "Last month")
    text = (await sup.next_message()).text or ""
    assert text.startswith(
        f"❌ Missing reports — North, Last month ({first.isoformat()} – {last.isoformat()})"
    )
    assert "• Zhao Yun: " in text and f"monthly report {first.isoformat()}" in text
    assert "• Wang Wu: " in text
    assert "Li Lei" not in text  # on leave all month
    assert "Sun" not in text


async def test_admin_picks_a_team_then_sees_its_numbers(
    app: FieldApplication, api: LocalBotApiServer, db: Database
) -> None:
    _north, _south, (li, *_rest) = await _two_teams(db)
    await make_staff(db, ADMIN_ID, role=Role.ADMIN, name="Admin Wang")
    at = db.clock.now() - timedelta(minutes=1)
    out = at + timedelta(hours=1)
    await make_checkin(db, li, None, at, out=out, verdict=Verdict.OUTSIDE, suspicious=True)
    admin = api.user(ADMIN_ID, "Wang")

    await admin.send_command("/stats")
    pick = await admin.next_message()
    # "Shanghai" is the team a fresh install starts with (named after TIMEZONE).
    teams = ["North", "Shanghai", "South"]
    assert pick.text == "Which team?" and [b["text"] for b in pick.inline_buttons()] == teams
    await admin.press(pick, "North")
    ask = await admin.next_message()
    await admin.press(ask, "This week")
    text = (await admin.next_message()).text or ""
    assert text.startswith("📊 North, This week")
    assert "1 check-ins (1 suspicious)" in text
    assert "• Li Lei: 1 check-ins (0 at site / 1 outside / 1 suspicious), 0 visits" in text
    assert "Sun" not in text


async def test_rep_sees_own_numbers_in_chinese(
    app: FieldApplication, api: LocalBotApiServer, db: Database
) -> None:
    north = await make_team(db, "North")
    rep = await make_staff(db, 3101, team=north, name="李雷", language="zh")
    other = await make_staff(db, 3102, team=north, name="王五")
    acme = await make_customer(db, north, "Acme")
    now = db.clock.now() - timedelta(minutes=1)
    for ago in (timedelta(seconds=30), timedelta(seconds=20)):  # closed an hour later
        await make_checkin(db, rep, acme, now - ago, out=now - ago + timedelta(hours=1))
    await make_checkin(db, rep, None, now, verdict=Verdict.OUTSIDE, suspicious=True)
    await make_visit(db, rep, acme, now)
    await make_checkin(db, other, acme, now, out=now + timedelta(hours=1))  # someone else's: not counted
    user = api.user(3101, "Li", language_code="zh")

    # The main-menu button works like /stats.
    await user.send_text(t("zh", "menu.stats"))
    text = (await user.next_message()).text or ""
    assert text.startswith("📊 李雷，你的数据")
    assert "本周" in text and "本月" in text
    assert text.count("签到：3 次 — 现场 2，场外 1，可疑 1") == 2
    assert text.count("拜访：1 次") == 2
    assert "报表：按时 0，迟交 0，缺交 0" in text
