"""A digest far over Telegram's limit, full of emoji, reaches the supervisor whole through the real bot:
the local Bot API server counts UTF-16 units after HTML parsing, as Telegram does, and refuses longer."""

from __future__ import annotations

import re
from datetime import UTC, datetime, timedelta

from bot.app import FieldApplication
from jobs.digests import send_daily_digests
from localbotapi.entities import utf16_len
from localbotapi.server import LocalBotApiServer
from storage.db import Database
from storage.models import Role
from tests.support.field import make_customer
from tests.support.paperwork import make_feedback
from tests.support.people import make_staff, make_team

MORNING = datetime(2026, 11, 18, 2, 0, tzinfo=UTC)  # 10:00 in Shanghai
EVENING = datetime(2026, 11, 18, 12, 0, tzinfo=UTC)  # after the 19:00 digest time
ITEMS = 45
# 5 code points but 8 UTF-16 units: wrench, warning sign (with its variation selector), thumbs-up with
# a skin tone. A splitter counting code points makes messages ~1.6 times over the limit.
EMOJI = "🔧⚠️👍🏽"


async def test_an_emoji_heavy_digest_arrives_whole_in_messages_telegram_accepts(
    app: FieldApplication, api: LocalBotApiServer, db: Database
) -> None:
    team = await make_team(db, "Emoji")
    await make_staff(db, 3901, role=Role.SUPERVISOR, team=team, name="Boss Emoji")
    rep = await make_staff(db, 3902, team=team, name="Rep 🔧")
    boss = api.user(3901, "Boss", started=True)
    site = await make_customer(db, team, "Acme & 👍")
    for i in range(ITEMS):
        at = MORNING + timedelta(minutes=i)
        await make_feedback(db, rep, at, customer=site, description=f"item{i:02d} " + EMOJI * 30)

    assert await send_daily_digests(app.bot, db, EVENING) == 1

    texts = [m.text or "" for m in boss.messages]
    assert texts[0].startswith("📋 Daily digest — Emoji, 2026-11-18")
    assert len(texts) >= 3 and all(utf16_len(text) <= 4096 for text in texts)
    # Every feedback line arrived, once, in order, and none was cut in two.
    found = [int(n) for n in re.findall(r"item(\d\d) ", "\n".join(texts))]
    assert found == list(range(ITEMS))
    assert all(line.startswith("• ") for text in texts[1:] for line in text.splitlines()[:1])
