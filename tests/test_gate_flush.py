"""The gate's flush keeps each person's conversation state on disk, step by step, from our own record."""

from __future__ import annotations

import asyncio
import json
from collections.abc import Callable

from sqlmodel import select

from localbotapi.server import LocalBotApiServer
from storage.db import Database
from storage.models import ConversationRecord
from tests.conftest import RunningBot
from tests.support.chat import said
from tests.support.people import make_staff, make_team

States = dict[str, object]


async def _stored_states(db: Database, user_id: int) -> States:
    async with db.read() as session:
        rows = (await session.exec(select(ConversationRecord))).all()
    return {row.name: row.state for row in rows if json.loads(row.key)[-1] == user_id}


async def _once(db: Database, user_id: int, wanted: Callable[[States], bool]) -> States:
    """The person's stored states once they are as wanted (the flush commits just after the answer)."""
    states: States = {}
    for _ in range(100):
        states = await _stored_states(db, user_id)
        if wanted(states):
            return states
        await asyncio.sleep(0.05)
    raise AssertionError(f"stored states stayed {states}")


async def test_each_step_is_stored_for_its_person_and_forgotten_when_the_flow_ends(
    bot: RunningBot, api: LocalBotApiServer, db: Database
) -> None:
    team = await make_team(db)
    await make_staff(db, 3001, team=team)
    await make_staff(db, 3002, team=team, name="Wang")
    li, wang = api.user(3001, "Li"), api.user(3002, "Wang")
    await wang.send_command("/feedback")
    await said(wang, "What do you want to report?")
    wang_states = await _once(db, 3002, lambda states: states.get("feedback") is not None)

    await li.send_command("/feedback")
    await li.press(await said(li, "What do you want to report?"), "Suggestion")
    await said(li, "Which product model?")
    await li.send_text("XG-200")
    await said(li, "Describe it")
    await _once(db, 3001, lambda states: states.get("feedback") is not None)

    # A restart loads the stored state: the next text is the description it asked for.
    await bot.restart()
    await li.send_text("Offer a longer warranty")
    await li.press(await said(li, "Send photos"), "Done")
    await li.press(await said(li, "How serious is it?"), "Normal")
    await li.press(await said(li, "Please check before submitting"), "✅ Submit")
    await said(li, "is filed")
    assert await _once(db, 3001, lambda states: "feedback" not in states) == {}
    # Li's updates wrote Li's state only: Wang is still where he was.
    assert await _stored_states(db, 3002) == wang_states


async def test_cancel_forgets_the_stored_state(bot: RunningBot, api: LocalBotApiServer, db: Database) -> None:
    team = await make_team(db)
    await make_staff(db, 3001, team=team)
    li = api.user(3001, "Li")
    await li.send_command("/feedback")
    await said(li, "What do you want to report?")
    await _once(db, 3001, lambda states: states.get("feedback") is not None)
    await li.send_command("/cancel")
    await said(li, "Cancelled")
    await _once(db, 3001, lambda states: states == {})
    await bot.restart()  # nothing to resume: a text is just a text again
    await li.send_text("hello")
    assert "What do you want to report?" not in ((await li.next_message(timeout=5)).text or "")
