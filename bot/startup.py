"""`fieldbot run`: the database first, then the Bot API (saying what is retried and why), then one line.

PTB's own start-up retry loop logs only at DEBUG ("Failed run number 4") and waits silently otherwise,
so a bot that cannot reach Telegram looks hung for minutes. Connecting here first lets us say at INFO
what fails and when the next try is, and turn a rejected token into one line instead of a traceback.
"""

from __future__ import annotations

import asyncio
import logging
import signal
from urllib.parse import urlsplit, urlunsplit

from sqlalchemy.engine import make_url
from telegram import Bot, Update
from telegram.error import InvalidToken, NetworkError, RetryAfter, TelegramError, TimedOut

from bot.app import FieldApplication, build_application
from bot.transport import UnsupportedProxy
from domain.settings import Settings
from presentation.logs import redact
from storage import db as database
from storage import staff as staff_db
from storage.db import Database

log = logging.getLogger("fieldbot")

FIRST_WAIT = 1.0  # seconds before the first retry; doubled after each failure
LONGEST_WAIT = 60.0


class StartupError(Exception):
    """The bot cannot start; the message names the cause and the fix."""


def serve(settings: Settings) -> int:
    """Run the bot until it is stopped."""
    # One loop for everything: the bot's HTTP clients are bound to the loop they were first used on, and
    # run_polling/run_webhook take the current loop (and close it at the end).
    loop = asyncio.new_event_loop()
    asyncio.set_event_loop(loop)
    try:
        loop.run_until_complete(database.prepare(settings.database_url, auto_upgrade=settings.is_sqlite))
        app = build_application(settings)
        loop.run_until_complete(_connect_until_interrupted(app.bot, settings.telegram_api_base_url))
    except BaseException:
        loop.close()
        raise
    _announce_when_running(app, settings)
    if settings.webhook_url:
        assert settings.webhook_secret is not None
        app.run_webhook(
            listen=settings.webhook_listen,
            port=settings.webhook_port,
            url_path="telegram",
            webhook_url=settings.webhook_url,
            secret_token=settings.webhook_secret.get_secret_value(),
            allowed_updates=Update.ALL_TYPES,
            bootstrap_retries=-1,
        )
    else:
        # bootstrap_retries=-1: an outage between connect() and the first poll is waited out.
        app.run_polling(allowed_updates=Update.ALL_TYPES, bootstrap_retries=-1)
    return 0


async def _connect_until_interrupted(bot: Bot, root: str) -> None:
    """connect(), stopped by Ctrl-C through the loop's own signal handling.

    Left to Python's default handler, a Ctrl-C while the retries wait was sometimes not acted on (the
    bot went on retrying for minutes); the loop's handler wakes the loop and cancels the wait at once.
    """
    loop = asyncio.get_running_loop()
    task = asyncio.current_task()
    interrupted = False

    def stop() -> None:
        nonlocal interrupted
        interrupted = True
        if task is not None:
            task.cancel()

    try:
        loop.add_signal_handler(signal.SIGINT, stop)
    except NotImplementedError:  # Windows' loops have no signal handlers: Python's default applies
        await connect(bot, root)
        return
    try:
        await connect(bot, root)
    except asyncio.CancelledError:
        if interrupted:
            raise KeyboardInterrupt from None
        raise
    finally:
        loop.remove_signal_handler(signal.SIGINT)  # back to Python's default until PTB installs its own


async def connect(bot: Bot, root: str) -> None:
    """Reach the Bot API (getMe), retrying network failures with backoff and saying so at INFO."""
    try:
        await _get_me(bot, root)
    except BaseException:
        # PTB leaves the request that asked getMe open when it fails; close it before the one-line error.
        await bot.request.shutdown()
        raise


async def _get_me(bot: Bot, root: str) -> None:
    wait, attempt = FIRST_WAIT, 1
    while True:
        try:
            await bot.initialize()
            return
        except InvalidToken as exc:
            raise StartupError(token_rejected(root, exc)) from exc
        except UnsupportedProxy as exc:  # a setting, not the network: retrying would not help
            raise StartupError(str(exc)) from exc
        except RetryAfter as exc:
            pause, cause = _seconds_of(exc), "flood control"
        except NetworkError as exc:  # TimedOut included
            pause, cause = wait, network_cause(exc)
            wait = min(wait * 2, LONGEST_WAIT)
        except TelegramError as exc:
            raise StartupError(
                f"TELEGRAM_API_BASE_URL: the Bot API server at {shown_url(root)} answered getMe with "
                f"{redact(str(exc))!r}; check that it is a Bot API server"
            ) from exc
        attempt += 1
        log.info(
            "Bot API at %s: %s; retrying in %s s (attempt %d)", shown_url(root), cause, f"{pause:g}", attempt
        )
        await asyncio.sleep(pause)


def token_rejected(root: str, exc: InvalidToken) -> str:
    """The one line for a token the server refused (never the token itself)."""
    reason = redact(str(exc.__cause__ or "rejected"))
    line = (
        f"TELEGRAM_BOT_TOKEN: the Bot API server at {shown_url(root)} rejected the token ({reason}); "
        "copy the bot's current token from @BotFather (/mybots, API Token) into TELEGRAM_BOT_TOKEN"
    )
    if "not found" in reason.lower():  # Telegram says 404 for malformed tokens, other servers for bad paths
        line += ", and check that TELEGRAM_API_BASE_URL is the server's root"
    return line


def network_cause(exc: NetworkError) -> str:
    """What went wrong, in a few words, from the bottom of the exception chain."""
    if isinstance(exc, TimedOut):
        return "no answer in time"
    chain: list[BaseException] = []
    current: BaseException | None = exc
    while current is not None and len(chain) < 10:
        chain.append(current)
        current = current.__cause__ or current.__context__
    names = {type(c).__name__ for c in chain}
    if "ConnectionRefusedError" in names:
        return "connection refused"
    if "gaierror" in names:
        return "host name does not resolve"
    if names & {"ServerDisconnectedError", "ClientPayloadError", "RemoteProtocolError", "ReadError"}:
        return "connection dropped before an answer"
    return redact(str(exc))[:200]


def shown_url(url: str) -> str:
    """`url` without any password in it (the token is never part of the root)."""
    parts = urlsplit(url)
    if parts.password is None:
        return url
    netloc = parts.netloc.replace(f":{parts.password}@", ":***@")
    return urlunsplit(parts._replace(netloc=netloc))


def shown_database(url: str) -> str:
    """The database URL as the operator wrote it, password hidden."""
    parsed = make_url(url)
    plain = parsed.set(drivername=parsed.get_backend_name())
    text = plain.render_as_string(hide_password=True)
    return f"{text} (password hidden)" if parsed.password else text


def _seconds_of(exc: RetryAfter) -> float:
    delay = exc.retry_after
    return float(delay if isinstance(delay, int | float) else delay.total_seconds())


def _announce_when_running(app: FieldApplication, settings: Settings) -> None:
    # After the handlers' own post_init (menus, replayed updates, jobs): the line means "ready".
    previous = app.post_init

    async def announce(application: FieldApplication) -> None:
        if previous is not None:
            await previous(application)
        db: Database = application.bot_data["db"]
        async with db.session() as session:
            teams = len(await staff_db.list_teams(session))
        mode = f"webhook at {shown_url(settings.webhook_url)}" if settings.webhook_url else "polling"
        log.info(
            "fieldbot @%s: %s, database %s, %d team%s",
            application.bot.username,
            mode,
            shown_database(settings.database_url),
            teams,
            "" if teams == 1 else "s",
        )

    app.post_init = announce
