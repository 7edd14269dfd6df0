"""/schedule, /leave and /holiday: supervisors edit their own team, reps cannot, bad input is explained."""

from __future__ import annotations

from datetime import date

from sqlmodel import select

from bot.app import FieldApplication
from localbotapi.server import LocalBotApiServer
from storage.db import Database
from storage.field_models import Holiday, Leave, ReportSchedule
from storage.models import Role
from tests.support.people import make_staff, make_team


async def test_supervisor_edits_schedule_leave_and_holiday(
    app: FieldApplication, api: LocalBotApiServer, db: Database
) -> None:
    north, south = await make_team(db, "North"), await make_team(db, "South")
    await make_staff(db, 801, role=Role.SUPERVISOR, team=north, name="Sup Zhang", language="zh")
    rep = await make_staff(db, 802, team=north, name="Rep Li")
    await make_staff(db, 803, team=south, name="Rep Wang")
    boss, li = api.user(801, "Zhang", language_code="zh"), api.user(802, "Li")

    await boss.send_command("/schedule")
    listing = await boss.next_message()
    assert (
        "North 组的报表时间" in listing.text
        and "周报：mon 10:00" in listing.text
        and "（已停用）" in listing.text
    )

    await boss.send_command("/schedule", "weekly fri 17:30 grace=30 remind=120,1440")
    saved = await boss.next_message()
    assert saved.text.startswith("已保存。") and "fri 17:30" in saved.text and "宽限 30 分钟" in saved.text
    await boss.send_command("/schedule", "weekly someday 25:00")
    assert "无法识别" in (await boss.next_message()).text
    await boss.send_command("/schedule", "daily 16:00 @South")  # not their team
    assert "只有主管和管理员" in (await boss.next_message()).text

    await boss.send_command("/leave", "802 2026-12-01 2026-12-05 family")
    assert "Rep Li 于 2026-12-01 至 2026-12-05 请假" in (await boss.next_message()).text
    await boss.send_command("/leave", "803 2026-12-01 2026-12-05")  # someone else's rep
    assert "此人不在你的组内" in (await boss.next_message()).text
    await boss.send_command("/holiday", "2026-10-01 National Day")
    assert "2026-10-01 为 North 组的节假日" in (await boss.next_message()).text

    await li.send_command("/holiday", "2026-10-02")
    assert (
        await li.next_message()
    ).text == "Only supervisors and admins can change schedules, leave and holidays."

    async with db.session() as session:
        schedule = (await session.exec(select(ReportSchedule))).one()
        leave = (await session.exec(select(Leave))).one()
        holidays = (await session.exec(select(Holiday))).all()
    assert (schedule.team_id, schedule.weekday, schedule.due_time, schedule.grace_minutes) == (
        north.id,
        4,
        "17:30",
        30,
    )
    assert schedule.reminder_offsets_minutes == [1440, 120]
    assert (leave.staff_id, leave.start_date, leave.end_date, leave.reason) == (
        rep.id,
        date(2026, 12, 1),
        date(2026, 12, 5),
        "family",
    )
    assert [(h.team_id, h.day) for h in holidays] == [(north.id, date(2026, 10, 1))]
