"""Run the application inside an already running event loop (tests and the demo).

`Application.run_polling` owns its loop and blocks; tests and the demo need the bot running beside
a local Bot API server in the same loop, with the same start and stop steps run_polling performs.
"""

from __future__ import annotations

from collections.abc import AsyncIterator
from contextlib import asynccontextmanager

from telegram import Update

from bot.app import FieldApplication


@asynccontextmanager
async def polling(app: FieldApplication, *, poll_timeout: int = 1) -> AsyncIterator[FieldApplication]:
    """Start `app` polling, yield it, and stop it the way run_polling would."""
    await app.initialize()
    if app.post_init is not None:
        await app.post_init(app)
    assert app.updater is not None
    await app.updater.start_polling(poll_interval=0, timeout=poll_timeout, allowed_updates=Update.ALL_TYPES)
    await app.start()
    try:
        yield app
    finally:
        if app.updater.running:
            await app.updater.stop()
        if app.running:
            await app.stop()
        await app.shutdown()
        if app.post_shutdown is not None:
            await app.post_shutdown(app)
