"""The work-order SLA job through the real bot and the local Bot API server: the rep's reminder before a
target runs out, the supervisors' alert the moment it is missed (target -1 s / 0 s / +1 s), each sent
once across a restart and two racing runs. On SQLite and PostgreSQL."""

from __future__ import annotations

import asyncio
from collections import Counter
from datetime import timedelta

from jobs.order_sla import JOB_NAME, send_sla_notices
from jobs.setup import schedule_all
from localbotapi.server import LocalBotApiServer
from storage import orders as orders_db
from storage.db import Database
from storage.models import Role, Staff, Team
from storage.order_models import WorkOrder
from tests.conftest import TEST_START, RunningBot
from tests.support.field import make_customer
from tests.support.people import make_rep, make_team

# Far after the test's clock, so the bot's own every-30-s run (on that clock) never finds these due:
# only the instants the tests choose do.
CREATED = TEST_START + timedelta(days=400)
ACCEPT_DUE = CREATED + timedelta(hours=1)  # urgent: accept within 1 h, reminded 15 min before
ARRIVE_DUE = CREATED + timedelta(hours=4)  # reminded 1 h before
REP, BOSS, BOSS_ZH, OTHER_BOSS = 601, 609, 608, 619


async def _world(db: Database, api: LocalBotApiServer) -> tuple[Team, Staff, WorkOrder]:
    team = await make_team(db, "East")
    rep = await make_rep(db, REP, team, name="Li <Lei>")
    await make_rep(db, BOSS, team, role=Role.SUPERVISOR, name="Boss Wu")
    await make_rep(db, BOSS_ZH, team, role=Role.SUPERVISOR, name="王经理", language="zh")
    other = await make_team(db, "West")
    await make_rep(db, OTHER_BOSS, other, role=Role.SUPERVISOR, name="Not Mine")
    for tid, name in ((REP, "Li"), (BOSS, "Wu"), (BOSS_ZH, "Wang"), (OTHER_BOSS, "Zhou")):
        api.user(tid, name, started=True)
    customer = await make_customer(db, team, "ACME & Sons")
    async with db.session() as s:
        order = await orders_db.create_order(
            s, team_id=team.id or 0, customer_id=customer.id or 0, created_by_id=None,
            category="warranty_repair", priority="urgent", fault="Pump <b>leaks</b>", assignee_id=rep.id,
            now=CREATED,
        )  # fmt: skip
    return team, rep, order


def counts(api: LocalBotApiServer) -> Counter[int]:
    return Counter(m.chat_id for m in api.sent)


async def test_reminder_before_and_alert_once_the_target_is_missed(
    bot: RunningBot, api: LocalBotApiServer, db: Database
) -> None:
    assert bot.app is not None
    tg = bot.app.bot
    _, _, order = await _world(db, api)
    before = counts(api)

    assert await send_sla_notices(tg, db, ACCEPT_DUE - timedelta(minutes=15, seconds=1)) == Counter()
    sent = await send_sla_notices(tg, db, ACCEPT_DUE - timedelta(minutes=15))
    assert sent == Counter({"reminder:sent": 1})
    reminder = api.messages_for(REP)[-1].text or ""
    assert f"Work order #{order.id}: accept due in 15 min" in reminder
    assert "ACME & Sons" in reminder and "Pump <b>leaks</b>" in reminder  # typed text shown as typed

    # -1 s and 0 s: still in time (exactly at the due time a target is met); +1 s: missed, alerted once.
    assert await send_sla_notices(tg, db, ACCEPT_DUE - timedelta(seconds=1)) == Counter()
    assert await send_sla_notices(tg, db, ACCEPT_DUE) == Counter()
    assert counts(api) - before == Counter({REP: 1})
    assert await send_sla_notices(tg, db, ACCEPT_DUE + timedelta(seconds=1)) == Counter({"alert:sent": 2})
    assert counts(api) - before == Counter({REP: 1, BOSS: 1, BOSS_ZH: 1})  # not the other team's
    alert = api.messages_for(BOSS)[-1].text or ""
    assert f"Work order #{order.id} missed its accept target" in alert and "Rep: Li <Lei>" in alert
    assert "接单时限" in (api.messages_for(BOSS_ZH)[-1].text or "")
    assert await send_sla_notices(tg, db, ACCEPT_DUE + timedelta(minutes=5)) == Counter()


async def test_a_met_target_is_neither_reminded_nor_alerted(
    bot: RunningBot, api: LocalBotApiServer, db: Database
) -> None:
    assert bot.app is not None
    _, rep, order = await _world(db, api)
    async with db.session() as s:
        await orders_db.accept(s, order.id or 0, rep.id or 0, CREATED + timedelta(minutes=10))
    before = counts(api)
    assert await send_sla_notices(bot.app.bot, db, ACCEPT_DUE + timedelta(seconds=1)) == Counter()
    # The arrive target still runs: reminded an hour before, alerted when missed.
    assert await send_sla_notices(bot.app.bot, db, ARRIVE_DUE - timedelta(hours=1)) == Counter(
        {"reminder:sent": 1}
    )
    async with db.session() as s:
        await orders_db.cancel_order(
            s, order.id or 0, None, "customer withdrew", ARRIVE_DUE - timedelta(minutes=1)
        )
    # A cancelled order is nobody's worry any more.
    assert await send_sla_notices(bot.app.bot, db, ARRIVE_DUE + timedelta(seconds=1)) == Counter()
    assert counts(api) - before == Counter({REP: 1})


async def test_the_alert_is_sent_once_across_a_restart_and_two_racing_runs(
    bot: RunningBot, api: LocalBotApiServer, db: Database
) -> None:
    assert bot.app is not None
    await _world(db, api)
    missed = ACCEPT_DUE + timedelta(seconds=1)
    before = counts(api)
    first, second = await asyncio.gather(
        send_sla_notices(bot.app.bot, db, missed), send_sla_notices(bot.app.bot, db, missed)
    )
    # The reminder's moment passed unseen (the bot was down): it is not sent once the target is missed.
    assert first + second == Counter({"alert:sent": 2})
    app = await bot.restart()
    other = Database(bot.settings.database_url, clock=bot.clock)
    try:
        assert await send_sla_notices(app.bot, other, missed + timedelta(seconds=1)) == Counter()
    finally:
        await other.dispose()
    assert counts(api) - before == Counter({BOSS: 1, BOSS_ZH: 1})


async def test_the_job_is_registered_once(bot: RunningBot) -> None:
    for _ in range(2):
        app = await bot.restart()
        await schedule_all(app)
        assert app.job_queue is not None
        assert [job.name for job in app.job_queue.jobs()].count(JOB_NAME) == 1


async def test_the_running_bot_alerts_at_start_for_what_fell_due_while_it_was_down(
    bot: RunningBot, api: LocalBotApiServer, db: Database
) -> None:
    team = await make_team(db, "East")
    rep = await make_rep(db, REP, team, name="Li")
    await make_rep(db, BOSS, team, role=Role.SUPERVISOR, name="Boss Wu")
    boss = api.user(BOSS, "Wu", started=True)
    customer = await make_customer(db, team)
    # Created two hours before the clock's now, urgent: its accept hour ran out while nobody looked.
    async with db.session() as s:
        order = await orders_db.create_order(
            s, team_id=team.id or 0, customer_id=customer.id or 0, created_by_id=None,
            category="paid_repair", priority="urgent", assignee_id=rep.id,
            now=bot.clock.now() - timedelta(hours=2),
        )  # fmt: skip
    await bot.restart()  # the job's first run comes 5 s after the start
    alert = await boss.next_message(timeout=15)
    assert f"Work order #{order.id} missed its accept target" in (alert.text or "")
    await boss.assert_no_message(1.0)  # the arrive target is still running: nothing else
