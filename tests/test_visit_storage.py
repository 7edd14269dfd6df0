"""The visit queries other features use: open follow-ups, visits in a period, the check-in to prefill."""

from __future__ import annotations

from datetime import timedelta

from storage import customers as customer_db
from storage import reports as reports_db
from storage import visits as visits_db
from storage.db import Database
from storage.field_models import VisitRecord
from tests.support.field import make_checkin, make_customer, make_visit, stored_visits
from tests.support.people import make_staff, make_team


async def test_open_follow_ups_until_a_later_resolved_visit(db: Database) -> None:
    north, south = await make_team(db), await make_team(db, "South")
    li = await make_staff(db, 5001, team=north)
    wu = await make_staff(db, 5002, team=north)
    zhao = await make_staff(db, 5003, team=south)
    acme, beta = await make_customer(db, north, "ACME"), await make_customer(db, north, "Beta")
    delta = await make_customer(db, south, "Delta")
    now = db.clock.now()
    waiting = await make_visit(db, li, acme, now - timedelta(days=5), result="waiting_parts", follow_up=True)
    later_fixed = await make_visit(db, li, beta, now - timedelta(days=4), result="follow_up", follow_up=True)
    await make_visit(db, wu, beta, now - timedelta(days=2), result="resolved")  # closes Beta's follow-up
    wus = await make_visit(db, wu, acme, now - timedelta(days=1), result="follow_up", follow_up=True)
    southern = await make_visit(db, zhao, delta, now - timedelta(days=3), result="follow_up", follow_up=True)

    async with db.session() as session:
        everyone = [v.id for v in await visits_db.open_follow_ups(session)]
        mine = [v.id for v in await visits_db.open_follow_ups(session, staff_id=li.id)]
        team = [v.id for v in await visits_db.open_follow_ups(session, team_id=north.id)]
    assert later_fixed.id not in everyone
    assert everyone == [waiting.id, southern.id, wus.id]
    assert mine == [waiting.id]
    assert team == [waiting.id, wus.id]


async def test_visits_between_is_half_open_and_per_rep(db: Database) -> None:
    team = await make_team(db)
    li, wu = await make_staff(db, 5011, team=team), await make_staff(db, 5012, team=team)
    acme = await make_customer(db, team, "ACME")
    start = db.clock.now().replace(microsecond=0) - timedelta(days=7)
    end = start + timedelta(days=7)
    at_start = await make_visit(db, li, acme, start)
    inside = await make_visit(db, li, acme, start + timedelta(days=3))
    await make_visit(db, li, acme, end)  # next period
    await make_visit(db, li, acme, start - timedelta(seconds=1))
    await make_visit(db, wu, acme, start + timedelta(days=1))
    async with db.session() as session:
        found = await reports_db.visits_between(session, li.id or 0, start, end)
    assert [v.id for v, _customer in found] == [at_start.id, inside.id]


async def test_check_in_to_prefill(db: Database) -> None:
    team = await make_team(db)
    li = await make_staff(db, 5021, team=team)
    acme, beta = await make_customer(db, team, "ACME"), await make_customer(db, team, "Beta")
    now = db.clock.now()
    since = now - timedelta(hours=10)
    await make_checkin(db, li, acme, now - timedelta(days=1), out=now - timedelta(days=1, minutes=-30))
    async with db.session() as session:
        assert await visits_db.check_in_to_prefill(session, li.id or 0, since_utc=since) is None
    early = await make_checkin(db, li, acme, now - timedelta(hours=5), out=now - timedelta(hours=4))
    late = await make_checkin(db, li, beta, now - timedelta(hours=3), out=now - timedelta(hours=2))
    async with db.session() as session:
        found = await visits_db.check_in_to_prefill(session, li.id or 0, since_utc=since)
    assert found is not None and found.id == late.id
    # Once the latest has its visit record, the earlier unfiled one is offered.
    await make_visit(db, li, beta, late.checked_in_at, check_in_id=late.id)
    async with db.session() as session:
        found = await visits_db.check_in_to_prefill(session, li.id or 0, since_utc=since)
    assert found is not None and found.id == early.id
    # An open check-in wins ...
    current = await make_checkin(db, li, beta, now - timedelta(minutes=5))
    async with db.session() as session:
        found = await visits_db.check_in_to_prefill(session, li.id or 0, since_utc=since)
    assert found is not None and found.id == current.id
    # ... until its visit record is filed.
    await make_visit(db, li, beta, current.checked_in_at, check_in_id=current.id)
    async with db.session() as session:
        found = await visits_db.check_in_to_prefill(session, li.id or 0, since_utc=since)
    assert found is not None and found.id == early.id


async def test_recent_customers_then_by_name_and_search(db: Database) -> None:
    team, other = await make_team(db), await make_team(db, "South")
    li = await make_staff(db, 5031, team=team)
    customers = [await make_customer(db, team, f"Customer {n:02d}") for n in range(12)]
    await make_customer(db, other, "Customer 99")
    now = db.clock.now()
    await make_visit(db, li, customers[7], now - timedelta(days=9))
    await make_checkin(
        db, li, customers[9], now - timedelta(days=2), out=now - timedelta(days=2, minutes=-20)
    )
    await make_visit(db, li, customers[3], now - timedelta(days=5))
    await make_checkin(
        db, li, customers[3], now - timedelta(days=20), out=now - timedelta(days=20, minutes=-5)
    )
    async with db.session() as session:
        names = [c.name for c in await customer_db.recent_customers(session, team.id or 0)]
        found = [c.name for c in await customer_db.search_customers(session, team.id or 0, "MER 1")]
        literal = await customer_db.search_customers(session, team.id or 0, "%")
    assert names == [
        "Customer 09",
        "Customer 03",
        "Customer 07",
        "Customer 00",
        "Customer 01",
        "Customer 02",
        "Customer 04",
        "Customer 05",
    ]
    assert found == ["Customer 10", "Customer 11"]
    assert list(literal) == []  # a typed % is a character, not a wildcard


async def test_the_same_record_filed_twice_is_stored_once(db: Database) -> None:
    team = await make_team(db)
    li = await make_staff(db, 5041, team=team)
    acme = await make_customer(db, team, "ACME")
    at = db.clock.now()

    def record(work: str) -> VisitRecord:
        return VisitRecord(
            staff_id=li.id or 0,
            customer_id=acme.id or 0,
            visited_at=at,
            visit_type="regular",
            problem="p",
            work_done=work,
            result="resolved",
        )

    async with db.session() as session:
        first = await visits_db.add_visit(session, record("w"))
    async with db.session() as session:
        again = await visits_db.add_visit(session, record("w"))
        other = await visits_db.add_visit(session, record("w2"))
    assert again.id == first.id and other.id != first.id
    assert len(await stored_visits(db)) == 2
