"""What handlers use that the jobs (or the app) provide, reached through bot_data instead of imports.

Handlers and jobs sit side by side and must not import each other (see the layers contract in
pyproject.toml). Services are built once at start and put in bot_data under these keys (as the PTB
maintainers' rules-bot does): the file store by bot.app, "fetch photos now" and "recompute on-time rates"
by jobs.setup, the running copy by bot.instance.
"""

from __future__ import annotations

from collections.abc import Awaitable, Callable
from datetime import date, datetime
from typing import Any, Protocol

from storage.db import Database
from storage.filestore import FileStore

STORE = "file_store"
FETCH_PHOTOS = "services.fetch_photos_soon"
REFRESH_RATES = "services.refresh_rates"
INSTANCE = "instance"


class RefreshRates(Protocol):
    """jobs.rates.refresh_on_time_rates: recompute on-time rates after leave, holidays or deadlines change."""

    def __call__(
        self,
        db: Database,
        now: datetime,
        *,
        full: bool = ...,
        since: date | None = ...,
        team_id: int | None = ...,
    ) -> Awaitable[int]: ...


def store_of(bot_data: dict[str, Any]) -> FileStore:
    """The file store built at start."""
    store: FileStore = bot_data[STORE]
    return store


def fetch_photos_soon(application: Any) -> None:
    """Download a record's photos right after it is filed, without holding up the person's answer."""
    fetch: Callable[[Any], None] = application.bot_data[FETCH_PHOTOS]
    fetch(application)


def refresh_rates(bot_data: dict[str, Any]) -> RefreshRates:
    """The rates recomputation the jobs provide."""
    refresh: RefreshRates = bot_data[REFRESH_RATES]
    return refresh
