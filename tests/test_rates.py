"""On-time rates (报表上交及时率) computed by the database: boundaries, leave, holidays, grace, reruns."""

from __future__ import annotations

from datetime import UTC, date, datetime, time, timedelta

from sqlmodel import select

from domain.deadlines import DEFAULT_SCHEDULES, Schedule
from jobs.rates import refresh_on_time_rates
from storage.db import Database
from storage.models import Role
from storage.rate_models import OnTimeRate, TeamOnTimeRate
from tests.support.paperwork import add_holiday, add_leave, file_report, set_schedule
from tests.support.people import make_rep, make_team

WEEKLY = DEFAULT_SCHEDULES["weekly"]
WEEK = date(2026, 6, 1)  # Monday; due Monday 8 June 10:00 Shanghai = 02:00 UTC
DUE = datetime(2026, 6, 8, 2, 0, tzinfo=UTC)
SECOND = timedelta(seconds=1)


async def _rates(
    db: Database, kind: str = "weekly", start: date = WEEK
) -> dict[str, tuple[int, int, int, int]]:
    async with db.session() as session:
        rows = (
            await session.exec(
                select(OnTimeRate).where(OnTimeRate.kind == kind, OnTimeRate.period_start == start)
            )
        ).all()
        from storage.models import Staff

        names = {s.id: s.name for s in (await session.exec(select(Staff))).all()}
    return {names[r.staff_id]: (r.expected, r.on_time, r.late, r.missing) for r in rows}


async def _team(db: Database, kind: str = "weekly", start: date = WEEK) -> TeamOnTimeRate | None:
    async with db.session() as session:
        query = select(TeamOnTimeRate).where(
            TeamOnTimeRate.kind == kind, TeamOnTimeRate.period_start == start
        )
        return (await session.exec(query)).first()


async def test_boundaries_leave_joiners_and_reruns(db: Database) -> None:
    team = await make_team(db, "North")
    early, exact, late, missing = [
        await make_rep(db, 100 + i, team, name=n) for i, n in enumerate(["early", "exact", "late", "missing"])
    ]
    on_leave = await make_rep(db, 110, team, name="on leave on the due day")
    away_all_week = await make_rep(db, 111, team, name="away all week")
    await make_rep(db, 112, team, name="joined after", joined=DUE + SECOND)
    await make_rep(db, 113, team, name="inactive", active=False)
    await make_rep(db, 114, team, name="boss", role=Role.SUPERVISOR)
    await file_report(db, early, WEEKLY, WEEK, DUE - SECOND, team.timezone)
    await file_report(db, exact, WEEKLY, WEEK, DUE, team.timezone)
    await file_report(db, late, WEEKLY, WEEK, DUE + SECOND, team.timezone)
    await add_leave(db, on_leave, date(2026, 6, 8), date(2026, 6, 10))
    await add_leave(db, away_all_week, date(2026, 6, 1), date(2026, 6, 7))

    now = DUE + timedelta(days=1)
    assert await refresh_on_time_rates(db, now, since=WEEK) == 1
    expected = {"early": (1, 1, 0, 0), "exact": (1, 1, 0, 0), "late": (1, 0, 1, 0), "missing": (1, 0, 0, 1)}
    assert await _rates(db) == expected
    team_row = await _team(db)
    assert team_row is not None
    assert (team_row.expected, team_row.on_time, team_row.late, team_row.missing) == (4, 2, 1, 1)
    assert team_row.on_time_rate == 0.5

    # Running again changes nothing; nothing is stale, so the quick run does no work at all.
    assert await refresh_on_time_rates(db, now, since=WEEK, full=True) == 1
    assert await _rates(db) == expected
    assert await refresh_on_time_rates(db, now, since=WEEK) == 0

    # A late filing after the computation makes the period stale: the quick run recomputes it.
    await file_report(db, missing, WEEKLY, WEEK, now + timedelta(hours=1), team.timezone)
    assert await refresh_on_time_rates(db, now + timedelta(hours=2), since=WEEK) == 1
    assert (await _rates(db))["missing"] == (1, 0, 1, 0)
    team_row = await _team(db)
    assert team_row is not None and (team_row.on_time, team_row.late, team_row.missing) == (2, 2, 0)


async def test_holiday_on_the_deadline_excuses_everyone(db: Database) -> None:
    team = await make_team(db, "South")
    await make_rep(db, 200, team, name="a")
    await add_holiday(db, team, date(2026, 6, 8))
    await refresh_on_time_rates(db, DUE + timedelta(days=1), since=WEEK)
    assert await _rates(db) == {}
    team_row = await _team(db)
    assert team_row is not None and team_row.expected == 0 and team_row.on_time_rate is None


async def test_grace_closes_the_period_later_and_still_counts_late(db: Database) -> None:
    team = await make_team(db, "Berlin", timezone="Europe/Berlin")
    await set_schedule(db, team, "weekly", due=time(10, 0), weekday=0, grace=timedelta(minutes=30))
    graced = Schedule("weekly", grace=timedelta(minutes=30))
    due = datetime(2026, 6, 8, 8, 0, tzinfo=UTC)  # 10:00 CEST
    within_grace = await make_rep(db, 300, team, name="within grace")
    await make_rep(db, 301, team, name="nothing")
    await file_report(db, within_grace, graced, WEEK, due + timedelta(minutes=10), team.timezone)
    # Before the grace ends the period is not closed: no rates yet.
    assert await refresh_on_time_rates(db, due + timedelta(minutes=29), since=WEEK) == 0
    assert await refresh_on_time_rates(db, due + timedelta(minutes=30), since=WEEK) == 1
    assert await _rates(db) == {"within grace": (1, 0, 1, 0), "nothing": (1, 0, 0, 1)}


async def test_daily_skips_leave_days_and_holidays(db: Database) -> None:
    team = await make_team(db, "Dealers")
    await set_schedule(db, team, "daily", due=time(16, 0))
    daily = Schedule("daily", due_time=time(16, 0))
    rep = await make_rep(db, 400, team, name="d")
    await add_leave(db, rep, date(2026, 6, 2), date(2026, 6, 2))
    await add_holiday(db, team, date(2026, 6, 3))
    await file_report(db, rep, daily, date(2026, 6, 1), datetime(2026, 6, 1, 8, 0, tzinfo=UTC), team.timezone)
    await refresh_on_time_rates(db, datetime(2026, 6, 5, 0, 0, tzinfo=UTC), since=date(2026, 6, 1))
    got = {d: await _rates(db, "daily", d) for d in (date(2026, 6, day) for day in range(1, 5))}
    assert got == {
        date(2026, 6, 1): {"d": (1, 1, 0, 0)},
        date(2026, 6, 2): {},
        date(2026, 6, 3): {},
        date(2026, 6, 4): {"d": (1, 0, 0, 1)},
    }
