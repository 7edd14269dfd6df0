"""Report storage on both databases: late marking at the exact deadline, amendments, queries for others."""

from __future__ import annotations

from datetime import date, timedelta

import pytest

from domain.deadlines import DEFAULT_SCHEDULES, period_for
from domain.zones import local_day_bounds
from storage import reports as reports_db
from storage.db import Database
from tests.support.field import make_customer, make_visit
from tests.support.paperwork import SHANGHAI, local, revisions_of
from tests.support.people import make_staff, make_team

WEEK = period_for(DEFAULT_SCHEDULES["weekly"], date(2026, 11, 16), SHANGHAI)
ONE_SECOND = timedelta(seconds=1)


def test_the_period_used_here() -> None:
    # Monday 23 Nov 2026 10:00 in Shanghai is 02:00 UTC.
    assert (WEEK.start, WEEK.end, WEEK.due_at.isoformat()) == (
        date(2026, 11, 16),
        date(2026, 11, 22),
        "2026-11-23T02:00:00+00:00",
    )


@pytest.mark.parametrize(
    ("offset", "late"), [(-ONE_SECOND, False), (timedelta(0), False), (ONE_SECOND, True)]
)
async def test_filing_at_the_deadline_is_on_time_one_second_later_is_late(
    db: Database, offset: timedelta, late: bool
) -> None:
    team = await make_team(db)
    rep = await make_staff(db, 4001, team=team)
    async with db.session() as session:
        report, created = await reports_db.file_report(
            session, staff_id=rep.id or 0, period=WEEK, content={"summary": "s"}, now=WEEK.due_at + offset
        )
    assert created and report.late is late
    assert (report.due_at, report.submitted_at, report.revision) == (WEEK.due_at, WEEK.due_at + offset, 1)
    assert [r.revision for r in await revisions_of(db, report)] == [1]


async def test_filing_twice_keeps_one_record(db: Database) -> None:
    team = await make_team(db)
    rep = await make_staff(db, 4002, team=team)
    async with db.session() as session:
        first, _ = await reports_db.file_report(
            session, staff_id=rep.id or 0, period=WEEK, content={"summary": "a"}, now=WEEK.due_at
        )
    async with db.session() as session:
        again, created = await reports_db.file_report(
            session, staff_id=rep.id or 0, period=WEEK, content={"summary": "b"}, now=WEEK.due_at
        )
    assert not created and again.id == first.id and again.content == {"summary": "a"}


async def test_amendments_until_the_deadline_keep_every_revision(db: Database) -> None:
    team = await make_team(db)
    rep = await make_staff(db, 4003, team=team)
    filed_at = WEEK.due_at - timedelta(hours=5)
    async with db.session() as session:
        report, _ = await reports_db.file_report(
            session, staff_id=rep.id or 0, period=WEEK, content={"summary": "v1"}, now=filed_at
        )
    async with db.session() as session:
        report = await reports_db.own_report(session, report.id or 0, rep.id or 0)
        assert report is not None
        # Exactly at the deadline is still allowed.
        result = await reports_db.amend_report(
            session, report, {"summary": "v2"}, now=WEEK.due_at, base_revision=1
        )
        assert result is reports_db.AmendResult.AMENDED
        # A double press with the same base revision saves nothing more.
        stale = await reports_db.amend_report(
            session, report, {"summary": "v2"}, now=WEEK.due_at, base_revision=1
        )
        assert stale is reports_db.AmendResult.STALE
        closed = await reports_db.amend_report(
            session, report, {"summary": "v3"}, now=WEEK.due_at + ONE_SECOND, base_revision=2
        )
        assert closed is reports_db.AmendResult.CLOSED
    other = await make_staff(db, 4004, team=team)
    async with db.session() as session:
        stored = await reports_db.own_report(session, report.id or 0, rep.id or 0)
        assert await reports_db.own_report(session, report.id or 0, other.id or 0) is None
    assert stored is not None
    assert (stored.revision, stored.content, stored.submitted_at, stored.late) == (
        2,
        {"summary": "v2"},
        filed_at,
        False,
    )
    assert stored.updated_at == WEEK.due_at
    versions = await revisions_of(db, stored)
    assert [(v.revision, v.content["summary"], v.saved_at) for v in versions] == [
        (1, "v1", filed_at),
        (2, "v2", WEEK.due_at),
    ]


async def test_the_weeks_visits_key_customers_and_open_follow_ups(db: Database) -> None:
    team = await make_team(db)
    rep, other = await make_staff(db, 4007, team=team), await make_staff(db, 4008, team=team)
    key1 = await make_customer(db, team, "Key One", key_account=True)
    key2 = await make_customer(db, team, "Key Two", key_account=True)
    plain = await make_customer(db, team, "Plain")
    await make_visit(db, rep, key1, local(WEEK.start, 0, 0))  # the first instant of the week, local time
    await make_visit(db, rep, key1, local(WEEK.start, 15), follow_up=True)
    await make_visit(db, rep, plain, local(WEEK.end, 23, 59), follow_up=True)
    await make_visit(db, rep, key2, local(WEEK.end + timedelta(days=1), 0, 0))  # next week
    await make_visit(db, other, key2, local(WEEK.start, 12))  # someone else's
    await make_visit(db, rep, key1, local(WEEK.end, 9), result="resolved")  # closes the key1 follow-up
    start, end = local_day_bounds(WEEK.start, WEEK.end, SHANGHAI)
    async with db.session() as session:
        visits = await reports_db.visits_between(session, rep.id or 0, start, end)
        follow_ups = await reports_db.open_follow_ups(session, rep.id or 0)
    assert [c.name for _, c in visits] == ["Key One", "Key One", "Key One", "Plain"]
    assert reports_db.key_customers_visited(visits) == 1
    assert [c.name for _, c in follow_ups] == ["Plain"]
