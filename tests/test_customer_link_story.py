"""An order from dispatch to the customer's answer through the real bot: the rep's Done hands over the
link and its QR code, the customer answers "not done" across a restart of the bot, and the supervisor
turns it into a complaint."""

from __future__ import annotations

import io
import re

import zxingcpp
from PIL import Image

from domain.orders import OrderState
from localbotapi.server import LocalBotApiServer
from presentation.i18n import t
from storage.db import Database
from tests.conftest import RunningBot
from tests.support.actor import Actor
from tests.support.chat import showing
from tests.support.field import SITE, north_of
from tests.support.order_story import BOSS, REP, dispatch, events, file_done, stored, story
from tests.support.people import opened

LINK = re.compile(r"https://t\.me/fieldbot_test_bot\?start=c_[A-Za-z0-9_-]{43}")


async def test_from_dispatch_to_the_customers_not_done_and_a_complaint(
    bot: RunningBot, api: LocalBotApiServer, db: Database
) -> None:
    _team, rep_row, _boss_row, _acme, order = await story(db)
    rep, boss = Actor(await opened(api, REP, "Li")), api.user(BOSS, "Wang")
    await dispatch(api, boss, order, rep_row)
    offer = await rep.expect("A work order for you")
    accepted = await rep.tap(offer, "orders_rep.button.accept")
    await rep.tap(accepted, "orders_rep.button.arrive")
    await rep.send_location(*north_of(*SITE, 80), horizontal_accuracy=10)
    card = await rep.next_message()
    await file_done(rep, card, order)

    # The rep gets the link as text and as a QR code that reads back to the same link.
    offered = await showing(rep.user, "Ask the customer to confirm the work and rate it")
    found = LINK.search(offered.text or "")
    assert found, rep.transcript()
    qr = await rep.wait_until(lambda: next((m for m in rep.messages if m.kind == "photo"), None))
    png = api.files.get(qr.photo_file_id or "")
    assert png is not None
    assert [code.text for code in zxingcpp.read_barcodes(Image.open(io.BytesIO(png.data)))] == [
        found.group(0)
    ]

    customer = api.user(9001, "Zhang", language_code="zh-hans")
    await customer.send_command("/start", found.group(0).rsplit("=", 1)[1])
    welcome = await customer.next_message()
    assert "Spindle <stops> after 5 min" in welcome.shown_text
    await customer.press(welcome, t("zh", "clink.not_done"))
    assert (await customer.next_message()).text == t("zh", "clink.ask_comment", limit=1000)

    # The bot restarts (a deploy) while the customer types: their answer still lands where it belongs.
    await bot.restart()
    await customer.send_text("主轴还是响")
    ask = await customer.next_message()
    assert ask.text == t("zh", "clink.ask_rating")
    alert = await showing(boss, "The customer says the work is not done")
    assert "Customer's comment: 主轴还是响" in alert.shown_text
    await customer.press(ask, "3⭐")
    assert (await customer.next_message()).text == t("zh", "clink.thanks_told", stars=3)

    final = await stored(db, order)
    assert (final.state, final.customer_confirmed, final.customer_comment, final.rating) == (
        OrderState.DONE,
        False,
        "主轴还是响",
        3,
    )
    assert (await events(db, order))[-3:] == ["done", "confirmed", "rated"]
    query = await boss.press(alert, t("en", "clink.to_complaint"))
    assert "filed against Li Lei" in ((await boss.callback_answer(query)).text or "")
