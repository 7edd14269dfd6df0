"""An SLA reminder or alert claimed by a process that died before sending it is sent after the restart,
once, to the person it was for alone; one supervisor's failed send is retried without writing to the
others again; and the notices carry an Open order button. Through the real bot, on SQLite and PostgreSQL.
"""

from __future__ import annotations

import asyncio
from collections import Counter
from datetime import datetime, timedelta

from sqlmodel import select

from jobs.order_sla import send_sla_notices
from localbotapi.server import LocalBotApiServer
from presentation.delivery import RetryPolicy
from storage import orders as orders_db
from storage.db import Database
from storage.models import Role, Staff, Team
from storage.order_models import OrderNotice, WorkOrder
from storage.order_sla import targets
from tests.conftest import TEST_START, RunningBot
from tests.support.field import make_customer
from tests.support.people import make_rep, make_team

REP, BOSS, BOSS_ZH = 701, 709, 708


async def _people(db: Database, api: LocalBotApiServer) -> tuple[Team, Staff, Staff, Staff]:
    team = await make_team(db, "East")
    rep = await make_rep(db, REP, team, name="Li")
    boss = await make_rep(db, BOSS, team, role=Role.SUPERVISOR, name="Boss Wu")
    boss_zh = await make_rep(db, BOSS_ZH, team, role=Role.SUPERVISOR, name="王经理", language="zh")
    for tid, name in ((REP, "Li"), (BOSS, "Wu"), (BOSS_ZH, "Wang")):
        api.user(tid, name, started=True)
    return team, rep, boss, boss_zh


async def _order(db: Database, team: Team, rep: Staff, created: datetime) -> WorkOrder:
    """An urgent order for `rep`: accept within 1 h (reminded 15 min before), arrive within 4 h."""
    customer = await make_customer(db, team, "ACME")
    async with db.session() as s:
        return await orders_db.create_order(
            s, team_id=team.id or 0, customer_id=customer.id or 0, created_by_id=None, category="paid_repair",
            priority="urgent", fault="Pump leaks", assignee_id=rep.id, now=created,
        )  # fmt: skip


async def _crash(db: Database, order: WorkOrder, kind: str, at: datetime, notices: dict[int, str]) -> None:
    """What a process that died mid-send left: the accept target's claim, its notices (staff id: status)."""
    async with db.session() as s:
        accept = (await targets(s, order.id or 0))[0]
        setattr(accept, "reminded_at" if kind == "reminder" else "alerted_at", at)
        s.add(accept)
        for staff_id, status in notices.items():
            sent_at = at if status == "sent" else None
            s.add(OrderNotice(target_id=accept.id or 0, kind=kind, staff_id=staff_id, claimed_at=at,
                              status=status, sent_at=sent_at))  # fmt: skip


async def _statuses(db: Database) -> dict[int, str]:
    async with db.session() as s:
        return {n.staff_id: n.status for n in (await s.exec(select(OrderNotice))).all()}


async def test_an_alert_a_crash_left_unsent_goes_after_the_restart_to_that_supervisor_alone(
    bot: RunningBot, api: LocalBotApiServer, db: Database
) -> None:
    assert bot.app is not None
    team, rep, boss, boss_zh = await _people(db, api)
    # Far after the bot's clock, so only the runs this test makes find it due.
    created = TEST_START + timedelta(days=400)
    missed = created + timedelta(hours=1, seconds=1)
    order = await _order(db, team, rep, created)
    # The dead process had told Boss Wu and claimed, but not sent, Wang's alert.
    await _crash(db, order, "alert", missed, {boss.id or 0: "sent", boss_zh.id or 0: "pending"})
    assert await send_sla_notices(bot.app.bot, db, missed + timedelta(seconds=30)) == Counter()

    app = await bot.restart()  # the start gives the pending claim back
    assert app.job_queue is not None
    app.job_queue.scheduler.pause()  # the runs below are the only ones (the bot's own would race them)
    runs = await asyncio.gather(
        *(send_sla_notices(app.bot, db, missed + timedelta(minutes=1)) for _ in range(2))
    )
    assert sum(runs, Counter()) == Counter({"alert:sent": 1})  # two racing runs: sent once
    assert await send_sla_notices(app.bot, db, missed + timedelta(minutes=2)) == Counter()
    assert api.messages_for(BOSS) == []  # already told before the crash: not again
    [alert] = api.messages_for(BOSS_ZH)
    assert f"工单 #{order.id} 已超出接单时限" in (alert.text or "") and "/order" not in (alert.text or "")
    assert await _statuses(db) == {boss.id: "sent", boss_zh.id: "sent"}

    # The button opens the order (what /order N shows).
    app.job_queue.scheduler.resume()
    wang = api.user(BOSS_ZH, "Wang", started=True)
    await wang.press(alert, "📋 打开工单")
    shown = await wang.next_message(timeout=10)
    assert f"#{order.id}" in (shown.text or "") and "ACME" in (shown.text or "")


async def test_the_running_bot_sends_a_reminder_a_crash_left_pending_once_it_restarts(
    bot: RunningBot, api: LocalBotApiServer, db: Database
) -> None:
    team, rep, _, _ = await _people(db, api)
    li = api.user(REP, "Li", started=True)
    now = bot.clock.now()
    # Accept due in 10 min: its reminder (15 min before) was claimed 5 min ago by a process that then died.
    order = await _order(db, team, rep, now - timedelta(minutes=50))
    await _crash(db, order, "reminder", now - timedelta(minutes=5), {rep.id or 0: "pending"})
    await li.assert_no_message(1.0)

    await bot.restart()  # the job's first run comes 5 s after the start
    reminder = await li.next_message(timeout=15)
    assert f"Work order #{order.id}: accept due in" in (reminder.text or "")
    await li.assert_no_message(1.0)
    assert await _statuses(db) == {rep.id: "sent"}

    await li.press(reminder, "📋 Open order")
    shown = await li.next_message(timeout=10)
    assert f"#{order.id}" in (shown.text or "")
    assert any(b.get("callback_data", "").startswith("owk:accept:") for b in shown.inline_buttons())


async def test_one_supervisors_failed_alert_is_retried_for_them_alone(
    bot: RunningBot, api: LocalBotApiServer, db: Database
) -> None:
    assert bot.app is not None and bot.app.job_queue is not None
    bot.app.job_queue.scheduler.pause()
    team, rep, boss, boss_zh = await _people(db, api)
    created = TEST_START + timedelta(days=400)
    missed = created + timedelta(hours=1, seconds=1)
    order = await _order(db, team, rep, created)
    api.fail_next("sendMessage", 502, times=2, chat_id=BOSS_ZH)
    quick = RetryPolicy(attempts=2, first_backoff=0.05)
    first = await send_sla_notices(bot.app.bot, db, missed, policy=quick)
    assert first == Counter({"alert:sent": 1, "alert:failed": 1})
    assert await _statuses(db) == {boss.id: "sent", boss_zh.id: "retry"}

    assert await send_sla_notices(bot.app.bot, db, missed + timedelta(seconds=30)) == Counter(
        {"alert:sent": 1}
    )
    assert len(api.messages_for(BOSS)) == 1 and len(api.messages_for(BOSS_ZH)) == 1
    assert f"Work order #{order.id} missed its accept target" in (api.messages_for(BOSS)[0].text or "")
    # A retry waiting when the order was cancelled is dropped, not sent.
    api.fail_next("sendMessage", 502, times=2, chat_id=BOSS_ZH)
    arrive_missed = created + timedelta(hours=4, seconds=1)
    assert await send_sla_notices(bot.app.bot, db, arrive_missed, policy=quick) == Counter(
        {"alert:sent": 1, "alert:failed": 1}
    )
    async with db.session() as s:
        await orders_db.cancel_order(s, order.id or 0, None, "customer withdrew", arrive_missed)
    assert await send_sla_notices(bot.app.bot, db, arrive_missed + timedelta(seconds=30)) == Counter()
    assert len(api.messages_for(BOSS_ZH)) == 1
    bot.app.job_queue.scheduler.resume()
