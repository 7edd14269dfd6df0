"""`fieldbot run` as an operator starts it: what it says while it cannot start, and once it runs."""

from __future__ import annotations

import asyncio
import os
import re
import signal
import socket
import subprocess
import sys
import time
from pathlib import Path

import pytest
from sqlalchemy.engine import make_url

from localbotapi.server import LocalBotApiServer
from presentation.i18n import t
from tests.conftest import TOKEN

ROOT = Path(__file__).resolve().parent.parent
# The right shape for our settings check, but shorter than any token the local server (like Telegram)
# knows, so it is answered 401 Unauthorized.
UNKNOWN_TOKEN = "700002:" + "R" * 32
SECRET = TOKEN.split(":", 1)[1]


def _env(tmp_path: Path, api_url: str, token: str = TOKEN, **extra: str) -> dict[str, str]:
    env = {k: v for k, v in os.environ.items() if k not in ("LOG_LEVEL", "ADMIN_TELEGRAM_IDS")}
    env.update(
        PYTHONPATH=str(ROOT),
        TELEGRAM_BOT_TOKEN=token,
        TELEGRAM_API_BASE_URL=api_url,
        DATABASE_URL=f"sqlite:///{tmp_path / 'start.db'}",
    )
    return {**env, **extra}


def _start(tmp_path: Path, env: dict[str, str]) -> subprocess.Popen[str]:
    return subprocess.Popen(
        [sys.executable, "-m", "bot.cli", "run"],
        cwd=tmp_path,
        env=env,
        stdout=subprocess.PIPE,
        stderr=subprocess.STDOUT,
        text=True,
    )


async def _lines_until(process: subprocess.Popen[str], pattern: str, within: float = 60) -> list[str]:
    """Everything the process printed up to and including the first line matching `pattern`."""
    assert process.stdout is not None
    lines: list[str] = []
    deadline = time.monotonic() + within
    while (left := deadline - time.monotonic()) > 0:
        # A thread reads, so the local server on this loop keeps answering the bot meanwhile.
        try:
            line = await asyncio.wait_for(asyncio.to_thread(process.stdout.readline), left)
        except TimeoutError:
            break
        if not line:
            break
        lines.append(line.rstrip("\n"))
        if re.search(pattern, line):
            return lines
    raise AssertionError(f"no line matching {pattern!r}; got:\n" + "\n".join(lines))


async def _run_to_the_end(tmp_path: Path, env: dict[str, str]) -> subprocess.CompletedProcess[str]:
    """`fieldbot run` until it exits by itself (a start refused), its output captured."""
    return await asyncio.to_thread(
        subprocess.run,
        [sys.executable, "-m", "bot.cli", "run"],
        cwd=tmp_path,
        env=env,
        capture_output=True,
        text=True,
        timeout=60,
    )


async def _stop(process: subprocess.Popen[str], sig: int = signal.SIGTERM) -> tuple[int, str]:
    if process.poll() is None:
        process.send_signal(sig)
    rest, _ = await asyncio.to_thread(process.communicate, None, 30)
    return process.returncode, rest


async def test_a_socks_proxy_in_the_environment_is_one_line_naming_the_fix(
    api: LocalBotApiServer, tmp_path: Path
) -> None:
    env = _env(tmp_path, api.base_url, HTTP_PROXY="socks5://ops:hunter2@127.0.0.1:1080")
    env["http_proxy"] = env["HTTP_PROXY"]  # urllib reads both spellings, the lower one first
    env.pop("NO_PROXY", None)
    env.pop("no_proxy", None)
    result = await _run_to_the_end(tmp_path, env)
    assert result.returncode == 2  # a setting to fix, not a network to wait for
    assert "hunter2" not in result.stdout + result.stderr
    assert result.stderr.strip().splitlines()[-1] == (
        "fieldbot: HTTP_PROXY is a socks5:// proxy; the bot speaks to HTTP proxies only: set an http:// "
        "proxy, or run a self-hosted Bot API and set TELEGRAM_API_BASE_URL"
    )


def _refusing_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


async def test_a_rejected_token_is_one_line_without_the_token(api: LocalBotApiServer, tmp_path: Path) -> None:
    env = _env(tmp_path, api.base_url, token=UNKNOWN_TOKEN, LOG_LEVEL="DEBUG")
    result = await _run_to_the_end(tmp_path, env)
    assert result.returncode == 2
    assert UNKNOWN_TOKEN.split(":")[1] not in result.stdout + result.stderr  # not even at DEBUG
    last = result.stderr.strip().splitlines()[-1]
    assert last == (
        f"fieldbot: TELEGRAM_BOT_TOKEN: the Bot API server at {api.base_url} rejected the token "
        "(Unauthorized); copy the bot's current token from @BotFather (/mybots, API Token) into "
        "TELEGRAM_BOT_TOKEN"
    )
    # At the default level that line is all there is.
    env["LOG_LEVEL"] = "INFO"
    quiet = await _run_to_the_end(tmp_path, env)
    assert (quiet.returncode, quiet.stdout, quiet.stderr.strip()) == (2, "", last)


async def test_an_unreachable_bot_api_is_retried_visibly_with_backoff(tmp_path: Path) -> None:
    root = f"http://127.0.0.1:{_refusing_port()}"
    process = _start(tmp_path, _env(tmp_path, root))
    try:
        lines = await _lines_until(process, r"\(attempt 4\)", within=30)
    finally:
        # Ctrl-C while it waits: a quiet stop, no traceback.
        code, rest = await _stop(process, signal.SIGINT)
    retries = [re.sub(r"^\S+ \S+ ", "", line) for line in lines]
    assert retries == [
        f"INFO fieldbot: Bot API at {root}: connection refused; retrying in 1 s (attempt 2)",
        f"INFO fieldbot: Bot API at {root}: connection refused; retrying in 2 s (attempt 3)",
        f"INFO fieldbot: Bot API at {root}: connection refused; retrying in 4 s (attempt 4)",
    ]
    assert code == 130 and "Traceback" not in rest


async def test_a_successful_start_is_one_line(api: LocalBotApiServer, tmp_path: Path) -> None:
    api.network_down = True  # the server drops connections at first, then comes back
    process = _start(tmp_path, _env(tmp_path, api.base_url))
    try:
        waiting = await _lines_until(process, r"retrying in", within=30)
        api.network_down = False
        lines = await _lines_until(process, r"fieldbot @", within=60)
        # The line means the bot answers: a stranger who writes now is told they are not registered.
        stranger = api.user(4200, "Stranger")
        await stranger.send_text("hello")
        assert (await stranger.next_message(timeout=30)).text == t("en", "access.refused")
    finally:
        code, rest = await _stop(process)
    assert "connection dropped before an answer; retrying in 1 s (attempt 2)" in waiting[-1]
    started = [line for line in lines if "fieldbot @" in line]
    assert [re.sub(r"^\S+ \S+ ", "", line) for line in started] == [
        f"INFO fieldbot: fieldbot @{api.bot_user['username']}: polling, "
        f"database sqlite:///{tmp_path / 'start.db'}, 1 team"
    ]
    # The retries and that line; not a line per scheduled job, nor Alembic's dialect notes.
    output = "\n".join(waiting + lines) + rest
    assert "apscheduler" not in output and "alembic" not in output
    assert len([line for line in waiting + lines if " INFO " in line]) <= 4
    assert SECRET not in output
    assert code == 0, rest


@pytest.mark.parametrize("empty_database_url", ["postgresql"], indirect=True)
async def test_the_start_line_hides_the_database_password(
    api: LocalBotApiServer, database_url: str, tmp_path: Path
) -> None:
    # The test cluster trusts local connections, so any password gets in: what matters is what is shown.
    url = make_url(database_url).set(drivername="postgresql", password="not-the-password")
    plain = url.render_as_string(hide_password=False)
    process = _start(tmp_path, _env(tmp_path, api.base_url, DATABASE_URL=plain))
    try:
        lines = await _lines_until(process, r"fieldbot @", within=60)
    finally:
        await _stop(process)
    assert lines[-1].endswith(
        f"polling, database postgresql://{url.username}:***@{url.host}:{url.port}/{url.database} "
        "(password hidden), 1 team"
    )
    assert "not-the-password" not in "\n".join(lines)
