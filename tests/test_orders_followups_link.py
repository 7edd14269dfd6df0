"""A fresh customer link from /order N, end to end: the rep (or the supervisor) gets a new one for a done
order its customer has not answered; every earlier link stops working, also for someone who opened one
and never answered; the button is gone once the customer answers, and nobody else can ask for one."""

from __future__ import annotations

import re

from bot.app import FieldApplication
from domain.clock import SettableClock
from localbotapi.driver import TelegramUser
from localbotapi.models import SentMessage
from localbotapi.server import LocalBotApiServer
from presentation.buttons import ConfirmWork, FreshLink
from presentation.i18n import t
from storage.db import Database
from storage.models import Role
from tests.support.actor import Actor
from tests.support.people import make_rep, make_staff, make_team, opened
from tests.test_customer_link import finished_order, link_for, stored

LINK = re.compile(r"https://t\.me/fieldbot_test_bot\?start=(c_[A-Za-z0-9_-]+)")
BUTTON = t("en", "clink.fresh_button")


async def _order(person: Actor, order_id: int) -> SentMessage:
    """/order N: the order with its buttons."""
    await person.user.send_command("/order", str(order_id))
    return await person.user.next_message()


async def _fresh(person: Actor, order_id: int) -> str:
    """/order N, then Customer link: the new link's /start payload (its QR code follows)."""
    view = await _order(person, order_id)
    assert BUTTON in [b["text"] for b in view.inline_buttons()], person.transcript()
    query = await person.user.press(view, BUTTON)
    assert (await person.user.callback_answer(query)).text == t("en", "clink.fresh_done")
    offer = await person.user.next_message()
    assert offer.text.startswith(f"🔗 A new customer link for work order #{order_id}"), person.transcript()
    found = LINK.search(offer.text)
    assert found is not None
    qr = await person.user.next_message()
    assert qr.kind == "photo" and qr.caption == t("en", "clink.qr_caption", id=order_id)
    return found.group(1)


async def _opens(customer: TelegramUser, payload: str) -> SentMessage:
    await customer.send_command("/start", payload)
    return await customer.next_message()


async def test_a_fresh_link_replaces_every_earlier_one(
    app: FieldApplication, api: LocalBotApiServer, db: Database, clock: SettableClock
) -> None:
    team = await make_team(db)
    rep = await make_rep(db, 3001, team, name="Li Lei")
    await make_staff(db, 4001, team=team, role=Role.SUPERVISOR, name="Boss Wang")
    order = await finished_order(db, team, rep, clock)
    oid = order.id or 0
    li, wang = Actor(await opened(api, 3001, "Li")), Actor(await opened(api, 4001, "Wang"))
    first, _qr = await link_for(app, li.user, order)

    # The rep lost the first link: a new one from /order N; the first no longer opens.
    second = await _fresh(li, oid)
    assert second != first
    stranger = api.user(9001, "Wrong person")
    assert (await _opens(stranger, first)).text == t("en", "clink.refused")

    # Someone opens the second one but never answers; the supervisor sends a third: that session ends.
    welcome = await _opens(stranger, second)
    assert t("en", "clink.done") in [b["text"] for b in welcome.inline_buttons()]
    third = await _fresh(wang, oid)
    query = await stranger.press_raw(welcome.message_id, ConfirmWork(oid, 1).pack())
    assert (await stranger.callback_answer(query)).text == t("en", "access.refused")
    assert (await stored(db, oid)).customer_confirmed is None

    # The customer opens the latest one and answers; then there is no link to give any more.
    customer = api.user(9002, "Zhang")
    welcome = await _opens(customer, third)
    await customer.press(welcome, t("en", "clink.done"))
    ask = await customer.next_message()
    await customer.press(ask, "5⭐")
    assert (await customer.next_message()).text == t("en", "clink.thanks", stars=5)
    assert ((await stored(db, oid)).customer_confirmed, (await stored(db, oid)).rating) == (True, 5)
    view = await _order(li, oid)
    assert BUTTON not in [b["text"] for b in view.inline_buttons()]
    query = await li.user.press_raw(view.message_id, FreshLink(oid).pack())
    assert (await li.user.callback_answer(query)).text == t("en", "common.stale_button")


async def test_only_the_orders_rep_and_team_may_ask_for_a_link(
    app: FieldApplication, api: LocalBotApiServer, db: Database, clock: SettableClock
) -> None:
    team, other_team = await make_team(db), await make_team(db, "South")
    rep = await make_rep(db, 3001, team, name="Li Lei")
    await make_rep(db, 3002, team, name="Zhou")
    await make_staff(db, 4002, team=other_team, role=Role.SUPERVISOR, name="Boss Sun")
    order = await finished_order(db, team, rep, clock)
    li = Actor(await opened(api, 3001, "Li"))
    first, _qr = await link_for(app, li.user, order)
    for outsider in (await opened(api, 3002, "Zhou"), await opened(api, 4002, "Sun")):
        query = await outsider.press_raw(1, FreshLink(order.id or 0).pack())
        assert (await outsider.callback_answer(query)).text == t("en", "common.stale_button")
        await outsider.assert_no_message()
    # Nothing was issued: the first link still works.
    welcome = await _opens(api.user(9002, "Zhang"), first)
    assert t("en", "clink.done") in [b["text"] for b in welcome.inline_buttons()]
