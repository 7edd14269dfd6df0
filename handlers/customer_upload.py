"""Importing customers from a file sent in /customers: downloaded through the Bot API, checked whole,
imported whole or not at all."""

from __future__ import annotations

from telegram import Update
from telegram.error import BadRequest
from telegram.ext import ConversationHandler

from handlers.customer_form import FORM, managed_team_id
from handlers.forms import engine
from handlers.staff_common import prompt
from presentation.choices import cancel
from presentation.context import FieldContext
from presentation.customer_text import MAX_UPLOAD_MB, import_failed, upload_refusal
from presentation.i18n import t
from storage.customer_import import import_customers
from storage.models import Role

UPLOAD = "customers.upload"


async def ask_file(update: Update, context: FieldContext, _arg: str) -> str:
    """Import a file (a button under the list): say what to send."""
    assert update.callback_query is not None
    await update.callback_query.answer()
    await prompt(update, context, FORM, t(context.lang, "import.ask"), [[cancel(context.lang)]])
    return UPLOAD


async def received(update: Update, context: FieldContext) -> str | int | None:
    """A document in /customers: check it whole and import it into the managed team, or say why not."""
    message = update.message
    assert message is not None and message.document is not None
    lang, document = context.lang, message.document
    if context.me.role not in (Role.SUPERVISOR, Role.ADMIN):
        # The role may have changed since /customers was opened.
        engine.end(context, FORM.name)
        await message.reply_text(t(lang, "customers.not_allowed"))
        return ConversationHandler.END
    name = document.file_name or ""
    refusal = upload_refusal(lang, name, document.file_size or 0)
    if refusal is not None:
        await message.reply_text(refusal)
        return None
    await message.reply_text(t(lang, "import.working", file=name))
    try:
        data = bytes(await (await document.get_file()).download_as_bytearray())
    except BadRequest:
        # getFile refuses files over 20 MB ("file is too big") even when file_size was not given.
        await message.reply_text(t(lang, "import.too_big", size=">20", limit=MAX_UPLOAD_MB))
        return None
    result = await import_customers(context.db, data, team_id=managed_team_id(context), now=context.now())
    if result.problems:
        await message.reply_text(import_failed(lang, name, result))
        return UPLOAD
    engine.end(context, FORM.name)
    await message.reply_text(t(lang, "import.done", count=result.imported, team=result.team))
    return ConversationHandler.END
