"""Work orders after creation, the supervisor's side, end to end: a decline comes back with Reassign,
reassigning tells the previous rep, cancelling needs a reason and tells the rep; another team's (or another
rep's) order is the same as a missing one, and tampered buttons change nothing; the complaint's notice
opens /order prefilled."""

from __future__ import annotations

from sqlmodel import col, select

from bot.app import FieldApplication
from domain.clock import SettableClock
from domain.orders import OrderCategory
from localbotapi.models import SentMessage
from localbotapi.server import LocalBotApiServer
from presentation.buttons import CancelOrder, OrderAction, PickRep
from presentation.i18n import t
from storage import orders as orders_db
from storage.db import Database
from storage.field_models import Customer
from storage.models import Role, Staff, Team
from storage.order_models import WorkOrder
from tests.support.actor import Actor
from tests.support.chat import edited
from tests.support.field import make_customer
from tests.support.flows import file_feedback
from tests.support.people import make_rep, make_team, opened


async def new_order(
    db: Database, team: Team, customer: Customer, clock: SettableClock, rep: Staff | None = None
) -> WorkOrder:
    """A warranty repair created just now (already assigned to `rep` if given)."""
    async with db.session() as session:
        return await orders_db.create_order(
            session, team_id=team.id or 0, customer_id=customer.id or 0, created_by_id=None,
            category=OrderCategory.WARRANTY_REPAIR, fault="Leaks oil", product_model="X-200",
            assignee_id=rep.id if rep else None, now=clock.now(),
        )  # fmt: skip


async def command(person: Actor, text: str) -> SentMessage:
    """Type a command with its argument ("/order 5"), as Telegram marks it; the bot's answer."""
    await person.user.send_text(text)
    return await person.user.next_message()


async def stored(db: Database, order_id: int) -> WorkOrder:
    async with db.session() as session:
        order = await orders_db.get_order(session, order_id)
        assert order is not None
        return order


async def kinds(db: Database, order_id: int) -> list[str]:
    async with db.session() as session:
        return [e.kind for e in await orders_db.timeline(session, order_id)]


async def test_a_decline_comes_back_reassign_tells_the_previous_rep_and_cancel_needs_a_reason(
    app: FieldApplication, api: LocalBotApiServer, db: Database, clock: SettableClock
) -> None:
    team = await make_team(db)
    await make_rep(db, 5001, team, role=Role.SUPERVISOR, name="Boss")
    acme = await make_customer(db, team, "ACME Ltd")
    li = await make_rep(db, 5101, team, name="Li")
    await make_rep(db, 5102, team, name="Wang")
    zhao = await make_rep(db, 5103, team, name="Zhao")
    order = await new_order(db, team, acme, clock, rep=li)
    oid = order.id or 0
    boss = Actor(await opened(api, 5001, "Boss"))
    li_chat = Actor(await opened(api, 5101, "Li"))
    wang_chat, zhao_chat = Actor(await opened(api, 5102, "Wang")), Actor(await opened(api, 5103, "Zhao"))

    # Li declines with a reason; the supervisor gets it with Reassign.
    card = await command(li_chat, f"/order {oid}")
    assert f"Work order #{oid}" in card.text and "Timeline" in card.text
    ask_reason = await li_chat.tap(card, "orders_rep.button.decline")
    assert "Why do you decline" in ask_reason.text
    preview = await li_chat.say("Too far <away>")
    # E2's flow: whatever its submit button says, it is the form engine's submit.
    submit = next(b["callback_data"] for b in preview.inline_buttons() if ":submit:" in b["callback_data"])
    await li_chat.tap(preview, submit)
    notice = await boss.user.next_message()
    assert f"Li declined work order #{oid} (ACME Ltd).\nReason: Too far <away>" in notice.text
    assert (await stored(db, oid)).state == "new"

    listing = await boss.tap(notice, "orders.reassign_button")
    assert [b["text"] for b in listing.inline_buttons()][:1] == ["Li · 0 open · no check-in today"]
    await boss.user.press(listing, "Wang · 0 open · no check-in today")
    await edited(boss.user, listing, "→ assigned to Wang")
    assert f"Work order #{oid}" in (await wang_chat.user.next_message()).text
    assert (await stored(db, oid)).assignee_id != li.id

    # Reassign at any time from /order N: the previous rep is told, the new one gets it.
    view = await command(boss, f"/order {oid}")
    assert "Assigned" in view.text and "Declined" in view.text and "Too far &lt;away&gt;" not in view.text
    listing = await boss.tap(view, "orders.reassign_button")
    assert "Wang" not in " ".join(b["text"] for b in listing.inline_buttons())  # the rep holding it
    await boss.user.press(listing, "Zhao · 0 open · no check-in today")
    await wang_chat.expect("orders.reassigned_away", id=oid, customer="ACME Ltd")
    assert f"Work order #{oid}" in (await zhao_chat.user.next_message()).text
    now = await stored(db, oid)
    assert (now.state, now.assignee_id) == ("assigned", zhao.id)
    assert await kinds(db, oid) == ["created", "assigned", "declined", "assigned", "reassigned"]

    # The Reassign under the old view was made for Wang's assignment: it no longer applies.
    stale_pick = PickRep(oid, li.id or 0, "assigned", 0).pack()
    answer = await boss.user.callback_answer(await boss.user.press_raw(listing.message_id, stale_pick))
    assert answer.text == t("en", "orders.moved_on", id=oid, state="Assigned")

    # Cancel: a reason is asked, the rep is told, and nothing of the order can be pressed any more.
    view = await command(boss, f"/order {oid}")
    ask = await boss.tap(view, "orders.cancel_button")
    assert ask.text.endswith(t("en", "orders_cancel.ask_reason", id=oid))
    confirm = await boss.say("Customer <fixed> it himself")
    assert "Reason: Customer <fixed> it himself" in confirm.text
    done = await boss.tap(confirm, "orders_cancel.confirm")
    assert done.text == t("en", "orders_cancel.done", id=oid)
    told = await zhao_chat.user.next_message()
    assert told.text == f"✖️ Work order #{oid} (ACME Ltd) was cancelled. Reason: Customer <fixed> it himself"
    cancelled = await stored(db, oid)
    assert (cancelled.state, cancelled.cancel_reason) == ("cancelled", "Customer <fixed> it himself")
    for data in (
        OrderAction("reassign", oid, "assigned"),
        CancelOrder(oid, "assigned"),
        PickRep(oid, li.id or 0, "assigned", zhao.id or 0),
    ):
        answer = await boss.user.callback_answer(await boss.user.press_raw(view.message_id, data.pack()))
        assert answer.text == t("en", "common.stale_button")
    assert (await stored(db, oid)).state == "cancelled" and (await kinds(db, oid))[-1] == "cancelled"


async def test_another_teams_or_another_reps_order_is_refused_like_a_missing_one(
    app: FieldApplication, api: LocalBotApiServer, db: Database, clock: SettableClock
) -> None:
    north, south = await make_team(db), await make_team(db, "South")
    acme = await make_customer(db, north, "ACME Ltd")
    li = await make_rep(db, 5101, north, name="Li")
    await make_rep(db, 5102, north, name="Wang")
    await make_rep(db, 5201, south, role=Role.SUPERVISOR, name="South boss")
    order = await new_order(db, north, acme, clock, rep=li)
    oid = order.id or 0
    other_boss, wang = Actor(await opened(api, 5201, "South")), Actor(await opened(api, 5102, "Wang"))

    for person in (other_boss, wang):
        assert (await command(person, f"/order {oid}")).text == t("en", "orders.not_found", id=oid)
        assert (await command(person, "/order 999999")).text == t("en", "orders.not_found", id=999999)
    assert (await command(other_boss, "/order 99999999999999999999")).text == t(
        "en", "orders.not_found", id=99999999999999999999
    )
    forged = (
        PickRep(oid, li.id or 0, "assigned", li.id or 0),
        OrderAction("reassign", oid, "assigned"),
        OrderAction("view", oid, "assigned"),
        CancelOrder(oid, "assigned"),
    )
    for data in forged:
        query = await other_boss.user.press_raw(1, data.pack())
        assert (await other_boss.user.callback_answer(query)).text == t("en", "common.stale_button")
    after = await stored(db, oid)
    assert (after.state, after.assignee_id) == ("assigned", li.id)
    assert await kinds(db, oid) == ["created", "assigned"]


async def test_a_complaints_notice_opens_the_order_form_prefilled(
    app: FieldApplication, api: LocalBotApiServer, db: Database
) -> None:
    team = await make_team(db)
    await make_rep(db, 5001, team, role=Role.SUPERVISOR, name="Boss")
    await make_rep(db, 5101, team, name="Li")
    acme = await make_customer(db, team, "ACME Ltd")
    boss, rep = Actor(await opened(api, 5001, "Boss")), Actor(await opened(api, 5101, "Li"))

    preview = await file_feedback(
        rep.user, kind="Customer complaint", category="Product quality or function", has_customers=True,
        customer="ACME Ltd", product="XG-200", description="Motor <burnt> twice",
        severity="Critical (media, legal or safety risk)",
    )  # fmt: skip
    await rep.user.press(preview, t("en", "common.submit"))
    notice = await boss.user.next_message()
    assert "Motor <burnt> twice" in notice.text
    ask_contact = await boss.tap(notice, "orders.from_feedback_button")
    assert "Contact person on site?" in ask_contact.text  # customer, model and fault are known
    await boss.say("Mr Zhou")
    ask_model = await boss.say("138 0000 1111")
    assert "XG-200" in ask_model.text
    ask_serial = await boss.tap(ask_model, "forms.keep")
    ask_fault = await boss.tap(ask_serial, "common.skip")
    assert "Motor <burnt> twice" in ask_fault.text
    ask_category = await boss.tap(ask_fault, "forms.keep")
    ask_priority = await boss.tap(ask_category, "orders.category.warranty_repair")
    ask_photos = await boss.tap(ask_priority, "orders.priority.urgent")
    preview = await boss.tap(ask_photos, "forms.done")
    assert "ACME Ltd" in preview.text and "XG-200" in preview.text
    await boss.tap(preview, "orders.create_button")
    async with db.session() as session:
        order = (await session.exec(select(WorkOrder).order_by(col(WorkOrder.id).desc()))).first()
    assert order is not None and order.feedback_id is not None
    assert (order.source, order.customer_id, order.product_model) == ("feedback", acme.id, "XG-200")
    assert (order.fault, order.contact_name, order.priority) == ("Motor <burnt> twice", "Mr Zhou", "urgent")


async def test_the_supervisor_hears_when_the_chosen_rep_cannot_be_told(
    app: FieldApplication, api: LocalBotApiServer, db: Database, clock: SettableClock
) -> None:
    team = await make_team(db)
    await make_rep(db, 5001, team, role=Role.SUPERVISOR, name="Boss")
    sun = await make_rep(db, 5104, team, name="Sun")  # never opened a chat with the bot
    order = await new_order(db, team, await make_customer(db, team, "ACME Ltd"), clock)
    boss = Actor(await opened(api, 5001, "Boss"))

    view = await command(boss, f"/order {order.id}")
    listing = await boss.tap(view, "orders.dispatch_button")
    await boss.user.press(listing, "Sun · 0 open · no check-in today")
    warning = await boss.user.next_message()
    assert warning.text.startswith("⚠️ Sun could not be told")
    assert (await stored(db, order.id or 0)).assignee_id == sun.id  # assigned all the same
