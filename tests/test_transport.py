"""bot.transport: what PTB relies on from its HTTP client (every end-to-end test runs on it too).

A slow server must surface as TimedOut and a dropped connection as NetworkError, since polling and
presentation.delivery retry exactly those; neither may carry the token, which is part of every URL.
"""

from __future__ import annotations

import asyncio
from collections.abc import AsyncIterator

import pytest
from aiohttp import web
from telegram import Bot
from telegram.error import NetworkError, TimedOut

from bot.transport import AiohttpRequest
from localbotapi.server import LocalBotApiServer

SECRET = "transportTestSecretPart" + "x" * 16
TOKEN = f"123456:{SECRET}"


@pytest.fixture
async def slow_server() -> AsyncIterator[str]:
    """A server that takes 2 s to answer anything."""

    async def slow(_request: web.Request) -> web.Response:
        await asyncio.sleep(2)
        return web.json_response({"ok": True, "result": True})

    app = web.Application()
    app.router.add_route("*", "/{tail:.*}", slow)
    runner = web.AppRunner(app, shutdown_timeout=0.1)
    await runner.setup()
    site = web.TCPSite(runner, "127.0.0.1", 0)
    await site.start()
    port = runner.addresses[0][1]
    yield f"http://127.0.0.1:{port}"
    await runner.cleanup()


async def test_a_slow_answer_is_timed_out(slow_server: str) -> None:
    request = AiohttpRequest(read_timeout=0.2)
    await request.initialize()
    try:
        with pytest.raises(TimedOut):
            await request.post(f"{slow_server}/bot{TOKEN}/getMe")
    finally:
        await request.shutdown()


async def test_a_dropped_connection_is_a_network_error_without_the_token() -> None:
    async with LocalBotApiServer() as api:
        bot = Bot(TOKEN, base_url=f"{api.base_url}/bot", request=AiohttpRequest())
        async with bot:
            api.network_down = True
            with pytest.raises(NetworkError) as caught:
                await bot.send_message(1, "hello")
            assert not isinstance(caught.value, TimedOut)
            assert SECRET not in str(caught.value) and SECRET not in repr(caught.value.__cause__)
            api.network_down = False
            assert (await bot.get_me()).is_bot  # the next request opens a fresh connection


async def test_the_pool_opens_on_first_use_and_closes_on_shutdown() -> None:
    async with LocalBotApiServer() as api:
        request = AiohttpRequest()
        await request.initialize()
        assert request._session is None  # nothing to leave open if PTB's getMe fails before any use
        await request.post(f"{api.base_url}/bot{TOKEN}/getMe")
        session = request._session
        assert session is not None and not session.closed
        await request.shutdown()
        assert session.closed


async def test_a_proxy_named_in_the_environment_carries_the_requests(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    seen: list[str] = []

    async def proxy(request: web.Request) -> web.Response:
        seen.append(request.raw_path)  # a forward proxy is asked for the whole URL
        return web.json_response({"ok": True, "result": True})

    app = web.Application()
    app.router.add_route("*", "/{tail:.*}", proxy)
    runner = web.AppRunner(app, shutdown_timeout=0.1)
    await runner.setup()
    await web.TCPSite(runner, "127.0.0.1", 0).start()
    for name in ("HTTP_PROXY", "http_proxy"):  # urllib reads both spellings, the lower one first
        monkeypatch.setenv(name, f"http://127.0.0.1:{runner.addresses[0][1]}")
    monkeypatch.delenv("NO_PROXY", raising=False)
    monkeypatch.delenv("no_proxy", raising=False)
    request = AiohttpRequest()
    try:
        await request.post(f"http://api.telegram.invalid/bot{TOKEN}/logOut")
    finally:
        await request.shutdown()
        await runner.cleanup()
    assert seen == [f"http://api.telegram.invalid/bot{TOKEN}/logOut"]
