"""/holiday: a year of China's days off and make-up working days (调休) from the official calendar, then
edited by hand; filled days excuse the reports due on them."""

from __future__ import annotations

from collections import Counter
from datetime import date, timedelta
from zoneinfo import ZoneInfo

from sqlmodel import select

from bot.app import FieldApplication
from domain.deadlines import DEFAULT_SCHEDULES, period_for
from jobs.reminders import send_due_reminders
from localbotapi.server import LocalBotApiServer
from presentation.buttons import FillYear
from presentation.i18n import t
from storage.db import Database
from storage.field_models import Holiday
from storage.models import Role
from storage.team_models import MakeupWorkday
from tests.support.chat import edited
from tests.support.people import make_rep, make_staff, make_team

SPRING_FESTIVAL = [date(2026, 2, 15) + timedelta(days=n) for n in range(9)]  # 15 to 23 February 2026
MAKEUP_2026 = [date(2026, m, d) for m, d in ((1, 4), (2, 14), (2, 28), (5, 9), (9, 20), (10, 10))]


async def calendar(db: Database, team_id: int | None) -> tuple[dict[date, str | None], list[date]]:
    """The team's stored days off (with names) and make-up working days."""
    async with db.session() as session:
        holidays = (await session.exec(select(Holiday).where(Holiday.team_id == team_id))).all()
        workdays = (await session.exec(select(MakeupWorkday).where(MakeupWorkday.team_id == team_id))).all()
    return {h.day: h.name for h in holidays}, sorted(w.day for w in workdays)


async def test_supervisor_fills_2026_then_edits_it_and_the_festival_excuses_the_report(
    app: FieldApplication, api: LocalBotApiServer, db: Database
) -> None:
    north = await make_team(db)
    await make_staff(db, 9001, role=Role.SUPERVISOR, team=north)
    boss = api.user(9001, "Boss")

    await boss.send_command("/holiday")
    shown = await boss.next_message()
    assert "Holidays of team North in 2026" in shown.text and "Days off: none" in shown.text
    assert [b["text"] for b in shown.inline_buttons()] == [
        "📅 Fill 2026 from China's official calendar",
        "📅 Fill 2027 from China's official calendar",
    ]
    await boss.press(shown, "📅 Fill 2026 from China's official calendar")
    await edited(boss, shown, "📅 2026 for team North: 33 day(s) off and 6 make-up working day(s) added")
    holidays, workdays = await calendar(db, north.id)
    assert all(holidays[day] == "春节 Spring Festival" for day in SPRING_FESTIVAL)
    assert len(holidays) == 33 and date(2026, 2, 24) not in holidays
    assert workdays == MAKEUP_2026 and date(2026, 2, 14).weekday() == 5  # a make-up Saturday

    # Filling again adds nothing twice.
    await boss.send_command("/holiday", "fill 2026")
    assert (await boss.next_message()).text == "📅 2026 for team North was already filled: nothing added."
    assert await calendar(db, north.id) == (holidays, workdays)

    # 2027 is not published in the calendar yet: said plainly, nothing guessed.
    await boss.send_command("/holiday")
    again = await boss.next_message()
    assert "Days off: 2026-01-01–01-03, 2026-02-15–02-23, 2026-04-04–04-06" in again.text
    assert "Make-up working days (调休): 2026-01-04, 2026-02-14, 2026-02-28" in again.text
    await boss.press(again, "📅 Fill 2027 from China's official calendar")
    await edited(boss, again, "China's official holidays for 2027 are not in the calendar yet")

    # Edited by hand afterwards; a later fill only puts back what is missing.
    await boss.send_command("/holiday", "remove 2026-02-23")
    assert (await boss.next_message()).text == "2026-02-23 is an ordinary day again for team North."
    await boss.send_command("/holiday", "remove 2026-02-23")
    assert (
        await boss.next_message()
    ).text == "2026-02-23 was neither a holiday nor a make-up working day for team North."
    await boss.send_command("/holiday", "workday 2026-03-07 <stocktaking>")
    assert (await boss.next_message()).text == "2026-03-07 is a make-up working day for team North."
    await boss.send_command("/holiday", "fill 2026")
    assert "1 day(s) off and 0 make-up working day(s) added" in (await boss.next_message()).text
    holidays, workdays = await calendar(db, north.id)
    assert date(2026, 2, 23) in holidays and date(2026, 3, 7) in workdays
    await boss.send_command("/holiday", "fill twenty")
    refused = (await boss.next_message()).text
    assert refused.startswith("I could not read that.") and "/holiday fill 2026 fills a year" in refused

    # The weekly report of 9-15 February is due on Monday the 16th, a festival day: nobody is chased.
    rep = await make_rep(db, 9002, north)
    api.user(9002, "Rep", started=True)
    week = period_for(DEFAULT_SCHEDULES["weekly"], date(2026, 2, 9), ZoneInfo("Asia/Shanghai"))
    assert week.due_at.date() == date(2026, 2, 16)
    assert await send_due_reminders(app.bot, db, week.due_at - timedelta(hours=24)) == Counter()
    assert api.messages_for(rep.telegram_id) == []


async def test_in_chinese_and_only_for_ones_own_team(
    app: FieldApplication, api: LocalBotApiServer, db: Database
) -> None:
    north, south = await make_team(db), await make_team(db, "华南")
    await make_staff(db, 9101, role=Role.SUPERVISOR, team=south, language="zh")
    boss = api.user(9101, "老板", language_code="zh-hans")
    await boss.send_command("/holiday", "fill 2026")
    filled = await boss.next_message()
    assert filled.text.startswith("📅 华南 组 2026 年：新增放假 33 天、调休上班 6 天")
    assert await calendar(db, north.id) == ({}, [])

    # A fill button naming another team (an old message, or tampered data) is refused.
    query = await boss.press_raw(filled.message_id, FillYear(north.id, 2026).pack())
    assert (await boss.callback_answer(query)).text == t("zh", "common.not_yours")
    assert await calendar(db, north.id) == ({}, [])
    await boss.send_command("/holiday", "@North")
    assert (await boss.next_message()).text == t("zh", "schedules.not_allowed")
    await boss.send_command("/holiday", "@Nowhere")
    assert (await boss.next_message()).text == t("zh", "schedules.team_unknown", team="Nowhere")

    # An admin without a team of their own must name one.
    await make_staff(db, 9102, role=Role.ADMIN)
    admin = api.user(9102, "Admin")
    await admin.send_command("/holiday")
    assert (await admin.next_message()).text == "Which team? Add the team name at the end, e.g. @North."
    await admin.send_command("/holiday", "@North")
    assert (await admin.next_message()).text.startswith("Holidays of team North in 2026")
