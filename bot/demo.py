"""`fieldbot demo`: the real bot against the local Bot API server, on a throwaway SQLite file.

A newcomer sees the bot work on a fresh machine with no token and no network: an admin invites a rep,
the rep registers, checks in at a customer site 120 m from its pin, and the chats are printed.
"""

from __future__ import annotations

import re
import tempfile
from pathlib import Path

from bot.app import build_application
from bot.runner import polling
from bot.settings import Settings
from localbotapi.driver import TelegramUser
from localbotapi.server import LocalBotApiServer
from storage import customers as customers_db
from storage import db as database
from storage import staff as staff_db
from storage.db import Database
from storage.models import Role

# Deliberately not shaped like a real token (6 digits), so secret scanners stay quiet.
DEMO_TOKEN = "700001:DEMO-not-a-real-token-DEMOtokenDEMO0"
ADMIN_ID, REP_ID = 100, 200
_LINK = re.compile(r"start=([A-Za-z0-9_-]+)")


def _last_text(user: TelegramUser) -> str:
    message = user.last_message
    return (message.text or "") if message else ""


def _button_starting(user: TelegramUser, prefix: str) -> tuple[int, str] | None:
    """(message id, button text) of the newest inline button whose text starts with `prefix`."""
    for message in reversed(user.messages):
        for button in message.inline_buttons():
            if str(button.get("text", "")).startswith(prefix):
                return message.message_id, str(button["text"])
    return None


def _last_id(user: TelegramUser) -> int:
    message = user.last_message
    return message.message_id if message else 0


async def run_demo() -> int:
    """Play the scripted session; returns a process exit code."""
    with tempfile.TemporaryDirectory(prefix="fieldbot-demo-") as folder:
        url = f"sqlite+aiosqlite:///{Path(folder) / 'demo.db'}"
        await database.upgrade(url)
        db = Database(url)
        async with db.session() as session:
            team = await staff_db.add_team(session, name="East China 华东区", timezone="Asia/Shanghai")
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
        async with LocalBotApiServer() as api:
            settings = Settings(
                telegram_bot_token=DEMO_TOKEN,  # type: ignore[arg-type]
                telegram_api_base_url=api.base_url,
                database_url=url,
                file_store=str(Path(folder) / "files"),  # photos stay in the throwaway folder too
                default_language="en",
                _env_file=None,  # type: ignore[call-arg]
            )
            async with polling(build_application(settings, db=db)):
                admin = api.user(ADMIN_ID, "Wang", language_code="en")
                rep = api.user(REP_ID, "Li", last_name="Lei", language_code="zh-hans")
                print(f"== fieldbot demo: local Bot API server at {api.base_url}, database {url}\n")
                await admin.send_command("/invite")
                await admin.press(await admin.next_message(), "Field service rep")
                await admin.wait_until(lambda: "Which team" in _last_text(admin))
                await admin.press(_last_id(admin), str(team.name))
                link = await admin.wait_until(lambda: _LINK.search(_last_text(admin)))
                await rep.send_command("/start", link.group(1))
                await rep.press(await rep.next_message(), "保留此名字")
                await rep.next_message()
                await rep.send_contact("+8613800000000")
                await rep.next_message()
                await rep.send_command("/help")
                await rep.next_message()
                # The rep checks in about 120 m north of the customer's pin, inside its 300 m geofence.
                await rep.send_command("/checkin")
                await rep.next_message()
                await rep.send_location(31.2315, 121.4737, horizontal_accuracy=15)
                offer = await rep.wait_until(lambda: _button_starting(rep, "ACME"))
                await rep.press(offer[0], offer[1])
                confirm = await rep.wait_until(lambda: _button_starting(rep, "✅"))
                await rep.press(confirm[0], confirm[1])
                skip = await rep.wait_until(lambda: _button_starting(rep, "跳过"))
                await rep.press(skip[0], skip[1])
                await rep.wait_until(lambda: len(rep.messages) >= 8)
                await admin.wait_until(lambda: "registered" in _last_text(admin))
                print("-- the admin's chat --")
                print(admin.transcript())
                print("\n-- the new rep's chat (Chinese) --")
                print(rep.transcript())
        await db.dispose()
    print("\nDemo finished. Set TELEGRAM_BOT_TOKEN (see .env.example) to run the real bot.")
    return 0
