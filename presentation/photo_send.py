"""Send a record's photo again, surviving a new bot token: from the file store when Telegram no longer
knows the file_id, keeping the file_id it returns so the bytes are uploaded once per token."""

from __future__ import annotations

import logging

from botocore.exceptions import BotoCoreError, ClientError
from telegram import Bot, Message
from telegram.error import BadRequest

from storage import files as files_db
from storage.db import Database
from storage.filestore import FileStore

log = logging.getLogger(__name__)


def file_id_refused(exc: BadRequest) -> bool:
    """Whether Telegram refused the file_id itself (another bot's, or from before a token change)."""
    text = exc.message.lower()
    return any(sign in text for sign in ("file identifier", "file_id", "file reference"))


async def send_kept_photo(
    bot: Bot, db: Database, store: FileStore, chat_id: int, file_id: str, *, caption: str = ""
) -> Message | None:
    """Send a stored photo by its newest file_id, else upload its bytes from the store.

    None (and one log line) when Telegram refuses the file_id and the bytes never reached the store;
    any other failure (a blocked chat, a 429) is the caller's to handle, as for any send.
    """
    async with db.read() as session:
        row = await files_db.by_file_id(session, file_id)
    try:
        return await bot.send_photo(chat_id, (row.sent_file_id if row else None) or file_id, caption=caption)
    except BadRequest as exc:
        if not file_id_refused(exc):
            raise
        refused = exc.message
    if row is None or row.path is None or row.sha256 is None:
        log.warning(
            "a photo could not be sent: Telegram refused its file_id (%s) and it is not in the store", refused
        )
        return None
    try:
        data = await store.get(row.path)
    except (OSError, BotoCoreError, ClientError) as exc:
        log.warning("a photo could not be sent: %s is missing from %s (%s)", row.path, store.description, exc)
        return None
    sent = await bot.send_photo(chat_id, data, caption=caption)
    if sent.photo:
        async with db.session() as session:
            await files_db.remember_sent(session, row.sha256, sent.photo[-1].file_id)
    log.info(
        "sent photo %s of %s %s from the file store (file_id refused)", row.position, row.owner, row.owner_id
    )
    return sent
