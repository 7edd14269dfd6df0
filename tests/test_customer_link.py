"""The customer's one-time link through the real bot: the rep gets it as text and QR code when an order is
done, the customer (no registration) confirms and rates once, and nobody else gets anything from it."""

from __future__ import annotations

import hashlib
import io
import re
from datetime import datetime, timedelta

import zxingcpp
from PIL import Image
from sqlmodel import select

from bot.app import FieldApplication
from domain.clock import SettableClock
from domain.orders import EventKind, OrderCategory
from handlers.customer_link import offer_link
from localbotapi.driver import TelegramUser
from localbotapi.models import SentMessage
from localbotapi.server import LocalBotApiServer
from presentation.buttons import ConfirmWork, RateWork
from presentation.context import FieldContext
from presentation.i18n import t
from storage import orders as orders_db
from storage.db import Database
from storage.models import Role, Staff, Team
from storage.order_models import CustomerLink, WorkOrder
from tests.support.field import make_customer
from tests.support.people import make_invite, make_rep, make_staff, make_team, opened

LINK = re.compile(r"https://t\.me/fieldbot_test_bot\?start=(c_[A-Za-z0-9_-]+)")
REP_PHONE = "+8613912345678"


async def finished_order(
    db: Database, team: Team, rep: Staff, now_of: SettableClock, customer_name: str = "ACME <Works>"
) -> WorkOrder:
    """An order created, dispatched, accepted, worked on site and finished by `rep` (through storage)."""
    customer = await make_customer(db, team, customer_name)
    async with db.session() as session:
        order = await orders_db.create_order(
            session,
            team_id=team.id or 0,
            customer_id=customer.id or 0,
            created_by_id=None,
            category=OrderCategory.PAID_REPAIR,
            fault="Spindle noise",
            contact_phone="+8613800001111",
            product_model="XG-200",
            serial_number="SN-0042",
            now=now_of.now(),
        )
        oid, rid = order.id or 0, rep.id or 0
        now = now_of.now()
        await orders_db.assign(
            session, oid, rid, by_id=None, expected_state="new", expected_assignee=None, now=now
        )
        await orders_db.accept(session, oid, rid, now)
        await orders_db.arrive(session, oid, rid, now=now)
        done = await orders_db.finish(session, oid, rid, None, now)
        assert done is not None
        return done


async def link_for(app: FieldApplication, rep: TelegramUser, order: WorkOrder) -> tuple[str, SentMessage]:
    """What the rep's "done" step does: offer the link; the /start payload and the QR code the rep got."""
    await offer_link(FieldContext(app), order)
    message = await rep.next_message()
    found = LINK.search(message.text or "")
    assert found, rep.transcript()
    return found.group(1), await rep.next_message()


async def stored(db: Database, order_id: int) -> WorkOrder:
    async with db.session() as session:
        order = await orders_db.get_order(session, order_id)
        assert order is not None
        return order


async def expiry(db: Database, payload: str) -> datetime:
    """When the link with this payload expires, as stored."""
    digest = hashlib.sha256(payload.removeprefix("c_").encode()).hexdigest()
    async with db.session() as session:
        link = (await session.exec(select(CustomerLink).where(CustomerLink.token_hash == digest))).one()
        return link.expires_at


async def setup(db: Database, api: LocalBotApiServer) -> tuple[Staff, TelegramUser, TelegramUser]:
    """A team with a rep (who has a phone number) and a supervisor, both with a chat open."""
    team = await make_team(db)
    rep = await make_rep(db, 3001, team, name="Li Lei")
    async with db.session() as session:
        row = await session.get(Staff, rep.id)
        assert row is not None
        row.phone = REP_PHONE
    await make_staff(db, 4001, team=team, role=Role.SUPERVISOR, name="Boss Wang")
    return rep, await opened(api, 3001, "Li"), await opened(api, 4001, "Wang")


async def test_the_customer_confirms_and_rates_once_in_their_own_language(
    app: FieldApplication, api: LocalBotApiServer, db: Database, clock: SettableClock
) -> None:
    rep, rep_chat, sup = await setup(db, api)
    team = await make_team(db, "Other")  # an unrelated team: its people hear nothing
    assert team.id
    order = await finished_order(db, (await _team_of(db, rep)), rep, clock)
    issued = clock.now()
    payload, qr = await link_for(app, rep_chat, order)
    link = f"https://t.me/fieldbot_test_bot?start={payload}"
    assert len(payload) == 45  # "c_" and 43 characters: 256 random bits, inside Telegram's 64

    # The same link as a QR code, to show on the phone or forward.
    assert qr.kind == "photo" and qr.caption == f"Work order #{order.id}: scan to confirm and rate the work"
    png = api.files.get(qr.photo_file_id or "")
    assert png is not None
    assert [code.text for code in zxingcpp.read_barcodes(Image.open(io.BytesIO(png.data)))] == [link]
    # Only the token's SHA-256 is kept.
    async with db.session() as session:
        [row] = (await session.exec(select(CustomerLink))).all()
    assert payload[2:] not in row.token_hash and len(row.token_hash) == 64
    assert issued + timedelta(days=7) <= row.expires_at <= clock.now() + timedelta(days=7)

    customer = api.user(9001, "Zhang", language_code="zh-hans")
    await customer.send_command("/start", payload)
    welcome = await customer.next_message()
    assert "工作是否已完成？" in welcome.shown_text and "Li Lei" in welcome.shown_text
    for shown in ("ACME <Works>", "XG-200", "SN-0042"):
        assert shown in welcome.shown_text
    assert REP_PHONE not in welcome.shown_text  # never the staff's phone numbers
    await customer.press(welcome, t("zh", "clink.done"))
    ask = await customer.next_message()
    assert ask.text == t("zh", "clink.ask_rating")
    pressed = clock.now()
    await customer.press(ask, "4⭐")
    assert (await customer.next_message()).text == t("zh", "clink.thanks", stars=4)

    done = await stored(db, order.id or 0)
    assert (done.customer_confirmed, done.rating) == (True, 4)
    assert done.rated_at is not None and pressed <= done.rated_at <= clock.now()
    async with db.session() as session:
        kinds = [e.kind for e in await orders_db.timeline(session, order.id or 0)]
    assert kinds[-2:] == [EventKind.CONFIRMED, EventKind.RATED]
    await sup.assert_no_message()  # a good rating bothers nobody

    # Rated: the session is over. A second press of a rating, and the link opened again, change nothing.
    query = await customer.press_raw(ask.message_id, RateWork(order.id or 0, 1).pack())
    assert (await customer.callback_answer(query)).text == t("zh", "access.refused")[:200]
    await customer.send_command("/start", payload)
    assert (await customer.next_message()).text == t("zh", "clink.refused")
    assert (await stored(db, order.id or 0)).rating == 4
    # The bot is closed to them like to any stranger.
    await customer.send_command("/help")
    assert (await customer.next_message()).text == t("zh", "access.refused")


async def _team_of(db: Database, rep: Staff) -> Team:
    async with db.session() as session:
        team = await session.get(Team, rep.team_id)
        assert team is not None
        return team


async def test_a_used_expired_malformed_or_forwarded_link_gets_one_polite_refusal(
    app: FieldApplication, api: LocalBotApiServer, db: Database, clock: SettableClock
) -> None:
    rep, rep_chat, _ = await setup(db, api)
    team = await _team_of(db, rep)
    first, _ = await link_for(app, rep_chat, await finished_order(db, team, rep, clock))
    second, _ = await link_for(app, rep_chat, await finished_order(db, team, rep, clock, "Beta Mills"))
    refused = t("en", "clink.refused")

    customer, stranger = api.user(9001, "Zhang"), api.user(9002, "Zhao")
    await customer.send_command("/start", first)
    assert "Is the work done?" in (await customer.next_message()).shown_text
    # Someone the link was forwarded to after the customer opened it.
    await stranger.send_command("/start", first)
    assert (await stranger.next_message()).text == refused
    for bad in ("c_", "c_short", "c_" + "A" * 43, "c_" + first[2:-1] + "!", "c_" + first[2:] + "x"):
        await stranger.send_command("/start", bad)
        assert (await stranger.next_message()).text == refused, bad

    # Seven days later the unused link has expired (one second before, it still works: the next test).
    clock.set(await expiry(db, second) + timedelta(seconds=1))
    await stranger.send_command("/start", second)
    assert (await stranger.next_message()).text == refused
    # The stranger holds no session from all this: the bot stays closed to them.
    await stranger.send_command("/stats")
    assert (await stranger.next_message()).text == t("en", "access.refused")
    # Nothing was told the tokens' secrets: the audit keeps only that a link was refused.
    async with db.session() as session:
        links = (await session.exec(select(CustomerLink).order_by(CustomerLink.id))).all()  # type: ignore[arg-type]
    assert [(link.used_by, link.used_at is not None) for link in links] == [(9001, True), (None, False)]


async def test_a_link_still_works_one_second_before_it_expires(
    app: FieldApplication, api: LocalBotApiServer, db: Database, clock: SettableClock
) -> None:
    rep, rep_chat, _ = await setup(db, api)
    payload, _ = await link_for(app, rep_chat, await finished_order(db, await _team_of(db, rep), rep, clock))
    clock.set(await expiry(db, payload) - timedelta(seconds=1))
    customer = api.user(9001, "Zhang")
    await customer.send_command("/start", payload)
    assert "Is the work done?" in (await customer.next_message()).shown_text


async def test_the_customer_can_do_nothing_else_and_staff_cannot_use_the_link(
    app: FieldApplication, api: LocalBotApiServer, db: Database, clock: SettableClock
) -> None:
    rep, rep_chat, _ = await setup(db, api)
    team = await _team_of(db, rep)
    order = await finished_order(db, team, rep, clock)
    other = await finished_order(db, team, rep, clock, "Beta Mills")
    payload, _ = await link_for(app, rep_chat, order)

    # The rep opening their own link is told it is the customer's; it stays unused.
    await rep_chat.send_command("/start", payload)
    assert (await rep_chat.next_message()).text == t("en", "clink.staff_link")

    customer = api.user(9001, "Zhang")
    await customer.send_command("/start", payload)
    welcome = await customer.next_message()
    refused = t("en", "access.refused")
    for command in ("/checkin", "/stats", "/visit", "/orders", "/help"):
        await customer.send_command(command)
        assert (await customer.next_message()).text == refused, command
    await customer.send_text("hello?")
    assert (await customer.next_message()).text == refused
    await customer.send_location(31.2304, 121.4737)
    assert (await customer.next_message()).text == refused
    # A button naming another order (tampered) changes nothing.
    query = await customer.press_raw(welcome.message_id, ConfirmWork(other.id or 0, 1).pack())
    assert (await customer.callback_answer(query)).text == t("en", "common.stale_button")
    assert (await stored(db, other.id or 0)).customer_confirmed is None
    # The real button still works after all that.
    await customer.press(welcome, t("en", "clink.done"))
    assert (await customer.next_message()).text == t("en", "clink.ask_rating")
    # A customer who is given an invite can still register (the link never locks them out).
    invite = await make_invite(db, team=team)
    await customer.send_command("/start", invite)
    assert "Welcome to fieldbot" in (await customer.next_message()).shown_text
