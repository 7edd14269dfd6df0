"""The attendance and whereabouts storage the scorecards read: a team's month in the team's zone, half
days, marks, leave on a day, and whereabouts counted per month once, however many runs settle them."""

from __future__ import annotations

import asyncio
from datetime import UTC, date, datetime, timedelta

from domain.attendance import Correction, DayMark, WorkCalendar, month_sheet
from storage import attendance as attendance_db
from storage import whereabouts as whereabouts_db
from storage.db import Database
from storage.field_models import Leave
from storage.models import Role
from tests.support.field import make_checkin
from tests.support.paperwork import add_holiday, local
from tests.support.people import make_rep, make_staff, make_team


async def test_a_teams_month_in_its_own_zone_with_half_days_and_marks(db: Database) -> None:
    north = await make_team(db)  # Asia/Shanghai
    boss = await make_staff(db, 9001, role=Role.SUPERVISOR, team=north)
    li = await make_rep(db, 9101, north)
    wang = await make_rep(db, 9102, north)
    gone = await make_rep(db, 9103, north, active=False)
    # 07:00 on Monday the 2nd in Shanghai is Sunday the 1st in UTC: it counts for the 2nd. 00:30 on
    # 1 December in Shanghai is still November in UTC: it must not count for November.
    await make_checkin(db, li, None, local(date(2026, 11, 2), 7), out=local(date(2026, 11, 2), 8))
    await make_checkin(db, li, None, local(date(2026, 12, 1), 0, 30), out=local(date(2026, 12, 1), 1))
    await make_checkin(db, wang, None, local(date(2026, 11, 3), 9), out=local(date(2026, 11, 3), 10))
    await add_holiday(db, north, date(2026, 11, 4))
    async with db.session() as session:
        # Two half days on the 5th make a whole day; one half day on the 6th stays half.
        session.add(
            Leave(
                staff_id=li.id or 0, start_date=date(2026, 11, 5), end_date=date(2026, 11, 5), half_day=True
            )
        )
        session.add(
            Leave(
                staff_id=li.id or 0, start_date=date(2026, 11, 5), end_date=date(2026, 11, 5), half_day=True
            )
        )
        session.add(
            Leave(
                staff_id=li.id or 0, start_date=date(2026, 11, 6), end_date=date(2026, 11, 6), half_day=True
            )
        )
        session.add(Leave(staff_id=wang.id or 0, start_date=date(2026, 10, 28), end_date=date(2026, 11, 3)))
        now = datetime(2026, 11, 18, 2, tzinfo=UTC)
        await attendance_db.set_mark(
            session,
            staff_id=li.id or 0,
            day=date(2026, 11, 9),
            mark=Correction.ABSENT,
            reason="training",
            by=boss,
            now=now,
        )
        await attendance_db.save_work_settings(session, north.id or 0, weekdays=[0, 1, 2, 3, 4, 5])

    async with db.session() as session:
        work = await attendance_db.team_work_calendar(session, north.id or 0, 2026, 11)
        months = await attendance_db.rep_months(session, north.id or 0, 2026, 11, until=date(2026, 11, 10))
        away = await attendance_db.on_leave(session, [li.id or 0, wang.id or 0], date(2026, 11, 6))
    assert work == WorkCalendar(weekdays=frozenset(range(6)), holidays=frozenset({date(2026, 11, 4)}))
    assert set(months) == {li.id, wang.id}  # the inactive rep is not counted
    assert gone.id not in months
    mine = months[li.id or 0]
    assert mine.checked_in == {date(2026, 11, 2)}
    assert mine.leave == {date(2026, 11, 5): 1.0, date(2026, 11, 6): 0.5}
    assert mine.corrections == {date(2026, 11, 9): Correction.ABSENT}
    sheet = month_sheet(2026, 11, work, mine)
    assert [sheet[date(2026, 11, d)] for d in range(2, 11)] == [
        DayMark.PRESENT,  # Monday, checked in at 07:00 local
        DayMark.ABSENT,  # Tuesday, nothing
        DayMark.HOLIDAY,  # Wednesday, the team's holiday
        DayMark.LEAVE,  # Thursday, two half days
        DayMark.ABSENT,  # Friday, half a day away and nothing else counts as a day
        DayMark.ABSENT,  # Saturday is a workday for this team
        DayMark.HOLIDAY,  # Sunday
        DayMark.ABSENT,  # Monday the 9th, marked absent from training
        DayMark.ABSENT,  # Tuesday the 10th, the last day counted
    ]
    assert date(2026, 11, 11) not in sheet
    assert months[wang.id or 0].leave == {
        date(2026, 11, 1): 1.0,
        date(2026, 11, 2): 1.0,
        date(2026, 11, 3): 1.0,
    }
    assert away == {li.id}

    # What the scorecards read for the whole month gone by: the sheet and the training absences.
    async with db.session() as session:
        sheets = await attendance_db.month_sheets(session, north.id or 0, 2026, 11)
        november = (date(2026, 11, 1), date(2026, 11, 30))
        training = await attendance_db.training_absences(session, north.id or 0, *november)
    assert set(sheets) == {li.id, wang.id}
    assert sheets[li.id or 0][date(2026, 11, 9)] is DayMark.ABSENT
    # December's 00:30 check-in is not November's.
    assert sheets[li.id or 0][date(2026, 11, 30)] is DayMark.ABSENT
    assert sheets[wang.id or 0][date(2026, 11, 3)] is DayMark.LEAVE  # leave outranks the check-in
    assert training == {li.id: 1}


async def test_whereabouts_are_settled_once_and_counted_in_the_teams_month(db: Database) -> None:
    north, south = await make_team(db), await make_team(db, "South", "Europe/Berlin")
    boss = await make_staff(db, 9001, role=Role.SUPERVISOR, team=north)
    li, max_ = await make_rep(db, 9101, north), await make_rep(db, 9201, south)
    async with db.session() as session:
        await whereabouts_db.ask(
            session,
            staff_id=li.id or 0,
            asked_by_id=boss.id,
            now=local(date(2026, 11, 30), 10),
            window_minutes=15,
        )
        await whereabouts_db.ask(
            session,
            staff_id=max_.id or 0,
            asked_by_id=None,
            now=datetime(2026, 11, 30, 9, tzinfo=UTC),
            window_minutes=15,
        )
        found = await whereabouts_db.answer(
            session, staff_id=li.id or 0, now=local(date(2026, 11, 30), 10, 14), latitude=1.0, longitude=2.0
        )
        assert found is not None and found.outcome == "found"
        # 1 December 07:00 in Shanghai is still 30 November in UTC: for North it is December's.
        _, new = await whereabouts_db.ask(
            session,
            staff_id=li.id or 0,
            asked_by_id=boss.id,
            now=local(date(2026, 12, 1), 7),
            window_minutes=15,
        )
        assert new
        _, new = await whereabouts_db.ask(
            session,
            staff_id=li.id or 0,
            asked_by_id=boss.id,
            now=local(date(2026, 12, 1), 8),
            window_minutes=15,
        )
        assert not new  # still open: asking again counts nothing more

    # Two runs racing after every window closed: each open request is settled by exactly one of them.
    later = datetime(2026, 12, 2, tzinfo=UTC)

    async def run() -> int:
        async with db.session() as session:
            return len(await whereabouts_db.expire_due(session, later))

    assert sorted(await asyncio.gather(run(), run())) in ([0, 2], [1, 1])
    async with db.session() as session:
        assert await whereabouts_db.expire_due(session, later + timedelta(hours=1)) == []
        november = await whereabouts_db.month_counts(session, north.id or 0, date(2026, 11, 1))
        december = await whereabouts_db.month_counts(session, north.id or 0, date(2026, 12, 1))
        south_nov = await whereabouts_db.month_counts(session, south.id or 0, date(2026, 11, 1))
        assert await whereabouts_db.next_due(session) is None
    assert november == {li.id: (1, 0)}
    assert december == {li.id: (0, 1)}
    assert south_nov == {max_.id: (0, 1)}
