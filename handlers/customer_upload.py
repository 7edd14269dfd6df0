"""Importing customers from a file sent in /customers: downloaded through the Bot API, checked whole,
imported whole or not at all. Also words import problems for the CLI."""

from __future__ import annotations

from telegram import InlineKeyboardMarkup, Update
from telegram.error import BadRequest
from telegram.ext import ConversationHandler

from handlers.customer_form import FORM, managed_team_id
from handlers.forms import engine
from presentation.context import FieldContext
from presentation.customer_text import result_problems as result_problems  # re-exported: bot.cli_orders
from presentation.i18n import Raw, t
from storage.customer_import import import_customers
from storage.models import Role

UPLOAD = "customers.upload"
# Far above any real customer list (20,000 rows of CSV are about 2 MB), far below getFile's 20 MB.
MAX_UPLOAD_MB = 10
FILE_TYPES = (".csv", ".txt", ".tsv", ".xlsx", ".xls")
# A Telegram message holds 4096 characters; the first problems are what the person fixes first.
SHOWN_PROBLEMS = 10


async def ask_file(update: Update, context: FieldContext) -> str:
    """Import a file: say what to send."""
    query = update.callback_query
    assert query is not None
    await query.answer()
    engine.new_token(context, FORM)
    cancel = engine.button(FORM, context, t(context.lang, "common.cancel"), "cancel")
    await query.edit_message_text(
        t(context.lang, "import.ask"), reply_markup=InlineKeyboardMarkup([[cancel]])
    )
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
    if not name.lower().endswith(FILE_TYPES):
        await message.reply_text(t(lang, "import.wrong_type"))
        return None
    if (document.file_size or 0) > MAX_UPLOAD_MB * 1024 * 1024:
        size = f"{(document.file_size or 0) / 1024 / 1024:.1f}"
        await message.reply_text(t(lang, "import.too_big", size=size, limit=MAX_UPLOAD_MB))
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
        problems = Raw("\n".join(result_problems(lang, result, SHOWN_PROBLEMS)))
        await message.reply_text(t(lang, "import.failed", file=name, problems=problems))
        return UPLOAD
    engine.end(context, FORM.name)
    await message.reply_text(t(lang, "import.done", count=result.imported, team=result.team))
    return ConversationHandler.END
