"""Webhook mode with the database down: a delivery is answered 503, so Telegram keeps it and delivers it
again once the database is back; nothing is lost and nothing is answered twice."""

from __future__ import annotations

import asyncio
import os
import shutil
import socket
import subprocess
from collections.abc import AsyncIterator
from contextlib import asynccontextmanager
from pathlib import Path

import pytest

from bot.app import build_application
from bot.runner import webhook
from domain.clock import SettableClock
from domain.settings import Settings
from localbotapi.server import LocalBotApiServer
from presentation.i18n import t
from storage import inbox
from storage.db import Database
from tests.conftest import TOKEN
from tests.pg import ThrowawayCluster
from tests.support.people import make_staff, make_team

SECRET = "s3cret_Value-1"


def _free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


def _chattr(flag: str, path: Path) -> None:
    subprocess.run(["chattr", flag, str(path)], check=True, capture_output=True)


@asynccontextmanager
async def _database_down(database_url: str) -> AsyncIterator[None]:
    """PostgreSQL stopped, or the SQLite file unwritable (what a full disk looks like to SQLite)."""
    if database_url.startswith("sqlite"):
        if os.geteuid() != 0 or shutil.which("chattr") is None:
            pytest.skip("needs root and chattr to make the database file unwritable (root ignores chmod)")
        wal = Path(database_url.split("///", 1)[1] + "-wal")
        _chattr("+i", wal)
        try:
            yield
        finally:
            _chattr("-i", wal)
        return
    cluster = ThrowawayCluster.current
    if cluster is None:
        pytest.skip("needs the throwaway PostgreSQL cluster this session started (to stop and restart it)")
    await asyncio.to_thread(cluster.pause)
    try:
        yield
    finally:
        await asyncio.to_thread(cluster.resume)


async def _until_done(db: Database, update_id: int) -> None:
    """Wait until the inbox marks `update_id` handled to the end (its flush has committed)."""
    for _ in range(100):
        async with db.read() as session:
            if await inbox.is_done(session, update_id):
                return
        await asyncio.sleep(0.05)
    raise AssertionError(f"update {update_id} is not done in the inbox")


def _last_update_id(api: LocalBotApiServer) -> int:
    assert api.updates.last_delivered is not None
    return int(api.updates.last_delivered["update_id"])


async def test_a_webhook_delivery_while_the_database_is_down_is_refused_and_redelivered(
    api: LocalBotApiServer, database_url: str, db: Database, clock: SettableClock, tmp_path: Path
) -> None:
    team = await make_team(db)
    await make_staff(db, 6101, team=team, language="en")
    rep = api.user(6101, "Li", language_code="en")
    port = _free_port()
    url = f"http://127.0.0.1:{port}/telegram"
    settings = Settings(
        telegram_bot_token=TOKEN,  # type: ignore[arg-type]
        telegram_api_base_url=api.base_url,
        database_url=database_url,
        file_store=str(tmp_path / "files"),
        webhook_url=url,
        webhook_secret=SECRET,  # type: ignore[arg-type]
        default_language="en",
        _env_file=None,  # type: ignore[call-arg]
    )
    async with webhook(build_application(settings, clock=clock), port=port, url=url, secret=SECRET):
        await rep.send_command("/help")
        assert "/checkin" in ((await rep.next_message(timeout=10)).text or "")
        assert await api.wait_for(lambda: api.updates.pending_count == 0, 10)
        first = _last_update_id(api)
        await _until_done(db, first)  # the bot is idle: the outage hits the next update only

        async with _database_down(database_url):
            await rep.send_command("/help")
            # Told once that the bot is briefly away; never that anything was saved.
            assert (await rep.next_message(timeout=15)).text == t("en", "outage.user_wait")
            # The webhook answered 503 instead of holding the delivery: Telegram still has the update.
            assert await api.wait_for(lambda: api.stats["webhook_failures"] >= 1, 15)
            assert api.updates.webhook is not None
            assert "503" in (api.updates.webhook.last_error_message or "")
            assert api.updates.pending_count == 1

        # Back: Telegram's next delivery is stored, answered once, and confirmed.
        assert "/checkin" in ((await rep.next_message(timeout=15)).text or "")
        assert await api.wait_for(lambda: api.updates.pending_count == 0, 10)
        assert _last_update_id(api) == first + 1
        await _until_done(db, first + 1)
        await rep.assert_no_message(1.0)
    texts = [m.text for m in rep.messages]
    assert texts.count(t("en", "outage.user_wait")) == 1
    assert t("en", "error.user_saved") not in texts
