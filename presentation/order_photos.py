"""A work order's photos (the fault as the supervisor saw it, attached to /order), sent with the order
to whoever opens it, and to the rep it is dispatched to; from the photo store when Telegram no longer knows
their file_ids."""

from __future__ import annotations

from collections.abc import Iterator

from telegram import Bot

from presentation.delivery import Outcome, deliver_call
from presentation.i18n import t
from presentation.photo_send import send_kept_photo
from storage.db import Database
from storage.filestore import FileStore
from storage.order_models import WorkOrder


def _captioned(order: WorkOrder, lang: str) -> Iterator[tuple[str, str]]:
    """Each photo's file_id with its caption: the order's number and the photo's place among them."""
    photos = order.photo_file_ids or []
    for number, file_id in enumerate(photos, 1):
        yield file_id, t(lang, "orders.photo_caption", id=order.id, number=number, count=len(photos))


async def send_order_photos(
    bot: Bot, db: Database, store: FileStore, chat_id: int, order: WorkOrder, lang: str
) -> None:
    """The order's photos, to someone who asked for the order."""
    for file_id, caption in _captioned(order, lang):
        await send_kept_photo(bot, db, store, chat_id, file_id, caption=caption)


async def deliver_order_photos(
    bot: Bot, db: Database, store: FileStore, chat_id: int, order: WorkOrder, lang: str
) -> Outcome:
    """The order's photos, to a rep who is not waiting for them (a new order): each delivered on its own
    with deliver's rules, so a retry never repeats another photo; stops at the first that does not go."""
    for file_id, caption in _captioned(order, lang):

        async def send(file_id: str = file_id, caption: str = caption) -> None:
            await send_kept_photo(bot, db, store, chat_id, file_id, caption=caption)

        outcome = await deliver_call(send, chat_id)
        if outcome is not Outcome.SENT:
            return outcome
    return Outcome.SENT
