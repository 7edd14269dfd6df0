"""The admin CLI: what an admin needs before the bot is usable, on the embedded database."""

from __future__ import annotations

import os
import re
import subprocess
import sys
from importlib.metadata import version
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent


def _fieldbot(tmp_path: Path, *args: str, **settings: str) -> subprocess.CompletedProcess[str]:
    env = {k: v for k, v in os.environ.items() if k not in ("TELEGRAM_BOT_TOKEN", "LOG_LEVEL")}
    env.update(PYTHONPATH=str(ROOT), DATABASE_URL=f"sqlite:///{tmp_path / 'cli.db'}", **settings)
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
    assert again.returncode == 1
    assert again.stderr == (
        "fieldbot: telegram id 42 is already registered: Zhou (supervisor, team South 华南区, active); "
        "nothing was changed\n"
    )
    listing = _fieldbot(tmp_path, "admin", "list-staff").stdout
    assert listing.splitlines() == [
        "telegram id\trole\tteam\tstate\tname",
        "42\tsupervisor\tSouth 华南区\tactive\tZhou",
    ]

    link = _fieldbot(
        tmp_path, "admin", "invite", "--role", "rep", "--team", "South 华南区", "--bot-username", "acme_bot"
    )
    assert re.fullmatch(r"https://t\.me/acme_bot\?start=[A-Za-z0-9_-]{43}\n", link.stdout)
    missing_team = _fieldbot(tmp_path, "admin", "invite", "--role", "rep", "--team", "Nowhere")
    assert missing_team.returncode == 1
    assert "no team named 'Nowhere'; existing teams: 'South 华南区'" in missing_team.stderr

    assert _fieldbot(tmp_path, "admin", "deactivate", "--telegram-id", "42").returncode == 0
    assert "\tinactive\t" in _fieldbot(tmp_path, "admin", "list-staff").stdout
    unknown = _fieldbot(tmp_path, "admin", "deactivate", "--telegram-id", "7")
    assert unknown.returncode == 1 and "no staff with telegram id 7" in unknown.stderr


def test_admin_cli_refuses_what_it_cannot_do_and_names_what_exists(tmp_path: Path) -> None:
    empty = _fieldbot(tmp_path, "admin", "list-staff")
    assert (empty.returncode, empty.stdout) == (
        0,
        "no staff yet; add one with "
        "`fieldbot admin add-staff --telegram-id N --name NAME --role rep --team TEAM`\n",
    )
    mars = _fieldbot(tmp_path, "admin", "add-team", "Colony", "--timezone", "Mars/Base")
    assert (mars.returncode, mars.stderr) == (
        2,
        "fieldbot: --timezone: unknown time zone 'Mars/Base': use an IANA name such as Asia/Shanghai "
        "or Europe/Berlin\n",
    )
    no_teams = _fieldbot(tmp_path, "admin", "add-staff", "--telegram-id", "7", "--name", "Li", "--team", "X")
    assert (no_teams.returncode, no_teams.stderr) == (
        1,
        "fieldbot: no team named 'X', and no teams yet; create it with `fieldbot admin add-team NAME`\n",
    )

    assert _fieldbot(tmp_path, "admin", "add-team", "North").returncode == 0
    assert _fieldbot(tmp_path, "admin", "add-team", "South", "--timezone", "Asia/Urumqi").returncode == 0
    twice = _fieldbot(tmp_path, "admin", "add-team", "South")
    assert (twice.returncode, twice.stderr) == (
        1,
        "fieldbot: team 'South' already exists (id 2, Asia/Urumqi); nothing was changed\n",
    )
    nowhere = _fieldbot(
        tmp_path, "admin", "add-staff", "--telegram-id", "7", "--name", "Li", "--team", "Nowhere"
    )
    assert (nowhere.returncode, nowhere.stderr) == (
        1,
        "fieldbot: no team named 'Nowhere'; existing teams: 'North', 'South' "
        "(or create it with `fieldbot admin add-team NAME`)\n",
    )
    # Nothing was created on the way: no team called Colony or Nowhere, and still nobody on the staff.
    assert _fieldbot(tmp_path, "admin", "list-staff").stdout.startswith("no staff yet")
    again = _fieldbot(tmp_path, "admin", "add-staff", "--telegram-id", "7", "--name", "Li", "--team", "Nope")
    assert "existing teams: 'North', 'South' (" in again.stderr


def test_bare_admin_shows_its_commands(tmp_path: Path) -> None:
    bare = _fieldbot(tmp_path, "admin")
    assert bare.returncode == 2
    assert bare.stderr.startswith("usage: fieldbot admin [-h] COMMAND ...")
    for command in ("add-team", "add-staff", "invite", "list-staff", "deactivate", "activate"):
        assert command in bare.stderr
    assert "admin_command" not in bare.stderr


def test_version_comes_from_the_installed_package(tmp_path: Path) -> None:
    shown = _fieldbot(tmp_path, "--version")
    assert (shown.returncode, shown.stdout) == (0, f"fieldbot {version('fieldbot')}\n")


def test_run_without_a_token_fails_instead_of_playing_the_demo(tmp_path: Path) -> None:
    result = _fieldbot(tmp_path, "run")
    assert (result.returncode, result.stdout) == (2, "")
    assert result.stderr == (
        "fieldbot: TELEGRAM_BOT_TOKEN is not set, and `fieldbot run` needs it: put "
        "TELEGRAM_BOT_TOKEN=<token from @BotFather> in .env or the environment (bare `fieldbot` plays "
        "the offline demo instead)\n"
    )


def test_alembic_stays_quiet_unless_debugging(tmp_path: Path) -> None:
    upgraded = _fieldbot(tmp_path, "db", "upgrade")
    assert (upgraded.returncode, upgraded.stderr) == (0, "")
    assert _fieldbot(tmp_path, "admin", "list-staff").stderr == ""
    debug = _fieldbot(tmp_path, "db", "current", LOG_LEVEL="DEBUG")
    assert "alembic.runtime.migration" in debug.stderr
