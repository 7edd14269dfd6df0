"""Run the application inside an already running event loop (tests and the demo).

`Application.run_polling` owns its loop and blocks; tests and the demo need the bot running beside
a local Bot API server in the same loop, with the same start and stop steps run_polling performs.
"""

from __future__ import annotations

from collections.abc import AsyncIterator
from contextlib import asynccontextmanager

from telegram import Update
from telegram.error import TelegramError

from bot.app import FieldApplication


@asynccontextmanager
async def polling(app: FieldApplication, *, poll_timeout: int = 1) -> AsyncIterator[FieldApplication]:
    """Start `app` polling, yield it, and stop it the way run_polling would."""
    async with _started(app):
        assert app.updater is not None

        def to_error_handlers(exc: TelegramError) -> None:
            # What run_polling passes: a failed getUpdates (a 409 Conflict, say) reaches our error handler.
            app.create_task(app.process_error(error=exc, update=None))

        await app.updater.start_polling(
            poll_interval=0,
            timeout=poll_timeout,
            allowed_updates=Update.ALL_TYPES,
            error_callback=to_error_handlers,
        )
        await app.start()
        yield app


@asynccontextmanager
async def webhook(
    app: FieldApplication, *, port: int, url: str, secret: str
) -> AsyncIterator[FieldApplication]:
    """Start `app` answering webhooks on 127.0.0.1:`port`, yield it, and stop it the way run_webhook would."""
    async with _started(app):
        assert app.updater is not None
        await app.updater.start_webhook(
            listen="127.0.0.1",
            port=port,
            url_path="telegram",
            webhook_url=url,
            secret_token=secret,
            allowed_updates=Update.ALL_TYPES,
        )
        await app.start()
        yield app


@asynccontextmanager
async def _started(app: FieldApplication) -> AsyncIterator[FieldApplication]:
    """Initialize and run post_init; afterwards, or when post_init fails, run the stop steps run_* run."""
    await app.initialize()
    try:
        if app.post_init is not None:
            await app.post_init(app)
        yield app
    finally:
        assert app.updater is not None
        if app.updater.running:
            await app.updater.stop()
        if app.running:
            await app.stop()
        await app.shutdown()
        if app.post_shutdown is not None:
            await app.post_shutdown(app)
