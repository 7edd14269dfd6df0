"""When the database is down nothing typed is lost, updates wait with Telegram, and nobody is told a lie."""

from __future__ import annotations

import asyncio
from datetime import timedelta

import pytest

from bot.app import FieldApplication
from bot.i18n import t
from localbotapi.server import LocalBotApiServer
from storage import inbox
from storage.db import Database
from tests.factories import make_staff, make_team
from tests.factories_feedback import all_feedback, said
from tests.pg import ThrowawayCluster

OUTAGE_SECONDS = 12


async def _all_handled(db: Database) -> None:
    """Wait until every update so far is finished in the inbox (the bot is idle, waiting for the rep)."""
    for _ in range(100):
        async with db.session() as session:
            if not await inbox.unfinished(session, received_before=db.clock.now() + timedelta(days=1)):
                return
        await asyncio.sleep(0.05)
    raise AssertionError("the bot did not finish handling the updates so far")


@pytest.mark.parametrize("empty_database_url", ["postgresql"], indirect=True)
async def test_postgresql_stopped_in_the_middle_of_feedback_loses_nothing(
    app: FieldApplication, api: LocalBotApiServer, db: Database
) -> None:
    cluster = ThrowawayCluster.current
    if cluster is None:
        pytest.skip("needs the throwaway PostgreSQL cluster this session started (to stop and restart it)")
    team = await make_team(db)
    await make_staff(db, 6001, team=team, language="en")
    rep = api.user(6001, "Li", language_code="en")
    await rep.send_command("/feedback")
    await rep.press(await said(rep, "What do you want to report?"), "Product quality problem")
    await said(rep, "Which product model?")
    await _all_handled(db)

    await asyncio.to_thread(cluster.pause)
    try:
        await rep.send_text("XG-200")
        await rep.send_command("/stats")
        await rep.send_text("Pump leaks oil after 200 hours")
        # Told once, in the rep's own language, that the bot is briefly away; never that anything was saved.
        assert (await rep.next_message(timeout=10)).text == t("en", "outage.user_wait")
        await asyncio.sleep(OUTAGE_SECONDS)
        assert rep.messages[-1].text == t("en", "outage.user_wait")
    finally:
        await asyncio.to_thread(cluster.resume)

    # Back: the three updates are handled in the order they were sent, none lost, /stats answered.
    await said(rep, "Describe it")  # "XG-200" answered the product step
    # /stats is answered as it is in the middle of any conversation (stats are offered once it ends).
    assert (await rep.next_message(timeout=10)).text == t("en", "common.finish_first")
    ask_photos = await said(rep, "Send photos")
    await rep.press(ask_photos, t("en", "forms.done"))
    await rep.press(await said(rep, "How serious is it?"), "Normal")
    preview = await said(rep, "Please check before submitting")
    assert "Product model: XG-200" in preview.text
    assert "Pump leaks oil after 200 hours" in preview.text
    await rep.press(preview, "✅ Submit")
    await said(rep, "Thank you. Feedback #")
    [stored] = await all_feedback(db)
    assert (stored.product_model, stored.description) == ("XG-200", "Pump leaks oil after 200 hours")
    texts = [m.text for m in rep.messages]
    assert texts.count(t("en", "outage.user_wait")) == 1
    assert t("en", "error.user_saved") not in texts
