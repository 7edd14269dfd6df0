"""Benchmark: how fast the bot answers people, against a bare PTB bot in the same run.

    python -m bench.updates_bench --users 200 --rounds 3

N registered reps each send /help at the same moment through the local Bot API server. The same
burst goes to (A) fieldbot, where every update is stored in the inbox, checked by the access gate,
answered, and its state flushed before it is marked done, on SQLite and on PostgreSQL (a throwaway
cluster, tests/pg.py), and (B) a bare PTB Application that answers /help from memory with the same text
(on PTB's own HTTP client, httpx; and once more on fieldbot's, bot.transport). The ratio A/B is
the price of "nothing lost, nothing twice, only staff". Then N reps each go through a whole check-in at
once (/checkin, location, pick the customer, confirm) and the p95 of the time from each step to the
bot's answer is reported. Telegram's 30 messages/s limiter is taken out of both bots: it would measure
Telegram's limit, not the pipeline.

The check-in runs twice: with no pause between a rep's steps (each taps the next button the instant the
answer arrives: 200 requests always in flight, so the latency measures the queue, see bench/README.md), and
paced like people (`--think`: a rep reads the answer and taps after a pause of that many seconds on
average; `--spread`: the 200 start within that many seconds, as a morning's first check-ins do).
"""

from __future__ import annotations

import argparse
import asyncio
import logging
import random
import statistics
import sys
import tempfile
import time
import uuid
from collections import defaultdict
from collections.abc import Awaitable
from pathlib import Path
from typing import Any

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

import asyncpg

from bench.updates_bots import BotProcess
from localbotapi.driver import TelegramUser
from localbotapi.models import SentMessage
from localbotapi.server import LocalBotApiServer
from storage import customers as customer_db
from storage import db as database
from storage import staff as staff_db
from storage.db import Database
from storage.models import Role
from tests.pg import ThrowawayCluster

FIRST_ID = 6_000_000
Latencies = tuple[float, float, list[float]]  # p50 and p95 of all steps, p95 of each step (seconds)
SITE = (31.2304, 121.4737)


async def _burst(api: LocalBotApiServer, users: int, first: int = FIRST_ID) -> float:
    """Seconds from the first /help to the last answer."""
    people = [api.user(first + i, f"Rep {i}") for i in range(users)]
    before = len(api.sent)
    started = time.perf_counter()
    for person in people:
        await person.send_command("/help")
    await api.wait_for(lambda: len(api.sent) - before >= users, 300)
    elapsed = time.perf_counter() - started
    answered = {m.chat_id for m in api.sent[before:]}
    assert len(answered) == users, f"{users - len(answered)} people got no answer"
    return elapsed


class _Chats:
    """The bot's messages by chat, indexed once as they arrive, and one watcher for every waiting person.

    The bench runs in the bot's process: with 200 people waiting at once, each scanning every message
    ever sent (TelegramUser.messages) every 10 ms, the bench itself took most of the CPU it measures.
    """

    def __init__(self, api: LocalBotApiServer) -> None:
        self._api = api
        self._seen = 0
        self._by_chat: defaultdict[int, list[SentMessage]] = defaultdict(list)
        self._waiting: dict[int, tuple[str, asyncio.Future[None]]] = {}

    def latest(self, chat_id: int) -> list[SentMessage]:
        """The chat's last three messages that still exist (edits show in place)."""
        sent = self._api.sent
        for message in sent[self._seen :]:
            self._by_chat[message.chat_id].append(message)
        self._seen = len(sent)
        return [m for m in self._by_chat[chat_id][-6:] if not m.deleted][-3:]

    def _shows(self, chat_id: int, shown: str) -> bool:
        return any(shown in m.shown_text for m in self.latest(chat_id))

    async def watch(self) -> None:
        """Wake each waiting person once their chat shows what they wait for (run as a task)."""
        while True:
            await self._api._changed.wait(0.05)  # fired on every send, edit and delete
            for chat_id, (shown, future) in list(self._waiting.items()):
                if self._shows(chat_id, shown) and not future.done():
                    future.set_result(None)

    async def wait(self, chat_id: int, shown: str, timeout: float = 60) -> None:  # noqa: ASYNC109
        """Until one of the chat's latest messages shows `shown`."""
        if self._shows(chat_id, shown):
            return
        future = asyncio.get_running_loop().create_future()
        self._waiting[chat_id] = (shown, future)
        try:
            await asyncio.wait_for(future, timeout)
        finally:
            del self._waiting[chat_id]


async def _step(chats: _Chats, person: TelegramUser, action: Awaitable[Any], shown: str) -> float:
    """Seconds from one action of `person` to a bot message (new or edited) showing `shown`."""
    started = time.perf_counter()
    await action
    await chats.wait(person.chat_id, shown)
    return time.perf_counter() - started


async def _press(chats: _Chats, person: TelegramUser, on: str, button: str, shown: str) -> float:
    """Press the button starting with `button` on the message showing `on`; seconds until `shown`."""
    message = next(m for m in reversed(chats.latest(person.chat_id)) if on in m.shown_text)
    label = next(b["text"] for b in message.inline_buttons() if b["text"].startswith(button))
    return await _step(chats, person, person.press(message, label), shown)


class Pace:
    """How a simulated rep paces a check-in: when they start, and how long they pause before each step."""

    def __init__(self, think: float, spread: float, seed: int) -> None:
        self.think, self.spread = think, spread
        self._random = random.Random(seed)  # the same pauses in every run and for every bot

    async def start(self) -> None:
        await asyncio.sleep(self._random.uniform(0, self.spread))

    async def pause(self) -> None:
        if self.think:
            await asyncio.sleep(self._random.expovariate(1 / self.think))


async def _check_in(chats: _Chats, person: TelegramUser, pace: Pace) -> list[float]:
    """One rep's whole check-in; the latency of each step (the pause before a step is not counted)."""
    times = []
    await pace.start()
    times.append(await _step(chats, person, person.send_command("/checkin"), "live location"))
    await pace.pause()
    times.append(
        await _step(chats, person, person.send_location(*SITE, horizontal_accuracy=20), "Which customer")
    )
    for on, button, shown in (
        ("Which customer", "Bench Site", "Add a photo"),
        ("Add a photo", "Skip", "Check in at Bench Site"),
        ("Check in at Bench Site", "✅", "You are at the site"),
    ):
        await pace.pause()
        times.append(await _press(chats, person, on, button, shown))
    return times


async def _check_ins(api: LocalBotApiServer, users: int, first: int, pace: tuple[float, float]) -> Latencies:
    """p50 and p95 of every step's latency while `users` reps (ids from `first`) check in at once, paced by
    (think, spread) seconds, and the p95 of each step (/checkin, location, customer, photo, confirm)."""
    people = [api.user(first + i, f"Rep {i}") for i in range(users)]
    for person in people:
        person.skip_pending()
    chats = _Chats(api)
    watcher = asyncio.create_task(chats.watch())
    paces = [Pace(*pace, seed=i) for i in range(users)]
    try:
        rounds = await asyncio.gather(
            *(_check_in(chats, p, pace) for p, pace in zip(people, paces, strict=True))
        )
        steps = [t for times in rounds for t in times]
    finally:
        watcher.cancel()
    cuts = statistics.quantiles(steps, n=100)
    each = [statistics.quantiles([times[i] for times in rounds], n=100)[94] for i in range(len(rounds[0]))]
    return cuts[49], cuts[94], each


async def _database(kind: str, folder: str, root: str | None) -> str:
    if kind == "sqlite":
        return f"sqlite+aiosqlite:///{folder}/bench.db"
    assert root is not None
    name = f"bench_{uuid.uuid4().hex[:12]}"
    connection = await asyncpg.connect(root.replace("postgresql+asyncpg://", "postgresql://"))
    try:
        await connection.execute(f'CREATE DATABASE "{name}"')
    finally:
        await connection.close()
    return root.rsplit("/", 1)[0] + f"/{name}"


async def _timed_burst(
    api: LocalBotApiServer, users: int, bot: BotProcess, bursts: int
) -> tuple[float, float]:
    """Seconds per /help burst and the bot process's CPU milliseconds per update, over `bursts` bursts after
    a warm-up burst (which also waits for the bot to start and sets each person's command menu)."""
    await _burst(api, users)
    cpu = bot.cpu_seconds()
    seconds = sum([await _burst(api, users) for _ in range(bursts)])
    return seconds / bursts, (bot.cpu_seconds() - cpu) * 1000 / (users * bursts)


async def _fieldbot(
    users: int, kind: str, root: str | None, pace: tuple[float, float], bursts: int
) -> tuple[float, float, Latencies, Latencies]:
    """The /help burst (seconds, CPU ms per update), then p50 and p95 of a check-in's steps, unpaced and
    paced (other reps, whose command menus are set by a /help burst first), on `kind`."""
    with tempfile.TemporaryDirectory(prefix="fieldbot-updates-") as folder:
        url = await _database(kind, folder, root)
        await database.upgrade(url)
        db = Database(url)
        async with db.session() as session:
            team = await staff_db.add_team(session, name="Bench", timezone="Asia/Shanghai")
            await customer_db.add_customer(
                session, team_id=team.id or 0, name="Bench Site", latitude=SITE[0], longitude=SITE[1]
            )
            for i in range(2 * users):
                await staff_db.add_staff(
                    session,
                    telegram_id=FIRST_ID + i,
                    name=f"Rep {i}",
                    role=Role.REP,
                    team_id=team.id,
                    language="en",
                )
        await db.dispose()
        async with LocalBotApiServer() as api:
            bot = BotProcess("fieldbot", api.base_url, url, folder)
            try:
                burst, cpu = await _timed_burst(api, users, bot, bursts)
                unpaced = await _check_ins(api, users, FIRST_ID, (0, 0))
                await _burst(api, users, FIRST_ID + users)
                paced = await _check_ins(api, users, FIRST_ID + users, pace)
                return burst, cpu, unpaced, paced
            finally:
                await bot.stop()


async def _bare(users: int, transport: str, bursts: int) -> tuple[float, float]:
    """The bare PTB bot's /help burst on `transport` (httpx or aiohttp): seconds, CPU ms per update."""
    async with LocalBotApiServer() as api:
        bot = BotProcess("bare", api.base_url, transport)
        try:
            return await _timed_burst(api, users, bot, bursts)
        finally:
            await bot.stop()


async def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--users", type=int, default=200)
    parser.add_argument("--rounds", type=int, default=3)
    parser.add_argument("--bursts", type=int, default=5, help="timed /help bursts per bot and round")
    parser.add_argument("--db", default="sqlite,postgresql", help="comma-separated: sqlite, postgresql")
    parser.add_argument("--think", type=float, default=3.0, help="paced check-in: mean seconds between steps")
    parser.add_argument(
        "--spread", type=float, default=10.0, help="paced check-in: seconds the starts spread over"
    )
    args = parser.parse_args()
    logging.basicConfig(level=logging.WARNING)
    kinds = args.db.split(",")
    cluster = ThrowawayCluster() if "postgresql" in kinds else None
    root = cluster.start() if cluster is not None else None
    try:
        for _ in range(args.rounds):
            bare, bare_cpu = await _bare(args.users, "httpx", args.bursts)
            same, same_cpu = await _bare(args.users, "aiohttp", args.bursts)
            line = [
                f"users={args.users}  bare PTB {args.users / bare:.0f}/s ({bare_cpu:.2f} ms CPU/update), "
                f"on aiohttp {args.users / same:.0f}/s ({same_cpu:.2f} ms)"
            ]
            for kind in kinds:
                burst, cpu, unpaced, paced = await _fieldbot(
                    args.users, kind, root, (args.think, args.spread), args.bursts
                )
                line.append(
                    f"{kind}: {args.users / burst:.0f}/s ({bare / burst:.2f}x bare, {same / burst:.2f}x on "
                    f"aiohttp, {cpu:.2f} ms CPU/upd.), "
                    f"check-in step p50/p95 unpaced {unpaced[0] * 1000:.0f}/{unpaced[1] * 1000:.0f} ms, "
                    f"paced {paced[0] * 1000:.0f}/{paced[1] * 1000:.0f} ms "
                    f"(p95 by step: {'/'.join(f'{p * 1000:.0f}' for p in paced[2])} ms)"
                )
            print("  |  ".join(line), flush=True)
    finally:
        if cluster is not None:
            cluster.stop()


if __name__ == "__main__":
    asyncio.run(main())
