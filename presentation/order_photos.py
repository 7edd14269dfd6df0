"""A work order's photos (the fault as the supervisor saw it, attached to /order), sent with the order
to whoever opens it; from the photo store when Telegram no longer knows their file_ids."""

from __future__ import annotations

from telegram import Bot

from presentation.i18n import t
from presentation.photo_send import send_kept_photo
from storage.db import Database
from storage.filestore import FileStore
from storage.order_models import WorkOrder


async def send_order_photos(
    bot: Bot, db: Database, store: FileStore, chat_id: int, order: WorkOrder, lang: str
) -> None:
    """Each photo of the order, captioned with the order's number and its place among them."""
    photos = order.photo_file_ids or []
    for number, file_id in enumerate(photos, 1):
        caption = t(lang, "orders.photo_caption", id=order.id, number=number, count=len(photos))
        await send_kept_photo(bot, db, store, chat_id, file_id, caption=caption)
