"""Benchmark: how fast the bot answers people, against a bare PTB bot in the same run.

    python -m bench.updates_bench --users 200

N registered reps each send /help at the same moment through the local Bot API server. The same
burst goes to (A) fieldbot, where every update is stored in the inbox, checked by the access gate,
answered, and its state flushed to SQLite before the next one, and (B) a bare PTB Application that
answers /help from memory. The ratio A/B is the price of "nothing lost, nothing twice, only staff".
"""

from __future__ import annotations

import argparse
import asyncio
import logging
import sys
import tempfile
import time
from pathlib import Path
from typing import Any

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from telegram import Update
from telegram.ext import AIORateLimiter, ApplicationBuilder, CommandHandler, ContextTypes

from bot.app import build_application
from bot.runner import polling
from bot.settings import Settings
from localbotapi.server import LocalBotApiServer
from storage import db as database
from storage import staff as staff_db
from storage.db import Database
from storage.models import Role

# Deliberately not shaped like a real token (6 digits), so secret scanners stay quiet.
TOKEN = "700001:BENCH-not-a-real-token-AAAAAAAAAAAAAAA"
FIRST_ID = 6_000_000


async def _burst(api: LocalBotApiServer, users: int) -> float:
    """Seconds from the first /help to the last answer."""
    people = [api.user(FIRST_ID + i, f"Rep {i}") for i in range(users)]
    before = len(api.sent)
    started = time.perf_counter()
    for person in people:
        await person.send_command("/help")
    await api.wait_for(lambda: len(api.sent) - before >= users, 300)
    elapsed = time.perf_counter() - started
    answered = {m.chat_id for m in api.sent[before:]}
    assert len(answered) == users, f"{users - len(answered)} people got no answer"
    return elapsed


async def _fieldbot(users: int, *, limited: bool = True) -> float:
    with tempfile.TemporaryDirectory(prefix="fieldbot-updates-") as folder:
        url = f"sqlite+aiosqlite:///{folder}/bench.db"
        await database.upgrade(url)
        db = Database(url)
        async with db.session() as session:
            team = await staff_db.add_team(session, name="Bench", timezone="Asia/Shanghai")
            for i in range(users):
                await staff_db.add_staff(
                    session,
                    telegram_id=FIRST_ID + i,
                    name=f"Rep {i}",
                    role=Role.REP,
                    team_id=team.id,
                    language="en",
                )
        async with LocalBotApiServer() as api:
            settings = Settings(
                telegram_bot_token=TOKEN,  # type: ignore[arg-type]
                telegram_api_base_url=api.base_url,
                database_url=url,
                _env_file=None,  # type: ignore[call-arg]
            )
            app = build_application(settings, db=db)
            if not limited:
                # Bench only: take Telegram's 30 messages/s limiter out to see the pipeline's own speed.
                app.bot._rate_limiter = None
            async with polling(app):
                # Each person's first update also sets their command menu; warm that up outside the timing.
                await _burst(api, users)
                return await _burst(api, users)


async def _bare(users: int, *, limited: bool) -> float:
    async def answer(update: Update, context: ContextTypes.DEFAULT_TYPE) -> None:
        assert update.message is not None
        await update.message.reply_text("Commands: /checkin /visit /weekly …")

    async with LocalBotApiServer() as api:
        root = api.base_url
        builder = ApplicationBuilder().token(TOKEN).base_url(f"{root}/bot").base_file_url(f"{root}/file/bot")
        if limited:
            # The same Telegram limits as bot/app.py: 30 messages/s overall.
            builder = builder.rate_limiter(AIORateLimiter(max_retries=3))
        app: Any = builder.build()
        app.add_handler(CommandHandler("help", answer))
        await app.initialize()
        await app.updater.start_polling(poll_interval=0, timeout=1)
        await app.start()
        try:
            await _burst(api, users)
            return await _burst(api, users)
        finally:
            await app.updater.stop()
            await app.stop()
            await app.shutdown()


async def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--users", type=int, default=200)
    parser.add_argument("--rounds", type=int, default=3)
    args = parser.parse_args()
    logging.basicConfig(level=logging.WARNING)
    for _ in range(args.rounds):
        limited = await _bare(args.users, limited=True)
        field = await _fieldbot(args.users)
        unlimited = await _bare(args.users, limited=False)
        field_unlimited = await _fieldbot(args.users, limited=False)
        print(
            f"users={args.users}  with Telegram's 30/s limiter: fieldbot {args.users / field:.0f}/s, "
            f"bare PTB {args.users / limited:.0f}/s, time ratio {field / limited:.2f}  |  "
            f"without it: fieldbot {args.users / field_unlimited:.0f}/s, "
            f"bare PTB {args.users / unlimited:.0f}/s, time ratio {field_unlimited / unlimited:.1f}"
        )


if __name__ == "__main__":
    asyncio.run(main())
