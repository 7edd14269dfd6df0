"""The rep's side of work orders through the real bot: accept, arrive (in and outside the fence), the fee
of a paid repair, take back and return, done through the prefilled visit record, decline with a reason,
and a check-in that links itself to the order."""

from __future__ import annotations

from decimal import Decimal
from typing import Any

from sqlmodel import col, select

from domain.orders import EventKind, OrderState
from localbotapi.driver import TelegramUser
from localbotapi.models import SentMessage
from localbotapi.server import LocalBotApiServer
from presentation.order_buttons import PickRep
from presentation.order_rep_buttons import RepAction
from storage import orders as orders_db
from storage.db import Database
from storage.field_models import CheckIn, Customer
from storage.models import Role, Staff, Team
from storage.order_models import OrderTarget, WorkOrder, WorkOrderEvent
from tests.conftest import RunningBot
from tests.support.actor import Actor
from tests.support.chat import showing
from tests.support.field import SITE, make_customer, north_of, stored_visits
from tests.support.people import make_rep, make_staff, make_team, opened

REP, BOSS = 9101, 9190


async def story(db: Database, **order: Any) -> tuple[Team, Staff, Staff, Customer, WorkOrder]:
    """A team with a rep and a supervisor, a customer with a 300 m fence, and a new order for it."""
    team = await make_team(db)
    rep = await make_rep(db, REP, team, name="Li Lei")
    boss = await make_staff(db, BOSS, role=Role.SUPERVISOR, team=team, name="Wang Fang")
    acme = await make_customer(db, team, "ACME Ltd", address="1 Century Ave")
    fields: dict[str, Any] = {
        "category": "warranty_repair",
        "fault": "Spindle <stops> after 5 min",
        "product_model": "XG-200",
        "serial_number": "SN-0042",
        **order,
    }
    async with db.session() as session:
        made = await orders_db.create_order(
            session,
            team_id=team.id or 0,
            customer_id=acme.id or 0,
            created_by_id=boss.id,
            now=db.clock.now(),
            **fields,
        )
    return team, rep, boss, acme, made


async def dispatch(api: LocalBotApiServer, boss: TelegramUser, order: WorkOrder, rep: Staff) -> None:
    """The supervisor gives the order to the rep with the dispatch list's button (handlers.order_dispatch)."""
    await boss.send_command("/help")
    shown = await boss.next_message()
    await boss.press_raw(shown.message_id, PickRep(order.id or 0, rep.id or 0, "new", 0).pack())


async def fast_forward(db: Database, order: WorkOrder, rep: Staff, *, to: OrderState) -> None:
    """Move an order to `to` through storage (for stories that start later in its life)."""
    now, oid, rid = db.clock.now(), order.id or 0, rep.id or 0
    async with db.session() as session:
        await orders_db.assign(
            session, oid, rid, by_id=None, expected_state="new", expected_assignee=None, now=now
        )
        if to != OrderState.ASSIGNED:
            await orders_db.accept(session, oid, rid, now)
        if to in (OrderState.ON_SITE, OrderState.IN_WORKSHOP):
            await orders_db.arrive(session, oid, rid, now=now)


async def stored(db: Database, order: WorkOrder) -> WorkOrder:
    async with db.session() as session:
        found = await orders_db.get_order(session, order.id or 0)
        assert found is not None
        return found


async def events(db: Database, order: WorkOrder) -> list[str]:
    async with db.session() as session:
        return [e.kind for e in await orders_db.timeline(session, order.id or 0)]


async def met(db: Database, order: WorkOrder) -> dict[str, bool]:
    async with db.session() as session:
        rows = (await session.exec(select(OrderTarget).where(OrderTarget.order_id == order.id))).all()
    return {row.target: row.met_at is not None for row in rows}


async def open_from_list(rep: Actor, order: WorkOrder) -> SentMessage:
    """/orders, then the order's button: the venue, then the order with its buttons (returned)."""
    listing = await rep.say("/orders")
    await rep.tap(listing, f"#{order.id} ACME Ltd")
    return await rep.next_message()


def labels(message: SentMessage) -> list[str]:
    return [b["text"] for b in message.inline_buttons()]


async def file_done(rep: Actor, card: SentMessage, order: WorkOrder) -> SentMessage:
    """✅ Done under the order, through the prefilled record to Submit; the bot's answer to Submit."""
    await rep.tap(card, "orders_rep.button.done")
    ask_work = await rep.next_message()  # the start line came first; the first open question now
    assert rep.text("visit.ask_work") in ask_work.text, rep.transcript()
    await rep.say("Replaced the spindle bearing")
    ask_result = await rep.say("Bearing 6204 x1")
    ask_photos = await rep.tap(ask_result, "visit.result.resolved")
    ask_sheet = await rep.tap(ask_photos, "forms.done")
    assert rep.text("orders_rep.ask_sheet") in ask_sheet.text
    assert rep.text("common.skip") not in labels(ask_sheet)  # the signed sheet is required for an order
    await rep.user.send_photo()
    preview = await rep.next_message()
    for line in ("Customer: ACME Ltd", "Machine model: XG-200", "Serial number: SN-0042"):
        assert line in preview.text
    assert "Spindle <stops> after 5 min" in preview.text  # the fault, prefilled as the problem, escaped
    return await rep.tap(preview, "common.submit")


async def test_accept_arrive_outside_then_inside_the_fence_and_done_through_the_visit_record(
    bot: RunningBot, api: LocalBotApiServer, db: Database
) -> None:
    _team, rep_row, _boss_row, _acme, order = await story(db)
    rep, boss = Actor(await opened(api, REP, "Li")), api.user(BOSS, "Wang")

    await dispatch(api, boss, order, rep_row)
    offer = await rep.expect("A work order for you")
    assert "Spindle &lt;stops&gt;" not in offer.text and "Spindle <stops> after 5 min" in offer.text
    assert "Accept: ⏳ 3 h 59 min left (by 2026-11-18 14:00)" in offer.text and "rep: Li Lei" in offer.text
    assert labels(offer) == [rep.text("orders_rep.button.accept"), rep.text("orders_rep.button.decline")]
    accepted = await rep.tap(offer, "orders_rep.button.accept")
    assert f"You accepted order #{order.id}" in accepted.text and "Arrive: ⏳" in accepted.text
    assert not (await showing(rep.user, "A work order for you")).inline_buttons()  # the offer's buttons go

    ask = await rep.tap(accepted, "orders_rep.button.arrive")
    assert rep.text("orders_rep.ask_location", id=order.id, customer="ACME Ltd") == ask.text
    assert rep.reply_keyboard(ask)[0][0].get("request_location") is True
    outside = await rep.send_location(*north_of(*SITE, 2500), horizontal_accuracy=10)
    assert "2.5 km from ACME Ltd's site, outside its 300 m fence" in outside.text
    assert (await stored(db, order)).state == OrderState.ACCEPTED  # nothing recorded out there

    arrived = await rep.send_location(*north_of(*SITE, 80), horizontal_accuracy=10)
    assert f"Arrived at ACME Ltd for order #{order.id} at 10:00 (80 m from the site)" in arrived.text
    card = await rep.next_message()
    assert labels(card) == [rep.text("orders_rep.button.done"), rep.text("orders_rep.button.takeback")]
    after = await stored(db, order)
    async with db.session() as session:
        checkin = (await session.exec(select(CheckIn))).one()
    assert (after.state, after.check_in_id, checkin.verdict) == (OrderState.ON_SITE, checkin.id, "at_site")

    done = await file_done(rep, card, order)
    filed = await showing(rep.user, f"Order #{order.id} is done")
    assert "Visit record filed for ACME Ltd" in filed.text
    assert (
        rep.text("orders_rep.show_link") in done.text
        or rep.text("orders_rep.show_link")
        in (await showing(rep.user, rep.text("orders_rep.show_link"))).text
    )
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
    await showing(rep.user, f"Order #{order.id} is done")
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
