"""Work orders from complaints, continued: the database lets one order be made per complaint however the
submits race, and a customer's "not done" turned into a complaint offers Create work order for a return
visit, prefilled with what the customer said."""

from __future__ import annotations

from bot.app import FieldApplication
from domain.clock import SettableClock
from localbotapi.server import LocalBotApiServer
from presentation.buttons import OrderFromFeedback
from presentation.i18n import t
from storage.db import Database
from storage.order_feedback import create_from_feedback, order_from
from tests.support.actor import Actor
from tests.support.field import make_customer
from tests.support.paperwork import all_feedback, make_feedback
from tests.support.people import make_rep, make_team
from tests.test_customer_link import _team_of, finished_order, link_for, setup
from tests.test_orders_followups import _data, _fill, _orders


async def test_the_database_allows_one_order_per_complaint(db: Database) -> None:
    team = await make_team(db)
    rep = await make_rep(db, 5101, team, name="Li")
    acme = await make_customer(db, team, "ACME Ltd")
    complaint = await make_feedback(db, rep, kind="complaint")
    fields = {
        "team_id": team.id or 0, "customer_id": acme.id or 0, "created_by_id": None, "source": "feedback",
        "feedback_id": complaint.id, "category": "warranty_repair", "fault": "Leaks", "now": db.clock.now(),
    }  # fmt: skip
    async with db.session() as session:
        first = await create_from_feedback(session, **fields)
    async with db.session() as session:
        second = await create_from_feedback(session, **fields)
        assert await order_from(session, complaint.id or 0) == first
    assert first is not None and second is None
    assert [o.id for o in await _orders(db)] == [first.id]


async def test_a_customers_not_done_becomes_a_complaint_then_a_return_visit(
    app: FieldApplication, api: LocalBotApiServer, db: Database, clock: SettableClock
) -> None:
    rep, rep_chat, sup = await setup(db, api)
    team = await _team_of(db, rep)
    first = await finished_order(db, team, rep, clock)
    payload, _ = await link_for(app, rep_chat, first)
    customer = api.user(9001, "Zhang")
    await customer.send_command("/start", payload)
    await customer.press(await customer.next_message(), t("en", "clink.not_done"))
    await customer.next_message()
    await customer.send_text("Still leaking")
    await customer.press(await customer.next_message(), "1⭐")
    boss = Actor(sup)
    alert = await sup.next_message()
    await sup.callback_answer(await sup.press(alert, t("en", "clink.to_complaint")))
    [complaint] = [f for f in await all_feedback(db) if f.kind == "complaint"]
    # The alert's button turns from "Turn into a complaint" into "Create work order" for that complaint.
    await sup.wait_until(lambda: _data(alert) == [OrderFromFeedback(complaint.id or 0).pack()])

    await _fill(boss, await boss.tap(alert, "orders.from_feedback_button"))
    [_, again] = await _orders(db)
    assert (again.feedback_id, again.customer_id, again.product_model) == (
        complaint.id, first.customer_id, "XG-200"
    )  # fmt: skip
    assert "Still leaking" in again.fault
    line = t("en", "feedback.order_line", id=again.id, name="Boss Wang")
    await sup.wait_until(lambda: line in alert.text and not alert.inline_buttons())
