"""The two bots the updates bench compares, each run in a process of its own (bench.updates_bench).

    python -m bench.updates_bots fieldbot API_ROOT DATABASE_URL FOLDER
    python -m bench.updates_bots bare API_ROOT [aiohttp]

In one process with the local Bot API server and the 200 simulated people, the bench measured the sum of
all three on one core: the server's own work took as much as the bare bot's. Here each bot has a process
of its own (the server and the people share the bench's), as it would against Telegram, and the bench
reads the bot process's CPU time from /proc to say what one update costs the bot itself.
"""

from __future__ import annotations

import asyncio
import logging
import os
import signal
import subprocess
import sys
from pathlib import Path
from typing import Any

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from telegram import Update
from telegram.constants import ParseMode
from telegram.ext import ApplicationBuilder, CommandHandler, ContextTypes, Defaults

from bot.app import build_application
from bot.runner import polling
from bot.transport import AiohttpRequest
from domain.settings import Settings
from presentation.help_text import help_text
from storage.models import Role

# Deliberately not shaped like a real token (6 digits), so secret scanners stay quiet.
TOKEN = "700001:BENCH-not-a-real-token-AAAAAAAAAAAAAAA"
ROOT = Path(__file__).resolve().parents[1]


class BotProcess:
    """One bot in a child process: started, its CPU seconds read, stopped."""

    def __init__(self, *args: str) -> None:
        env = {**os.environ, "PYTHONPATH": str(ROOT)}
        self._process = subprocess.Popen(
            [sys.executable, "-m", "bench.updates_bots", *args], cwd=ROOT, env=env
        )

    def cpu_seconds(self) -> float:
        """User + system CPU time of the bot process so far (all its threads)."""
        fields = Path(f"/proc/{self._process.pid}/stat").read_text().rsplit(")", 1)[1].split()
        return (int(fields[11]) + int(fields[12])) / os.sysconf("SC_CLK_TCK")

    async def stop(self) -> None:
        """SIGTERM, then wait for the bot's own shutdown."""
        if self._process.poll() is None:
            self._process.send_signal(signal.SIGTERM)
            await asyncio.to_thread(self._process.wait, 30)


async def _until_stopped() -> None:
    stop = asyncio.Event()
    asyncio.get_running_loop().add_signal_handler(signal.SIGTERM, stop.set)
    await stop.wait()


async def _fieldbot(root: str, url: str, folder: str) -> None:
    settings = Settings(
        telegram_bot_token=TOKEN,  # type: ignore[arg-type]
        telegram_api_base_url=root,
        database_url=url,
        file_store=f"{folder}/files",
        _env_file=None,  # type: ignore[call-arg]
    )
    app = build_application(settings)
    # Bench only: take Telegram's 30 messages/s limiter out to see the pipeline's own speed.
    app.bot._rate_limiter = None
    async with polling(app):
        await _until_stopped()


async def _bare(root: str, transport: str = "httpx") -> None:
    # The same answer fieldbot sends a rep, formatted the same way: the two bots differ in what they do
    # around the answer (inbox, gate, flush), not in the size of the message they send and parse back.
    text = help_text("en", Role.REP)

    async def answer(update: Update, context: ContextTypes.DEFAULT_TYPE) -> None:
        assert update.message is not None
        await update.message.reply_text(text)

    builder = (
        ApplicationBuilder()
        .token(TOKEN)
        .base_url(f"{root}/bot")
        .base_file_url(f"{root}/file/bot")
        .defaults(Defaults(parse_mode=ParseMode.HTML))
    )
    if transport == "aiohttp":  # fieldbot's own client (bot.transport), to compare pipelines alone
        builder = builder.request(AiohttpRequest()).get_updates_request(
            AiohttpRequest(connection_pool_size=1, read_timeout=15)
        )
    app: Any = builder.build()
    app.add_handler(CommandHandler("help", answer))
    await app.initialize()
    await app.updater.start_polling(poll_interval=0, timeout=1)
    await app.start()
    try:
        await _until_stopped()
    finally:
        await app.updater.stop()
        await app.stop()
        await app.shutdown()


def main() -> None:
    logging.basicConfig(level=logging.WARNING)
    kind, *args = sys.argv[1:]
    asyncio.run(_fieldbot(*args) if kind == "fieldbot" else _bare(*args))


if __name__ == "__main__":
    main()
