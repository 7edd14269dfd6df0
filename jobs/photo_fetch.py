"""Download every filed photo once into the project's file store (storage.filestore), off the filing path.

Filing stores the file_id and registers the photo as due (storage.files.register) in the same
transaction; this job then fetches it through getFile, right after the filing (`fetch_soon`), every
minute for whatever is due, and at every start for what a stop interrupted. It is idempotent: a row is
completed only once, equal bytes share one content-addressed key, and a failure keeps the row due
later (storage.files backs off), so a download can delay nothing and lose nothing.
"""

from __future__ import annotations

import asyncio
import hashlib
import logging
import mimetypes
from datetime import timedelta
from pathlib import PurePosixPath
from typing import Any

import filetype
from botocore.exceptions import BotoCoreError, ClientError
from telegram import Bot
from telegram.error import TelegramError

from domain.clock import Clock
from domain.settings import Settings, SettingsError
from jobs.scheduling import AnyApplication, every
from presentation.services import store_of
from storage import files as files_db
from storage.db import Database
from storage.file_models import StoredFile
from storage.filestore import FileStore, FileStoreError, S3Options, content_key, open_store

log = logging.getLogger(__name__)

JOB_NAME = "photo downloads"
INTERVAL = timedelta(minutes=1)
LOCK = "photo_fetch_lock"
# What a download may fail with and be retried later: Telegram or the network, the folder, the bucket.
_RETRYABLE = (TelegramError, OSError, BotoCoreError, ClientError)


def build_store(settings: Settings) -> FileStore:
    """The store FILE_STORE names (nothing is touched until `schedule` checks it at start)."""
    secret = settings.file_store_secret_access_key
    # Empty values (as .env.example leaves them) mean "not set".
    options = S3Options(
        endpoint_url=settings.file_store_endpoint_url or None,
        access_key_id=settings.file_store_access_key_id or None,
        secret_access_key=(secret.get_secret_value() if secret else None) or None,
        region=settings.file_store_region or None,
    )
    try:
        return open_store(settings.file_store or "files", options)
    except FileStoreError as exc:
        raise SettingsError(str(exc)) from None


async def fetch_due(bot: Bot, db: Database, store: FileStore, clock: Clock) -> int:
    """Download every photo that is due; returns how many were stored."""
    async with db.read() as session:
        rows = list(await files_db.due(session, now=clock.now()))
    stored = 0
    for row in rows:
        try:
            sha256, path, size, mime = await _download(bot, store, row)
        except _RETRYABLE as exc:
            reason = f"{type(exc).__name__}: {exc}"
            async with db.session() as session:
                retry = await files_db.mark_failed(session, row.id or 0, error=reason, now=clock.now())
            # The first failure is news; the hourly retries after it are not.
            level = logging.WARNING if row.attempts == 0 else logging.INFO
            log.log(
                level,
                "photo %s of %s %s not in the file store yet (%s); retrying at %s",
                row.position,
                row.owner,
                row.owner_id,
                reason,
                retry.isoformat(timespec="seconds"),
            )
            continue
        async with db.session() as session:
            done = await files_db.mark_stored(
                session,
                row.id or 0,
                file_id=row.file_id,
                sha256=sha256,
                path=path,
                size=size,
                mime_type=mime,
                now=clock.now(),
            )
        stored += done
    return stored


async def _download(bot: Bot, store: FileStore, row: StoredFile) -> tuple[str, str, int, str | None]:
    """Fetch one photo from the Bot API and put it in the store under its content address."""
    telegram_file = await bot.get_file(row.file_id)
    data = bytes(await telegram_file.download_as_bytearray())
    sha256 = hashlib.sha256(data).hexdigest()
    # The bytes say what they are; Telegram's path is only a fallback.
    kind = filetype.guess(data)
    suffix = PurePosixPath(telegram_file.file_path or "").suffix[:10]
    mime = kind.mime if kind else mimetypes.guess_type(f"x{suffix}")[0]
    key = content_key(sha256, f".{kind.extension}" if kind else suffix)
    if not await store.has(key):
        await store.put(key, data, mime)
    return sha256, key, len(data), mime


async def _run(context: Any) -> None:
    """The job's callback: one pass at a time (the minutely pass and one right after a filing may meet)."""
    data = context.bot_data
    async with data.setdefault(LOCK, asyncio.Lock()):
        await fetch_due(context.bot, data["db"], store_of(data), data["clock"])


def fetch_soon(app: AnyApplication) -> None:
    """Download a record's photos right after it is filed, without holding up the person's answer."""
    assert app.job_queue is not None
    app.job_queue.run_once(_run, when=0, name=f"{JOB_NAME} (after filing)")


async def schedule(app: AnyApplication) -> None:
    """Check the store can be written (one clear line if not), then fetch what is due now and every minute."""
    try:
        await store_of(app.bot_data).check()
    except FileStoreError as exc:
        raise SettingsError(str(exc)) from None
    data = app.bot_data
    async with data["db"].session() as session:
        await files_db.retry_now(session, now=data["clock"].now())
        waiting = await files_db.pending_count(session)
    if waiting:
        log.info(
            "%d photo(s) not in the file store (%s) yet: fetching them now",
            waiting,
            store_of(data).description,
        )
    every(app, _run, name=JOB_NAME, interval=INTERVAL, first=1)
