"""Work orders in storage: the life of an order, its timeline and SLA marks, and the compare-and-set that
leaves one winner when two people press at once. On SQLite and PostgreSQL."""

from __future__ import annotations

import asyncio
from datetime import UTC, date, datetime, timedelta
from typing import Any
from zoneinfo import ZoneInfo

from domain.clock import SettableClock
from domain.orders import EventKind, OrderCategory, OrderState, Priority
from storage import orders as orders_db
from storage.db import Database
from storage.models import Role, Staff, Team
from storage.order_models import WorkOrder
from storage.order_sla import SlaHours, set_sla_settings, set_team_sla
from tests.support.field import SITE, make_checkin, make_customer, north_of
from tests.support.paperwork import add_holiday
from tests.support.people import make_rep, make_team

T0 = datetime(2026, 11, 18, 2, 0, tzinfo=UTC)  # 10:00 in Shanghai


async def _setup(db: Database) -> tuple[Team, Staff, Staff, Staff, int]:
    team = await make_team(db)
    boss = await make_rep(db, 100, team, role=Role.SUPERVISOR, name="Boss")
    li = await make_rep(db, 101, team, name="Li")
    wang = await make_rep(db, 102, team, name="Wang")
    customer = await make_customer(db, team)
    return team, boss, li, wang, customer.id or 0


async def _new_order(db: Database, team: Team, boss: Staff, customer_id: int, **fields: Any) -> WorkOrder:
    async with db.session() as session:
        fields.setdefault("category", OrderCategory.WARRANTY_REPAIR)
        return await orders_db.create_order(
            session, team_id=team.id or 0, customer_id=customer_id, created_by_id=boss.id, now=T0, **fields
        )


async def test_an_order_from_creation_to_done_keeps_its_timeline_and_targets(db: Database) -> None:
    team, boss, li, _, customer_id = await _setup(db)
    order = await _new_order(db, team, boss, customer_id, priority=Priority.URGENT, fault="<b>leaks</b>")
    oid = order.id or 0
    async with db.session() as s:
        assigned = await orders_db.assign(s, oid, li.id or 0, by_id=boss.id, expected_state=OrderState.NEW,
                                          expected_assignee=None, now=T0 + timedelta(minutes=5))  # fmt: skip
        assert (
            assigned is not None and assigned.state == OrderState.ASSIGNED and assigned.assignee_id == li.id
        )
    async with db.session() as s:
        assert await orders_db.accept(s, oid, li.id or 0, T0 + timedelta(minutes=30)) is not None
    async with db.session() as s:
        assert await orders_db.arrive(s, oid, li.id or 0, now=T0 + timedelta(hours=5)) is not None
    async with db.session() as s:
        done = await orders_db.finish(s, oid, li.id or 0, None, T0 + timedelta(hours=6))
        assert done is not None and done.state == OrderState.DONE and done.done_at == T0 + timedelta(hours=6)
    async with db.session() as s:
        events = await orders_db.timeline(s, oid)
        targets = await orders_db.targets(s, oid)
        stored = await orders_db.get_order(s, oid)
    assert [e.kind for e in events] == ["created", "assigned", "accepted", "arrived", "done"]
    assert events[1].actor_id == boss.id and events[2].actor_id == li.id
    assert stored is not None and stored.fault == "<b>leaks</b>"
    # Urgent: 1 h / 4 h / 24 h from creation. Accepted in 30 min (met), on site after 5 h (met late).
    assert [(t.target, t.due_at, t.met_at) for t in targets] == [
        ("accept", T0 + timedelta(hours=1), T0 + timedelta(minutes=30)),
        ("arrive", T0 + timedelta(hours=4), T0 + timedelta(hours=5)),
        ("finish", T0 + timedelta(hours=24), T0 + timedelta(hours=6)),
    ]
    # A quarter of each window before it runs out, at least 15 minutes.
    assert [t.due_at - t.remind_at for t in targets] == [
        timedelta(minutes=15),
        timedelta(hours=1),
        timedelta(hours=6),
    ]


async def test_team_hours_replace_the_defaults(db: Database) -> None:
    team, boss, _, _, customer_id = await _setup(db)
    async with db.session() as s:
        await set_team_sla(s, team.id or 0, OrderCategory.INSTALLATION, Priority.NORMAL, SlaHours(2, 8, 48))
    order = await _new_order(db, team, boss, customer_id, category=OrderCategory.INSTALLATION)
    other = await _new_order(db, team, boss, customer_id)
    async with db.session() as s:
        own = [t.due_at - T0 for t in await orders_db.targets(s, order.id or 0)]
        default = [t.due_at - T0 for t in await orders_db.targets(s, other.id or 0)]
    assert own == [timedelta(hours=2), timedelta(hours=8), timedelta(hours=48)]
    assert default == [timedelta(hours=4), timedelta(hours=24), timedelta(hours=72)]


async def test_decline_returns_the_order_for_reassignment_and_stale_views_change_nothing(
    db: Database,
) -> None:
    team, boss, li, wang, customer_id = await _setup(db)
    oid = (await _new_order(db, team, boss, customer_id)).id or 0
    async with db.session() as s:
        await orders_db.assign(
            s, oid, li.id or 0, by_id=boss.id, expected_state="new", expected_assignee=None, now=T0
        )
    async with db.session() as s:
        # Wang is not the assignee: his decline (a tampered button) changes nothing.
        assert await orders_db.decline(s, oid, wang.id or 0, "busy", T0) is None
        back = await orders_db.decline(s, oid, li.id or 0, "no parts", T0 + timedelta(minutes=1))
        assert back is not None and back.state == OrderState.NEW and back.assignee_id is None
    async with db.session() as s:
        # A button made while Li held it is stale now.
        assert await orders_db.accept(s, oid, li.id or 0, T0) is None
        assert (
            await orders_db.assign(
                s,
                oid,
                wang.id or 0,
                by_id=boss.id,
                expected_state="assigned",
                expected_assignee=li.id,
                now=T0,
            )
            is None
        )
        again = await orders_db.assign(
            s, oid, wang.id or 0, by_id=boss.id, expected_state="new", expected_assignee=None, now=T0
        )
        assert again is not None and again.assignee_id == wang.id
    async with db.session() as s:
        moved = await orders_db.assign(
            s, oid, li.id or 0, by_id=boss.id, expected_state="assigned", expected_assignee=wang.id, now=T0
        )
        assert moved is not None and moved.assignee_id == li.id
        events = await orders_db.timeline(s, oid)
    assert [e.kind for e in events] == ["created", "assigned", "declined", "assigned", "reassigned"]
    assert events[2].detail == {"reason": "no parts"}
    assert events[4].detail == {"rep_id": li.id, "previous_id": wang.id}


async def test_take_back_return_and_cancel(db: Database) -> None:
    team, boss, li, _, customer_id = await _setup(db)
    oid = (await _new_order(db, team, boss, customer_id, assignee_id=li.id)).id or 0
    async with db.session() as s:
        await orders_db.accept(s, oid, li.id or 0, T0)
        await orders_db.arrive(s, oid, li.id or 0, now=T0)
        assert await orders_db.returned(s, oid, li.id or 0, T0) is None  # not in the workshop yet
        taken = await orders_db.take_back(s, oid, li.id or 0, "R-17", "pump", T0)
        assert taken is not None and taken.state == OrderState.IN_WORKSHOP and taken.receipt_number == "R-17"
        assert await orders_db.returned(s, oid, li.id or 0, T0) is not None
        assert await orders_db.finish(s, oid, li.id or 0, None, T0) is not None
    async with db.session() as s:
        assert await orders_db.cancel_order(s, oid, boss.id, "dup", T0) is None  # done is final
    other = (await _new_order(db, team, boss, customer_id)).id or 0
    async with db.session() as s:
        gone = await orders_db.cancel_order(s, other, boss.id, "customer withdrew", T0)
        assert (
            gone is not None
            and gone.state == OrderState.CANCELLED
            and gone.cancel_reason == "customer withdrew"
        )
        assert await orders_db.assign(s, other, li.id or 0, by_id=boss.id, expected_state="new",
                                      expected_assignee=None, now=T0) is None  # fmt: skip


async def test_two_compare_and_sets_at_once_leave_one_winner(db: Database, clock: SettableClock) -> None:
    team, boss, li, wang, customer_id = await _setup(db)
    oid = (await _new_order(db, team, boss, customer_id, assignee_id=li.id)).id or 0

    async def rep_accepts() -> WorkOrder | None:
        async with db.session() as s:
            return await orders_db.accept(s, oid, li.id or 0, T0)

    async def supervisor_reassigns() -> WorkOrder | None:
        async with db.session() as s:
            return await orders_db.assign(
                s,
                oid,
                wang.id or 0,
                by_id=boss.id,
                expected_state="assigned",
                expected_assignee=li.id,
                now=T0,
            )

    for _ in range(3):
        results = await asyncio.gather(rep_accepts(), supervisor_reassigns())
        winners = [r for r in results if r is not None]
        assert len(winners) <= 1
        if winners:
            break
    assert len(winners) == 1
    async with db.session() as s:
        stored = await orders_db.get_order(s, oid)
        kinds = [e.kind for e in await orders_db.timeline(s, oid)]
    assert stored is not None
    if results[0] is not None:
        assert stored.state == OrderState.ACCEPTED and stored.assignee_id == li.id
        assert kinds[-1] == EventKind.ACCEPTED
    else:
        assert stored.state == OrderState.ASSIGNED and stored.assignee_id == wang.id
        assert kinds[-1] == EventKind.REASSIGNED
    # Exactly one step was recorded after the creation's two events.
    assert len(kinds) == 3


async def test_lists_overdue_first_and_rep_suggestions(db: Database, clock: SettableClock) -> None:
    team, boss, li, wang, customer_id = await _setup(db)
    urgent = (await _new_order(db, team, boss, customer_id, priority="urgent", assignee_id=li.id)).id
    normal = (await _new_order(db, team, boss, customer_id, assignee_id=li.id)).id
    unassigned = (await _new_order(db, team, boss, customer_id)).id
    now = clock.now()
    async with db.session() as s:
        mine = [o.id for o in await orders_db.open_orders_for_rep(s, li.id or 0, now)]
        teams = [o.id for o in await orders_db.team_orders(s, team.id or 0, now=now)]
        new_only = [o.id for o in await orders_db.team_orders(s, team.id or 0, state="new", now=now)]
    assert mine == [urgent, normal]
    assert teams[0] == urgent and set(teams) == {urgent, normal, unassigned}
    assert new_only == [unassigned]

    far_customer = await make_customer(db, team, "Far Ltd", site=north_of(*SITE, 12_000))
    await make_checkin(db, wang, None, now - timedelta(hours=1))  # Wang checked in at SITE today
    await make_rep(db, 103, team, name="Zhao", active=False)
    async with db.session() as s:
        suggested = await orders_db.suggest_reps(s, team.id or 0, far_customer.id or 0, now)
    # Wang holds no order and is 12 km away; Li holds two and has not checked in today.
    assert [(r.name, r.open_orders, r.distance_km) for r in suggested] == [("Wang", 0, 12.0), ("Li", 2, None)]


async def test_working_hours_skip_the_teams_weekend_and_holidays(db: Database) -> None:
    team, boss, _, _, customer_id = await _setup(db)
    async with db.session() as s:
        await set_sla_settings(s, team.id or 0, hours_kind="working", work_start="09:00", work_end="18:00")
    await add_holiday(db, team, date(2026, 11, 23))
    # Friday 20 November 17:00 in Shanghai (09:00 UTC), urgent: accept within 1 working hour, arrive
    # within 4, finish within 24. Monday is the team's holiday, so the clock runs on Tuesday.
    friday = datetime(2026, 11, 20, 9, tzinfo=UTC)
    async with db.session() as s:
        order = await orders_db.create_order(
            s, team_id=team.id or 0, customer_id=customer_id, created_by_id=boss.id,
            category="paid_repair", priority="urgent", now=friday,
        )  # fmt: skip
        due = [t.due_at for t in await orders_db.targets(s, order.id or 0)]
    shanghai = ZoneInfo("Asia/Shanghai")
    assert [d.astimezone(shanghai).replace(tzinfo=None) for d in due] == [
        datetime(2026, 11, 20, 18, 0),  # the last working hour of Friday
        datetime(2026, 11, 24, 12, 0),  # 1 h Friday + 3 h Tuesday
        datetime(2026, 11, 26, 14, 0),  # 1 + 9 (Tue) + 9 (Wed) + 5 h Thursday from 09:00
    ]
