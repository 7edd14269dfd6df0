"""Webhook mode: updates arrive by POST with the secret header; a wrong or missing secret gets 403."""

from __future__ import annotations

import socket

import aiohttp
import pytest

from bot.app import build_application
from domain.clock import SettableClock
from domain.settings import Settings
from localbotapi.server import LocalBotApiServer
from tests.conftest import TOKEN


def _free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


@pytest.mark.parametrize("empty_database_url", ["sqlite"], indirect=True)
async def test_webhook_mode_checks_the_secret(
    api: LocalBotApiServer, database_url: str, clock: SettableClock
) -> None:
    port = _free_port()
    url = f"http://127.0.0.1:{port}/telegram"
    secret = "s3cret_Value-1"
    settings = Settings(
        telegram_bot_token=TOKEN,  # type: ignore[arg-type]
        telegram_api_base_url=api.base_url,
        database_url=database_url,
        webhook_url=url,
        webhook_secret=secret,  # type: ignore[arg-type]
        default_language="en",
        _env_file=None,  # type: ignore[call-arg]
    )
    app = build_application(settings, clock=clock)
    await app.initialize()
    assert app.updater is not None
    await app.updater.start_webhook(
        listen="127.0.0.1", port=port, url_path="telegram", webhook_url=url, secret_token=secret
    )
    await app.start()
    try:
        stranger = api.user(5001, "Web")
        await stranger.send_text("hello")
        assert (await stranger.next_message()).text.startswith("Sorry, fieldbot is only for registered")

        forged = {
            "update_id": 999999,
            "message": {
                "message_id": 1,
                "date": 0,
                "chat": {"id": 5002, "type": "private"},
                "from": {"id": 5002, "is_bot": False, "first_name": "X"},
                "text": "/start",
            },
        }
        async with aiohttp.ClientSession() as http:
            async with http.post(url, json=forged) as missing:
                assert missing.status == 403
            async with http.post(
                url, json=forged, headers={"X-Telegram-Bot-Api-Secret-Token": "wrong"}
            ) as wrong:
                assert wrong.status == 403
    finally:
        await app.updater.stop()
        await app.stop()
        await app.shutdown()
        await app.bot_data["db"].dispose()
    assert api.messages_for(5002) == []
