"""When the database is down nothing typed is lost, updates wait with Telegram, and nobody is told a lie."""

from __future__ import annotations

import asyncio
import os
import shutil
import subprocess
from datetime import timedelta
from pathlib import Path

import pytest

from bot.app import FieldApplication
from localbotapi.server import LocalBotApiServer
from presentation.i18n import t
from storage import inbox
from storage.db import Database
from tests.conftest import ADMIN_ID
from tests.pg import ThrowawayCluster
from tests.support.chat import said
from tests.support.paperwork import all_feedback
from tests.support.people import make_staff, make_team

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


def _chattr(flag: str, path: Path) -> None:
    subprocess.run(["chattr", flag, str(path)], check=True, capture_output=True)


@pytest.mark.parametrize("empty_database_url", ["sqlite"], indirect=True)
async def test_sqlite_unwritable_for_a_while_recovers_by_itself_and_tells_the_admins_once(
    app: FieldApplication, api: LocalBotApiServer, db: Database, database_url: str
) -> None:
    wal = Path(database_url.split("///", 1)[1] + "-wal")
    if os.geteuid() != 0 or shutil.which("chattr") is None:
        pytest.skip("needs root and chattr to make the database file unwritable (root ignores chmod)")
    admin = api.user(ADMIN_ID, "Admin", started=True)
    team = await make_team(db)
    await make_staff(db, 6002, team=team, language="en")
    rep = api.user(6002, "Wu", language_code="zh-hans")
    await rep.send_command("/help")
    await rep.next_message()
    await _all_handled(db)
    try:
        _chattr("+i", wal)  # what a full disk or a permission change looks like to SQLite: "disk I/O error"
    except subprocess.CalledProcessError:
        pytest.skip("this file system does not support chattr +i")
    try:
        for _ in range(5):
            await rep.send_command("/help")
        # Told once, in the language Telegram gives (the stored choice is in the database that fails).
        assert (await rep.next_message(timeout=10)).text == t("zh", "outage.user_wait")
        await asyncio.sleep(5)  # several retries fail meanwhile
    finally:
        _chattr("-i", wal)
    loop = asyncio.get_running_loop()
    writable_at = loop.time()
    for _ in range(5):
        assert "/checkin" in (await rep.next_message(timeout=10)).text
    assert loop.time() - writable_at < 4  # within a couple of seconds of the file being writable again

    notices = [m.text for m in admin.messages]
    assert len([n for n in notices if "cannot write to its database" in n]) == 1, notices
    assert len([n for n in notices if "database is back" in n]) == 1, notices
    assert not [n for n in notices if "fieldbot error" in n], notices
    assert [m.text for m in rep.messages].count(t("zh", "outage.user_wait")) == 1
