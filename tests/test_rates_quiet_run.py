"""The five-minute rates run: nothing to do costs one query whatever the number of teams and reps, while a
late filing, a changed schedule, rates from before the upgrade and a rep who changed teams are still rated."""

from __future__ import annotations

import re
from collections.abc import Iterator
from contextlib import contextmanager
from datetime import UTC, date, datetime, timedelta
from typing import Any

from sqlalchemy import event, update
from sqlalchemy import select as sa_select
from sqlmodel import select

import jobs.rates
from bot.app import FieldApplication
from domain.deadlines import DEFAULT_SCHEDULES
from jobs.rates import refresh_on_time_rates
from localbotapi.server import LocalBotApiServer
from storage.db import Database
from storage.models import Role, Staff, Team
from storage.rate_models import COUNTS, OnTimeRate, TeamOnTimeRate
from storage.rates import rate_t, team_rate_t
from tests.support.paperwork import file_report
from tests.support.people import make_rep, make_team

WEEKLY = DEFAULT_SCHEDULES["weekly"]
WEEK = date(2026, 6, 1)  # Monday; due Monday 8 June 10:00 Shanghai = 02:00 UTC
DUE = datetime(2026, 6, 8, 2, 0, tzinfo=UTC)
NOW = DUE + timedelta(days=1)
# Each table's own columns before the counts, in the migrations' order: the rows compare position by position.
REP_KEY = ("staff_id", "team_id", "kind", "period_start", "period_end")
TEAM_KEY = ("team_id", "kind", "period_start", "period_end", "due_at")
RATE_TABLES = re.compile(r"\b(on_time_rate|team_on_time_rate|report)\b")


@contextmanager
def statements(db: Database) -> Iterator[list[str]]:
    """Every SQL statement the database is sent inside the block."""
    seen: list[str] = []

    def record(_conn: Any, _cursor: Any, statement: str, *_args: Any) -> None:
        seen.append(" ".join(statement.split()))

    event.listen(db.engine.sync_engine, "before_cursor_execute", record)
    try:
        yield seen
    finally:
        event.remove(db.engine.sync_engine, "before_cursor_execute", record)


async def stored(db: Database) -> tuple[list[tuple[Any, ...]], list[tuple[Any, ...]]]:
    """Every rate row, every column but the surrogate id (computed_at included: a rewrite shows)."""
    tables = []
    async with db.engine.connect() as conn:
        for table, own in ((rate_t, REP_KEY), (team_rate_t, TEAM_KEY)):
            columns = [table.c[name] for name in (*own, *COUNTS)]
            rows = await conn.execute(sa_select(*columns).order_by(*columns[:4]))
            tables.append([tuple(row) for row in rows.all()])
    return tables[0], tables[1]


async def teams_with_reps(db: Database, first: int, count: int) -> list[Team]:
    """`count` teams of three reps: one on time, one late, one missing for WEEK."""
    teams = []
    for number in range(first, first + count):
        team = await make_team(db, f"Team {number}")
        on_time, late, _ = [await make_rep(db, number * 10 + i, team) for i in range(3)]
        await file_report(db, on_time, WEEKLY, WEEK, DUE - timedelta(hours=1), team.timezone)
        await file_report(db, late, WEEKLY, WEEK, DUE + timedelta(hours=1), team.timezone)
        teams.append(team)
    return teams


async def rep_rate(db: Database, person: Staff, start: date = WEEK) -> tuple[int | None, int, int, int]:
    """(team, on time, late, missing) stored for one rep and week."""
    async with db.session() as session:
        query = select(OnTimeRate).where(OnTimeRate.staff_id == person.id, OnTimeRate.period_start == start)
        row = (await session.exec(query)).one()
    return row.team_id, row.on_time, row.late, row.missing


async def test_nothing_changed_costs_one_query_and_writes_nothing(db: Database) -> None:
    await teams_with_reps(db, 1, 2)
    periods = await refresh_on_time_rates(db, NOW)
    assert periods > 2  # every recent weekly and monthly period of both teams
    # The nightly run twice over the same data writes the same rows (idempotent).
    assert await refresh_on_time_rates(db, NOW, full=True) == periods
    rated = await stored(db)
    assert await refresh_on_time_rates(db, NOW, full=True) == periods
    assert await stored(db) == rated

    with statements(db) as quiet:
        assert await refresh_on_time_rates(db, NOW + timedelta(minutes=5)) == 0
    assert await stored(db) == rated  # nothing rewritten: computed_at is still the first run's
    touching = [s for s in quiet if RATE_TABLES.search(s)]
    assert len(touching) == 1 and touching[0].startswith("SELECT"), touching
    assert not [s for s in quiet if s.split()[0] in ("INSERT", "UPDATE", "DELETE")]

    # Four more teams and twelve more reps: the quiet run sends exactly as many statements.
    await teams_with_reps(db, 3, 4)
    assert await refresh_on_time_rates(db, NOW + timedelta(minutes=6)) == periods * 2
    with statements(db) as quiet_again:
        assert await refresh_on_time_rates(db, NOW + timedelta(minutes=10)) == 0
    assert len(quiet_again) == len(quiet), (quiet, quiet_again)


async def test_a_late_filing_after_the_computation_is_rated_on_the_next_run(db: Database) -> None:
    north, south = await teams_with_reps(db, 1, 2)
    await refresh_on_time_rates(db, NOW)
    async with db.session() as session:
        query = select(Staff).where(Staff.team_id == north.id).order_by(Staff.id)  # type: ignore[arg-type]
        missing = (await session.exec(query)).all()[-1]
    before = await stored(db)
    south_row = [row for row in before[1] if row[0] == south.id]

    await file_report(db, missing, WEEKLY, WEEK, NOW + timedelta(minutes=2), north.timezone)
    assert await refresh_on_time_rates(db, NOW + timedelta(minutes=5)) == 1
    assert await rep_rate(db, missing) == (north.id, 0, 1, 0)
    after = await stored(db)
    north_row = [row for row in after[1] if row[:3] == (north.id, "weekly", WEEK)]
    assert [row[5:9] for row in north_row] == [(3, 1, 2, 0)]
    assert [row for row in after[1] if row[0] == south.id] == south_row  # the other team was not touched
    assert await refresh_on_time_rates(db, NOW + timedelta(minutes=10)) == 0


async def test_rates_stored_before_the_upgrade_are_rated_again_once(db: Database) -> None:
    await teams_with_reps(db, 1, 1)
    periods = await refresh_on_time_rates(db, NOW)
    deadlines = [row[4] for row in (await stored(db))[1]]
    assert DUE in deadlines and None not in deadlines
    # Rows written before migration 0006 have no deadline: the next run cannot know they are current.
    async with db.session() as session:
        await session.exec(update(TeamOnTimeRate).values(due_at=None))
    assert await refresh_on_time_rates(db, NOW + timedelta(minutes=5)) == periods
    assert [row[4] for row in (await stored(db))[1]] == deadlines
    assert await refresh_on_time_rates(db, NOW + timedelta(minutes=10)) == 0


async def test_a_rep_who_changed_teams_is_rated_with_the_new_team(db: Database) -> None:
    north, south = await make_team(db, "North"), await make_team(db, "South")
    mover = await make_rep(db, 501, north)
    await file_report(db, mover, WEEKLY, WEEK, DUE + timedelta(hours=1), north.timezone)
    await refresh_on_time_rates(db, NOW)
    assert await rep_rate(db, mover) == (north.id, 0, 1, 0)

    async with db.session() as session:
        await session.exec(update(Staff).where(Staff.id == mover.id).values(team_id=south.id))  # type: ignore[arg-type]
    # South's nightly run rates its new member; his row under North is replaced, not duplicated.
    await refresh_on_time_rates(db, NOW + timedelta(hours=18), full=True, team_id=south.id)
    assert await rep_rate(db, mover) == (south.id, 0, 1, 0)
    await refresh_on_time_rates(db, NOW + timedelta(hours=18), full=True, team_id=north.id)
    teams = {row[0]: row[5] for row in (await stored(db))[1]}
    assert teams == {north.id: 0, south.id: 1}


async def test_a_schedule_changed_through_the_bot_is_rated_again_by_the_job(
    app: FieldApplication, api: LocalBotApiServer, db: Database
) -> None:
    team = await make_team(db, "North")
    await make_rep(db, 801, team, role=Role.SUPERVISOR, language="en", name="Sup Zhang")
    rep = await make_rep(db, 802, team, name="Rep Li")
    # The test day is Wednesday 18 November; last week was due Monday 16th at 10:00 Shanghai.
    week, due = date(2026, 11, 9), datetime(2026, 11, 16, 2, 0, tzinfo=UTC)
    await file_report(db, rep, WEEKLY, week, due + timedelta(hours=1), team.timezone)
    assert app.job_queue is not None
    job = app.job_queue.get_jobs_by_name(jobs.rates.JOB_NAME)[0]
    await job.run(app)
    assert await rep_rate(db, rep, week) == (team.id, 0, 1, 0)

    boss = api.user(801, "Zhang", language_code="en")
    await boss.send_command("/schedule", "weekly mon 12:00")
    assert "mon 12:00" in ((await boss.next_message()).text or "")
    await job.run(app)
    # Filed at 11:00, before the new 12:00 deadline: on time now, and the team row says which deadline.
    assert await rep_rate(db, rep, week) == (team.id, 1, 0, 0)
    async with db.session() as session:
        query = select(TeamOnTimeRate).where(
            TeamOnTimeRate.team_id == team.id,
            TeamOnTimeRate.kind == "weekly",
            TeamOnTimeRate.period_start == week,
        )
        row = (await session.exec(query)).one()
    assert (row.on_time, row.late, row.due_at) == (1, 0, due + timedelta(hours=2))
