"""Work-order rates per rep and month (报修处理及时率, 调试及时率, 满意率), computed by the database from
orders moved through the same storage steps the bot uses; counts worked out by hand. SQLite and PostgreSQL."""

from __future__ import annotations

from datetime import UTC, date, datetime, timedelta

from sqlalchemy import update
from sqlmodel import col, select

from jobs.order_rates import current_months, refresh_months
from storage import orders as orders_db
from storage.db import Database
from storage.models import Staff, Team
from storage.order_models import OrderRate, WorkOrder
from storage.order_rates import RateCell, refresh_order_rates, team_order_rates
from tests.support.field import make_customer
from tests.support.people import make_rep, make_team

NOVEMBER = date(2026, 11, 1)
NOW = datetime(2026, 12, 1, 4, tzinfo=UTC)  # noon on 1 December in Shanghai
FINISH = timedelta(hours=72)  # normal priority: finish within 72 h of creation


def nov(day: int, hour: int = 2, second: int = 0) -> datetime:
    return datetime(2026, 11, day, hour, 0, second, tzinfo=UTC)


class Orders:
    def __init__(self, db: Database, team: Team, rep: Staff, customer_id: int) -> None:
        self.db, self.team, self.rep, self.customer_id = db, team, rep, customer_id

    async def new(self, created: datetime, category: str = "warranty_repair") -> int:
        async with self.db.session() as s:
            order = await orders_db.create_order(
                s, team_id=self.team.id or 0, customer_id=self.customer_id, created_by_id=None,
                category=category, assignee_id=self.rep.id, now=created,
            )  # fmt: skip
            await orders_db.accept(s, order.id or 0, self.rep.id or 0, created)
            return order.id or 0

    async def done(self, created: datetime, finished: datetime, category: str = "warranty_repair") -> int:
        oid = await self.new(created, category)
        async with self.db.session() as s:
            await orders_db.arrive(s, oid, self.rep.id or 0, now=finished)
            assert await orders_db.finish(s, oid, self.rep.id or 0, None, finished) is not None
        return oid

    async def rate(self, oid: int, rating: int, at: datetime) -> None:
        async with self.db.session() as s:
            await s.exec(update(WorkOrder).where(col(WorkOrder.id) == oid).values(rating=rating, rated_at=at))


async def test_rates_per_rep_and_month(db: Database) -> None:
    team = await make_team(db)
    li = await make_rep(db, 201, team, name="Li")
    await make_rep(db, 202, team, name="Wang")
    customer = await make_customer(db, team)
    o = Orders(db, team, li, customer.id or 0)
    a = await o.done(nov(10), nov(12))  # due 13 Nov: on time
    b = await o.done(nov(11), nov(11) + FINISH)  # exactly at the due time: on time
    c = await o.done(nov(12), nov(12) + FINISH + timedelta(seconds=1))  # one second late
    await o.new(nov(20))  # due 23 Nov, still open on 1 December: late
    await o.new(nov(29, 0))  # due 2 December: not November's, and not decided yet
    # Due 30 Nov 16:30 UTC = 1 December 00:30 in Shanghai: the team's December.
    edge = await o.done(nov(27, 16) + timedelta(minutes=30), nov(28))
    cancelled = await o.new(nov(5))
    async with db.session() as s:
        await orders_db.cancel_order(s, cancelled, None, "withdrawn", nov(6))
    await o.done(nov(3), nov(5), "installation")  # commissioning on time
    await o.done(nov(4), nov(8), "installation")  # late
    await o.done(nov(4), nov(5), "maintenance")  # in neither rate
    await o.rate(a, 5, nov(12))
    await o.rate(b, 4, nov(14))
    await o.rate(c, 2, nov(20))
    await o.rate(edge, 1, nov(30, 16, 1))  # rated on Shanghai's 1 December: not November's

    for _ in range(2):  # a second run replaces the rows: the same result
        async with db.session() as s:
            await refresh_order_rates(s, NOVEMBER, now=NOW)
    async with db.session() as s:
        rows = (await s.exec(select(OrderRate).order_by(col(OrderRate.kind)))).all()
        shown = await team_order_rates(s, team.id or 0, date(2026, 11, 17))
    assert [(r.staff_id, r.kind, r.total, r.good, r.month) for r in rows] == [
        (li.id, "commissioning", 2, 1, NOVEMBER),
        (li.id, "repair", 4, 2, NOVEMBER),
        (li.id, "satisfaction", 3, 2, NOVEMBER),
    ]
    assert [r.rate for r in rows][:2] == [0.5, 0.5] and abs((rows[2].rate or 0) - 2 / 3) < 1e-9
    assert [(r.name, r.repair, r.commissioning) for r in shown.reps] == [
        ("Li", RateCell(4, 2, 0.5), RateCell(2, 1, 0.5)),
        ("Wang", RateCell(), RateCell()),
    ]
    assert shown.team.repair == RateCell(4, 2, 0.5) and shown.team.satisfaction.total == 3


async def test_the_job_refreshes_the_months_teams_are_in(db: Database) -> None:
    team = await make_team(db)
    li = await make_rep(db, 201, team, name="Li")
    customer = await make_customer(db, team)
    o = Orders(db, team, li, customer.id or 0)
    await o.done(nov(27, 16) + timedelta(minutes=30), nov(28))  # December in Shanghai
    # At 20:00 UTC on 30 November some teams are in December already: both months are refreshed.
    late_evening = nov(30, 20)
    assert current_months(late_evening) == [NOVEMBER, date(2026, 12, 1)]
    await refresh_months(db, late_evening, current_months(late_evening))
    async with db.session() as s:
        rows = (await s.exec(select(OrderRate))).all()
    assert [(r.kind, r.month, r.total, r.good) for r in rows] == [("repair", date(2026, 12, 1), 1, 1)]


async def test_each_team_counts_its_own_wall_clock_month(db: Database) -> None:
    shanghai, berlin = await make_team(db, "East"), await make_team(db, "West", "Europe/Berlin")
    li = await make_rep(db, 201, shanghai, name="Li")
    anna = await make_rep(db, 202, berlin, name="Anna")
    east = Orders(db, shanghai, li, (await make_customer(db, shanghai)).id or 0)
    west = Orders(db, berlin, anna, (await make_customer(db, berlin)).id or 0)
    # Due 30 November 22:30 UTC: 23:30 in Berlin (November), 06:30 on 1 December in Shanghai.
    due = nov(30, 22) + timedelta(minutes=30)
    await east.done(due - FINISH, due - timedelta(hours=1))
    await west.done(due - FINISH, due - timedelta(hours=1))
    # Due one hour later: 00:30 on 1 December in Berlin too.
    await west.done(due - FINISH + timedelta(hours=1), due)
    async with db.session() as s:
        await refresh_order_rates(s, NOVEMBER, now=NOW)
        await refresh_order_rates(s, date(2026, 12, 1), now=NOW + timedelta(days=40))
        rows = (await s.exec(select(OrderRate).order_by(col(OrderRate.month), col(OrderRate.staff_id)))).all()
    assert [(r.staff_id, r.month, r.total) for r in rows] == [
        (anna.id, NOVEMBER, 1),
        (li.id, date(2026, 12, 1), 1),
        (anna.id, date(2026, 12, 1), 1),
    ]
