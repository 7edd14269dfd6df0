"""Settings refuse bad values with one clear line; migrations build the schema on both databases."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest
from alembic.autogenerate import compare_metadata
from alembic.runtime.migration import MigrationContext
from sqlalchemy import inspect
from sqlalchemy.engine import Connection
from sqlmodel import SQLModel

import storage.models  # noqa: F401  (registers every table on SQLModel.metadata)
from domain.settings import SettingsError, load_settings
from storage import db as database
from storage.db import SchemaOutdated
from tests.support.cli import InProcessFieldbot


@pytest.mark.parametrize(
    ("overrides", "expected"),
    [
        (
            {"telegram_bot_token": "12345"},
            "TELEGRAM_BOT_TOKEN: does not look like a bot token (digits, a colon, then 30+ characters); "
            "e.g. TELEGRAM_BOT_TOKEN=123456:ABC-DEF1234ghIkl-zyx57W2v1u123ew11 (from @BotFather)",
        ),
        (
            {"timezone": "Mars/Olympus"},
            "TIMEZONE: unknown time zone 'Mars/Olympus' (an IANA name is needed); "
            "e.g. TIMEZONE=Asia/Shanghai",
        ),
        (
            {"database_url": "mysql://db"},
            "DATABASE_URL: must be an sqlite:/// or postgresql:// URL; e.g. DATABASE_URL=postgresql://",
        ),
        (
            {"webhook_url": "https://bot.example.com/hook"},
            "WEBHOOK_SECRET is required in webhook mode (WEBHOOK_URL is set); e.g. WEBHOOK_SECRET=<",
        ),
        (
            {"webhook_url": "https://bot.example.com/hook", "webhook_secret": "has spaces"},
            "WEBHOOK_SECRET: may only hold 1-256 characters of A-Z a-z 0-9 _ - (Telegram's rule); "
            "e.g. WEBHOOK_SECRET=<",
        ),
        ({"webhook_port": 0}, "WEBHOOK_PORT: must be at least 1; e.g. WEBHOOK_PORT=8443"),
        ({"webhook_port": "https"}, "WEBHOOK_PORT: must be a whole number; e.g. WEBHOOK_PORT=8443"),
        (
            {"log_level": "verbose"},
            "LOG_LEVEL: 'verbose' is not a log level; use one of DEBUG, INFO, WARNING, ERROR, CRITICAL; "
            "e.g. LOG_LEVEL=INFO",
        ),
        (
            {"admin_telegram_ids": "12,abc"},
            "ADMIN_TELEGRAM_IDS: 'abc' is not a Telegram user id (a positive whole number); "
            "e.g. ADMIN_TELEGRAM_IDS=12345678,87654321",
        ),
        ({"admin_telegram_ids": "[12, 34"}, "ADMIN_TELEGRAM_IDS: is not a valid JSON list of numbers"),
        ({"request_timeout": "-1"}, "REQUEST_TIMEOUT: must be more than 0; e.g. REQUEST_TIMEOUT=30"),
    ],
)
def test_bad_settings_are_one_clear_line(overrides: dict[str, object], expected: str) -> None:
    with pytest.raises(SettingsError) as caught:
        load_settings(_env_file=None, **overrides)
    assert str(caught.value).startswith(expected)
    assert "\n" not in str(caught.value)


def test_a_malformed_webhook_secret_is_not_called_missing() -> None:
    with pytest.raises(SettingsError) as caught:
        load_settings(_env_file=None, webhook_url="https://bot.example.com/hook", webhook_secret="a b")
    assert "required" not in str(caught.value) and "a b" not in str(caught.value)


def test_secret_values_never_echoed() -> None:
    secret = "999:not-a-valid-token-but-secret"
    with pytest.raises(SettingsError) as caught:
        load_settings(_env_file=None, telegram_bot_token=secret)
    assert secret not in str(caught.value)


@pytest.mark.parametrize("ids", ["11, 22", "11;22", "[11, 22]", "[11,22]"])
def test_plain_urls_and_id_lists_are_accepted(monkeypatch: pytest.MonkeyPatch, ids: str) -> None:
    monkeypatch.setenv("ADMIN_TELEGRAM_IDS", ids)
    monkeypatch.setenv("DATABASE_URL", "postgresql://u:p@db:5432/fieldbot")
    monkeypatch.setenv("LOG_LEVEL", "debug")
    monkeypatch.setenv("WEBHOOK_PORT", "")  # left empty as in .env.example: the default
    settings = load_settings(_env_file=None)
    assert settings.admin_telegram_ids == [11, 22]
    assert settings.database_url == "postgresql+asyncpg://u:p@db:5432/fieldbot"
    assert (settings.log_level, settings.webhook_port) == ("DEBUG", 8443)


@pytest.mark.parametrize(
    ("setting", "value", "expected"),
    [
        (
            "TIMEZONE",
            "Nowhere/Land",
            "TIMEZONE: unknown time zone 'Nowhere/Land' (an IANA name is needed); "
            "e.g. TIMEZONE=Asia/Shanghai",
        ),
        ("LOG_LEVEL", "verbose", "LOG_LEVEL: 'verbose' is not a log level; use one of DEBUG, INFO,"),
        ("ADMIN_TELEGRAM_IDS", "12,abc", "ADMIN_TELEGRAM_IDS: 'abc' is not a Telegram user id"),
    ],
)
def test_cli_reports_a_bad_setting_without_traceback(
    tmp_path: Path,
    monkeypatch: pytest.MonkeyPatch,
    capsys: pytest.CaptureFixture[str],
    setting: str,
    value: str,
    expected: str,
) -> None:
    # In this process through the console script's entry point; tests/test_cli.py runs a refused
    # setting in a process of its own.
    result = InProcessFieldbot(tmp_path, monkeypatch, capsys)("db", "current", **{setting: value})
    assert result.returncode == 2
    assert result.stderr.startswith(f"fieldbot: {expected}")
    assert result.stderr.count("\n") == 1


async def test_migrations_build_every_table_on_an_empty_database(empty_database_url: str) -> None:
    assert await database.current_revision(empty_database_url) is None
    await database.upgrade(empty_database_url)
    assert await database.current_revision(empty_database_url) == database.head_revision(empty_database_url)
    engine = database.create_engine(empty_database_url)
    async with engine.connect() as connection:
        tables = set(await connection.run_sync(lambda c: inspect(c).get_table_names()))
    await engine.dispose()
    assert {"staff", "team", "invite", "inbox_update", "check_in", "report", "on_time_rate"} <= tables


async def test_the_models_match_the_migrations(database_url: str) -> None:
    """A model changed without its migration (or the reverse) fails here, not on a customer's database."""
    engine = database.create_engine(database_url)

    def differences(connection: Connection) -> list[Any]:
        context = MigrationContext.configure(connection, opts={"compare_type": True})
        return list(compare_metadata(context, SQLModel.metadata))

    async with engine.connect() as connection:
        found = await connection.run_sync(differences)
    await engine.dispose()
    assert found == []


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
