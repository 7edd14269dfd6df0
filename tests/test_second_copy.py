"""A second copy of the bot on the same database and token is refused with one line naming the first;
kill -9 of the first frees the lock; a 409 Conflict is one warning and one notice, never an error report."""

from __future__ import annotations

import asyncio
import logging
import os
import signal
import socket
import subprocess
import sys
from pathlib import Path

import aiohttp
import pytest

from localbotapi.server import LocalBotApiServer
from storage.db import Database
from storage.models import Role
from tests.conftest import ADMIN_ID, TOKEN, RunningBot
from tests.support.people import make_staff, make_team

ROOT = Path(__file__).resolve().parent.parent


class Copy:
    """`fieldbot run` as a separate process, started at the tests' clock (tests.travel)."""

    def __init__(self, api: LocalBotApiServer, database_url: str, tmp_path: Path, name: str) -> None:
        self.stderr_path = tmp_path / f"{name}.err"
        env = {
            **os.environ,
            "PYTHONPATH": str(ROOT),
            "TELEGRAM_BOT_TOKEN": TOKEN,
            "TELEGRAM_API_BASE_URL": api.base_url,
            "DATABASE_URL": database_url,
            "DEFAULT_LANGUAGE": "en",
        }
        with open(tmp_path / f"{name}.out", "wb") as out, open(self.stderr_path, "wb") as err:
            self.process = subprocess.Popen(
                [sys.executable, "-m", "tests.travel", api.clock.now().isoformat(), "run"],
                cwd=tmp_path,
                env=env,
                stdout=out,
                stderr=err,
            )

    async def exit_code(self) -> int:
        # Wait in a thread: the process talks to the local server, which runs on this event loop.
        return await asyncio.to_thread(self.process.wait, 60)

    def stderr_lines(self) -> list[str]:
        return [line for line in self.stderr_path.read_text(errors="replace").splitlines() if line.strip()]

    def kill_9(self) -> None:
        self.process.send_signal(signal.SIGKILL)
        assert self.process.wait(timeout=10) == -signal.SIGKILL

    async def stop(self) -> None:
        if self.process.poll() is None:
            self.process.terminate()
            await asyncio.to_thread(self.process.wait, 20)


def _refused_naming(copy: Copy, pid: int) -> str:
    """The one line the refused copy printed, checked to name the running copy."""
    lines = copy.stderr_lines()
    assert len(lines) == 1, lines
    line = lines[0]
    assert line.startswith("fieldbot: another copy of fieldbot is already running on this database (")
    assert f"pid {pid} on host {socket.gethostname()}, running since " in line
    assert "stop it before starting this one" in line
    return line


async def _answers(api: LocalBotApiServer, user_id: int) -> str:
    """The bot answers a stranger (so a copy is polling), and what it said."""
    stranger = api.user(user_id, "Stranger")
    await stranger.send_text("hello")
    return (await stranger.next_message(timeout=30)).text or ""


async def test_a_second_copy_is_refused_by_name_and_stats_gets_one_reply(
    bot: RunningBot, api: LocalBotApiServer, db: Database, database_url: str, tmp_path: Path
) -> None:
    team = await make_team(db)
    await make_staff(db, 6001, role=Role.REP, team=team)
    rep = api.user(6001, "Rep")

    second = Copy(api, database_url, tmp_path, "second")
    try:
        await rep.send_command("/stats")
        reply = await rep.next_message(timeout=30)
        assert await second.exit_code() == 2
    finally:
        await second.stop()
    # The first copy is this test process; the refused one said so and never polled.
    _refused_naming(second, os.getpid())
    await asyncio.sleep(2)  # room for a second reply, if a second copy had answered too
    assert [m.text for m in api.messages_for(6001)] == [reply.text]
    assert "this week" in (reply.text or "").lower()


async def test_kill_9_of_the_first_copy_frees_the_lock_for_the_next(
    api: LocalBotApiServer, database_url: str, tmp_path: Path
) -> None:
    first = Copy(api, database_url, tmp_path, "first")
    later: Copy | None = None
    try:
        assert "only for registered" in await _answers(api, 6101)
        second = Copy(api, database_url, tmp_path, "second")
        assert await second.exit_code() == 2
        _refused_naming(second, first.process.pid)

        first.kill_9()  # no shutdown, no clean-up: the OS and the server must free the lock
        later = Copy(api, database_url, tmp_path, "later")
        assert "only for registered" in await _answers(api, 6102)
        assert later.process.poll() is None
    finally:
        await first.stop()
        if later is not None:
            await later.stop()


@pytest.mark.parametrize("empty_database_url", ["sqlite"], indirect=True)
async def test_a_409_conflict_is_one_warning_and_one_notice_not_an_error_report(
    bot: RunningBot, api: LocalBotApiServer, caplog: pytest.LogCaptureFixture
) -> None:
    admin = api.user(ADMIN_ID, "Admin", started=True)
    caplog.set_level(logging.DEBUG, logger="bot")  # bot.conflict counts the repeated 409s at DEBUG
    # Another copy somewhere else polls with the same token: each of its getUpdates ends the bot's
    # waiting one with 409 "terminated by other getUpdates request", as Telegram does.
    url = f"{api.base_url}/bot{TOKEN}/getUpdates"
    loop = asyncio.get_running_loop()
    deadline = loop.time() + 6
    async with aiohttp.ClientSession() as http:
        while loop.time() < deadline:
            async with http.post(url, json={"timeout": 1}) as answer:
                await answer.read()
    await asyncio.sleep(1)

    conflicts = [r for r in caplog.records if "409 Conflict" in r.getMessage()]
    assert len(conflicts) >= 3, "the other copy must have caused several 409s"
    warnings = [r for r in conflicts if r.levelno == logging.WARNING]
    assert len(warnings) == 1
    assert "another copy of this bot is polling with the same token" in warnings[0].getMessage()
    assert f"pid {os.getpid()} on host {socket.gethostname()}" in warnings[0].getMessage()
    assert not [r for r in caplog.records if r.levelno >= logging.ERROR]
    notices = [m.text or "" for m in api.messages_for(admin.id)]
    assert len(notices) == 1
    assert "another copy of this bot is fetching its updates with the same token" in notices[0]
    assert "error" not in notices[0].lower()

    # The bot goes on answering once the other copy has stopped.
    assert "only for registered" in await _answers(api, 6201)
