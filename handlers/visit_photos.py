"""/visits: supervisors and admins look through the latest visit records with their photos.

The supervisor reviews repair time and quality from the record and the dispatch sheet the customer
signed. Photos are sent by file_id and, when Telegram no longer knows it (a new bot token), uploaded
from the project's file store (presentation.photo_send). A button carries only a visit id, so the right to see
it is checked again on every press.
"""

from __future__ import annotations

from typing import Any

from telegram import Update
from telegram.ext import BaseHandler, CallbackQueryHandler, CommandHandler

from handlers.common import MANAGERS, for_roles, manages
from presentation import services
from presentation.buttons import ShowVisit
from presentation.context import FieldContext
from presentation.i18n import t
from presentation.visit_photos import send_visit_photos
from presentation.visit_text import record_text, visits_keyboard
from storage import visits as visits_db
from storage.models import Role

SHOWN = 10


@for_roles(*MANAGERS, refusal="photos.not_allowed")
async def list_visits(update: Update, context: FieldContext) -> None:
    """The latest visit records as buttons: the supervisor's team, or every team for an admin."""
    assert update.message is not None
    me, lang = context.me, context.lang
    if me.role == Role.SUPERVISOR and me.team_id is None:
        await update.message.reply_text(t(lang, "photos.no_team"))
        return
    team_id = None if me.role == Role.ADMIN else me.team_id
    async with context.db.read() as session:
        rows = await visits_db.latest_with_people(session, team_id=team_id, limit=SHOWN)
    if not rows:
        await update.message.reply_text(t(lang, "photos.none"))
        return
    keyboard = visits_keyboard(rows, context.settings.timezone)
    await update.message.reply_text(t(lang, "photos.pick"), reply_markup=keyboard)


async def show_visit(update: Update, context: FieldContext) -> None:
    """One record as text, then its photos and the signed dispatch sheet."""
    query = update.callback_query
    assert query is not None
    me, lang = context.me, context.lang
    pressed, found = ShowVisit.unpack(query.data), None
    if pressed is not None and pressed.visit_id > 0:
        async with context.db.read() as session:
            found = await visits_db.visit_with_people(session, pressed.visit_id)
    if found is None:
        await query.answer(t(lang, "photos.gone"), show_alert=True)
        return
    visit, rep, customer, team = found
    if not manages(me, rep.team_id):
        await query.answer(t(lang, "photos.not_yours"), show_alert=True)
        return
    await query.answer()
    assert update.effective_chat is not None
    chat_id = update.effective_chat.id
    text = record_text(lang, visit, rep, customer, team, context.settings.timezone)
    await context.bot.send_message(chat_id, text)
    store = services.store_of(context.bot_data)
    await send_visit_photos(context.bot, context.db, store, chat_id, visit, lang)


def build() -> list[BaseHandler[Update, FieldContext, Any]]:
    """/visits and its buttons."""
    return [
        CommandHandler("visits", list_visits),
        CallbackQueryHandler(show_visit, pattern=ShowVisit.pattern()),
    ]
