"""/attendance end to end: a rep's month, the team's, a supervisor's correction (stored and audited), half-day
leave through /leave, a team that works Saturdays, and who may press what. The clock stands at Wednesday
2026-11-18 10:00 in Shanghai; November's workdays so far are the 2nd–6th, 9th–13th and 16th–18th."""

from __future__ import annotations

from datetime import date

from sqlmodel import select

from bot.app import FieldApplication
from localbotapi.server import LocalBotApiServer
from presentation.attendance_text import day_key
from presentation.buttons import AttendanceMonth, AttendanceSet
from storage.db import Database
from storage.field_models import Leave
from storage.models import AuditEntry, Role, Staff, Team
from storage.score_models import AttendanceMark, TeamWorkSettings
from tests.support.chat import edited
from tests.support.field import make_checkin, make_customer
from tests.support.paperwork import local
from tests.support.people import make_rep, make_staff, make_team

CHECKED_IN = [2, 3, 4, 9, 10, 11, 16, 17, 18]  # November days with a check-in


async def _team(db: Database) -> tuple[Team, Staff, Staff]:
    """North: supervisor 9001, Li Lei (9101) with check-ins, Wang Wu (9102, Chinese) with none."""
    north = await make_team(db)
    await make_staff(db, 9001, role=Role.SUPERVISOR, team=north, name="Boss Chen")
    li = await make_rep(db, 9101, north, name="Li Lei")
    wang = await make_rep(db, 9102, north, name="Wang Wu", language="zh")
    site = await make_customer(db, north, "Acme")
    for day in CHECKED_IN:
        # 07:30 in Shanghai is 23:30 UTC the day before: the team's day must decide, not UTC's.
        when = local(date(2026, 11, day), 7, 30)
        await make_checkin(db, li, site, when, out=local(date(2026, 11, day), 9, 30))
    return north, li, wang


async def _marks(db: Database) -> list[AttendanceMark]:
    async with db.session() as session:
        return list((await session.exec(select(AttendanceMark))).all())


async def test_rep_month_team_view_half_day_leave_and_an_audited_correction(
    app: FieldApplication, api: LocalBotApiServer, db: Database
) -> None:
    north, li, wang = await _team(db)
    boss, rep, other = api.user(9001, "Chen"), api.user(9101, "Li"), api.user(9102, "Wang")

    # Half a day off on Thursday the 5th (no check-in), two whole days on the 12th and 13th.
    await boss.send_command("/leave", "9101 2026-11-05 half doctor")
    assert (await boss.next_message()).text == (
        "Li Lei is on leave for half a day on 2026-11-05 (attendance counts half a day away as a whole day)."
    )
    await boss.send_command("/leave", "9101 2026-11-12 2026-11-13")
    await boss.next_message()
    async with db.session() as session:
        leaves = (await session.exec(select(Leave).order_by(Leave.start_date))).all()  # type: ignore[arg-type]
    assert [(x.start_date, x.end_date, x.half_day) for x in leaves] == [
        (date(2026, 11, 5), date(2026, 11, 5), True),
        (date(2026, 11, 12), date(2026, 11, 13), False),
    ]

    # The rep's month: 9 present, leave on the 12th-13th, absent the 5th (half a day) and the 6th.
    await rep.send_command("/attendance")
    month = await rep.next_message()
    text = month.text or ""
    assert text.startswith("🗓 Attendance of Li Lei, 2026-11")
    assert "11-01  ·  ·  ·  ·  ·  ·  H" in text
    assert "11-02  P  P  P  A  A  H  H" in text
    assert "11-09  P  P  P  L  L  H  H" in text
    assert "11-16  P  P  P  ·  ·  ·  ·" in text  # the rest of the month is not counted yet
    assert "Absent: 2 day(s) · attendance score 92" in text
    assert "Counted up to 2026-11-18." in text
    assert [b["text"] for b in month.inline_buttons()] == ["2026-08", "2026-09", "2026-10"]
    # Wang, in Chinese: thirteen workdays without a check-in.
    await other.send_command("/attendance")
    assert "缺勤：13 天 · 出勤得分 48" in ((await other.next_message()).text or "")

    # The supervisor's team: one line per rep.
    await boss.send_command("/attendance")
    team = await boss.next_message()
    assert "🗓 Attendance of team North, 2026-11" in (team.text or "")
    assert "• Li Lei: P 9 · A 2 · L 2 — 92" in (team.text or "")
    assert "• Wang Wu: P 0 · A 13 · L 0 — 48" in (team.text or "")

    # Li was at a training on the 6th: the supervisor corrects the day with buttons.
    await boss.press(team, "Li Lei")
    days = await edited(boss, team, "🗓 Attendance of Li Lei, 2026-11")
    assert [b["text"] for b in days.inline_buttons()][:5] == ["2 P", "3 P", "4 P", "5 A", "6 A"]
    await boss.press(days, "6 A")
    choices = await edited(boss, team, "Li Lei, 2026-11-06: now A. What was it?")
    await boss.press(choices, "✅ Present: training")
    saved = await edited(boss, team, "Saved: Li Lei, 2026-11-06 — ✅ Present: training.")
    assert "11-02  P  P  P  A  P  H  H" in saved.shown_text
    assert "Absent: 1 day(s) · attendance score 96" in saved.shown_text
    [mark] = await _marks(db)
    assert (mark.staff_id, mark.day, mark.mark, mark.reason) == (
        li.id,
        date(2026, 11, 6),
        "present",
        "training",
    )
    async with db.session() as session:
        audit = (await session.exec(select(AuditEntry).where(AuditEntry.event == "attendance_mark"))).all()
    assert [(a.telegram_id, a.detail) for a in audit] == [
        (9001, f"staff {li.id} 2026-11-06 present training")
    ]

    # The rep sees the corrected score; taking the correction back restores the record, audited too.
    await rep.send_command("/attendance")
    assert "Absent: 1 day(s) · attendance score 96" in ((await rep.next_message()).text or "")
    await boss.press(saved, "6 P")
    await boss.press(await edited(boss, team, "now P. What was it?"), "↩️ As recorded (no correction)")
    await edited(boss, team, "Absent: 2 day(s) · attendance score 92")
    assert await _marks(db) == []

    # An earlier month from the picker.
    await boss.press(await edited(boss, team, "Saved"), "◀ The team")
    back = await edited(boss, team, "🗓 Attendance of team North, 2026-11")
    await boss.press(back, "2026-10")
    october = await edited(boss, team, "🗓 Attendance of team North, 2026-10")
    assert "• Li Lei: P 0 · A 22 · L 0 — 12" in october.shown_text
    assert "Counted up to" not in october.shown_text
    assert wang.id is not None and north.id is not None


async def test_a_team_that_works_saturdays(
    app: FieldApplication, api: LocalBotApiServer, db: Database
) -> None:
    north, _li, _wang = await _team(db)
    boss, rep = api.user(9001, "Chen"), api.user(9101, "Li")

    await boss.send_command("/attendance", "week mon-sat")
    assert (await boss.next_message()).text == (
        "Team North works on mon, tue, wed, thu, fri, sat, from 08:30 to 19:00; "
        "/locate waits 15 min for an answer."
    )
    async with db.session() as session:
        stored = (await session.exec(select(TeamWorkSettings))).one()
    assert (stored.team_id, stored.weekdays) == (north.id, [0, 1, 2, 3, 4, 5])

    await rep.send_command("/attendance")
    text = (await rep.next_message()).text or ""
    # Saturdays the 7th and 14th are now workdays without a check-in: absences too.
    assert "11-02  P  P  P  A  A  A  H" in text
    assert "Absent: 6 day(s) · attendance score 76" in text  # the 5th, 6th, 7th, 12th, 13th, 14th

    await boss.send_command("/attendance", "week someday")
    assert "I could not read that." in ((await boss.next_message()).text or "")
    # The day starts at 08:00 and /locate waits 20 minutes; a time that is no time changes nothing.
    await boss.send_command("/attendance", "start 8:00")
    await boss.next_message()
    await boss.send_command("/attendance", "locate 20")
    assert "from 08:00 to 19:00; /locate waits 20 min" in ((await boss.next_message()).text or "")
    await boss.send_command("/attendance", "start 25:00")
    assert "I could not read that." in ((await boss.next_message()).text or "")
    async with db.session() as session:
        stored = (await session.exec(select(TeamWorkSettings))).one()
    assert (stored.weekdays, stored.workday_start, stored.locate_window_minutes) == (
        [0, 1, 2, 3, 4, 5],
        "08:00",
        20,
    )


async def test_a_rep_cannot_correct_or_see_others(
    app: FieldApplication, api: LocalBotApiServer, db: Database
) -> None:
    north, li, wang = await _team(db)
    rep = api.user(9102, "Wang")
    await rep.send_command("/attendance")
    mine = await rep.next_message()

    # A forged correction of their own day, and a forged look at Li's month: both refused, nothing stored.
    forged = AttendanceSet(wang.id or 0, day_key(date(2026, 11, 6)), "pw").pack()
    answer = await rep.callback_answer(await rep.press_raw(mine.message_id, forged))
    assert (answer.text, answer.show_alert) == ("这不是你的记录，无法打开。", True)
    assert await _marks(db) == []
    peek = AttendanceMonth(north.id or 0, li.id or 0, 202611).pack()
    answer = await rep.callback_answer(await rep.press_raw(mine.message_id, peek))
    assert (answer.text, answer.show_alert) == ("这不是你的记录，无法打开。", True)
    assert "Li Lei" not in rep.transcript()
    # Not even a supervisor corrects a day that has not come yet.
    boss = api.user(9001, "Chen")
    await boss.send_command("/attendance")
    team = await boss.next_message()
    ahead = AttendanceSet(li.id or 0, day_key(date(2026, 11, 20)), "pw").pack()
    answer = await boss.callback_answer(await boss.press_raw(team.message_id, ahead))
    assert (answer.text, answer.show_alert) == ("That is not yours to open.", True)
    assert await _marks(db) == []
    # Another team's supervisor sees neither North's month nor one of its reps'.
    south = await make_team(db, "South")
    await make_staff(db, 9002, role=Role.SUPERVISOR, team=south, name="Boss Zhou")
    zhou = api.user(9002, "Zhou")
    await zhou.send_command("/attendance")
    theirs = await zhou.next_message()
    for staff_id in (0, li.id or 0):
        look = AttendanceMonth(north.id or 0, staff_id, 202611).pack()
        answer = await zhou.callback_answer(await zhou.press_raw(theirs.message_id, look))
        assert (answer.text, answer.show_alert) == ("That is not yours to open.", True)
    assert "Li Lei" not in zhou.transcript()
    # A rep in no team hears so instead of nothing.
    await make_staff(db, 9104, name="Loner")
    loner = api.user(9104, "Loner")
    await loner.send_command("/attendance")
    assert (
        await loner.next_message()
    ).text == "You are not in a team yet, so there is no attendance to show."
    # A month not begun yet is not a month to show.
    await rep.send_command("/attendance", "2027-01")
    assert ((await rep.next_message()).text or "").startswith("无法识别。用法：/attendance（本月）")
