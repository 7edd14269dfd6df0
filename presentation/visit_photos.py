"""A filed visit record's photos and its signed dispatch sheet, sent to the supervisor who opens it in
/visits; from the photo store when Telegram no longer knows their file_ids."""

from __future__ import annotations

from telegram import Bot

from presentation.i18n import t
from presentation.photo_send import send_kept_photo
from storage.db import Database
from storage.field_models import VisitRecord
from storage.filestore import FileStore


def photos_of(lang: str, visit: VisitRecord) -> list[tuple[str, str]]:
    """A record's photos as (file_id, caption): each numbered, then the signed dispatch sheet."""
    count = len(visit.photo_file_ids)
    photos: list[tuple[str, str]] = [
        (file_id, t(lang, "photos.photo_caption", id=visit.id, number=n, count=count))
        for n, file_id in enumerate(visit.photo_file_ids, start=1)
    ]
    if visit.dispatch_sheet_file_id:
        photos.append((visit.dispatch_sheet_file_id, t(lang, "photos.sheet_caption", id=visit.id)))
    return photos


async def send_visit_photos(
    bot: Bot, db: Database, store: FileStore, chat_id: int, visit: VisitRecord, lang: str
) -> None:
    """Each photo, then the sheet; one line at the end for those that could not be sent at all."""
    missing = 0
    for file_id, caption in photos_of(lang, visit):
        if await send_kept_photo(bot, db, store, chat_id, file_id, caption=caption) is None:
            missing += 1
    if missing:
        await bot.send_message(chat_id, t(lang, "photos.unavailable", count=missing))
