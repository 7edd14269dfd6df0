"""The one error handler: log (never the token), tell the admins, reassure the user."""

from __future__ import annotations

import html
import logging

from telegram import Update
from telegram.error import Conflict, TelegramError
from telegram.ext import ApplicationHandlerStop

from bot.conflict import on_conflict
from presentation.context import FieldContext
from presentation.i18n import language_for, t
from presentation.logs import redact
from presentation.outage import OUTAGE, Outage, is_outage
from storage import staff as staff_db

log = logging.getLogger(__name__)


async def on_error(update: object, context: FieldContext) -> None:
    """Handle an exception no handler caught."""
    error = context.error
    if isinstance(error, Conflict):  # another copy polls with this token: one incident, not an error a poll
        await on_conflict(context)
        return
    if error is not None and is_outage(error):
        # The database is down: one incident (one log line, one admin notice), the person is told it is
        # briefly away (not that anything was saved), and bot.lanes handles the update again once it is back.
        outage: Outage = context.bot_data[OUTAGE]
        await outage.failed(context.bot, error, update)
        if isinstance(update, Update):
            outage.rerun_later(update)
        # PTB goes on to the next handler group after an error: without the stop, a handler would run for
        # an update whose gate failed (no access check done) and fail again in its own way.
        raise ApplicationHandlerStop
    log.error("unhandled error while handling %s", _describe(update), exc_info=error)
    summary = redact(f"{type(error).__name__}: {error}")[:300]
    try:
        async with context.db.read() as session:
            admins = set(context.settings.admin_telegram_ids) | set(
                await staff_db.admin_telegram_ids(session)
            )
    except Exception:  # the database itself may be what failed; still tell the user below
        log.exception("could not look up the admins to report an error")
        admins = set(context.settings.admin_telegram_ids)
    for admin_id in admins:
        try:
            await context.bot.send_message(
                admin_id, t("en", "error.admin_notice", where=_describe(update), error=summary)
            )
        except TelegramError as exc:
            log.warning("could not report an error to admin %s: %s", admin_id, exc)
    if (
        isinstance(update, Update)
        and update.effective_chat is not None
        and update.effective_chat.type == "private"
    ):
        try:
            await context.bot.send_message(
                update.effective_chat.id, t(_language(update, context), "error.user_saved")
            )
        except TelegramError as exc:
            log.warning("could not tell the user about an error: %s", exc)


def _describe(update: object) -> str:
    if isinstance(update, Update):
        return html.escape(f"update {update.update_id}")
    return "a job" if update is None else html.escape(type(update).__name__)


def _language(update: Update, context: FieldContext) -> str:
    """The person's language: their chosen one once the gate knows them, else what Telegram says."""
    if context.staff is not None:
        return context.lang
    user = update.effective_user
    return language_for(user.language_code if user else None, context.settings.default_language)
