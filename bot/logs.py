"""Logging set-up that keeps the bot token out of every line, whatever the level."""

from __future__ import annotations

import logging
import traceback
from collections.abc import Iterable
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


def protect(secrets: Iterable[str]) -> None:
    """Register values that must never appear in log output."""
    for secret in secrets:
        if secret and secret not in _secrets:
            _secrets.append(secret)
            # The token also appears URL-encoded (":" -> "%3A") in some request descriptions.
            _secrets.append(secret.replace(":", "%3A"))
    _install_record_factory()


def configure_logging(level: str = "INFO", secrets: Iterable[str] = ()) -> None:
    """Log to stderr at `level`, with secrets redacted and noisy HTTP loggers kept quiet."""
    protect(secrets)
    logging.basicConfig(
        level=level.upper(),
        format="%(asctime)s %(levelname)s %(name)s: %(message)s",
    )
    logging.getLogger().setLevel(level.upper())
    # httpx logs every request URL at INFO, and the URL contains the token.
    for noisy in ("httpx", "httpcore", "aiosqlite"):
        logging.getLogger(noisy).setLevel(logging.WARNING)
