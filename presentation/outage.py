"""A database outage as one incident: one log line and one admin notice when it starts and when it ends,
and one "briefly unavailable" to each person who writes meanwhile, in their own language.

Without this every update (and every job) that hit the dead database was its own error: a traceback and
an admin notice each, fifteen notices for one read-only disk.
"""

from __future__ import annotations

import asyncio
import logging
from typing import Any

from asyncpg import exceptions as pg
from sqlalchemy.exc import DBAPIError, DisconnectionError, InterfaceError, OperationalError
from telegram import Update
from telegram.constants import ChatType
from telegram.error import TelegramError

from domain.settings import Settings
from presentation.i18n import language_for, t
from presentation.logs import redact

log = logging.getLogger(__name__)

OUTAGE = "outage"  # its key in bot_data

# What an unreachable or unwritable database raises: connecting fails (sockets, timeouts, asyncpg's
# connection errors), a pooled connection was cut (DisconnectionError, InterfaceError), or the file cannot
# be written (OperationalError: "disk I/O error", "attempt to write a readonly database", "disk is full").
# Not IntegrityError, DataError or ProgrammingError: those are bugs, and retrying would never end.
OUTAGE_ERRORS: tuple[type[BaseException], ...] = (
    OSError,
    TimeoutError,
    DisconnectionError,
    InterfaceError,
    OperationalError,
    pg.PostgresConnectionError,
    pg.CannotConnectNowError,
    pg.AdminShutdownError,
    pg.InterfaceError,
)


def is_outage(error: BaseException | None) -> bool:
    """Whether `error` means the database cannot be used right now (rather than a bug)."""
    if isinstance(error, DBAPIError) and error.connection_invalidated:
        return True
    # SQLAlchemy's asyncpg adapter wraps the driver's error twice (DBAPIError -> the adapter's Error ->
    # asyncpg's CannotConnectNowError while a server starts up): look down the whole chain.
    seen = 0
    while error is not None and seen < 8:
        if isinstance(error, OUTAGE_ERRORS) or isinstance(getattr(error, "orig", None), OUTAGE_ERRORS):
            return True
        error = getattr(error, "orig", None) or error.__cause__
        seen += 1
    return False


def cause_of(error: BaseException) -> str:
    """The driver's own words for an outage, in one line and without SQL or its parameters."""
    orig = getattr(error, "orig", None) or error
    text = str(orig).strip().splitlines() or [type(orig).__name__]
    return redact(f"{type(orig).__name__}: {text[0]}")[:200]


class Outage:
    """Whether the database is down, since when, and who has been told."""

    def __init__(self, settings: Settings) -> None:
        self._settings = settings
        self._since: float | None = None  # loop time (monotonic): how long it lasted, not a date
        self._told: set[int] = set()
        self._rerun: set[int] = set()

    @property
    def ongoing(self) -> bool:
        """Whether an incident is open."""
        return self._since is not None

    async def failed(self, bot: Any, error: BaseException, update: object | None = None) -> None:
        """The database just failed; open the incident (once) and tell the person behind `update` (once)."""
        if self._since is None:
            self._since = asyncio.get_running_loop().time()
            cause = cause_of(error)
            log.error(
                "the database cannot be written (%s); holding updates with Telegram and retrying until it is "
                "back: check that DATABASE_URL's server is up, its disk has space and the file is writable",
                cause,
            )
            log.debug("the database error in full", exc_info=error)
            await self._tell_admins(bot, "outage.admin_down", cause=cause)
        if isinstance(update, Update):
            await self._tell_person(bot, update)

    def rerun_later(self, update: Update) -> None:
        """Ask bot.lanes to handle `update` again once the database is back (the inbox holds it)."""
        self._rerun.add(update.update_id)

    def takes_back(self, update: object) -> bool:
        """Whether `update` failed on the outage and must be handled again (asked once per failure)."""
        if not isinstance(update, Update) or update.update_id not in self._rerun:
            return False
        self._rerun.discard(update.update_id)
        return True

    async def recovered(self, bot: Any) -> None:
        """The database answered again: close the incident, if one was open."""
        if self._since is None:
            return
        seconds = round(asyncio.get_running_loop().time() - self._since)
        self._since, self._told = None, set()
        log.warning("the database is back after %s s; handling the updates that waited", seconds)
        await self._tell_admins(bot, "outage.admin_back", seconds=seconds)

    async def _tell_admins(self, bot: Any, key: str, **values: Any) -> None:
        # Only the admins named in the settings: the others are listed in the database that is down.
        for admin_id in self._settings.admin_telegram_ids:
            try:
                await bot.send_message(admin_id, t(self._settings.default_language, key, **values))
            except TelegramError as exc:
                log.warning("could not tell admin %s about the database: %s", admin_id, exc)

    async def _tell_person(self, bot: Any, update: Update) -> None:
        chat, user = update.effective_chat, update.effective_user
        if chat is None or chat.type != ChatType.PRIVATE or chat.id in self._told:
            return
        self._told.add(chat.id)
        # Their staff record (and chosen language) is in the database that is down: Telegram's says enough.
        lang = language_for(user.language_code if user else None, self._settings.default_language)
        try:
            await bot.send_message(chat.id, t(lang, "outage.user_wait"))
        except TelegramError as exc:
            log.warning("could not tell a user the bot is briefly unavailable: %s", exc)
