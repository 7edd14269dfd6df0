"""One person's flood must not starve the others: lanes per person, a rate limit, and a pruned inbox."""

from __future__ import annotations

import asyncio
import logging
from datetime import timedelta

import pytest
from sqlmodel import col, func, select

from bot.app import FieldApplication
from domain.clock import SettableClock
from domain.flood import BURST
from jobs import inbox_prune
from localbotapi.server import LocalBotApiServer
from presentation.i18n import t
from storage.db import Database
from storage.models import InboxUpdate
from tests.support.field import SITE, make_customer, north_of
from tests.support.people import make_staff, make_team

FLOOD = 300


async def _answer_time(reply_count: int, rep: object, api: LocalBotApiServer) -> float:
    """Seconds until the chat has more than `reply_count` bot messages."""
    loop = asyncio.get_running_loop()
    started = loop.time()
    await api.wait_for(lambda: len(rep.messages) > reply_count, 10)  # type: ignore[attr-defined]
    return loop.time() - started


async def test_a_flood_from_one_rep_does_not_keep_another_waiting(
    app: FieldApplication, api: LocalBotApiServer, db: Database, caplog: pytest.LogCaptureFixture
) -> None:
    team = await make_team(db)
    await make_staff(db, 5001, team=team)
    await make_staff(db, 5002, team=team)
    await make_customer(db, team, "ACME Ltd")
    flooder, other = api.user(5001, "Flood"), api.user(5002, "Calm", language_code="zh-hans")
    caplog.set_level(logging.DEBUG, logger="gate")

    for i in range(FLOOD):  # as fast as the driver can: all queued before the bot has answered one
        await flooder.send_text(f"message {i}")
    await other.send_command("/checkin")
    assert await _answer_time(0, other, api) < 1.0
    assert "live location" in other.messages[0].text
    await other.send_location(*north_of(*SITE, 100), horizontal_accuracy=20)
    assert await _answer_time(1, other, api) < 1.0
    assert "Location received" in other.messages[1].text

    # Everything the flooder sent is done: handled in order up to the burst, the rest dropped with one
    # "slow down" in their language, and nothing left behind in the inbox to replay.
    async def all_done() -> int:
        async with db.session() as session:
            query = select(func.count()).select_from(InboxUpdate).where(col(InboxUpdate.done_at).is_not(None))
            return int((await session.exec(query)).one())

    for _ in range(100):
        if await all_done() >= FLOOD + 2:
            break
        await asyncio.sleep(0.1)
    assert await all_done() == FLOOD + 2
    texts = [m.text for m in flooder.messages]
    assert texts.count(t("en", "flood.slow_down")) == 1
    handled = texts.count(t("en", "common.not_understood"))
    assert BURST <= handled < BURST + 10  # the burst, plus what the rate refilled while the flood lasted
    assert len(texts) == handled + 1

    done = [r.args[0] for r in caplog.records if r.getMessage().startswith("update ") and "done" in r.msg]
    dropped = [r.args[0] for r in caplog.records if "dropped: its sender is flooding" in r.msg]
    flood_ids = sorted([*done, *dropped])[:FLOOD]
    handled_in_order = [i for i in done if i in set(flood_ids)]
    assert len(handled_in_order) == handled and handled_in_order == sorted(handled_in_order)
    # The burst was handled first; later, one now and then as the rate refilled; the rest were dropped.
    assert flood_ids[:BURST] == handled_in_order[:BURST]
    assert len(dropped) == FLOOD - handled


@pytest.mark.parametrize("empty_database_url", ["sqlite"], indirect=True)
async def test_the_inbox_is_pruned_on_a_schedule_not_only_at_start(
    app: FieldApplication, api: LocalBotApiServer, db: Database, clock: SettableClock
) -> None:
    team = await make_team(db)
    await make_staff(db, 5003, team=team)
    rep = api.user(5003, "Li")
    for _ in range(3):
        await rep.send_command("/help")
        await rep.next_message()

    async def rows() -> int:
        async with db.session() as session:
            return int((await session.exec(select(func.count()).select_from(InboxUpdate))).one())

    async def handled() -> bool:
        async with db.session() as session:
            pending = select(func.count()).select_from(InboxUpdate).where(col(InboxUpdate.done_at).is_(None))
            return int((await session.exec(pending)).one()) == 0

    # The reply is sent before the update is marked done: wait for the last one's flush.
    for _ in range(100):
        if await handled():
            break
        await asyncio.sleep(0.05)
    assert await rows() == 3 and await handled()
    assert [job.name for job in app.job_queue.jobs() if job.name == inbox_prune.JOB_NAME] == [
        inbox_prune.JOB_NAME
    ]
    await inbox_prune.prune_inbox(db)
    assert await rows() == 3  # handled just now: Telegram could still redeliver them
    clock.advance(timedelta(days=3))
    await inbox_prune.prune_inbox(db)
    assert await rows() == 0
    await inbox_prune.prune_inbox(db)  # idempotent: nothing left, nothing fails
    assert await rows() == 0
