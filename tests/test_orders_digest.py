"""The daily digest gains the team's work orders: opened and done that day, overdue now. Through the real
bot's digest job to the local Bot API server, on SQLite and PostgreSQL."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

from bot.app import FieldApplication
from jobs.digests import send_daily_digests
from localbotapi.server import LocalBotApiServer
from storage import orders as orders_db
from storage.db import Database
from storage.models import Role
from tests.support.field import make_customer
from tests.support.people import make_staff, make_team

# Wednesday 18 November 2026 in Shanghai: 10:00, and 20:00 (after the default 19:00 digest time).
MORNING = datetime(2026, 11, 18, 2, 0, tzinfo=UTC)
EVENING = datetime(2026, 11, 18, 12, 0, tzinfo=UTC)


async def test_the_daily_digest_counts_orders_opened_done_and_overdue(
    app: FieldApplication, api: LocalBotApiServer, db: Database
) -> None:
    north, quiet = await make_team(db, "North"), await make_team(db, "Quiet")
    await make_staff(db, 3001, role=Role.SUPERVISOR, team=north, name="Boss Chen")
    await make_staff(db, 3002, role=Role.SUPERVISOR, team=north, name="Boss Zhou", language="zh")
    await make_staff(db, 3003, role=Role.SUPERVISOR, team=quiet, name="Boss Idle")
    li = await make_staff(db, 3101, team=north, name="Li Lei")
    sup, sup_zh, idle = (api.user(i, "S", started=True) for i in (3001, 3002, 3003))
    acme = await make_customer(db, north, "Acme")

    async def order(created: datetime, priority: str = "normal") -> int:
        async with db.session() as s:
            made = await orders_db.create_order(
                s, team_id=north.id or 0, customer_id=acme.id or 0, created_by_id=None,
                category="paid_repair", priority=priority, assignee_id=li.id, now=created,
            )  # fmt: skip
            return made.id or 0

    # Opened today: two; one of them is urgent and was not accepted within its hour: overdue now.
    await order(MORNING, "urgent")
    done = await order(MORNING + timedelta(hours=1))
    # Opened two days ago and finished today (counts as done, not opened).
    older = await order(MORNING - timedelta(days=2))
    async with db.session() as s:
        for oid in (done, older):
            await orders_db.accept(s, oid, li.id or 0, MORNING + timedelta(hours=2))
            await orders_db.arrive(s, oid, li.id or 0, now=MORNING + timedelta(hours=3))
            await orders_db.finish(s, oid, li.id or 0, None, MORNING + timedelta(hours=4))

    assert await send_daily_digests(app.bot, db, EVENING) == 2
    text = (await sup.next_message()).text or ""
    assert "Work orders: 2 opened, 2 done, 1 overdue now" in text
    zh = (await sup_zh.next_message()).text or ""
    assert "工单：新建 2，完工 2，当前超时 1" in zh
    # A team without orders or any other activity still gets nothing.
    await idle.assert_no_message(0.2)
