"""Telegram faults in the middle of a reminder fan-out: 429, 502 and a blocked rep. Nothing is lost,
nothing is sent twice, the blocked rep is marked unreachable and their supervisor is told once."""

from __future__ import annotations

from collections import Counter
from datetime import timedelta

from bot.app import FieldApplication
from jobs.reminders import send_due_reminders
from localbotapi.server import LocalBotApiServer
from storage.db import Database
from storage.models import Role, Staff
from tests.support.people import make_rep, make_team
from tests.test_reminders import DUE, JOINED

REPS = list(range(601, 609))
BLOCKED = 604


async def test_429_502_and_403_during_a_fan_out(
    app: FieldApplication, api: LocalBotApiServer, db: Database
) -> None:
    team = await make_team(db, "West")
    for tid in REPS:
        await make_rep(db, tid, team, joined=JOINED, language="zh" if tid % 2 else "en")
        api.user(tid, f"Rep {tid}", started=True)
    boss = await make_rep(db, 690, team, joined=JOINED, role=Role.SUPERVISOR, name="Boss")
    supervisor = api.user(690, "Boss", started=True)
    api.block(BLOCKED)
    api.fail_next("sendMessage", 429, retry_after=1)
    api.fail_next("sendMessage", 502)
    before = Counter(m.chat_id for m in api.sent)

    outcomes = await send_due_reminders(app.bot, db, DUE - timedelta(hours=24))
    assert outcomes == Counter({"sent": len(REPS) - 1, "blocked": 1})
    got = Counter(m.chat_id for m in api.sent) - before
    assert got == Counter({tid: 1 for tid in REPS if tid != BLOCKED} | {690: 1})
    assert api.stats["429"] >= 1
    notice = supervisor.messages[-1].text
    assert (
        notice
        == "⚠️ Rep 604 has blocked fieldbot, so reminders no longer reach them. Please contact them directly."
    )
    async with db.session() as session:
        blocked = (await session.exec(Staff.__table__.select().where(Staff.telegram_id == BLOCKED))).first()  # type: ignore[attr-defined, call-overload]
    assert blocked.unreachable is True

    # The next stage skips the unreachable rep, and the supervisor is not told again.
    await send_due_reminders(app.bot, db, DUE - timedelta(hours=2))
    got = Counter(m.chat_id for m in api.sent) - before
    assert got == Counter({tid: 2 for tid in REPS if tid != BLOCKED} | {690: 1})
    assert boss.name == "Boss"


async def test_deliver_obeys_429_and_retries_5xx_on_its_own(api: LocalBotApiServer) -> None:
    """Without PTB's rate limiter in front, deliver itself waits out the 429 and retries the 502s."""
    from telegram import Bot

    from presentation.delivery import Outcome, deliver
    from tests.conftest import TOKEN

    person = api.user(700, "Plain", started=True)
    api.user(701, "Blocker", started=True)
    api.block(701)
    async with Bot(TOKEN, base_url=f"{api.base_url}/bot") as plain:
        api.fail_next("sendMessage", 429, retry_after=1)
        api.fail_next("sendMessage", 502, times=2)
        assert await deliver(plain, 700, "hello") is Outcome.SENT
        assert await deliver(plain, 701, "hello") is Outcome.BLOCKED
    assert [m.text for m in person.messages] == ["hello"]
    assert api.stats["429"] == 1


async def test_a_send_that_keeps_failing_is_released_and_sent_on_the_next_run(
    app: FieldApplication, api: LocalBotApiServer, db: Database
) -> None:
    from presentation.delivery import RetryPolicy

    team = await make_team(db, "Flaky")
    await make_rep(db, 650, team, joined=JOINED)
    rep = api.user(650, "Flaky", started=True)
    quick = RetryPolicy(attempts=2, first_backoff=0.05)
    api.fail_next("sendMessage", 502, times=2, chat_id=650)
    assert await send_due_reminders(app.bot, db, DUE - timedelta(hours=3), policy=quick) == Counter(
        {"failed": 1}
    )
    assert rep.messages == []
    # The claim was given back, so the next minute's run delivers it, once.
    assert await send_due_reminders(app.bot, db, DUE - timedelta(hours=3) + timedelta(minutes=1)) == Counter(
        {"sent": 1}
    )
    assert await send_due_reminders(app.bot, db, DUE - timedelta(hours=3) + timedelta(minutes=2)) == Counter()
    assert len(rep.messages) == 1 and "is due" in rep.messages[0].text
