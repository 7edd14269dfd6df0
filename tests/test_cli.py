"""The admin CLI: what an admin needs before the bot is usable, on the embedded database.

Tests of many commands call the CLI's entry point in this process; what only a process of its own
shows (the version it was installed as, logging set up at start, the one line and exit status of a
refusal) is run as one."""

from __future__ import annotations

import asyncio
import re
import socket
from functools import partial
from importlib.metadata import version
from pathlib import Path

import pytest

from domain.clock import SettableClock
from localbotapi.server import LocalBotApiServer
from storage import staff as staff_db
from storage.db import Database
from tests.conftest import TOKEN
from tests.support.cli import InProcessFieldbot, fieldbot_process


@pytest.fixture
def fieldbot(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> InProcessFieldbot:
    """`fieldbot ARGS` in this process, in tmp_path, on the embedded database there."""
    return InProcessFieldbot(tmp_path, monkeypatch, capsys)


def test_admin_cli_sets_up_teams_staff_and_invites(fieldbot: InProcessFieldbot) -> None:
    assert "schema at 0" in fieldbot("db", "upgrade").stdout
    assert fieldbot("admin", "add-team", "South 华南区", "--timezone", "Asia/Shanghai").returncode == 0
    added = fieldbot(
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
    again = fieldbot("admin", "add-staff", "--telegram-id", "42", "--name", "Zhou 2")
    assert again.returncode == 1
    assert again.stderr == (
        "fieldbot: telegram id 42 is already registered: Zhou (supervisor, team South 华南区, active); "
        "nothing was changed\n"
    )
    listing = fieldbot("admin", "list-staff").stdout
    assert listing.splitlines() == [
        "telegram id\trole\tteam\tstate\tname",
        "42\tsupervisor\tSouth 华南区\tactive\tZhou",
    ]

    link = fieldbot(
        "admin", "invite", "--role", "rep", "--team", "South 华南区", "--bot-username", "acme_bot"
    )
    assert re.fullmatch(r"https://t\.me/acme_bot\?start=[A-Za-z0-9_-]{43}\n", link.stdout)
    missing_team = fieldbot("admin", "invite", "--role", "rep", "--team", "Nowhere")
    assert missing_team.returncode == 1
    assert "no team named 'Nowhere'; existing teams: 'South 华南区'" in missing_team.stderr

    assert fieldbot("admin", "deactivate", "--telegram-id", "42").returncode == 0
    assert "\tinactive\t" in fieldbot("admin", "list-staff").stdout
    unknown = fieldbot("admin", "deactivate", "--telegram-id", "7")
    assert unknown.returncode == 1 and "no staff with telegram id 7" in unknown.stderr


async def test_an_invite_is_a_t_me_link_when_the_bot_api_answers_and_still_made_when_it_does_not(
    api: LocalBotApiServer, fieldbot: InProcessFieldbot, tmp_path: Path, clock: SettableClock
) -> None:
    """The bot's name comes from getMe; with the Bot API unreachable the invite is still made and given as a
    /start command, with one line saying why and what to do (no traceback)."""
    # In threads: each command runs its own event loop while this one serves the local Bot API.
    assert (await asyncio.to_thread(fieldbot, "admin", "add-team", "North")).returncode == 0
    invite = partial(
        fieldbot, "admin", "invite", "--role", "rep", "--team", "North", TELEGRAM_BOT_TOKEN=TOKEN
    )
    linked = await asyncio.to_thread(invite, TELEGRAM_API_BASE_URL=api.base_url)
    assert (linked.returncode, linked.stderr) == (0, "")
    assert re.fullmatch(r"https://t\.me/fieldbot_test_bot\?start=[A-Za-z0-9_-]{43}\n", linked.stdout)

    root = f"http://127.0.0.1:{_refusing_port()}"
    unlinked = await asyncio.to_thread(invite, TELEGRAM_API_BASE_URL=root)
    assert unlinked.returncode == 0
    assert unlinked.stderr == (
        f"fieldbot: the Bot API server at {root} did not answer getMe (connection refused); "
        "the invite is made: give it as the /start command below, or use --bot-username NAME\n"
    )
    token = re.fullmatch(r"/start ([A-Za-z0-9_-]{43}) .*\n", unlinked.stdout)
    assert token is not None
    db = Database(f"sqlite+aiosqlite:///{tmp_path / 'cli.db'}", clock=clock)
    async with db.session() as session:
        claimed = await staff_db.claim_invite(session, token.group(1), telegram_id=555)
    await db.dispose()
    assert claimed is not None and claimed.role == "rep"


def _refusing_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


def test_admin_cli_refuses_what_it_cannot_do_and_names_what_exists(fieldbot: InProcessFieldbot) -> None:
    empty = fieldbot("admin", "list-staff")
    assert (empty.returncode, empty.stdout) == (
        0,
        "no staff yet; add one with "
        "`fieldbot admin add-staff --telegram-id N --name NAME --role rep --team TEAM`\n",
    )
    mars = fieldbot("admin", "add-team", "Colony", "--timezone", "Mars/Base")
    assert (mars.returncode, mars.stderr) == (
        2,
        "fieldbot: --timezone: unknown time zone 'Mars/Base': use an IANA name such as Asia/Shanghai "
        "or Europe/Berlin\n",
    )
    no_teams = fieldbot("admin", "add-staff", "--telegram-id", "7", "--name", "Li", "--team", "X")
    assert (no_teams.returncode, no_teams.stderr) == (
        1,
        "fieldbot: no team named 'X', and no teams yet; create it with `fieldbot admin add-team NAME`\n",
    )

    assert fieldbot("admin", "add-team", "North").returncode == 0
    assert fieldbot("admin", "add-team", "South", "--timezone", "Asia/Urumqi").returncode == 0
    twice = fieldbot("admin", "add-team", "South")
    assert (twice.returncode, twice.stderr) == (
        1,
        "fieldbot: team 'South' already exists (id 2, Asia/Urumqi); nothing was changed\n",
    )
    nowhere = fieldbot("admin", "add-staff", "--telegram-id", "7", "--name", "Li", "--team", "Nowhere")
    assert (nowhere.returncode, nowhere.stderr) == (
        1,
        "fieldbot: no team named 'Nowhere'; existing teams: 'North', 'South' "
        "(or create it with `fieldbot admin add-team NAME`)\n",
    )
    # Nothing was created on the way: no team called Colony or Nowhere, and still nobody on the staff.
    assert fieldbot("admin", "list-staff").stdout.startswith("no staff yet")
    again = fieldbot("admin", "add-staff", "--telegram-id", "7", "--name", "Li", "--team", "Nope")
    assert "existing teams: 'North', 'South' (" in again.stderr


def test_bare_admin_shows_its_commands(fieldbot: InProcessFieldbot) -> None:
    bare = fieldbot("admin")
    assert bare.returncode == 2
    assert bare.stderr.startswith("usage: fieldbot admin [-h] COMMAND ...")
    for command in ("add-team", "add-staff", "invite", "list-staff", "deactivate", "activate"):
        assert command in bare.stderr
    assert "admin_command" not in bare.stderr


def test_version_comes_from_the_installed_package(tmp_path: Path) -> None:
    shown = fieldbot_process(tmp_path, "--version")
    assert (shown.returncode, shown.stdout) == (0, f"fieldbot {version('fieldbot')}\n")


def test_run_without_a_token_fails_instead_of_playing_the_demo(tmp_path: Path) -> None:
    result = fieldbot_process(tmp_path, "run")
    assert (result.returncode, result.stdout) == (2, "")
    assert result.stderr == (
        "fieldbot: TELEGRAM_BOT_TOKEN is not set, and `fieldbot run` needs it: put "
        "TELEGRAM_BOT_TOKEN=<token from @BotFather> in .env or the environment (bare `fieldbot` plays "
        "the offline demo instead)\n"
    )


def test_alembic_stays_quiet_unless_debugging(tmp_path: Path) -> None:
    upgraded = fieldbot_process(tmp_path, "db", "upgrade")
    assert (upgraded.returncode, upgraded.stderr) == (0, "")
    assert fieldbot_process(tmp_path, "admin", "list-staff").stderr == ""
    debug = fieldbot_process(tmp_path, "db", "current", LOG_LEVEL="DEBUG")
    assert "alembic.runtime.migration" in debug.stderr
