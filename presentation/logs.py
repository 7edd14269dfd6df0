"""Logging set-up that keeps the bot token out of every line, whatever the level."""

from __future__ import annotations

import logging
import sys
import threading
import traceback
from collections.abc import Iterable
from types import TracebackType
from typing import Any

_secrets: list[str] = []
_installed = False


def redact(text: str) -> str:
    """`text` with every registered secret replaced."""
    for secret in _secrets:
        if secret and secret in text:
            text = text.replace(secret, "[REDACTED]")
    return text


def _install_record_factory() -> None:
    # A record factory sees every record of every logger before any handler does, including records
    # from httpx, PTB and test log capture; a filter on one handler would miss the others.
    global _installed
    if _installed:
        return
    previous = logging.getLogRecordFactory()

    def factory(*args: Any, **kwargs: Any) -> logging.LogRecord:
        record = previous(*args, **kwargs)
        if not _secrets:
            return record
        try:
            message = record.getMessage()
        except (TypeError, ValueError):
            message = str(record.msg)
        record.msg, record.args = redact(message), None
        if record.exc_info and record.exc_info[0] is not None:
            record.exc_text = redact("".join(traceback.format_exception(*record.exc_info)).rstrip())
            record.exc_info = None
        return record

    logging.setLogRecordFactory(factory)
    _installed = True


def _redacting_excepthook(
    exc_type: type[BaseException], exc: BaseException, tb: TracebackType | None
) -> None:
    # A crash outside logging (the interpreter's own traceback on stderr) must not print the token either;
    # PTB puts it in InvalidToken's message.
    sys.stderr.write(redact("".join(traceback.format_exception(exc_type, exc, tb))))


def _redacting_thread_hook(args: threading.ExceptHookArgs) -> None:
    if args.exc_value is not None:
        _redacting_excepthook(args.exc_type, args.exc_value, args.exc_traceback)


def protect(secrets: Iterable[str]) -> None:
    """Register values that must never appear in log output, tracebacks included."""
    for secret in secrets:
        if secret and secret not in _secrets:
            _secrets.append(secret)
            # The token also appears URL-encoded (":" -> "%3A") in some request descriptions.
            _secrets.append(secret.replace(":", "%3A"))
            # The part after the bot id is what makes it secret; redact it even when the token is cut.
            _, _, tail = secret.partition(":")
            if len(tail) >= 20:
                _secrets.append(tail)
    _install_record_factory()
    sys.excepthook = _redacting_excepthook
    threading.excepthook = _redacting_thread_hook


def configure_logging(level: str = "INFO", secrets: Iterable[str] = ()) -> None:
    """Log to stderr at `level`, with secrets redacted and noisy loggers kept quiet."""
    protect(secrets)
    logging.basicConfig(
        level=level.upper(),
        format="%(asctime)s %(levelname)s %(name)s: %(message)s",
    )
    logging.getLogger().setLevel(level.upper())
    # httpx logs every request URL at INFO, and the URL contains the token: quiet at every level.
    for noisy in ("httpx", "httpcore", "aiosqlite"):
        logging.getLogger(noisy).setLevel(logging.WARNING)
    # APScheduler says "Added job ..." for each of a dozen jobs at every start, and Alembic names its
    # dialect on every command: useful when debugging, noise otherwise.
    chatty = logging.NOTSET if level.upper() == "DEBUG" else logging.WARNING
    for name in ("apscheduler", "alembic"):
        logging.getLogger(name).setLevel(chatty)
