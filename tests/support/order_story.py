"""Work-order stories for the rep's side: a team, a rep, a supervisor, a customer and an order; dispatching
it through the supervisor's button; moving it on through storage; reading it back."""

from __future__ import annotations

from typing import Any

from sqlmodel import select

from domain.orders import OrderState
from localbotapi.driver import TelegramUser
from localbotapi.models import SentMessage
from localbotapi.server import LocalBotApiServer
from presentation.buttons import PickRep
from storage import orders as orders_db
from storage.db import Database
from storage.field_models import Customer
from storage.models import Role, Staff, Team
from storage.order_models import OrderTarget, WorkOrder
from tests.support.actor import Actor
from tests.support.field import make_customer
from tests.support.people import make_rep, make_staff, make_team

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
