"""A database that cannot be reached is one line naming DATABASE_URL; a failed statement never logs what
people typed."""

from __future__ import annotations

import logging
import os
import socket
import subprocess
import sys
import traceback
from pathlib import Path

import pytest
from sqlalchemy import text
from sqlalchemy.exc import IntegrityError

from bot.app import FieldApplication
from localbotapi.server import LocalBotApiServer
from storage import staff as staff_db
from storage.db import Database
from tests.conftest import ADMIN_ID
from tests.support.cli import InProcessFieldbot
from tests.support.people import make_invite, make_team

ROOT = Path(__file__).resolve().parent.parent


def _db_current(tmp_path: Path, database_url: str) -> subprocess.CompletedProcess[str]:
    env = {k: v for k, v in os.environ.items() if k not in ("TELEGRAM_BOT_TOKEN", "LOG_LEVEL")}
    env.update(PYTHONPATH=str(ROOT), DATABASE_URL=database_url)
    return subprocess.run(
        [sys.executable, "-m", "bot.cli", "db", "current"],
        cwd=tmp_path,
        env=env,
        capture_output=True,
        text=True,
        timeout=120,
    )


@pytest.fixture
def fieldbot(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> InProcessFieldbot:
    """`fieldbot ARGS` in this process (test_refused_port_is_one_line runs in a process of its own)."""
    return InProcessFieldbot(tmp_path, monkeypatch, capsys)


def _refusing_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])  # closed again on leaving: nothing listens there


def _one_line(result: subprocess.CompletedProcess[str]) -> str:
    assert result.returncode == 2, result.stderr
    assert result.stdout == ""
    assert len(result.stderr.splitlines()) == 1, result.stderr  # no traceback
    assert "secret-pw" not in result.stderr
    return result.stderr.strip()


def test_refused_port_is_one_line(tmp_path: Path) -> None:
    port = _refusing_port()
    line = _one_line(_db_current(tmp_path, f"postgresql://fieldbot:secret-pw@127.0.0.1:{port}/fieldbot"))
    assert line == (
        f"fieldbot: DATABASE_URL: nothing accepts connections at 127.0.0.1:{port} (connection refused); "
        "start PostgreSQL there or correct the host and port in DATABASE_URL"
    )


def test_unknown_host_is_one_line(fieldbot: InProcessFieldbot) -> None:
    url = "postgresql://fieldbot:secret-pw@nosuchhost.invalid/fieldbot"
    line = _one_line(fieldbot("db", "current", DATABASE_URL=url))
    assert line == (
        "fieldbot: DATABASE_URL: the host name 'nosuchhost.invalid' does not resolve; "
        "correct the host in DATABASE_URL"
    )


def test_sqlite_file_in_a_missing_folder_is_one_line(tmp_path: Path, fieldbot: InProcessFieldbot) -> None:
    folder = tmp_path / "no" / "such" / "folder"
    line = _one_line(fieldbot("db", "current", DATABASE_URL=f"sqlite:///{folder}/fieldbot.db"))
    assert line == (
        f"fieldbot: DATABASE_URL: the folder {folder} for the SQLite file does not exist; "
        f"create it (mkdir -p {folder}) or point DATABASE_URL to an existing folder"
    )
    assert not folder.exists()


def test_missing_postgresql_database_is_one_line(
    fieldbot: InProcessFieldbot, postgres_root: str | None
) -> None:
    if postgres_root is None:
        pytest.skip("PostgreSQL not available")
    server = postgres_root.removeprefix("postgresql+asyncpg://").rsplit("/", 1)[0]
    user_part, _, where = server.rpartition("@")
    user = user_part.split(":", 1)[0]
    line = _one_line(fieldbot("db", "current", DATABASE_URL=f"postgresql://{server}/no_such_db"))
    assert line.startswith(f"fieldbot: DATABASE_URL: database 'no_such_db' does not exist on {where}; ")
    assert line.endswith(
        f"create it (createdb -h {where.split(':')[0]} -U {user} no_such_db) "
        "or correct the name in DATABASE_URL"
    )


async def _refuse_draft_updates(db: Database) -> None:
    """Make every later write of a person's draft fail inside the database, as a full disk would."""
    async with db.engine.begin() as connection:
        if connection.dialect.name == "sqlite":
            await connection.execute(
                text(
                    "CREATE TRIGGER refuse_drafts BEFORE UPDATE ON user_data_record "
                    "BEGIN SELECT RAISE(ABORT, 'no space left for drafts'); END"
                )
            )
            return
        await connection.execute(
            text(
                "CREATE FUNCTION refuse_drafts() RETURNS trigger LANGUAGE plpgsql AS "
                "$$ BEGIN RAISE EXCEPTION 'no space left for drafts'; END $$"
            )
        )
        await connection.execute(
            text(
                "CREATE TRIGGER refuse_drafts BEFORE UPDATE ON user_data_record "
                "FOR EACH ROW EXECUTE FUNCTION refuse_drafts()"
            )
        )


async def test_a_failed_statement_logs_nothing_the_user_typed(
    app: FieldApplication, api: LocalBotApiServer, db: Database, caplog: pytest.LogCaptureFixture
) -> None:
    invite = await make_invite(db, team=await make_team(db))
    admin = api.user(ADMIN_ID, "Admin", started=True)
    user = api.user(4100, "Wang")
    await user.send_command("/start", invite)
    assert "Welcome to fieldbot" in (await user.next_message(timeout=15)).text
    await _refuse_draft_updates(db)
    typed = "Zulu Quebec Wang"  # ASCII: stored JSON escapes other scripts, which would hide a leak

    # INFO, what a production bot runs at (PTB logs whole updates at DEBUG, on purpose).
    with caplog.at_level(logging.INFO):
        await user.send_text(typed)  # the draft, with this name in it, cannot be written
        # PTB hands a failed persistence write to the error handler, which tells the admins.
        notice = (await admin.next_message(timeout=15)).text

    assert "fieldbot error" in notice and "no space left for drafts" in notice
    assert "Zulu" not in notice
    failed = [r for r in caplog.records if r.levelno >= logging.ERROR]
    assert failed, "the failed UPDATE was not logged"
    assert "no space left for drafts" in caplog.text  # the log still says what failed, and where:
    assert "user_data_record" in caplog.text
    assert "Zulu" not in caplog.text


async def test_a_unique_violation_names_no_value(db: Database) -> None:
    # PostgreSQL puts the clashing row's values in the error's DETAIL ("Key (name)=(...) already exists"),
    # which hide_parameters does not cover; the traceback the error handler logs shows every chained error.
    name = "-".join(["Zulu", "Quebec"])  # built, so the traceback's source lines cannot contain it
    async with db.session() as session:
        await staff_db.add_team(session, name=name, timezone="Asia/Shanghai")
    with pytest.raises(IntegrityError) as caught:
        async with db.session() as session:
            await staff_db.add_team(session, name=name, timezone="Asia/Shanghai")
    logged = "".join(traceback.format_exception(caught.value))
    assert "team" in logged  # still says which table
    assert name not in logged and name not in str(caught.value)
