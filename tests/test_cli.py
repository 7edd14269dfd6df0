"""The admin CLI: what an admin needs before the bot is usable, on the embedded database."""

from __future__ import annotations

import os
import re
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent


def _fieldbot(tmp_path: Path, *args: str) -> subprocess.CompletedProcess[str]:
    env = {k: v for k, v in os.environ.items() if k != "TELEGRAM_BOT_TOKEN"}
    env.update(PYTHONPATH=str(ROOT), DATABASE_URL=f"sqlite:///{tmp_path / 'cli.db'}")
    return subprocess.run(
        [sys.executable, "-m", "bot.cli", *args],
        cwd=tmp_path,
        env=env,
        capture_output=True,
        text=True,
        timeout=60,
    )


def test_admin_cli_sets_up_teams_staff_and_invites(tmp_path: Path) -> None:
    assert "schema at 0" in _fieldbot(tmp_path, "db", "upgrade").stdout
    assert (
        _fieldbot(tmp_path, "admin", "add-team", "South 华南区", "--timezone", "Asia/Shanghai").returncode
        == 0
    )
    added = _fieldbot(
        tmp_path,
        "admin",
        "add-staff",
        "--telegram-id",
        "42",
        "--name",
        "Zhou",
        "--role",
        "supervisor",
        "--team",
        "South 华南区",
    )
    assert added.stdout.strip() == "Zhou added as supervisor (telegram id 42)"
    again = _fieldbot(tmp_path, "admin", "add-staff", "--telegram-id", "42", "--name", "Zhou 2")
    assert again.returncode == 1 and "already exists" in again.stderr
    listing = _fieldbot(tmp_path, "admin", "list-staff").stdout
    assert listing.strip() == "42\tsupervisor\tSouth 华南区\tactive\tZhou"

    link = _fieldbot(
        tmp_path, "admin", "invite", "--role", "rep", "--team", "South 华南区", "--bot-username", "acme_bot"
    )
    assert re.fullmatch(r"https://t\.me/acme_bot\?start=[A-Za-z0-9_-]{43}\n", link.stdout)
    missing_team = _fieldbot(tmp_path, "admin", "invite", "--role", "rep", "--team", "Nowhere")
    assert missing_team.returncode == 1 and "no team named 'Nowhere'" in missing_team.stderr

    assert _fieldbot(tmp_path, "admin", "deactivate", "--telegram-id", "42").returncode == 0
    assert "\tinactive\t" in _fieldbot(tmp_path, "admin", "list-staff").stdout
    unknown = _fieldbot(tmp_path, "admin", "deactivate", "--telegram-id", "7")
    assert unknown.returncode == 1 and "no staff with telegram id 7" in unknown.stderr
