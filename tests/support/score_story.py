"""Li Lei's and Wang Wu's October 2026 in team North (supervisor Boss Chen), as tests/test_scores.py
describes it with its hand-computed scorecard; shared by the scorecard, workbook and job tests."""

from __future__ import annotations

from datetime import date, timedelta

from domain.attendance import Correction, month_days
from storage import attendance as attendance_db
from storage.db import Database
from storage.field_models import Feedback, Leave
from storage.models import Role, Staff, Team
from storage.rate_models import OnTimeRate
from storage.score_models import LocateRequest
from tests.support.field import make_checkin, make_customer
from tests.support.paperwork import add_holiday, local
from tests.support.people import make_rep, make_staff, make_team

OCTOBER = date(2026, 10, 1)
NOT_THERE = {2, 14, 16, 21}


async def october(db: Database) -> tuple[Team, Staff, Staff, Staff]:
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
