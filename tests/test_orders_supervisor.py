"""Work orders, the supervisor's side, end to end through the real bot: /order with an existing customer
and with a new one, dispatch with the best rep first, a decline coming back with Reassign, cancel."""

from __future__ import annotations

from datetime import timedelta

from sqlmodel import col, select

from bot.app import FieldApplication
from domain.clock import SettableClock
from domain.geo import Verdict
from domain.orders import OrderCategory, OrderState
from localbotapi.server import LocalBotApiServer
from presentation.buttons import PickOrderCustomer, PickRep
from presentation.i18n import t
from storage import checkins as checkin_db
from storage import orders as orders_db
from storage.db import Database
from storage.field_models import Customer
from storage.models import Role, Staff, Team
from storage.order_models import WorkOrder
from tests.support.actor import Actor
from tests.support.chat import edited
from tests.support.field import SITE, all_customers, make_customer, north_of
from tests.support.paperwork import add_leave
from tests.support.people import make_rep, make_staff, make_team, opened


async def checked_in(db: Database, rep: Staff, clock: SettableClock, metres_north: float) -> None:
    """The rep's latest check-in today, `metres_north` of the customer's site."""
    lat, lon = north_of(*SITE, metres_north)
    async with db.session() as session:
        await checkin_db.create_checkin(
            session, staff_id=rep.id or 0, customer_id=None, checked_in_at=clock.now() - timedelta(hours=1),
            checked_out_at=clock.now() - timedelta(minutes=30), latitude=lat, longitude=lon,
            verdict=Verdict.UNVERIFIED, suspicious=False, suspicion_reasons=[],
        )  # fmt: skip


async def open_order(
    db: Database, team: Team, customer: Customer, rep: Staff, clock: SettableClock
) -> WorkOrder:
    """An order the rep already holds (one more open order on their plate)."""
    async with db.session() as session:
        order = await orders_db.create_order(
            session, team_id=team.id or 0, customer_id=customer.id or 0, created_by_id=None,
            category=OrderCategory.MAINTENANCE, assignee_id=rep.id, now=clock.now(),
        )  # fmt: skip
    return order


async def stored_orders(db: Database) -> list[WorkOrder]:
    async with db.session() as session:
        return list((await session.exec(select(WorkOrder).order_by(col(WorkOrder.id)))).all())


async def event_kinds(db: Database, order_id: int) -> list[str]:
    async with db.session() as session:
        return [e.kind for e in await orders_db.timeline(session, order_id)]


async def test_supervisor_creates_an_order_for_a_known_customer_and_dispatches_the_best_rep_first(
    app: FieldApplication, api: LocalBotApiServer, db: Database, clock: SettableClock
) -> None:
    team = await make_team(db)
    await make_rep(db, 5001, team, role=Role.SUPERVISOR, name="Boss")
    acme = await make_customer(db, team, "ACME <Ltd>", contact="Mr Li", phone="+86 138 0000 0000")
    busy = await make_rep(db, 5101, team, name="Busy Li")  # next door, but already has an order
    far = await make_rep(db, 5102, team, name="Far Wang")  # free, 15 km away
    near = await make_rep(db, 5103, team, name="Near Zhao")  # free, 2 km away
    away = await make_rep(db, 5104, team, name="Away Sun")  # on leave today
    await add_leave(db, away, clock.now().date(), clock.now().date())
    await open_order(db, team, acme, busy, clock)
    for rep, metres in ((busy, 100), (far, 15_000), (near, 2_000)):
        await checked_in(db, rep, clock, metres)
    boss, zhao = Actor(api.user(5001, "Boss")), Actor(await opened(api, 5103, "Zhao"))

    chooser = await boss.say("/order")
    assert "Which customer?" in chooser.text
    ask_contact = await boss.tap(chooser, "ACME <Ltd>")
    assert "Contact person on site?" in ask_contact.text and "Mr Li" in ask_contact.text  # the customer's
    ask_phone = await boss.tap(ask_contact, "forms.keep")
    assert "+86 138 0000 0000" in ask_phone.text
    await boss.tap(ask_phone, "forms.keep")
    await boss.say("X-200 <pump>")
    await boss.say("SN-42")
    ask_category = await boss.say("Leaks oil <after> 200 h")
    ask_priority = await boss.tap(ask_category, "orders.category.warranty_repair")
    ask_photos = await boss.tap(ask_priority, "orders.priority.urgent")
    await boss.user.send_photo()
    await boss.expect("forms.photo_added", count=1)
    preview = await boss.tap(ask_photos, "forms.done")
    assert "Please check before creating" in preview.text
    assert "ACME <Ltd>" in preview.text and "Leaks oil <after> 200 h" in preview.text  # shown as typed
    assert "Warranty repair" in preview.text and "Urgent" in preview.text and "Photos: 1" in preview.text

    dispatch = await boss.tap(preview, "orders.create_button")
    order = (await stored_orders(db))[-1]
    assert f"Work order #{order.id} created for ACME <Ltd>" in dispatch.text
    labels = [b["text"] for b in dispatch.inline_buttons()]
    # Fewest open orders first, then the nearest check-in today; the rep on leave is not offered.
    assert labels == [
        "Near Zhao · 0 open · 2.0 km",
        "Far Wang · 0 open · 15.0 km",
        "Busy Li · 1 open · 0.1 km",
    ]
    await boss.expect("orders.dispatch_later", id=order.id)
    assert (order.state, order.category, order.priority) == ("new", "warranty_repair", "urgent")
    assert (order.contact_name, order.product_model, order.serial_number) == (
        "Mr Li",
        "X-200 <pump>",
        "SN-42",
    )
    assert order.fault == "Leaks oil <after> 200 h" and len(order.photo_file_ids) == 1
    assert order.customer_id == acme.id and order.source == "bot"

    await boss.user.press(dispatch, "Near Zhao · 0 open · 2.0 km")
    await edited(boss.user, dispatch, "→ assigned to Near Zhao")
    # The fault's photo reaches the rep with the order, before the notice and its buttons.
    photo = await zhao.user.next_message()
    assert photo.kind == "photo" and photo.caption == t(
        "en", "orders.photo_caption", id=order.id, number=1, count=1
    )
    told = await zhao.user.next_message()
    assert f"Work order #{order.id}" in told.text and "Leaks oil &lt;after&gt;" not in told.text
    assert "Leaks oil <after> 200 h" in told.text
    stored = (await stored_orders(db))[-1]
    assert (stored.state, stored.assignee_id) == (OrderState.ASSIGNED, near.id)
    assert await event_kinds(db, order.id or 0) == ["created", "assigned"]

    # The same list pressed again (a double tap, or Wang's button later): the order moved on; nothing changes.
    again = await boss.user.press_raw(
        dispatch.message_id, PickRep(order.id or 0, far.id or 0, "new", 0).pack()
    )
    answer = await boss.user.callback_answer(again)
    assert answer.text == t("en", "orders.moved_on", id=order.id, state="Assigned")
    assert (await stored_orders(db))[-1].assignee_id == near.id


async def test_supervisor_creates_an_order_with_a_new_customer_found_by_nothing_in_search(
    app: FieldApplication, api: LocalBotApiServer, db: Database
) -> None:
    team = await make_team(db)
    await make_rep(db, 5001, team, role=Role.SUPERVISOR, name="Boss")
    await make_customer(db, team, "ACME Ltd")
    boss = Actor(api.user(5001, "Boss"))

    await boss.say("/order")
    await boss.user.send_photo()  # not a name to search for: the chooser says so and stays
    await boss.expect("common.text_expected")
    found = await boss.say("bright")
    assert found.text == t("en", "orders.search_none", text="bright")
    ask_name = await boss.tap(found, "orders.new_customer")
    assert "Customer name?" in ask_name.text
    assert "already has a customer named ACME Ltd" in (await boss.say("ACME Ltd")).text
    await boss.say("Bright <Star> Machinery")
    await boss.say("1 Nanjing Rd")  # address
    await boss.user.send_venue(*SITE, "Bright Star", "1 Nanjing Rd")  # the site
    await boss.expect("orders.ask.contact_name")
    await boss.say("Ms Wu")
    assert "does not look like a phone number" in (await boss.say("call me")).text
    await boss.say("021-5555 0000")
    ask_serial = await boss.say("Press 9")
    ask_fault = await boss.tap(ask_serial, "common.skip")
    assert "fault" in ask_fault.text
    ask_category = await boss.say("Will not start")
    ask_priority = await boss.tap(ask_category, "orders.category.installation")
    ask_photos = await boss.tap(ask_priority, "orders.priority.normal")
    preview = await boss.tap(ask_photos, "forms.done")
    assert "Bright <Star> Machinery" in preview.text and "1 Nanjing Rd" in preview.text
    dispatch = await boss.tap(preview, "orders.create_button")
    assert dispatch.text.endswith(t("en", "orders.no_reps"))  # nobody to send yet

    customer = next(c for c in await all_customers(db) if c.name.startswith("Bright"))
    assert (customer.address, customer.contact, customer.phone) == ("1 Nanjing Rd", "Ms Wu", "021-5555 0000")
    assert (customer.latitude, customer.longitude, customer.team_id) == (*SITE, team.id)
    order = (await stored_orders(db))[-1]
    assert (order.customer_id, order.category, order.serial_number) == (customer.id, "installation", None)


async def test_an_admin_picks_the_team_and_a_forged_customer_of_another_team_is_refused(
    app: FieldApplication, api: LocalBotApiServer, db: Database
) -> None:
    north, south = await make_team(db), await make_team(db, "South")
    await make_staff(db, 5002, role=Role.ADMIN, name="Admin")
    await make_customer(db, north, "North Co")
    far = await make_customer(db, south, "South Co")
    admin = Actor(api.user(5002, "Admin"))

    ask_team = await admin.say("/order")
    assert "For which team?" in ask_team.text
    chooser = await admin.tap(ask_team, "South")
    assert [b["text"] for b in chooser.inline_buttons()][:2] == ["South Co", t("en", "orders.new_customer")]
    back = await admin.tap(chooser, "common.back")  # « Back to the team
    chooser = await admin.tap(back, "North")
    assert "South Co" not in [b["text"] for b in chooser.inline_buttons()]
    token = PickOrderCustomer.unpack(chooser.inline_buttons()[0]["callback_data"])
    assert token is not None
    forged = PickOrderCustomer(far.id or 0, token.token).pack()
    answer = await admin.user.callback_answer(await admin.user.press_raw(chooser.message_id, forged))
    assert answer.text == t("en", "common.not_yours")
    ask_contact = await admin.tap(chooser, "North Co")
    assert "Contact person on site?" in ask_contact.text
    assert await stored_orders(db) == []


async def test_a_rep_creates_an_order_for_the_customer_they_are_with_and_it_is_theirs_on_site(
    app: FieldApplication, api: LocalBotApiServer, db: Database
) -> None:
    team = await make_team(db)
    li = await make_rep(db, 5101, team, name="Li")
    await make_customer(db, team, "ACME Ltd")
    rep = Actor(await opened(api, 5101, "Li"))

    chooser = await rep.say("/order")
    await rep.tap(chooser, "ACME Ltd")
    await rep.say("Mr Wu")
    await rep.say("139 0000 2222")
    ask_serial = await rep.say("X-9")
    await rep.tap(ask_serial, "common.skip")
    ask_category = await rep.say("Belt slips")
    ask_priority = await rep.tap(ask_category, "orders.category.warranty_repair")
    ask_photos = await rep.tap(ask_priority, "orders.priority.normal")
    preview = await rep.tap(ask_photos, "forms.done")
    card = await rep.tap(preview, "orders.create_button")
    order = (await stored_orders(db))[-1]
    assert f"Work order #{order.id}" in card.text and "On site" in card.text
    assert [b["text"] for row in card.reply_markup["inline_keyboard"] for b in row] == [
        t("en", "orders_rep.button.done"),
        t("en", "orders_rep.button.takeback"),
    ]
    await rep.expect("orders.on_site_created", id=order.id)
    assert (order.state, order.assignee_id, order.source, order.created_by_id) == (
        "on_site",
        li.id,
        "on_site",
        li.id,
    )
    assert await event_kinds(db, order.id or 0) == ["created", "assigned", "accepted", "arrived"]
    async with db.session() as session:
        met = {x.target: x.met_at is not None for x in await orders_db.targets(session, order.id or 0)}
    assert met == {"accept": True, "arrive": True, "finish": False}
