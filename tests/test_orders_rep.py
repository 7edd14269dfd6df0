"""The rep's side of work orders through the real bot: accept, arrive (in and outside the fence), the fee
of a paid repair, take back and return, done through the prefilled visit record, decline with a reason,
and a check-in that links itself to the order."""

from __future__ import annotations

from datetime import timedelta
from decimal import Decimal

from sqlmodel import col, select

from domain.clock import SettableClock
from domain.orders import EventKind, OrderState
from localbotapi.server import LocalBotApiServer
from presentation.buttons import RepAction
from storage import orders as orders_db
from storage.db import Database
from storage.field_models import CheckIn
from storage.order_models import WorkOrderEvent
from tests.conftest import RunningBot
from tests.support.actor import Actor
from tests.support.chat import showing
from tests.support.field import SITE, north_of, stored_visits
from tests.support.order_story import (
    BOSS,
    REP,
    dispatch,
    events,
    fast_forward,
    file_done,
    labels,
    met,
    open_from_list,
    stored,
    story,
)
from tests.support.people import opened


async def test_accept_arrive_outside_then_inside_the_fence_and_done_through_the_visit_record(
    bot: RunningBot, api: LocalBotApiServer, db: Database
) -> None:
    _team, rep_row, _boss_row, _acme, order = await story(db)
    rep, boss = Actor(await opened(api, REP, "Li")), api.user(BOSS, "Wang")

    await dispatch(api, boss, order, rep_row)
    offer = await rep.expect("A work order for you")
    assert "Spindle &lt;stops&gt;" not in offer.text and "Spindle <stops> after 5 min" in offer.text
    assert "\nAccept: ⏳ " in offer.text and " left (by 2026-11-18 14:00)" in offer.text  # 4 h to accept
    assert "rep: Li Lei" in offer.text
    assert labels(offer) == [rep.text("orders_rep.button.accept"), rep.text("orders_rep.button.decline")]
    accepted = await rep.tap(offer, "orders_rep.button.accept")
    assert f"You accepted work order #{order.id}" in accepted.text and "Arrive: ⏳" in accepted.text
    assert not (await showing(rep.user, "A work order for you")).inline_buttons()  # the offer's buttons go

    ask = await rep.tap(accepted, "orders_rep.button.arrive")
    assert rep.text("orders_rep.ask_location", id=order.id, customer="ACME Ltd") == ask.text
    assert rep.reply_keyboard(ask)[0][0].get("request_location") is True
    outside = await rep.send_location(*north_of(*SITE, 2500), horizontal_accuracy=10)
    assert "2.5 km from ACME Ltd's site, outside its 300 m fence" in outside.text
    assert rep.reply_keyboard(outside)[0][0].get("request_location") is True  # the button once more
    assert (await stored(db, order)).state == OrderState.ACCEPTED  # nothing recorded out there

    arrived = await rep.send_location(*north_of(*SITE, 80), horizontal_accuracy=10)
    assert f"Arrived at ACME Ltd for work order #{order.id} at 10:00 (80 m from the site)" in arrived.text
    card = await rep.next_message()
    assert labels(card) == [rep.text("orders_rep.button.done"), rep.text("orders_rep.button.takeback")]
    after = await stored(db, order)
    async with db.session() as session:
        checkin = (await session.exec(select(CheckIn))).one()
    assert (after.state, after.check_in_id, checkin.verdict) == (OrderState.ON_SITE, checkin.id, "at_site")

    filed = await file_done(rep, card, order)
    assert filed.text == "✅ Visit record filed for ACME Ltd."
    link = await rep.next_message()  # the customer's link, then its QR code (handlers.customer_link)
    assert "?start=c_" in link.text and (await rep.next_message()).kind == "photo"
    assert (await rep.next_message()).text == rep.text("orders_rep.none_left", id=order.id)
    [visit] = await stored_visits(db)
    final = await stored(db, order)
    assert (final.state, final.visit_record_id) == (OrderState.DONE, visit.id) and final.done_at is not None
    assert (visit.problem, visit.machine_model, visit.serial_number) == (
        "Spindle <stops> after 5 min",
        "XG-200",
        "SN-0042",
    )
    assert (visit.visit_type, visit.check_in_id, visit.satisfaction) == ("warranty_repair", checkin.id, None)
    assert visit.dispatch_sheet_file_id and visit.work_done == "Replaced the spindle bearing"
    assert await met(db, order) == {"accept": True, "arrive": True, "finish": True}
    assert await events(db, order) == ["created", "assigned", "accepted", "arrived", "done"]


async def test_decline_needs_a_reason_and_goes_back_to_the_supervisor(
    bot: RunningBot, api: LocalBotApiServer, db: Database
) -> None:
    _team, rep_row, _boss_row, _acme, order = await story(db)
    rep, boss = Actor(await opened(api, REP, "Li")), api.user(BOSS, "Wang")
    await dispatch(api, boss, order, rep_row)
    offer = await rep.expect("A work order for you")

    ask = await rep.tap(offer, "orders_rep.button.decline")
    assert rep.text("orders_rep.ask_reason", id=order.id, customer="ACME Ltd") in ask.text
    assert rep.text("common.skip") not in labels(ask)
    refused = await rep.say("   ")
    assert refused.text == rep.text("common.text_expected")
    preview = await rep.say("Car broke down <again>")
    assert "Reason: Car broke down <again>" in preview.text
    declined = await rep.tap(preview, "common.submit")
    assert declined.text == rep.text("orders_rep.declined", id=order.id)

    notice = await showing(boss, f"declined work order #{order.id}")
    assert "Li Lei" in notice.text and "Car broke down <again>" in notice.text
    assert [b["text"] for b in notice.inline_buttons()] == ["🔁 Reassign"]
    after = await stored(db, order)
    assert (after.state, after.assignee_id) == (OrderState.NEW, None)
    async with db.session() as session:
        event = (
            await session.exec(select(WorkOrderEvent).where(WorkOrderEvent.kind == EventKind.DECLINED))
        ).one()
    assert (event.actor_id, event.detail["reason"]) == (rep_row.id, "Car broke down <again>")


async def test_a_paid_repair_needs_the_fee_before_done_and_the_order_opens_with_its_site(
    bot: RunningBot, api: LocalBotApiServer, db: Database
) -> None:
    _team, rep_row, _boss_row, acme, order = await story(db, category="paid_repair")
    await fast_forward(db, order, rep_row, to=OrderState.ON_SITE)
    rep = Actor(await opened(api, REP, "Li"))

    card = await open_from_list(rep, order)
    venue = next(m for m in rep.messages if m.kind == "venue")
    assert venue.media["title"] == "ACME Ltd" and venue.media["address"] == "1 Century Ave"
    assert (venue.media["location"]["latitude"], venue.media["location"]["longitude"]) == (
        acme.latitude,
        acme.longitude,
    )
    assert labels(card) == [rep.text("orders_rep.button.fee")]
    forged = await rep.press_raw(card.message_id, RepAction("done", order.id or 0, "on_site").pack())
    assert (await rep.callback_answer(forged)).text == rep.text("common.stale_button")

    ask = await rep.tap(card, "orders_rep.button.fee")
    assert "paid repair" in ask.text
    assert (await rep.say("about 300")).text == rep.text("orders_rep.fee_invalid")
    assert (await rep.say("0")).text == rep.text("orders_rep.fee_invalid")
    preview = await rep.say("¥350.5")
    assert "the fee is ¥350.50" in preview.text
    recorded = await rep.tap(preview, "common.submit")
    assert recorded.text == rep.text("orders_rep.fee_done", id=order.id, amount="350.50")
    edited = api.find_sent(card.chat_id, card.message_id)
    assert edited is not None
    assert labels(edited) == [rep.text("orders_rep.button.done"), rep.text("orders_rep.button.takeback")]
    after = await stored(db, order)
    assert (after.fee_amount, after.state) == (
        Decimal("350.50"),
        "on_site",
    ) and after.fee_quoted_at is not None
    assert await events(db, order) == ["created", "assigned", "accepted", "arrived", "fee_quoted"]


async def test_take_back_then_returned_then_done(
    bot: RunningBot, api: LocalBotApiServer, db: Database
) -> None:
    _team, rep_row, _boss_row, _acme, order = await story(db)
    await fast_forward(db, order, rep_row, to=OrderState.ON_SITE)
    rep = Actor(await opened(api, REP, "Li"))

    card = await open_from_list(rep, order)
    ask_receipt = await rep.tap(card, "orders_rep.button.takeback")
    assert rep.text("orders_rep.ask_receipt", id=order.id) in ask_receipt.text
    await rep.say("R-778")
    preview = await rep.say("Control board & cover")
    assert "Receipt: R-778" in preview.text and "Taken: Control board & cover" in preview.text
    taken = await rep.tap(preview, "common.submit")
    assert taken.text == rep.text("orders_rep.taken_back", id=order.id, receipt="R-778")
    workshop = await stored(db, order)
    assert (workshop.state, workshop.receipt_number, workshop.taken_items) == (
        "in_workshop", "R-778", "Control board & cover",
    )  # fmt: skip

    card = await open_from_list(rep, order)
    assert labels(card) == [rep.text("orders_rep.button.returned")]
    back = await rep.tap(card, "orders_rep.button.returned")
    assert rep.text("orders_rep.returned", id=order.id, customer="ACME Ltd") in back.text
    assert labels(back) == [rep.text("orders_rep.button.done")]
    await file_done(rep, back, order)
    await showing(rep.user, rep.text("orders_rep.none_left", id=order.id))
    final = await stored(db, order)
    assert final.state == OrderState.DONE and final.visit_record_id is not None
    assert await events(db, order) == [
        "created",
        "assigned",
        "accepted",
        "arrived",
        "taken_back",
        "returned",
        "done",
    ]


async def test_a_check_in_at_the_customer_of_an_accepted_order_is_its_arrival(
    bot: RunningBot, api: LocalBotApiServer, db: Database
) -> None:
    _team, rep_row, _boss_row, _acme, order = await story(db)
    await fast_forward(db, order, rep_row, to=OrderState.ACCEPTED)
    rep = Actor(await opened(api, REP, "Li"))

    await rep.say("/checkin")
    await rep.send_location(*north_of(*SITE, 80), horizontal_accuracy=15)
    offer = await rep.next_message()
    ask_photo = await rep.tap(offer, "ACME Ltd · 80 m")
    preview = await rep.tap(ask_photo, "common.skip")
    done = await rep.tap(preview, "checkin.confirm_button")
    assert rep.text("orders_rep.linked", id=order.id) in done.text
    async with db.session() as session:
        checkin = (await session.exec(select(CheckIn).order_by(col(CheckIn.id)))).one()
    after = await stored(db, order)
    assert (after.state, after.check_in_id) == (OrderState.ON_SITE, checkin.id)
    assert await met(db, order) == {"accept": True, "arrive": True, "finish": False}


async def test_my_orders_list_the_overdue_one_first_with_the_time_left_or_overdue_by(
    bot: RunningBot, api: LocalBotApiServer, db: Database, clock: SettableClock
) -> None:
    team, rep_row, boss_row, acme, later = await story(db)  # normal: 4 h to accept
    await fast_forward(db, later, rep_row, to=OrderState.ACCEPTED)  # next: arrive within 24 h
    async with db.session() as session:
        urgent = await orders_db.create_order(
            session, team_id=team.id or 0, customer_id=acme.id or 0, created_by_id=boss_row.id,
            category="installation", priority="urgent", assignee_id=rep_row.id, now=db.clock.now(),
        )  # fmt: skip
    clock.advance(timedelta(hours=2))  # the urgent order's hour to accept is gone
    rep = Actor(await opened(api, REP, "Li"))

    listing = await rep.say("/orders")
    assert listing.text.index(f"#{urgent.id}") < listing.text.index(f"#{later.id}")
    assert f"🔴 #{urgent.id} ACME Ltd · Assigned\n    Accept: 🔴 overdue by 1 h" in listing.text
    assert "(was due 2026-11-18 11:00)" in listing.text  # urgent: 1 h to accept from 10:00
    assert f"#{later.id} ACME Ltd · Accepted\n    Arrive: ⏳ 2" in listing.text
    assert "left (by 2026-11-19 10:00)" in listing.text  # normal: 24 h to arrive from 10:00
    assert labels(listing) == [f"#{urgent.id} ACME Ltd", f"#{later.id} ACME Ltd"]
