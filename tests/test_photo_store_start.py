"""A file store the bot cannot use stops `fieldbot run` at start with one line naming the setting and the
fix: a folder that cannot be created, and S3 credentials the server refuses (a local S3 server that checks
them). The real command, in a subprocess, against the local Bot API server."""

from __future__ import annotations

import asyncio
import os
import socket
import subprocess
import sys
import time
from collections.abc import Iterator
from pathlib import Path

import pytest

from localbotapi.server import LocalBotApiServer
from tests.conftest import TOKEN

ROOT = Path(__file__).resolve().parent.parent
SECRET = "wrong-secret-never-printed"


async def _fieldbot_run(api: LocalBotApiServer, tmp_path: Path, **settings: str) -> tuple[int, list[str]]:
    """Run `fieldbot run` until it exits; its exit code and stderr lines."""
    env = {
        **os.environ,
        "PYTHONPATH": str(ROOT),
        "TELEGRAM_BOT_TOKEN": TOKEN,
        "TELEGRAM_API_BASE_URL": api.base_url,
        "DATABASE_URL": f"sqlite:///{tmp_path / 'fieldbot.db'}",
        **settings,
    }
    process = await asyncio.create_subprocess_exec(
        sys.executable,
        "-m",
        "bot.cli",
        "run",
        cwd=tmp_path,
        env=env,
        stdout=asyncio.subprocess.PIPE,
        stderr=asyncio.subprocess.PIPE,
    )
    # Awaited on this loop, so the local Bot API server keeps answering the bot meanwhile.
    _, err = await asyncio.wait_for(process.communicate(), timeout=60)
    assert process.returncode is not None
    return process.returncode, err.decode().splitlines()


def _complaint(lines: list[str]) -> str:
    """The one line that says what is wrong (INFO lines from the start may come before it)."""
    assert not any("Traceback" in line for line in lines), lines
    [line] = [line for line in lines if line.startswith("fieldbot: ")]
    assert not any(secret in "\n".join(lines) for secret in (TOKEN, SECRET))
    return line


@pytest.fixture
def checking_s3() -> Iterator[str]:
    """A local S3 server (moto) that checks credentials: none exist, so every key is refused."""
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        port = sock.getsockname()[1]
    process = subprocess.Popen(
        [sys.executable, "-m", "moto.server", "-H", "127.0.0.1", "-p", str(port)],
        env={**os.environ, "INITIAL_NO_AUTH_ACTION_COUNT": "0"},
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )
    try:
        for _ in range(200):
            if process.poll() is not None:
                raise RuntimeError("the local S3 server did not start")
            try:
                socket.create_connection(("127.0.0.1", port), timeout=0.1).close()
                break
            except OSError:
                time.sleep(0.05)
        yield f"http://127.0.0.1:{port}"
    finally:
        process.terminate()
        process.wait(timeout=10)


async def test_a_folder_that_cannot_be_created_stops_the_start_with_one_line(
    api: LocalBotApiServer, tmp_path: Path
) -> None:
    (tmp_path / "photos").write_text("a file where the folder should be")
    code, lines = await _fieldbot_run(api, tmp_path, FILE_STORE=str(tmp_path / "photos" / "store"))
    assert code == 2
    line = _complaint(lines)
    assert line.startswith(
        f"fieldbot: FILE_STORE: cannot write to the folder {tmp_path / 'photos' / 'store'}"
    )
    assert "Not a directory" in line and "set FILE_STORE to a writable folder" in line


async def test_refused_s3_credentials_stop_the_start_with_one_line(
    api: LocalBotApiServer, tmp_path: Path, checking_s3: str
) -> None:
    code, lines = await _fieldbot_run(
        api,
        tmp_path,
        FILE_STORE="s3://fieldbot-photos/prod",
        FILE_STORE_ENDPOINT_URL=checking_s3,
        FILE_STORE_ACCESS_KEY_ID="AKIAEXAMPLENOTREAL",
        FILE_STORE_SECRET_ACCESS_KEY=SECRET,
    )
    assert code == 2
    assert _complaint(lines) == (
        f"fieldbot: FILE_STORE s3://fieldbot-photos/prod at {checking_s3}: the S3 server refused the "
        "credentials (InvalidAccessKeyId); check FILE_STORE_ACCESS_KEY_ID and FILE_STORE_SECRET_ACCESS_KEY"
    )
