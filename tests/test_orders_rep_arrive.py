"""Arrived, the edges: a restart between the button and the location, a forwarded location, a site with no
coordinates (unverified, as /checkin), a rep still checked in at another customer; and the order reaching a
rep who reads Chinese in Chinese."""

from __future__ import annotations

from datetime import timedelta

from sqlmodel import select

from domain.orders import OrderState
from localbotapi.server import LocalBotApiServer
from presentation.i18n import t
from storage.customers import update_customer
from storage.db import Database
from storage.field_models import CheckIn, Customer
from tests.conftest import RunningBot
from tests.support.actor import Actor
from tests.support.chat import showing
from tests.support.field import SITE, make_checkin, make_customer, north_of
from tests.support.order_story import BOSS, REP, dispatch, fast_forward, open_from_list, stored, story
from tests.support.people import opened


async def test_arrived_survives_a_restart_and_refuses_a_forwarded_location(
    bot: RunningBot, api: LocalBotApiServer, db: Database
) -> None:
    _team, rep_row, _boss_row, _acme, order = await story(db)
    await fast_forward(db, order, rep_row, to=OrderState.ACCEPTED)
    rep = Actor(await opened(api, REP, "Li"))
    card = await open_from_list(rep, order)
    await rep.tap(card, "orders_rep.button.arrive")

    await bot.restart()  # a deploy between the button and the location: the step is still open
    forwarded = await rep.send_location(*north_of(*SITE, 50), forwarded=True)
    assert forwarded.text == rep.text("checkin.forwarded")
    arrived = await rep.send_location(*north_of(*SITE, 50), horizontal_accuracy=10)
    assert f"Arrived at ACME Ltd for work order #{order.id}" in arrived.text
    assert "(50 m from the site)" in arrived.text
    assert (await stored(db, order)).state == OrderState.ON_SITE


async def test_a_site_without_coordinates_takes_the_arrival_unverified(
    bot: RunningBot, api: LocalBotApiServer, db: Database
) -> None:
    _team, rep_row, _boss_row, acme, order = await story(db)
    async with db.session() as session:
        row = await session.get(Customer, acme.id)
        assert row is not None
        await update_customer(session, row, latitude=None, longitude=None)
    await fast_forward(db, order, rep_row, to=OrderState.ACCEPTED)
    rep = Actor(await opened(api, REP, "Li"))
    listing = await rep.say("/orders")
    card = await rep.tap(listing, f"#{order.id} ACME Ltd")  # no venue: nothing to show on a map
    assert card.kind == "text" and not any(m.kind == "venue" for m in rep.messages)
    await rep.tap(card, "orders_rep.button.arrive")
    arrived = await rep.send_location(*north_of(*SITE, 5000))
    assert "the customer's site has no location on file, so it was not checked" in arrived.text
    async with db.session() as session:
        checkin = (await session.exec(select(CheckIn))).one()
    assert checkin.verdict == "unverified" and (await stored(db, order)).check_in_id == checkin.id


async def test_a_rep_checked_in_at_another_customer_checks_out_first(
    bot: RunningBot, api: LocalBotApiServer, db: Database
) -> None:
    team, rep_row, _boss_row, _acme, order = await story(db)
    beta = await make_customer(db, team, "Beta Foods", site=north_of(*SITE, 3000))
    await make_checkin(db, rep_row, beta, db.clock.now() - timedelta(minutes=30))
    await fast_forward(db, order, rep_row, to=OrderState.ACCEPTED)
    rep = Actor(await opened(api, REP, "Li"))
    card = await open_from_list(rep, order)
    await rep.tap(card, "orders_rep.button.arrive")
    refused = await rep.send_location(*north_of(*SITE, 30))
    assert refused.text == rep.text("orders_rep.checked_in_elsewhere", customer="Beta Foods")
    assert (await stored(db, order)).state == OrderState.ACCEPTED
    again = await rep.say("/orders")  # the flow is over: the order waits for a fresh 📍 Arrived
    assert f"#{order.id}" in again.text


async def test_a_rep_who_reads_chinese_gets_the_order_in_chinese(
    bot: RunningBot, api: LocalBotApiServer, db: Database
) -> None:
    _team, rep_row, _boss_row, _acme, order = await story(db)
    async with db.session() as session:
        row = await session.get(type(rep_row), rep_row.id)
        assert row is not None
        row.language = "zh"
        session.add(row)
    rep_row.language = "zh"
    rep = await opened(api, REP, "Li")
    await dispatch(api, api.user(BOSS, "Wang"), order, rep_row)
    offer = await showing(rep, "你有一张新派工单")
    assert [b["text"] for b in offer.inline_buttons()] == [
        t("zh", "orders_rep.button.accept"),
        t("zh", "orders_rep.button.decline"),
    ]
    await rep.press(offer, t("zh", "orders_rep.button.accept"))
    await showing(rep, f"你已接下工单 #{order.id}")
