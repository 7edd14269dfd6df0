"""Work orders, what a supervisor reads and sets, end to end: /orders (filters, overdue first, time left
and overdue by), /sla (hours per category and priority, calendar or working hours) and the order rates
in /stats."""

from __future__ import annotations

from datetime import datetime, timedelta
from zoneinfo import ZoneInfo

from bot.app import FieldApplication
from domain.clock import SettableClock
from domain.orders import OrderCategory, Priority
from localbotapi.models import SentMessage
from localbotapi.server import LocalBotApiServer
from presentation.buttons import SlaButton
from presentation.i18n import t
from storage import order_sla as sla_db
from storage import orders as orders_db
from storage.db import Database
from storage.field_models import Customer
from storage.models import Role, Staff, Team
from storage.order_models import WorkOrder
from storage.order_rates import refresh_order_rates
from tests.support.actor import Actor
from tests.support.chat import edited
from tests.support.field import make_customer
from tests.support.people import make_rep, make_staff, make_team, opened

ZONE = ZoneInfo("Asia/Shanghai")


async def order(
    db: Database, team: Team, customer: Customer, at: datetime, *, rep: Staff | None = None, **fields: object
) -> WorkOrder:
    """An order created at `at` (assigned to `rep` if given)."""
    async with db.session() as session:
        return await orders_db.create_order(
            session, team_id=team.id or 0, customer_id=customer.id or 0, created_by_id=None,
            category=fields.pop("category", OrderCategory.WARRANTY_REPAIR),
            assignee_id=rep.id if rep else None, now=at, **fields,  # type: ignore[arg-type]
        )  # fmt: skip


async def finished(db: Database, work: WorkOrder, rep: Staff, at: datetime) -> None:
    """The rep accepts, arrives and finishes at `at`."""
    async with db.session() as session:
        oid, rid = work.id or 0, rep.id or 0
        assert await orders_db.accept(session, oid, rid, at) is not None
        assert await orders_db.arrive(session, oid, rid, now=at) is not None
        assert await orders_db.finish(session, oid, rid, None, at) is not None


async def cancelled(db: Database, work: WorkOrder, at: datetime) -> None:
    async with db.session() as session:
        assert await orders_db.cancel_order(session, work.id or 0, None, "duplicate", at) is not None


def position(message: SentMessage, order_id: int | None) -> int:
    """Where order #id stands in a list (-1: not listed)."""
    return message.text.find(f"#{order_id} ")


async def test_orders_lists_overdue_first_and_filters_by_state(
    app: FieldApplication, api: LocalBotApiServer, db: Database, clock: SettableClock
) -> None:
    north, south = await make_team(db), await make_team(db, "South")
    await make_rep(db, 5001, north, role=Role.SUPERVISOR, name="Boss")
    await make_staff(db, 5002, role=Role.ADMIN, name="Admin")
    li = await make_rep(db, 5101, north, name="Li")
    acme, bright = await make_customer(db, north, "ACME Ltd"), await make_customer(db, north, "Bright")
    now = clock.now()
    fresh = await order(db, north, bright, now, priority=Priority.URGENT)  # accept within 1 h
    late = await order(db, north, acme, now - timedelta(hours=10), rep=li)  # accept was due 6 h ago
    done = await order(db, north, acme, now - timedelta(hours=2), rep=li)
    await finished(db, done, li, now - timedelta(hours=1))
    dropped = await order(db, north, bright, now)
    await cancelled(db, dropped, now)
    elsewhere = await order(db, south, await make_customer(db, south, "Far Co"), now)
    boss = Actor(await opened(api, 5001, "Boss"))

    listing = await boss.say("/orders")
    assert "Work orders · North · Open (2)" in listing.text
    assert 0 < position(listing, late.id) < position(listing, fresh.id)  # overdue first
    assert (
        "Accept: 🔴 overdue by 6 h 0 min" in listing.text and "Accept: ⏳ 59 min left" in listing.text
    )  # whole minutes, the clock ticks
    assert "Li" in listing.text and "not assigned" in listing.text
    for absent in (done, dropped, elsewhere):
        assert position(listing, absent.id) == -1

    overdue = await boss.tap(listing, "orders.filter.overdue")
    assert (
        "Overdue (1)" in overdue.text and position(overdue, late.id) > 0 and position(overdue, fresh.id) == -1
    )
    finished_list = await boss.tap(overdue, "orders.state.done")
    assert "Done (1)" in finished_list.text and position(finished_list, done.id) > 0
    gone = await boss.tap(finished_list, "orders.state.cancelled")
    assert "Cancelled (1)" in gone.text and position(gone, dropped.id) > 0
    view = await boss.tap(listing, f"#{late.id}")
    assert f"Work order #{late.id}" in view.text and "Timeline" in view.text and "overdue by" in view.text

    admin = Actor(await opened(api, 5002, "Admin"))
    everything = await admin.say("/orders")
    assert "all teams" in everything.text and position(everything, elsewhere.id) > 0
    assert "South: Far Co" in everything.text and "North: Bright" in everything.text


async def test_sla_hours_per_category_and_priority_and_working_hours(
    app: FieldApplication, api: LocalBotApiServer, db: Database, clock: SettableClock
) -> None:
    north, south = await make_team(db), await make_team(db, "South")
    await make_rep(db, 5001, north, role=Role.SUPERVISOR, name="Boss")
    await make_rep(db, 5101, north, name="Li")
    boss, rep = Actor(await opened(api, 5001, "Boss")), Actor(await opened(api, 5101, "Li"))

    table = await boss.say("/sla")
    assert "Service levels · North" in table.text and "counted in calendar hours" in table.text
    assert "• Warranty repair (免费保修), Urgent: 1 / 4 / 24 h" in table.text
    assert "• Maintenance visit, Normal: 4 / 24 / 72 h" in table.text
    ask = await boss.tap(table, "Warranty repair (免费保修) · Urgent")
    assert "(now 1 4 24)" in ask.text
    for wrong in ("8 2 1", "2 8", "0 4 24", "two eight"):
        assert (await boss.say(wrong)).text == t("en", "sla.invalid", max=1440)
    preview = await boss.say("2, 8, 48")
    assert "2 / 8 / 48 h" in preview.text
    saved = await boss.tap(preview, "common.submit")
    assert saved.text == "Saved: Warranty repair (免费保修), Urgent: 2 / 8 / 48 h. New orders use it."
    async with db.session() as session:
        hours = await sla_db.hours_for(session, north.id or 0, "warranty_repair", "urgent")
        assert (hours.accept, hours.arrive, hours.finish) == (2, 8, 48)
        other = await sla_db.hours_for(session, north.id or 0, "warranty_repair", "normal")
        assert (other.accept, other.arrive, other.finish) == (4, 24, 72)  # the rest keep the defaults
    work = await order(db, north, await make_customer(db, north), clock.now(), priority=Priority.URGENT)
    async with db.session() as session:
        dues = [x.due_at - x.started_at for x in await orders_db.targets(session, work.id or 0)]
    assert dues == [timedelta(hours=2), timedelta(hours=8), timedelta(hours=48)]

    table = await boss.say("/sla")
    await boss.user.press(table, t("en", "sla.kind_button.working"))
    await edited(boss.user, table, "counted in working hours (08:30–17:30, Mon Tue Wed Thu Fri)")
    async with db.session() as session:
        assert (await sla_db.sla_settings(session, north.id or 0)).hours_kind == "working"
    ask_day = await boss.tap(table, "sla.hours_button")
    assert "now 08:30–17:30, Mon Tue Wed Thu Fri" in ask_day.text
    for wrong in ("18:00-09:00", "8-17", "09:00-18:00 weekdays", "25:00-26:00"):
        assert (await boss.say(wrong)).text == t("en", "sla.hours_invalid")
    preview = await boss.say("9:00 - 18:00 mon-sat")
    saved = await boss.tap(preview, "common.submit")
    assert saved.text.startswith("Saved: the working day is 09:00–18:00, Mon Tue Wed Thu Fri Sat.")
    # Created Wednesday 11:00: 2 working hours end at 13:00, 8 on Thursday 10:00 (the day ends at 18:00), 48
    # next Tuesday 14:00 (9 h a day, Saturday worked, Sunday off).
    wednesday = datetime(2026, 11, 18, 11, 0, tzinfo=ZONE)
    work = await order(
        db, north, await make_customer(db, north, "Later"), wednesday, priority=Priority.URGENT
    )
    async with db.session() as session:
        settings = await sla_db.sla_settings(session, north.id or 0)
        local = [
            f"{x.due_at.astimezone(ZONE):%a %H:%M}" for x in await orders_db.targets(session, work.id or 0)
        ]
    assert (settings.work_start, settings.work_end, settings.workdays) == (
        "09:00",
        "18:00",
        [0, 1, 2, 3, 4, 5],
    )
    assert local == ["Wed 13:00", "Thu 10:00", "Tue 14:00"]

    # Another team's line (a forged button) and a rep's /sla change nothing.
    forged = SlaButton("edit", south.id or 0, "warranty_repair", "urgent").pack()
    answer = await boss.user.callback_answer(await boss.user.press_raw(table.message_id, forged))
    assert answer.text == t("en", "common.stale_button")
    # So do a tampered category or kind of hours on the boss's own team.
    for tampered in (
        SlaButton("edit", north.id or 0, "repair", "urgent"),
        SlaButton("kind", north.id or 0, "x", "-"),
    ):
        answer = await boss.user.callback_answer(await boss.user.press_raw(table.message_id, tampered.pack()))
        assert answer.text == t("en", "common.stale_button")
    assert (await rep.say("/sla")).text == t("en", "sla.not_allowed")
    async with db.session() as session:
        assert not (await sla_db.hours_for(session, south.id or 0, "warranty_repair", "urgent")).custom


async def test_stats_show_the_order_rates_beside_the_on_time_rates(
    app: FieldApplication, api: LocalBotApiServer, db: Database, clock: SettableClock
) -> None:
    team = await make_team(db)
    await make_rep(db, 5001, team, role=Role.SUPERVISOR, name="Boss")
    li, wang = await make_rep(db, 5101, team, name="Li"), await make_rep(db, 5102, team, name="Wang")
    acme = await make_customer(db, team, "ACME Ltd")
    now = clock.now()
    on_time = await order(db, team, acme, now - timedelta(hours=5), rep=li)
    await finished(db, on_time, li, now - timedelta(hours=1))
    late = await order(db, team, acme, now - timedelta(hours=100), rep=wang)  # finish was due after 72 h
    await finished(db, late, wang, now - timedelta(hours=1))
    commissioning = await order(db, team, acme, now - timedelta(hours=5), rep=li, category="installation")
    await finished(db, commissioning, li, now - timedelta(hours=2))
    async with db.session() as session:
        await refresh_order_rates(session, now.date(), now=now)
    boss, rep = Actor(await opened(api, 5001, "Boss")), Actor(await opened(api, 5101, "Li"))

    periods = await boss.say("/stats")
    figures = await boss.tap(periods, "stats.range.this_month")
    assert "Work orders, 2026-11" in figures.text
    assert "Whole team: repairs on time 50% (1/2) · commissioning on time 100% (1/1)" in figures.text
    assert "Li: repairs on time 100% (1/1) · commissioning on time 100% (1/1)" in figures.text
    assert "Wang: repairs on time 0% (0/1) · commissioning on time — (0/0)" in figures.text
    mine = await rep.say("/stats")
    assert "Li: repairs on time 100% (1/1)" in mine.text and "Wang" not in mine.text


async def test_a_supervisor_reads_orders_in_chinese(
    app: FieldApplication, api: LocalBotApiServer, db: Database, clock: SettableClock
) -> None:
    team = await make_team(db)
    await make_rep(db, 5001, team, role=Role.SUPERVISOR, name="王经理", language="zh")
    work = await order(db, team, await make_customer(db, team, "华星机械"), clock.now() - timedelta(hours=5))
    boss = Actor(await opened(api, 5001, "王经理"), language="zh")

    listing = await boss.say("/orders")
    assert "工单 · North · 未完成（1）" in listing.text and "接单：🔴 已超时 1 小时 0 分钟" in listing.text
    await boss.user.send_text(f"/order {work.id}")
    view = await boss.user.next_message()
    assert f"工单 #{work.id} · 普通 · 免费保修" in view.text and "客户：华星机械" in view.text
    assert "服务时限" in view.text and "处理记录" in view.text and "创建" in view.text
    assert [b["text"] for b in view.inline_buttons()] == ["👷 派工", "✖️ 取消工单"]
    table = await boss.say("/sla")
    assert "• 免费保修，紧急：1 / 4 / 24 小时" in table.text and "按自然小时计算" in table.text
