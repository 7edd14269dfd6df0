"""Monthly scorecards end to end, with hand-computed answers: Li Lei's October 2026 on the seed scheme
(field_rep_monthly), scored by the supervisor through the real bot with a restart in the middle, then
read by Li with /score and by the supervisor as the team's month.

Li's October (the clock stands at 2026-11-18 in Shanghai; October has 22 Monday-Friday workdays):
- attendance: a check-in every workday but the 2nd (a team holiday: H, not absent), the 14th (half a day of
  leave and no check-in: absent, half a day counts whole), the 16th (marked absent from training) and the
  21st (nothing): 3 absent days, 100 − 3 × 4 = 88;
- whereabouts: found once, not found twice: 10 − 2 × 2 = 6;
- complaints against him: one: 10 − 5 = 5;
- reports: four weekly periods ending in October, on time, missed, missed, on time: (2 not on time + 1
  for the second miss in a row) of 4 lost: 10 × (1 − 3/4) = 2.5;
- training: one absence: 10 − 3 = 7;
- quality feedback: a batch problem filed 2 h after the visit (on time), a critical one 30 h after (late):
  10 × 1/2 = 5;
- judged: work quality 10, service-centre quality 18 (reason "Slow paperwork"), dealers 10, service
  activities 10, special deductions 0.
Daily work: 10 + 6 + 5 + 18 + 10 + 2.5 + 7 + 10 + 5 + 0 = 73.5; month: 73.5 × 0.7 + 88 × 0.3 = 77.85.
Before the supervisor judges, the judged items count full marks: 75.5 × 0.7 + 26.4 = 79.25.
"""

from __future__ import annotations

from datetime import date, timedelta

from sqlmodel import col, select

from bot.app import FieldApplication
from domain.attendance import Correction, month_days
from localbotapi.server import LocalBotApiServer
from storage import attendance as attendance_db
from storage.db import Database
from storage.field_models import Feedback, Leave
from storage.models import Role, Staff, Team
from storage.rate_models import OnTimeRate
from storage.score_models import LocateRequest, MonthScore, ScoreEntry
from tests.conftest import RunningBot
from tests.support.field import make_checkin, make_customer
from tests.support.paperwork import add_holiday, local
from tests.support.people import make_rep, make_staff, make_team, opened

OCTOBER = date(2026, 10, 1)
NOT_THERE = {2, 14, 16, 21}


async def _october(db: Database) -> tuple[Team, Staff, Staff, Staff]:
    """North with supervisor Chen (9001), Li Lei (9101) as described above and Wang Wu (9102), who has
    done nothing at all in October."""
    north = await make_team(db)
    boss = await make_staff(db, 9001, role=Role.SUPERVISOR, team=north, name="Boss Chen")
    li = await make_rep(db, 9101, north, name="Li Lei")
    wang = await make_rep(db, 9102, north, name="Wang Wu", language="zh")
    site = await make_customer(db, north, "Acme")
    await add_holiday(db, north, date(2026, 10, 2))
    for day in month_days(2026, 10):
        if day.weekday() < 5 and day.day not in NOT_THERE:
            await make_checkin(db, li, None, local(day, 8), out=local(day, 9))
    # The visit at Acme the quality problems are about: 10:00 on the 8th.
    await make_checkin(db, li, site, local(date(2026, 10, 8), 10), out=local(date(2026, 10, 8), 11))
    async with db.session() as session:
        lid = li.id or 0
        session.add(
            Leave(staff_id=lid, start_date=date(2026, 10, 14), end_date=date(2026, 10, 14), half_day=True)
        )
        await attendance_db.set_mark(
            session,
            staff_id=lid,
            day=date(2026, 10, 16),
            mark=Correction.ABSENT,
            reason="training",
            by=boss,
            now=db.clock.now(),
        )
        for when, outcome in ((5, "found"), (12, "not_found"), (20, "not_found")):
            asked = local(date(2026, 10, when), 10)
            session.add(
                LocateRequest(
                    staff_id=lid,
                    asked_by_id=boss.id,
                    asked_at=asked,
                    due_at=asked + timedelta(minutes=15),
                    outcome=outcome,
                )
            )
        session.add(
            Feedback(
                staff_id=lid,
                team_id=north.id,
                kind="complaint",
                complaint_category="staff",
                description="Rude",
                created_at=local(date(2026, 10, 22), 15),
            )
        )
        # A complaint about the product is not against the rep; a September one is not October's.
        session.add(
            Feedback(
                staff_id=lid,
                team_id=north.id,
                kind="complaint",
                complaint_category="product",
                description="Broken",
                created_at=local(date(2026, 10, 22), 16),
            )
        )
        session.add(
            Feedback(
                staff_id=lid,
                team_id=north.id,
                kind="complaint",
                complaint_category="staff",
                description="Late",
                created_at=local(date(2026, 9, 30), 23),
            )
        )
        for hours, severity in ((2, "batch"), (30, "critical")):
            session.add(
                Feedback(
                    staff_id=lid,
                    team_id=north.id,
                    kind="quality",
                    severity=severity,
                    customer_id=site.id,
                    description="Cracked",
                    created_at=local(date(2026, 10, 8), 10) + timedelta(hours=hours),
                )
            )
        for start, missing in (
            (date(2026, 9, 28), 0),
            (date(2026, 10, 5), 1),
            (date(2026, 10, 12), 1),
            (date(2026, 10, 19), 0),
            (date(2026, 10, 26), 1),
        ):
            session.add(
                OnTimeRate(
                    staff_id=lid,
                    team_id=north.id,
                    kind="weekly",
                    period_start=start,
                    period_end=start + timedelta(days=6),
                    expected=1,
                    on_time=1 - missing,
                    missing=missing,
                    on_time_rate=1.0 - missing,
                )
            )
    return north, boss, li, wang


async def _entries(db: Database, staff: Staff) -> dict[str, ScoreEntry]:
    async with db.session() as session:
        rows = await session.exec(select(ScoreEntry).where(col(ScoreEntry.staff_id) == staff.id))
        return {row.item_key: row for row in rows}


async def _month(db: Database, staff: Staff) -> MonthScore:
    async with db.session() as session:
        return (await session.exec(select(MonthScore).where(col(MonthScore.staff_id) == staff.id))).one()


async def test_a_supervisor_scores_a_month_through_a_restart_and_the_rep_reads_why(
    bot: RunningBot, api: LocalBotApiServer, db: Database
) -> None:
    _, boss_row, li, _ = await _october(db)
    boss, rep = api.user(9001, "Chen"), api.user(9101, "Li")

    await boss.send_command("/scoring")
    listing = await boss.next_message()
    assert listing.text == (
        "📝 Score team North for 2026-10: pick a rep. Judged items start at full marks; a deduction asks "
        "for a reason. Deadline: 2026-11-05."
    )
    # Wang did nothing: 21 workdays absent, 100 − 84 = 16; no report was due (none rated), so every item
    # is full: 100 × 0.7 + 16 × 0.3 = 74.8.
    assert [b["text"] for b in listing.inline_buttons()] == ["✏️ Li Lei · 79.25", "✏️ Wang Wu · 74.8"]
    auto = await _entries(db, li)
    assert {key: entry.points for key, entry in auto.items()} == {
        "whereabouts": 6,
        "complaints": 5,
        "reports": 2.5,
        "training": 7,
        "quality_feedback": 5,
    }
    assert all(entry.auto and entry.set_by_id is None for entry in auto.values())
    assert (await _month(db, li)).attendance == 88

    await boss.press(listing, "✏️ Li Lei · 79.25")
    ask = await boss.next_message()
    assert ask.text == (
        "Question 1 of 5.\nLi Lei, 2026-10\nWork quality (at most 10). Full marks unless you take points off."
    )
    assert [b["text"] for b in ask.inline_buttons()] == [
        "✅ 10 · full marks",
        "9",
        "8",
        "7",
        "5",
        "0",
        "Cancel",
    ]
    await boss.press(ask, "✅ 10 · full marks")
    ask = await boss.next_message()
    assert "Service-centre work quality (at most 20)" in (ask.text or "")
    await boss.press(ask, "18")
    why = await boss.next_message()
    assert "Why 18 for Service-centre work quality? One line; Li Lei will read it." in (why.text or "")
    await bot.restart()  # a deploy in the middle: the draft is kept
    await boss.send_text("Slow <b>paperwork</b>")
    ask = await boss.next_message()
    assert "Dealers' opinion" in (ask.text or "")
    await boss.press(ask, "✅ 10 · full marks")
    activities = await boss.next_message()
    await boss.press(activities, "✅ 10 · full marks")
    special = await boss.next_message()
    assert (special.text or "").startswith(
        "Question 6 of 6.\nLi Lei, 2026-10\nSpecial deductions: none unless"
    )
    await bot.restart()
    await boss.press(special, "✅ 0 · none")
    preview = await boss.next_message()
    shown = preview.text or ""
    assert "Service-centre work quality: 18 / 20\n  −2: Slow <b>paperwork</b>" in shown
    assert "Whereabouts: 6 / 10\n  −4: not found 2 time(s) when your supervisor asked where you were" in shown
    assert (
        "Visit reports, monthly plan and summary on time: 2.5 / 10\n"
        "  −7.5: 2 of 4 reports on time, 2 missing (2 in a row)" in shown
    )
    assert "Daily work 73.5 × 70 % + attendance 88 × 30 %\nMonth: 77.85" in shown
    await boss.press(preview, "✅ Submit")
    done = await boss.next_message()
    assert done.text == "✅ Li Lei scored 77.85 for 2026-10.\n1 rep(s) of the team still to score: /scoring"

    judged = await _entries(db, li)
    assert (judged["service_centre_quality"].points, judged["service_centre_quality"].reason) == (
        18,
        "Slow <b>paperwork</b>",
    )
    assert (
        judged["service_centre_quality"].set_by_id == boss_row.id
        and not judged["service_centre_quality"].auto
    )
    assert judged["work_quality"].points == 10 and judged["work_quality"].reason is None
    month = await _month(db, li)
    assert (month.work_points, month.attendance, month.total, month.flagged) == (73.5, 88, 77.85, False)
    assert month.submitted_by_id == boss_row.id and month.submitted_at is not None

    # Recomputing keeps the judged values (a second /scoring recomputes the automatic items).
    await boss.send_command("/scoring")
    again = await boss.next_message()
    assert [b["text"] for b in again.inline_buttons()] == ["✅ Li Lei · 77.85", "✏️ Wang Wu · 74.8"]
    assert (await _entries(db, li))["service_centre_quality"].points == 18

    await rep.send_command("/score")
    card = (await rep.next_message()).text or ""
    assert card.startswith("🏅 Scorecard of Li Lei, 2026-10 (Field service representative, monthly)")
    assert "User complaints: 5 / 10\n  −5: 1 complaint(s) against you" in card
    assert "Internal training: 7 / 10\n  −3: 1 training absence(s)" in card
    assert (
        "Quality information fed back on time: 5 / 10\n  −5: 50% of batch/critical quality problems" in card
    )
    assert "Month: 77.85" in card and "Scored by Boss Chen on 2026-11-18." in card
    assert "Year 2026 so far: 77.85 (mean of 1 month(s))." in card
    assert "Under 60" not in card


async def test_a_month_under_60_is_flagged_for_the_rep_in_chinese_and_in_the_teams_list(
    app: FieldApplication, api: LocalBotApiServer, db: Database
) -> None:
    await _october(db)
    boss, wang = api.user(9001, "Chen"), await opened(api, 9102, "Wang")
    await boss.send_command("/scoring", "2026-11")
    assert (await boss.next_message()).text == (
        "2026-11 is not over yet: a month is scored from the 1st of the next one."
    )
    await boss.send_command("/scoring")
    listing = await boss.next_message()
    # Wang: 21 absent days (attendance 16); work quality 0 and service-centre quality 0 with reasons:
    # daily work 100 − 30 = 70; 70 × 0.7 + 16 × 0.3 = 53.8, under 60.
    await boss.press(listing, "✏️ Wang Wu · 74.8")
    await boss.press(await boss.next_message(), "0")
    await boss.next_message()
    await boss.send_text("No visit records at all")
    await boss.press(await boss.next_message(), "0")
    await boss.next_message()
    await boss.send_text("Never at the service centre")
    for label in ("✅ 10 · full marks", "✅ 10 · full marks", "✅ 0 · none", "✅ Submit"):
        await boss.press(await boss.next_message(), label)
    assert (await boss.next_message()).text == (
        "✅ Wang Wu scored 53.8 for 2026-10.\n1 rep(s) of the team still to score: /scoring"
    )

    assert (await wang.next_message()).text == "🏅 您 2026-10 的考核表已出：53.8 分。发送 /score 查看每一项。"
    await wang.send_command("/score")
    card = (await wang.next_message()).text or ""
    assert card.startswith("🏅 Wang Wu 2026-10 考核表（现场服务代表月度考核）")
    assert "工作质量：0 / 10\n  −10：No visit records at all" in card
    assert "日常工作 70 × 70% + 出勤 16 × 30%\n月度得分：53.8\n⚠️ 低于60分：本月扣除30%绩效奖金。" in card
    assert "2026 年至今：53.8（1 个月的平均分）。" in card

    await boss.send_command("/score")
    team = await boss.next_message()
    assert team.text == "🏅 Team North, 2026-10\nLi Lei: 79.25 (not submitted)\nWang Wu: 53.8 ⚠️"
    await boss.press(team, "Li Lei")
    assert "Not submitted yet: judged items count full marks" in ((await boss.next_message()).text or "")
    # A rep cannot open the scoring list, nor another rep's card.
    await wang.send_command("/scoring")
    assert (await wang.next_message()).text == "只有主管和管理员可以评分。"
