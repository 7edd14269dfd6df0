"""Fixtures: databases (SQLite always, PostgreSQL when it can be started), the local Bot API server,
and the real fieldbot application polling it."""

from __future__ import annotations

import os
import shutil
import uuid
from collections.abc import AsyncIterator, Iterator
from contextlib import AsyncExitStack
from datetime import datetime
from pathlib import Path
from typing import Any
from zoneinfo import ZoneInfo

import asyncpg
import pytest

from bot.app import FieldApplication, build_application
from bot.runner import polling
from domain.clock import SettableClock
from domain.settings import Settings
from localbotapi.server import LocalBotApiServer
from storage import db as database
from storage.db import Database
from tests.pg import ThrowawayCluster

# Deliberately not shaped like a real token (6 digits), so secret scanners stay quiet.
TOKEN = "700001:TEST-not-a-real-token-AAAAAAAAAAAAAAAA"
ADMIN_ID = 1000

# Every test starts on the same ordinary day, whatever the real date: a Wednesday mid-month, mid-morning
# in Shanghai, with no report deadline near. tests/test_any_day.py runs the date-sensitive flows on the
# awkward days (a month's last day, a Monday morning, 29 February, a daylight-saving change).
TEST_START = datetime(2026, 11, 18, 10, 0, tzinfo=ZoneInfo("Asia/Shanghai"))


@pytest.fixture
def start_at() -> datetime:
    """The instant the test's clock starts at; a test module may override this fixture."""
    return TEST_START


@pytest.fixture
def clock(start_at: datetime) -> SettableClock:
    """The one clock the bot, its jobs, the database stamps and the local Bot API server read."""
    return SettableClock(start_at)


@pytest.fixture(scope="session")
def postgres_root() -> Iterator[str | None]:
    """URL of a PostgreSQL server for the session, or None (and a clear note) when there is none."""
    given = os.environ.get("FIELDBOT_TEST_POSTGRES_URL")
    if given:
        yield Settings(database_url=given).database_url
        return
    try:
        cluster = ThrowawayCluster()
        url = cluster.start()
    except (FileNotFoundError, OSError, RuntimeError) as exc:
        print(f"\n*** PostgreSQL tests SKIPPED: {exc} ***")
        yield None
        return
    except Exception as exc:  # subprocess failures: report them, still run the SQLite half
        print(f"\n*** PostgreSQL tests SKIPPED: could not start a throwaway cluster: {exc} ***")
        yield None
        return
    try:
        yield url
    finally:
        cluster.stop()


def pytest_terminal_summary(terminalreporter: Any) -> None:
    """Say plainly whether the PostgreSQL half ran."""
    skipped = [r for r in terminalreporter.stats.get("skipped", []) if "PostgreSQL" in str(r.longrepr)]
    if skipped:
        terminalreporter.write_line(
            f"NOTE: {len(skipped)} PostgreSQL test(s) were SKIPPED (no server available)."
        )


def _new_pg_url(root: str) -> str:
    return root.rsplit("/", 1)[0] + f"/t_{uuid.uuid4().hex[:12]}"


async def _create_pg_database(url: str, template: str | None = None) -> str:
    """Create the database `url` names, empty or as a copy of `template` (a database URL)."""
    server, name = url.replace("postgresql+asyncpg://", "postgresql://").rsplit("/", 1)
    copy = f' TEMPLATE "{template.rsplit("/", 1)[1]}"' if template else ""
    connection = await asyncpg.connect(f"{server}/postgres")
    try:
        await connection.execute(f'CREATE DATABASE "{name}"{copy}')
    finally:
        await connection.close()
    return url


async def _fresh_pg_database(root: str) -> str:
    return await _create_pg_database(_new_pg_url(root))


@pytest.fixture(params=["sqlite", "postgresql"])
async def empty_database_url(
    request: pytest.FixtureRequest, tmp_path: Path, postgres_root: str | None
) -> str:
    """An empty database of each kind."""
    if request.param == "sqlite":
        return f"sqlite+aiosqlite:///{tmp_path / 'fieldbot.db'}"
    if postgres_root is None:
        pytest.skip("PostgreSQL not available")
    if "database_url" in request.fixturenames:
        # database_url creates it as a copy of the migrated template: creating it empty first would cost
        # a CREATE DATABASE and a DROP (a checkpoint) more per test.
        return _new_pg_url(postgres_root)
    return await _fresh_pg_database(postgres_root)


# Per worker process: kind of database -> one this worker migrated to the current schema. Running the
# migrations for every test cost a third of a second on SQLite and more on PostgreSQL, hundreds of times;
# a copy of the migrated database is byte for byte what the migrations would have built.
_MIGRATED: dict[str, str] = {}


@pytest.fixture(scope="session")
def migrated_dir(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """Where this worker keeps its migrated SQLite template."""
    return tmp_path_factory.mktemp("migrated")


async def _migrated_template(kind: str, empty_url: str, folder: Path) -> str:
    if kind not in _MIGRATED:
        if kind == "sqlite":
            template = f"sqlite+aiosqlite:///{folder / 'template.db'}"
        else:
            template = await _create_pg_database(_new_pg_url(empty_url))
        await database.upgrade(template)
        _MIGRATED[kind] = template
    return _MIGRATED[kind]


def _copy_sqlite(source: str, target: str) -> None:
    for suffix in ("", "-wal"):  # a write-ahead log not yet folded in is part of the database
        if Path(source + suffix).exists():
            shutil.copyfile(source + suffix, target + suffix)


@pytest.fixture
async def database_url(empty_database_url: str, migrated_dir: Path) -> str:
    """A database of each kind at the current schema: a fresh copy of one migrated once per worker."""
    kind = "sqlite" if empty_database_url.startswith("sqlite") else "postgresql"
    template = await _migrated_template(kind, empty_database_url, migrated_dir)
    if kind == "sqlite":
        _copy_sqlite(*(url.split(":///", 1)[1] for url in (template, empty_database_url)))
        return empty_database_url
    # PostgreSQL copies a database only while nobody is connected to it; the migration's engine is gone.
    return await _create_pg_database(empty_database_url, template)


@pytest.fixture
async def db(database_url: str, clock: SettableClock) -> AsyncIterator[Database]:
    """The Database the bot under test uses."""
    instance = Database(database_url, clock=clock)
    yield instance
    await instance.dispose()


@pytest.fixture
async def api(clock: SettableClock) -> AsyncIterator[LocalBotApiServer]:
    """The local Bot API server."""
    server = LocalBotApiServer(clock=clock)
    await server.start()
    yield server
    await server.stop()


@pytest.fixture
def settings(api: LocalBotApiServer, database_url: str, tmp_path: Path) -> Settings:
    """Settings pointing the real bot at the local server, the test database and a file store of its own."""
    return Settings(
        telegram_bot_token=TOKEN,  # type: ignore[arg-type]
        telegram_api_base_url=api.base_url,
        database_url=database_url,
        file_store=str(tmp_path / "files"),
        admin_telegram_ids=[ADMIN_ID],
        default_language="en",
        _env_file=None,  # type: ignore[call-arg]
    )


class RunningBot:
    """The bot under test, which a test can restart: a new Application on the same database, so only
    what was stored survives (what a crash or deploy would leave)."""

    def __init__(self, settings: Settings, clock: SettableClock) -> None:
        self.settings = settings
        self.clock = clock
        self.app: FieldApplication | None = None
        self._stack: AsyncExitStack | None = None

    async def start(self) -> FieldApplication:
        self._stack = AsyncExitStack()
        self.app = await self._stack.enter_async_context(
            polling(build_application(self.settings, clock=self.clock))
        )
        return self.app

    async def stop(self) -> None:
        if self._stack is not None:
            await self._stack.aclose()
        self._stack, self.app = None, None

    async def restart(self) -> FieldApplication:
        await self.stop()
        return await self.start()


@pytest.fixture
async def bot(settings: Settings, clock: SettableClock) -> AsyncIterator[RunningBot]:
    """The real fieldbot application, polling the local server, restartable."""
    running = RunningBot(settings, clock)
    await running.start()
    yield running
    await running.stop()


@pytest.fixture
async def app(bot: RunningBot) -> FieldApplication:
    """The running application (for tests that never restart it)."""
    assert bot.app is not None
    return bot.app
