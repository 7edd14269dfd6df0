"""One owner for each 429 (presentation.limiter): a flood wait met by a fan-out holds only that fan-out,
a wait over deliver's cap is left to the next run, and a reply that meets a short wait is retried once.

All through the real application (its rate limiter included) and the local Bot API server."""

from __future__ import annotations

import asyncio
import logging
import time
from collections import Counter
from datetime import timedelta

import pytest

from bot.app import FieldApplication
from jobs.reminders import send_due_reminders
from localbotapi.server import LocalBotApiServer
from presentation.delivery import RETRY
from storage.db import Database
from tests.support.people import make_rep, make_staff, make_team
from tests.test_reminders import DUE, JOINED

REPS = [811, 812, 813]


async def _team_of_reps(db: Database, api: LocalBotApiServer) -> None:
    team = await make_team(db, "Flood")
    for telegram_id in REPS:
        await make_rep(db, telegram_id, team, joined=JOINED)
        api.user(telegram_id, f"Rep {telegram_id}", started=True)


async def test_a_flood_wait_over_the_cap_is_left_to_the_next_run_without_holding_anything(
    app: FieldApplication, api: LocalBotApiServer, db: Database
) -> None:
    await _team_of_reps(db, api)
    over_cap = int(RETRY.max_retry_after) + 60
    api.fail_next("sendMessage", 429, retry_after=over_cap, chat_id=812)
    started = time.monotonic()
    first = await asyncio.wait_for(send_due_reminders(app.bot, db, DUE - timedelta(hours=24)), 10)
    # Nobody slept through the 120 s: the others were sent at once, the flooded one left for later.
    assert time.monotonic() - started < 5
    assert first == Counter({"sent": 2, "failed": 1})
    assert api.stats["429"] == 1

    later = DUE - timedelta(hours=24) + timedelta(minutes=1)
    assert await send_due_reminders(app.bot, db, later) == Counter({"sent": 1})
    assert await send_due_reminders(app.bot, db, later + timedelta(minutes=1)) == Counter()
    got = Counter(m.chat_id for m in api.sent if m.chat_id in REPS)
    assert got == Counter({telegram_id: 1 for telegram_id in REPS})  # nothing lost, nothing twice


async def test_a_reply_is_not_held_while_a_fan_out_waits_out_its_429(
    app: FieldApplication, api: LocalBotApiServer, db: Database
) -> None:
    await _team_of_reps(db, api)
    await make_staff(db, 820, name="Busy Rep")
    person = api.user(820, "Busy")
    api.fail_next("sendMessage", 429, retry_after=3, chat_id=811)
    fan_out = asyncio.create_task(send_due_reminders(app.bot, db, DUE - timedelta(hours=24)))
    await api.wait_for(lambda: api.stats["429"] >= 1, 5)

    # While the fan-out sleeps its 3 s, someone using the bot gets their answer at once.
    asked = time.monotonic()
    await person.send_command("/help")
    reply = await person.next_message(timeout=5)
    assert time.monotonic() - asked < 1.5
    assert "/checkin" in reply.text

    assert await asyncio.wait_for(fan_out, 10) == Counter({"sent": 3})
    got = Counter(m.chat_id for m in api.sent if m.chat_id in REPS)
    assert got == Counter({telegram_id: 1 for telegram_id in REPS})


async def test_a_reply_meeting_a_short_flood_wait_arrives_once_without_a_traceback(
    app: FieldApplication, api: LocalBotApiServer, db: Database, caplog: pytest.LogCaptureFixture
) -> None:
    await make_staff(db, 830, name="Quick Tapper")
    person = api.user(830, "Quick")
    api.fail_next("sendMessage", 429, retry_after=1, chat_id=830)
    with caplog.at_level(logging.INFO):
        await person.send_command("/help")
        reply = await person.next_message(timeout=5)
        await person.assert_no_message(0.3)
    assert "/checkin" in reply.text and len(person.messages) == 1
    assert api.stats["429"] == 1
    assert not [r for r in caplog.records if r.levelno >= logging.ERROR]
    assert any("waiting 1 s, then trying this reply once more" in r.getMessage() for r in caplog.records)
