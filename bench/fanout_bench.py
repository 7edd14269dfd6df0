"""Benchmark: one reminder fan-out to N reps through the local Bot API server enforcing 30 messages/s.

    python -m bench.fanout_bench --reps 1000
    python -m bench.fanout_bench --reps 1000 --faults   # plus a 429, two 502s and 5 blocked reps

Uses a bot configured like the application's (FieldRateLimiter, as bot/app.py does) and the real
`send_due_reminders` on a SQLite database. Reports the achieved rate as a fraction of the limit, the
429s the server answered, and messages lost (a rep who should have one got none) or duplicated.
"""

from __future__ import annotations

import argparse
import asyncio
import sys
import tempfile
import time
from collections import Counter
from datetime import UTC, datetime, timedelta
from pathlib import Path
from zoneinfo import ZoneInfo

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from telegram.constants import ParseMode
from telegram.ext import Defaults, ExtBot

from domain.deadlines import DEFAULT_SCHEDULES, period_for
from jobs.reminders import send_due_reminders
from localbotapi.server import LocalBotApiServer
from presentation.limiter import FieldRateLimiter
from storage import db as database
from storage import staff as staff_db
from storage.db import Database
from storage.models import Role, Staff

# Deliberately not shaped like a real token (6 digits), so secret scanners stay quiet.
TOKEN = "700001:BENCH-not-a-real-token-AAAAAAAAAAAAAAA"
LIMIT = 30
FIRST_ID = 5_000_000


async def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--reps", type=int, default=1000)
    parser.add_argument("--faults", action="store_true")
    args = parser.parse_args()
    with tempfile.TemporaryDirectory(prefix="fieldbot-fanout-") as folder:
        url = f"sqlite+aiosqlite:///{folder}/fanout.db"
        await database.upgrade(url)
        db = Database(url)
        due = period_for(
            DEFAULT_SCHEDULES["weekly"],
            datetime.now(UTC).date() + timedelta(days=30),
            ZoneInfo("Asia/Shanghai"),
        ).due_at
        async with db.session() as session:
            team = await staff_db.add_team(session, name="Fan-out", timezone="Asia/Shanghai")
            for i in range(args.reps):
                session.add(
                    Staff(
                        telegram_id=FIRST_ID + i,
                        name=f"Rep {i}",
                        role=Role.REP,
                        team_id=team.id,
                        language="zh" if i % 2 else "en",
                        created_at=due - timedelta(days=60),
                    )
                )
        async with LocalBotApiServer() as api:
            for i in range(args.reps):
                api.user(FIRST_ID + i, f"Rep {i}", started=True)
            blocked = (
                {FIRST_ID + i for i in range(0, args.reps, max(1, args.reps // 5))} if args.faults else set()
            )
            for user_id in blocked:
                api.block(user_id)
            if args.faults:
                api.fail_next("sendMessage", 429, retry_after=1)
                api.fail_next("sendMessage", 502, times=2)
            api.set_rate_limit(LIMIT)
            # The bot as bot/app.py configures it: HTML by default, the limiter spacing sends to 30/s.
            bot = ExtBot(
                TOKEN,
                base_url=f"{api.base_url}/bot",
                defaults=Defaults(parse_mode=ParseMode.HTML),
                rate_limiter=FieldRateLimiter(),
            )
            async with bot:
                started = time.perf_counter()
                outcomes = await send_due_reminders(bot, db, due - timedelta(hours=24))
                elapsed = time.perf_counter() - started
                again = await send_due_reminders(bot, db, due - timedelta(hours=23))
            sent = Counter(m.chat_id for m in api.sent)
            wanted = {FIRST_ID + i for i in range(args.reps)} - blocked
            lost = sum(1 for user_id in wanted if sent[user_id] == 0)
            duplicated = sum(1 for user_id in wanted if sent[user_id] > 1)
            delivered = sum(sent[user_id] for user_id in wanted)
            print(
                f"reps={args.reps} faults={args.faults} delivered={delivered} in {elapsed:.1f}s "
                f"rate={delivered / elapsed:.1f}/s = {delivered / elapsed / LIMIT:.2f} of {LIMIT}/s "
                f"429s={api.stats['429']} lost={lost} duplicated={duplicated} outcomes={dict(outcomes)} "
                f"second_run={dict(again)}"
            )
        await db.dispose()


if __name__ == "__main__":
    asyncio.run(main())
