"""Settings refuse bad values with one clear line; migrations build the schema on both databases."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest
from sqlalchemy import inspect

from bot.settings import SettingsError, load_settings
from storage import db as database
from storage.db import SchemaOutdated

ROOT = Path(__file__).resolve().parent.parent


@pytest.mark.parametrize(
    ("overrides", "expected"),
    [
        ({"telegram_bot_token": "12345"}, "TELEGRAM_BOT_TOKEN: does not look like a bot token"),
        ({"timezone": "Mars/Olympus"}, "TIMEZONE: unknown time zone"),
        ({"database_url": "mysql://db"}, "DATABASE_URL: must be an sqlite:/// or postgresql:// URL"),
        ({"webhook_url": "https://bot.example.com/hook"}, "WEBHOOK_SECRET is required in webhook mode"),
        ({"webhook_url": "https://bot.example.com/hook", "webhook_secret": "has spaces"}, "WEBHOOK_SECRET"),
        ({"webhook_port": 0}, "WEBHOOK_PORT"),
    ],
)
def test_bad_settings_are_one_clear_line(overrides: dict[str, object], expected: str) -> None:
    with pytest.raises(SettingsError) as caught:
        load_settings(_env_file=None, **overrides)
    assert expected in str(caught.value)
    assert "\n" not in str(caught.value)


def test_secret_values_never_echoed() -> None:
    secret = "999:not-a-valid-token-but-secret"
    with pytest.raises(SettingsError) as caught:
        load_settings(_env_file=None, telegram_bot_token=secret)
    assert secret not in str(caught.value)


def test_plain_urls_and_id_lists_are_accepted(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("ADMIN_TELEGRAM_IDS", "11, 22")
    monkeypatch.setenv("DATABASE_URL", "postgresql://u:p@db:5432/fieldbot")
    settings = load_settings(_env_file=None)
    assert settings.admin_telegram_ids == [11, 22]
    assert settings.database_url == "postgresql+asyncpg://u:p@db:5432/fieldbot"


def test_cli_reports_a_bad_setting_without_traceback(tmp_path: Path) -> None:
    env = {**os.environ, "TIMEZONE": "Nowhere/Land", "PYTHONPATH": str(ROOT)}
    result = subprocess.run(
        [sys.executable, "-m", "bot.cli", "db", "current"],
        cwd=tmp_path,
        env=env,
        capture_output=True,
        text=True,
    )
    assert result.returncode == 2
    assert result.stderr.strip() == "fieldbot: TIMEZONE: unknown time zone 'Nowhere/Land'"


async def test_migrations_build_every_table_on_an_empty_database(empty_database_url: str) -> None:
    assert await database.current_revision(empty_database_url) is None
    await database.upgrade(empty_database_url)
    assert await database.current_revision(empty_database_url) == database.head_revision(empty_database_url)
    engine = database.create_engine(empty_database_url)
    async with engine.connect() as connection:
        tables = set(await connection.run_sync(lambda c: inspect(c).get_table_names()))
    await engine.dispose()
    assert {"staff", "team", "invite", "inbox_update", "check_in", "report", "on_time_rate"} <= tables


async def test_outdated_schema_refused_unless_embedded(empty_database_url: str) -> None:
    if empty_database_url.startswith("sqlite"):
        await database.prepare(empty_database_url, auto_upgrade=True)
        assert await database.current_revision(empty_database_url) == database.head_revision(
            empty_database_url
        )
        return
    with pytest.raises(SchemaOutdated, match="fieldbot db upgrade"):
        await database.prepare(empty_database_url, auto_upgrade=False)
    await database.upgrade(empty_database_url, "0001")
    with pytest.raises(SchemaOutdated, match="schema is at 0001"):
        await database.prepare(empty_database_url, auto_upgrade=False)
