"""`fieldbot demo`: the real bot against the local Bot API server, on a throwaway SQLite file.

A newcomer sees the product's core on a fresh machine with no token and no network: an admin invites
a rep, the rep registers in Chinese, checks in at a customer site 120 m from its pin, files the visit
record, and files the weekly report, which already lists that visit. Both chats are printed as the
people see them (buttons by their labels).

The clock starts at this week's Tuesday 09:00 in the team's zone, whatever day the demo runs, so the
script is the same every day: this week's report is open and no deadline has passed.
"""

from __future__ import annotations

import re
import tempfile
from datetime import datetime, time, timedelta
from pathlib import Path
from zoneinfo import ZoneInfo

from bot.app import build_application
from bot.runner import polling
from domain.clock import SettableClock, SystemClock
from domain.settings import Settings
from localbotapi.driver import TelegramUser
from localbotapi.models import SentMessage
from localbotapi.server import LocalBotApiServer
from presentation.i18n import t
from storage import customers as customers_db
from storage import db as database
from storage import staff as staff_db
from storage.db import Database
from storage.models import Role

# Deliberately not shaped like a real token (6 digits), so secret scanners stay quiet.
DEMO_TOKEN = "700001:DEMO-not-a-real-token-DEMOtokenDEMO0"
ADMIN_ID, REP_ID = 100, 200
ZONE = ZoneInfo("Asia/Shanghai")
_LINK = re.compile(r"start=([A-Za-z0-9_-]+)")


def demo_start(today: datetime) -> datetime:
    """Tuesday 09:00 of the week of `today`, in the team's zone."""
    local = today.astimezone(ZONE).date()
    tuesday = local - timedelta(days=local.weekday()) + timedelta(days=1)
    return datetime.combine(tuesday, time(9, 0), ZONE)


def _last_text(user: TelegramUser) -> str:
    message = user.last_message
    return (message.text or "") if message else ""


class Rep:
    """The rep's side of the chat, in Chinese: each step waits for the bot's answer."""

    def __init__(self, user: TelegramUser) -> None:
        self.user = user

    async def say(self, text: str) -> SentMessage:
        """Send a command or a typed answer; the bot's next message."""
        await (self.user.send_command(text) if text.startswith("/") else self.user.send_text(text))
        return await self.user.next_message()

    async def tap(self, message: SentMessage, key: str) -> SentMessage:
        """Press the button the catalog labels `key` (or labelled `key`); the bot's next message."""
        label = str(t("zh", key)) if "." in key else key
        await self.user.press(message, label)
        return await self.user.next_message()


async def _register(api: LocalBotApiServer, admin: TelegramUser, rep: Rep, team_name: str) -> None:
    """The admin invites a rep; the rep opens the link and registers."""
    await admin.send_command("/invite")
    await admin.press(await admin.next_message(), "Field service rep")
    await admin.wait_until(lambda: "Which team" in _last_text(admin))
    await admin.press(admin.last_message or 0, team_name)
    link = await admin.wait_until(lambda: _LINK.search(_last_text(admin)))
    await rep.user.send_command("/start", link.group(1))
    await rep.tap(await rep.user.next_message(), "保留此名字")
    await rep.user.send_contact("+8613800000000")
    await rep.user.next_message()


async def _check_in(rep: Rep) -> None:
    """About 120 m north of the customer's pin, inside its 300 m geofence; no photo."""
    await rep.say("/checkin")
    await rep.user.send_location(31.2315, 121.4737, horizontal_accuracy=15)
    await rep.user.next_message()  # location received
    offer = await rep.user.next_message()
    ask_photo = await rep.tap(offer, "ACME 机械厂 · 122 米")
    preview = await rep.tap(ask_photo, "common.skip")
    await rep.tap(preview, "checkin.confirm_button")


async def _visit_record(rep: Rep) -> None:
    """The visit record, prefilled from the check-in."""
    ask_type = await rep.say("/visit")
    await rep.tap(ask_type, "visit.type.paid_repair")
    for answer in ("XG-200", "SN-0042", "主轴异响", "更换主轴轴承"):
        await rep.say(answer)
    ask_result = await rep.say("轴承 6204")
    ask_stars = await rep.tap(ask_result, "visit.result.resolved")
    ask_photos = await rep.tap(ask_stars, "⭐5")
    ask_sheet = await rep.tap(ask_photos, "forms.done")
    preview = await rep.tap(ask_sheet, "common.skip")
    await rep.tap(preview, "common.submit")


async def _weekly_report(rep: Rep) -> None:
    """The weekly report: the morning's visit is already in its overview."""
    await rep.say("/weekly")
    await rep.user.next_message()  # the first question
    await rep.say("在 ACME 机械厂 更换 XG-200 主轴轴承，设备恢复运行。")
    ask_market = await rep.say("下周走访两家大客户。")
    ask_quality = await rep.tap(ask_market, "common.skip")
    preview = await rep.tap(ask_quality, "common.skip")
    await rep.tap(preview, "common.submit")


async def _seed(db: Database) -> str:
    """The team, its key customer and the admin; returns the team's name."""
    async with db.session() as session:
        team = await staff_db.add_team(session, name="East China 华东区", timezone=ZONE.key)
        await customers_db.add_customer(
            session,
            team_id=team.id or 0,
            name="ACME 机械厂",
            latitude=31.2304,
            longitude=121.4737,
            radius_m=300,
            key_account=True,
        )
        await staff_db.add_staff(
            session, telegram_id=ADMIN_ID, name="Wang Admin", role=Role.ADMIN, team_id=None, language="en"
        )
        return str(team.name)


async def run_demo() -> int:
    """Play the scripted session; returns a process exit code."""
    clock = SettableClock(demo_start(SystemClock().now()))
    with tempfile.TemporaryDirectory(prefix="fieldbot-demo-") as folder:
        url = f"sqlite+aiosqlite:///{Path(folder) / 'demo.db'}"
        await database.upgrade(url)
        db = Database(url, clock=clock)
        team_name = await _seed(db)
        async with LocalBotApiServer(clock=clock) as api:
            settings = Settings(
                telegram_bot_token=DEMO_TOKEN,  # type: ignore[arg-type]
                telegram_api_base_url=api.base_url,
                database_url=url,
                file_store=str(Path(folder) / "files"),  # photos stay in the throwaway folder too
                default_language="en",
                _env_file=None,  # type: ignore[call-arg]
            )
            async with polling(build_application(settings, db=db, clock=clock)):
                admin = api.user(ADMIN_ID, "Wang", language_code="en")
                rep = Rep(api.user(REP_ID, "Li", last_name="Lei", language_code="zh-hans"))
                when = clock.now().astimezone(ZONE)
                print(
                    "== fieldbot demo: the real bot against a local Bot API server, on a throwaway"
                    f" database. It is {when:%A %Y-%m-%d %H:%M} in {ZONE.key}.\n"
                )
                await _register(api, admin, rep, team_name)
                await _check_in(rep)
                await _visit_record(rep)
                await _weekly_report(rep)
                await admin.wait_until(lambda: "registered" in _last_text(admin))
                print("-- the admin's chat --")
                print(admin.transcript(as_seen=True))
                print("\n-- the new rep's chat (Chinese) --")
                print(rep.user.transcript(as_seen=True))
        await db.dispose()
    print("\nDemo finished. Set TELEGRAM_BOT_TOKEN (see .env.example) to run the real bot.")
    return 0
