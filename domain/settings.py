"""Settings, read once at start from the environment and `.env`, then passed in."""

from __future__ import annotations

import json
import re
from pathlib import Path
from typing import Annotated
from zoneinfo import ZoneInfo

from pydantic import Field, SecretStr, ValidationError, field_validator, model_validator
from pydantic_core import ErrorDetails
from pydantic_settings import BaseSettings, NoDecode, SettingsConfigDict

from domain.scoring import SchemeError, load_schemes
from domain.zones import UnknownZone, parse_zone

# Telegram tokens look like "123456:ABC-DEF..."; checking the shape early turns a typo into one clear line
# instead of a 401 from the server later.
_TOKEN_SHAPE = re.compile(r"^\d{3,12}:[A-Za-z0-9_-]{30,}$")
# The Bot API only accepts these characters in a webhook secret.
_SECRET_SHAPE = re.compile(r"^[A-Za-z0-9_-]{1,256}$")
# The zone of the first team and of any team whose stored zone is unknown, unless TIMEZONE says otherwise.
DEFAULT_TIMEZONE = "Asia/Shanghai"
_LOG_LEVELS = ("DEBUG", "INFO", "WARNING", "ERROR", "CRITICAL")
# A right value for each setting, appended to every complaint so the fix can be copied. The token example is
# the one from Telegram's documentation (too few digits to trip secret scanners).
EXAMPLES = {
    "telegram_bot_token": "123456:ABC-DEF1234ghIkl-zyx57W2v1u123ew11 (from @BotFather)",
    "telegram_api_base_url": "https://api.telegram.org",
    "database_url": "postgresql://fieldbot:password@localhost:5432/fieldbot or sqlite:///fieldbot.db",
    "timezone": "Asia/Shanghai",
    "admin_telegram_ids": "12345678,87654321",
    "webhook_url": "https://bot.example.com/telegram",
    "webhook_secret": "the output of: python3 -c 'import secrets; print(secrets.token_urlsafe(32))'",
    "webhook_listen": "0.0.0.0",
    "webhook_port": "8443",
    "invite_ttl_days": "7",
    "default_language": "zh",
    "log_level": "INFO",
    "request_timeout": "30",
    "escalation_after_minutes": "120",
    "file_store": "/var/lib/fieldbot/files or s3://fieldbot-photos/prod",
    "file_store_endpoint_url": "https://minio.example.com:9000",
    "scoring_schemes_dir": "/etc/fieldbot/schemes (a folder of *.toml scoring schemes)",
}


class Settings(BaseSettings):
    """Everything fieldbot can be configured with; `.env.example` documents each field."""

    # env_ignore_empty: `WEBHOOK_PORT=` as copied from .env.example means "the default", not "invalid".
    model_config = SettingsConfigDict(
        env_file=".env", env_file_encoding="utf-8", extra="ignore", env_ignore_empty=True
    )

    telegram_bot_token: SecretStr | None = None
    telegram_api_base_url: str = "https://api.telegram.org"
    database_url: str = "sqlite+aiosqlite:///fieldbot.db"
    timezone: str = DEFAULT_TIMEZONE
    # NoDecode: take "1,2,3" as written instead of requiring JSON in the environment.
    admin_telegram_ids: Annotated[list[int], NoDecode] = Field(default_factory=list)
    webhook_url: str | None = None
    webhook_secret: SecretStr | None = None
    webhook_listen: str = "0.0.0.0"
    webhook_port: int = Field(default=8443, ge=1, le=65535)
    invite_ttl_days: int = Field(default=7, ge=1, le=90)
    default_language: str = "zh"
    log_level: str = "INFO"
    # How long PTB may wait for an answer from the Bot API server before giving up (seconds).
    request_timeout: float = Field(default=30.0, gt=0)
    # Critical feedback nobody acknowledged within this many minutes goes to the admins.
    escalation_after_minutes: int = Field(default=120, ge=1)
    # Where photo bytes are kept (storage.filestore): a folder, file:///path, or s3://bucket/prefix. The
    # FILE_STORE_* values are for S3-compatible stores; empty means boto3's own lookup (AWS_* variables).
    file_store: str = "files"
    file_store_endpoint_url: str | None = None
    file_store_access_key_id: str | None = None
    file_store_secret_access_key: SecretStr | None = None
    file_store_region: str | None = None
    # A company's own scoring schemes (*.toml, see domain/schemes/), added to the two that ship; a file
    # with the key of a shipped scheme replaces it. Read and checked at start.
    scoring_schemes_dir: Path | None = None

    @field_validator("file_store")
    @classmethod
    def _file_store(cls, value: str) -> str:
        scheme, _, rest = value.partition("://")
        if not rest:  # a plain folder path
            return value
        if scheme not in ("file", "s3"):
            raise ValueError(
                f"unknown kind of store {scheme!r}: use a folder, file:///path or s3://bucket/prefix"
            )
        if scheme == "s3" and not rest.split("/", 1)[0]:
            raise ValueError("an s3:// URL needs a bucket")
        return value

    @field_validator("scoring_schemes_dir", mode="before")
    @classmethod
    def _schemes_dir(cls, raw: object) -> Path | None:
        if raw is None or (isinstance(raw, str) and not raw.strip()):
            return None  # SCORING_SCHEMES_DIR= in the .env file: the shipped schemes only
        value = Path(str(raw))
        if not value.is_dir():
            raise ValueError(f"{value} is not a folder: create it or point the setting at the schemes")
        try:
            load_schemes(value)
        except (SchemeError, OSError) as exc:
            raise ValueError(str(exc)) from None
        return value

    @field_validator("admin_telegram_ids", mode="before")
    @classmethod
    def _split_ids(cls, value: object) -> object:
        # Accept "1,2,3" (or "1;2") from an env var as well as a JSON list such as "[1, 2]".
        if isinstance(value, int):
            return [value]
        if not isinstance(value, str):
            return value
        text = value.strip()
        if text.startswith("["):
            try:
                parts = json.loads(text)
            except json.JSONDecodeError:
                raise ValueError("is not a valid JSON list of numbers") from None
            if not isinstance(parts, list):
                raise ValueError("is not a valid JSON list of numbers")
        else:
            parts = [part.strip() for part in text.replace(";", ",").split(",") if part.strip()]
        for part in parts:
            if isinstance(part, bool) or not re.fullmatch(r"\d{1,16}", str(part)):
                # Ids are not secrets; naming the bad one lets the operator find it in a long list.
                raise ValueError(f"{str(part)[:40]!r} is not a Telegram user id (a positive whole number)")
        return [int(part) for part in parts]

    @field_validator("telegram_bot_token")
    @classmethod
    def _token_shape(cls, value: SecretStr | None) -> SecretStr | None:
        if value is not None and not value.get_secret_value():
            return None
        if value is not None and not _TOKEN_SHAPE.match(value.get_secret_value()):
            # Never echo the value itself: it is a secret even when malformed.
            raise ValueError("does not look like a bot token (digits, a colon, then 30+ characters)")
        return value

    @field_validator("telegram_api_base_url")
    @classmethod
    def _base_url(cls, value: str) -> str:
        if not value.startswith(("http://", "https://")):
            raise ValueError("must start with http:// or https://")
        return value.rstrip("/")

    @field_validator("database_url")
    @classmethod
    def _database_url(cls, value: str) -> str:
        # Accept the plain URLs people copy from their hosting provider and pick the async driver ourselves.
        if value.startswith("sqlite:///"):
            return "sqlite+aiosqlite:///" + value.removeprefix("sqlite:///")
        if value.startswith(("postgres://", "postgresql://")):
            return "postgresql+asyncpg://" + value.split("://", 1)[1]
        if not value.startswith(("sqlite+aiosqlite://", "postgresql+asyncpg://")):
            raise ValueError("must be an sqlite:/// or postgresql:// URL")
        return value

    @field_validator("timezone")
    @classmethod
    def _timezone(cls, value: str) -> str:
        try:
            parse_zone(value)
        except UnknownZone:
            raise ValueError(f"unknown time zone {value!r} (an IANA name is needed)") from None
        return value.strip()

    @field_validator("default_language")
    @classmethod
    def _language(cls, value: str) -> str:
        if value not in ("en", "zh"):
            raise ValueError("must be 'en' or 'zh'")
        return value

    @field_validator("log_level")
    @classmethod
    def _log_level(cls, value: str) -> str:
        level = value.strip().upper()
        if level not in _LOG_LEVELS:
            raise ValueError(f"{value[:40]!r} is not a log level; use one of {', '.join(_LOG_LEVELS)}")
        return level

    @model_validator(mode="after")
    def _webhook_needs_secret(self) -> Settings:
        # Without a secret anyone who finds the URL can inject updates as any user.
        if not self.webhook_url:
            return self
        if not self.webhook_url.startswith("https://") and "127.0.0.1" not in self.webhook_url:
            example = f"e.g. WEBHOOK_URL={EXAMPLES['webhook_url']}"
            raise ValueError(f"WEBHOOK_URL: must be an https:// URL (Telegram posts to no other); {example}")
        example = f"e.g. WEBHOOK_SECRET=<{EXAMPLES['webhook_secret']}>"
        if self.webhook_secret is None:
            raise ValueError(f"WEBHOOK_SECRET is required in webhook mode (WEBHOOK_URL is set); {example}")
        if not _SECRET_SHAPE.match(self.webhook_secret.get_secret_value()):
            # Never echo the value: it is a secret even when malformed.
            raise ValueError(
                "WEBHOOK_SECRET: may only hold 1-256 characters of A-Z a-z 0-9 _ - "
                f"(Telegram's rule); {example}"
            )
        return self

    @property
    def zone(self) -> ZoneInfo:
        """The default team's time zone."""
        return ZoneInfo(self.timezone)

    @property
    def is_sqlite(self) -> bool:
        """True for the embedded default database."""
        return self.database_url.startswith("sqlite")


class SettingsError(Exception):
    """Raised with one readable line naming the setting that is wrong."""


def load_settings(**overrides: object) -> Settings:
    """Read settings once; turn pydantic's report into a single line that names the setting."""
    try:
        return Settings(**overrides)  # type: ignore[arg-type]
    except ValidationError as exc:
        raise SettingsError(describe(exc.errors()[0])) from None


def describe(error: ErrorDetails) -> str:
    """One line: the setting, what is wrong with it, and a right value to copy."""
    field = ".".join(str(part) for part in error.get("loc", ()))
    plain = _PLAIN.get(error["type"])
    # Only our own templates are formatted: a message may quote a typed value holding braces.
    message = plain.format(**error.get("ctx", {})) if plain else error["msg"].removeprefix("Value error, ")
    if not field:  # model-level checks name their settings and give their example themselves
        return message
    return f"{field.upper()}: {message}; e.g. {field.upper()}={EXAMPLES.get(field, '...')}"


# pydantic's wording for its own checks, said the way an operator reads it.
_PLAIN = {
    "int_parsing": "must be a whole number",
    "int_from_float": "must be a whole number",
    "float_parsing": "must be a number",
    "greater_than": "must be more than {gt:g}",
    "greater_than_equal": "must be at least {ge:g}",
    "less_than_equal": "must be at most {le:g}",
    "less_than": "must be less than {lt:g}",
}
