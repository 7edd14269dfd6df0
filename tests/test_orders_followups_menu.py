"""Work orders on the main menus, end to end: the rep's "My orders" and the supervisor's "Orders" open the
same lists as /orders, in either language; the menu comes back after a conversation, and pressing it in
the middle of one is not taken as an answer."""

from __future__ import annotations

from bot.app import FieldApplication
from domain.clock import SettableClock
from localbotapi.models import SentMessage
from localbotapi.server import LocalBotApiServer
from presentation.i18n import t
from storage.db import Database
from storage.models import Role
from tests.support.actor import Actor
from tests.support.field import make_customer
from tests.support.people import make_rep, make_staff, make_team, opened
from tests.test_customer_link import finished_order
from tests.test_orders_supervisor_flows import new_order


def _menu(message: SentMessage) -> list[str]:
    return [b["text"] for row in (message.reply_markup or {}).get("keyboard", []) for b in row]


async def test_my_orders_and_orders_on_the_main_menus(
    app: FieldApplication, api: LocalBotApiServer, db: Database, clock: SettableClock
) -> None:
    team = await make_team(db)
    rep = await make_rep(db, 3001, team, name="Li Lei", language="zh")
    await make_staff(db, 4001, team=team, role=Role.SUPERVISOR, name="Boss Wang")
    acme = await make_customer(db, team, "ACME Ltd")
    order = await new_order(db, team, acme, clock, rep)
    li, wang = Actor(await opened(api, 3001, "Li"), "zh"), Actor(await opened(api, 4001, "Wang"))

    await li.user.send_command("/start")
    await li.user.next_message()  # welcome back
    help_text = await li.user.next_message()
    assert t("zh", "menu.my_orders") in _menu(help_text)
    mine = await li.say(t("zh", "menu.my_orders"))
    assert mine.text.startswith("🛠 你的未完成工单（1）") and "ACME Ltd" in mine.text

    await wang.user.send_command("/start")
    await wang.user.next_message()
    help_text = await wang.user.next_message()
    assert _menu(help_text) == [t("en", "menu.orders")]
    listing = await wang.say(t("en", "menu.orders"))
    assert listing.text.startswith("Work orders · North") and f"#{order.id}" in listing.text

    # In the middle of /order the menu button is not an answer; after /cancel the menu is back.
    await wang.say("/order")
    busy = await wang.say(t("en", "menu.orders"))
    assert busy.text == t("en", "common.finish_first")
    cancelled = await wang.say("/cancel")
    assert _menu(cancelled) == [t("en", "menu.orders")]


async def test_the_rep_menu_button_lists_only_open_orders(
    app: FieldApplication, api: LocalBotApiServer, db: Database, clock: SettableClock
) -> None:
    team = await make_team(db)
    rep = await make_rep(db, 3001, team, name="Li Lei")
    await finished_order(db, team, rep, clock)  # done: nothing left to do
    li = Actor(await opened(api, 3001, "Li"))
    none = await li.say(t("en", "menu.my_orders"))
    assert none.text == t("en", "orders_rep.none")
