"""`fieldbot demo`: the real bot against the local Bot API server, on a throwaway SQLite file.

A newcomer sees the product's core on a fresh machine with no token and no network: an admin invites
a rep, the rep registers in Chinese; a supervisor dispatches a repair order the service desk logged to
the rep, who accepts it, checks in at the customer's site 120 m from its pin (the order's arrival) and
files the visit record from the order, which finishes it; the customer opens the one-time link in their
own Telegram, confirms and rates the work; the rep files the weekly report, which already lists that
visit; the supervisor scores the rep's last month and the admin receives that month's workbook for
HR. Every chat is printed as its person sees it (buttons by their labels).

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
from domain.orders import OrderCategory, OrderSource
from domain.settings import Settings
from localbotapi.driver import TelegramUser
from localbotapi.models import SentMessage
from localbotapi.server import LocalBotApiServer
from presentation.i18n import t
from storage import customers as customers_db
from storage import db as database
from storage import orders as orders_db
from storage import staff as staff_db
from storage.db import Database
from storage.models import Role

# Deliberately not shaped like a real token (6 digits), so secret scanners stay quiet.
DEMO_TOKEN = "700001:DEMO-not-a-real-token-DEMOtokenDEMO0"
ADMIN_ID, REP_ID, BOSS_ID, CUSTOMER_ID = 100, 200, 300, 400
ZONE = ZoneInfo("Asia/Shanghai")
_LINK = re.compile(r"start=([A-Za-z0-9_-]+)")
_CUSTOMER_LINK = re.compile(r"start=(c_[A-Za-z0-9_-]+)")


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


def _button(user: TelegramUser, label: str) -> tuple[SentMessage, str] | None:
    """The latest bot message with a button whose label starts with `label`, and that button's label."""
    for message in reversed(user.messages):
        for button in message.inline_buttons():
            if str(button.get("text", "")).startswith(label):
                return message, str(button["text"])
    return None


async def _dispatch(boss: TelegramUser, rep: Rep, order_id: int) -> None:
    """The supervisor opens the order and gives it to the rep, who accepts it."""
    await boss.send_command("/order", str(order_id))
    shown, dispatch = await boss.wait_until(lambda: _button(boss, t("en", "orders.dispatch_button")))
    await boss.press(shown, dispatch)
    listing, pick = await boss.wait_until(lambda: _button(boss, "Li Lei"))
    await boss.press(listing, pick)
    offer = await rep.user.next_message()
    await rep.tap(offer, "orders_rep.button.accept")


async def _finish_order(rep: Rep, order_id: int) -> str:
    """The rep files the visit record from the order (prefilled from it); returns the customer's link."""
    listing = await rep.say("/orders")
    await rep.user.press(listing, f"#{order_id} ACME 机械厂")
    card, done = await rep.user.wait_until(lambda: _button(rep.user, t("zh", "orders_rep.button.done")))
    await rep.user.press(card, done)
    for _ in ("the site as a venue", "the order's card", "the record's first line", "its first question"):
        await rep.user.next_message()
    await rep.say("更换主轴轴承")
    ask_result = await rep.say("轴承 6204")
    ask_photos = await rep.tap(ask_result, "visit.result.resolved")
    await rep.tap(ask_photos, "forms.done")
    await rep.user.send_photo()  # the dispatch sheet the customer signed
    preview = await rep.user.next_message()
    await rep.user.press(preview, t("zh", "common.submit"))
    found = await rep.user.wait_until(lambda: _CUSTOMER_LINK.search(rep.user.transcript()))
    await rep.user.wait_until(lambda: any(m.kind == "photo" for m in rep.user.messages))  # the QR code
    await rep.user.wait_until(lambda: t("zh", "orders_rep.none_left", id=order_id) in _last_text(rep.user))
    rep.user.skip_pending()
    return str(found.group(1))


async def _customer_rates(customer: TelegramUser, payload: str) -> None:
    """The customer opens the link in their own Telegram, confirms the work is done and gives 5 stars."""
    await customer.send_command("/start", payload)
    await customer.press(await customer.next_message(), t("zh", "clink.done"))
    await customer.press(await customer.next_message(), "5⭐")
    await customer.next_message()


async def _weekly_report(rep: Rep) -> None:
    """The weekly report: the morning's visit is already in its overview."""
    await rep.say("/weekly")
    await rep.user.next_message()  # the first question
    await rep.say("在 ACME 机械厂 更换 XG-200 主轴轴承，设备恢复运行。")
    ask_market = await rep.say("下周走访两家大客户。")
    ask_quality = await rep.tap(ask_market, "common.skip")
    preview = await rep.tap(ask_quality, "common.skip")
    await rep.tap(preview, "common.submit")


async def _score_and_export(boss: TelegramUser, admin: TelegramUser, month: str) -> None:
    """The supervisor scores the rep's last month (one point off work quality, with the reason), then the
    admin exports that month's workbook for HR."""
    boss.skip_pending()  # the order's notices from the morning
    await boss.send_command("/scoring", month)
    listing = await boss.next_message()
    await boss.press(listing, str(listing.inline_buttons()[0]["text"]))
    await boss.press(await boss.next_message(), "9")
    await boss.next_message()  # why 9?
    await boss.send_text("Dispatch sheet handed in a day late once")
    for full in ("20", "10", "10"):
        await boss.press(await boss.next_message(), str(t("en", "scores.full", max=full)))
    await boss.press(await boss.next_message(), str(t("en", "scores.no_deduction")))
    await boss.press(await boss.next_message(), str(t("en", "common.submit")))
    await boss.next_message()  # scored
    admin.skip_pending()
    await admin.send_command("/export")
    await admin.press(await admin.next_message(), month)
    note = await admin.next_message()  # preparing…
    await admin.next_message()  # the workbook
    await admin.next_message()  # the CSV files
    await admin.wait_until(lambda: note.edit_date is not None)


async def _seed(db: Database) -> tuple[str, int]:
    """The team, its key customer, the admin, the supervisor and the repair request the service desk
    logged (as `fieldbot admin add-order` would); returns the team's name and the order's id."""
    async with db.session() as session:
        team = await staff_db.add_team(session, name="East China 华东区", timezone=ZONE.key)
        acme = await customers_db.add_customer(
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
        await staff_db.add_staff(
            session,
            telegram_id=BOSS_ID,
            name="Zhou Boss",
            role=Role.SUPERVISOR,
            team_id=team.id,
            language="en",
        )
        order = await orders_db.create_order(
            session,
            team_id=team.id or 0,
            customer_id=acme.id or 0,
            created_by_id=None,
            source=OrderSource.CLI,
            category=OrderCategory.WARRANTY_REPAIR,
            fault="主轴异响",
            product_model="XG-200",
            serial_number="SN-0042",
            now=db.clock.now(),
        )
        return str(team.name), order.id or 0


async def run_demo() -> int:
    """Play the scripted session; returns a process exit code."""
    clock = SettableClock(demo_start(SystemClock().now()))
    with tempfile.TemporaryDirectory(prefix="fieldbot-demo-") as folder:
        url = f"sqlite+aiosqlite:///{Path(folder) / 'demo.db'}"
        await database.upgrade(url)
        db = Database(url, clock=clock)
        team_name, order_id = await _seed(db)
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
                boss = api.user(BOSS_ID, "Zhou", language_code="en")
                customer = api.user(CUSTOMER_ID, "Zhang", language_code="zh-hans")
                when = clock.now().astimezone(ZONE)
                print(
                    "== fieldbot demo: the real bot against a local Bot API server, on a throwaway"
                    f" database. It is {when:%A %Y-%m-%d %H:%M} in {ZONE.key}.\n"
                )
                await _register(api, admin, rep, team_name)
                await _dispatch(boss, rep, order_id)
                await _check_in(rep)
                await _customer_rates(customer, await _finish_order(rep, order_id))
                await _weekly_report(rep)
                await admin.wait_until(lambda: "registered" in _last_text(admin))
                last_month = (when.date().replace(day=1) - timedelta(days=1)).isoformat()[:7]
                await _score_and_export(boss, admin, last_month)
                print("-- the admin's chat --")
                print(admin.transcript(as_seen=True))
                print("\n-- the supervisor's chat --")
                print(boss.transcript(as_seen=True))
                print("\n-- the new rep's chat (Chinese) --")
                print(rep.user.transcript(as_seen=True))
                print("\n-- the customer's chat (Chinese, not registered) --")
                print(customer.transcript(as_seen=True))
        await db.dispose()
    print("\nDemo finished. Set TELEGRAM_BOT_TOKEN (see .env.example) to run the real bot.")
    return 0
