"""Supervisor digests end to end: the daily and weekly digest jobs send through the real bot to the
local Bot API server, and the supervisor reads what arrives (splitting is tested in test_split)."""

from __future__ import annotations

import re
from datetime import UTC, date, datetime, timedelta

from sqlmodel import select

from bot.app import FieldApplication
from domain.geo import Verdict
from jobs.digests import send_daily_digests, send_weekly_digests
from localbotapi.server import LocalBotApiServer
from storage.db import Database
from storage.log_models import DigestLog
from storage.models import Role, Staff
from tests.conftest import RunningBot
from tests.support.field import make_checkin, make_customer, make_visit
from tests.support.paperwork import make_feedback, make_report, make_team_rate
from tests.support.people import backdate, make_staff, make_team

PNG_SIGNATURE = b"\x89PNG\r\n\x1a\n"
# Wednesday 18 November 2026, 20:00 in Shanghai: after the default 19:00 digest time.
EVENING = datetime(2026, 11, 18, 12, 0, tzinfo=UTC)
MORNING = datetime(2026, 11, 18, 2, 0, tzinfo=UTC)  # 10:00 in Shanghai


async def test_daily_digest_content_once_and_only_for_active_teams(
    bot: RunningBot, app: FieldApplication, api: LocalBotApiServer, db: Database
) -> None:
    north, quiet = await make_team(db, "North"), await make_team(db, "Quiet")
    await make_staff(db, 3001, role=Role.SUPERVISOR, team=north, name="Boss Chen")
    await make_staff(db, 3002, role=Role.SUPERVISOR, team=north, name="Boss Zhou", language="zh")
    await make_staff(db, 3003, role=Role.SUPERVISOR, team=quiet, name="Boss Idle")
    # Never opened the chat with the bot: Telegram answers 403 and they are marked unreachable.
    silent = await make_staff(db, 3004, role=Role.SUPERVISOR, team=north, name="Boss Silent")
    api.user(3004, "Silent")
    li = await make_staff(db, 3101, team=north, name="Li Lei")
    wang = await make_staff(db, 3102, team=north, name="Wang <Wu>")
    await make_staff(db, 3103, team=north, name="Zhao Yun")
    await make_staff(db, 3104, team=quiet, name="Quiet Rep")
    sup, sup_zh, idle = (api.user(i, "S", started=True) for i in (3001, 3002, 3003))
    acme = await make_customer(db, north, "Acme & Sons")
    # Each check-in closed an hour after it was made.
    for who, customer, at, verdict, suspicious in (
        (li, acme, MORNING, Verdict.AT_SITE, False),
        (wang, acme, MORNING + timedelta(hours=1), Verdict.OUTSIDE, False),
        (wang, None, MORNING + timedelta(hours=3), Verdict.UNVERIFIED, True),
        (li, acme, MORNING - timedelta(days=1), Verdict.AT_SITE, False),  # yesterday: not today's figure
    ):
        out = at + timedelta(hours=1)
        await make_checkin(db, who, customer, at, out=out, verdict=verdict, suspicious=suspicious)
    await make_visit(db, li, acme, MORNING + timedelta(hours=1))
    await make_feedback(
        db,
        wang,
        MORNING + timedelta(hours=2),
        kind="complaint",
        customer=acme,
        description="Customer says <script> & shouts",
    )
    await make_feedback(
        db,
        li,
        MORNING - timedelta(days=2),
        kind="quality",
        severity="batch",
        description="Batch of valves cracked",
    )
    await make_feedback(
        db,
        li,
        MORNING - timedelta(days=2),
        severity="critical",
        acknowledged=True,
        description="Already handled",
    )

    # Before the digest time nothing goes out.
    assert await send_daily_digests(app.bot, db, MORNING) == 0
    assert await send_daily_digests(app.bot, db, EVENING) == 2

    text = (await sup.next_message()).text or ""
    assert text.startswith("📋 Daily digest — North, 2026-11-18")
    assert (
        "3 check-ins (1 suspicious) · 1 visits · 1 feedback · 1 unacknowledged escalations · 1 not checked in"
        in text
    )
    assert "• Li Lei: 1 check-ins (1 at site / 0 outside / 0 suspicious), 1 visits" in text
    assert "• Wang <Wu>: 2 check-ins (0 at site / 1 outside / 1 suspicious), 0 visits" in text
    assert "• [Complaint] Wang <Wu> · Acme & Sons: Customer says <script> & shouts" in text
    assert "• [Batch problem] Li Lei · no customer: Batch of valves cracked (2 d ago)" in text
    assert "Already handled" not in text and "Quiet Rep" not in text
    assert text.rstrip().endswith("Not checked in today\nZhao Yun")
    zh = (await sup_zh.next_message()).text or ""
    assert zh.startswith("📋 每日汇总 — North，2026-11-18")
    assert "今天未签到\nZhao Yun" in zh and "[客户投诉]" in zh

    # The quiet team had no activity: its supervisor gets nothing.
    await idle.assert_no_message(0.2)
    # A second run (or a restart running the job again) sends nothing twice.
    assert await send_daily_digests(app.bot, db, EVENING + timedelta(minutes=5)) == 0
    await sup.assert_no_message(0.2)
    restarted = await bot.restart()
    assert await send_daily_digests(restarted.bot, db, EVENING + timedelta(minutes=10)) == 0
    await sup.assert_no_message(0.2)
    async with db.session() as session:
        logs = (await session.exec(select(DigestLog))).all()
        unreachable = await session.get(Staff, silent.id)
    # Claimed for all three North supervisors (the blocked one is not retried every five minutes).
    assert sorted((row.kind, row.period_key) for row in logs) == [("daily", "2026-11-18")] * 3
    assert unreachable is not None and unreachable.unreachable


async def test_weekly_digest_with_chart_and_reports_per_rep(
    app: FieldApplication, api: LocalBotApiServer, db: Database
) -> None:
    north = await make_team(db, "North")
    await make_staff(db, 3001, role=Role.SUPERVISOR, team=north, name="Boss Chen")
    sup = api.user(3001, "Chen", started=True)
    reps = [
        await make_staff(db, 3100 + i, team=north, name=name) for i, name in enumerate(["Li", "Wang", "Zhao"])
    ]
    for rep in reps:
        await backdate(db, rep, datetime(2026, 9, 1, tzinfo=UTC))
    start, end = date(2026, 11, 9), date(2026, 11, 15)
    due = datetime(2026, 11, 16, 2, 0, tzinfo=UTC)  # Monday 10:00 in Shanghai
    await make_report(db, reps[0], "weekly", start, end, due_at=due, submitted_at=due - timedelta(days=1))
    await make_report(db, reps[1], "weekly", start, end, due_at=due, submitted_at=due + timedelta(hours=1))
    await make_team_rate(db, north, date(2026, 10, 26), on_time=2, expected=3)
    acme = await make_customer(db, north, "Acme")
    await make_visit(
        db,
        reps[2],
        acme,
        datetime(2026, 11, 12, 3, 0, tzinfo=UTC),
        follow_up=True,
        problem="Valve <b>stuck</b>, needs a part",
    )
    # Closed by a later resolved visit to the same customer: not open any more.
    await make_visit(
        db, reps[2], acme, datetime(2026, 9, 12, 3, 0, tzinfo=UTC), follow_up=True, problem="Old one"
    )
    await make_visit(db, reps[2], acme, datetime(2026, 10, 1, 3, 0, tzinfo=UTC), problem="Fixed it")
    # Old but never closed: the supervisor must still see it, first.
    beta = await make_customer(db, north, "Beta")
    await make_visit(
        db, reps[1], beta, datetime(2026, 8, 3, 3, 0, tzinfo=UTC), follow_up=True, problem="Ancient leak"
    )

    # Monday 18:30 in Shanghai: the deadline has passed but the digest time has not.
    assert await send_weekly_digests(app.bot, db, datetime(2026, 11, 16, 10, 30, tzinfo=UTC)) == 0
    assert await send_weekly_digests(app.bot, db, datetime(2026, 11, 16, 11, 30, tzinfo=UTC)) == 1

    text = (await sup.next_message()).text or ""
    assert text.startswith("📈 Weekly digest — North, 2026-11-09 – 2026-11-15")
    assert "Weekly reports: 1 on time, 1 late, 1 missing · team on-time rate 33%" in text
    assert "• Li: ✅ 1 on time, ⏰ 0 late, ❌ 0 missing" in text
    assert "• Wang: ✅ 0 on time, ⏰ 1 late, ❌ 0 missing" in text
    assert "• Zhao: ✅ 0 on time, ⏰ 0 late, ❌ 1 missing" in text
    assert "• 2026-11-12 Acme — Zhao: Valve <b>stuck</b>, needs a part" in text
    assert "Old one" not in text and "Fixed it" not in text
    assert text.index("• 2026-08-03 Beta — Wang: Ancient leak") < text.index("2026-11-12 Acme")
    photo = await sup.next_message()
    assert photo.kind == "photo" and photo.photo_file_id is not None
    stored = api.files.get(photo.photo_file_id)
    assert stored is not None and stored.data.startswith(PNG_SIGNATURE)
    # Stored rate for the week of 26 October (2 of 3), computed rates elsewhere, this week's last.
    assert photo.caption is not None and re.search(r"last 8 weeks: .*67%.* 33%$", photo.caption)

    assert await send_weekly_digests(app.bot, db, datetime(2026, 11, 17, 11, 30, tzinfo=UTC)) == 0
    await sup.assert_no_message(0.2)
