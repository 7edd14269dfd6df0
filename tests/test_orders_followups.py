"""Work orders from complaints, end to end: every complaint (not only batch or critical ones) reaches the
supervisors with "Create work order"; the button survives Acknowledge; once the order is made every copy
of the notice says which and the button goes, and a second press (a stale copy) creates nothing; the
order's photos land in the photo store like a visit's and come with the order."""

from __future__ import annotations

import asyncio
from collections.abc import Sequence

from sqlmodel import col, select

from bot.app import FieldApplication
from localbotapi.files import tiny_png
from localbotapi.models import SentMessage
from localbotapi.server import LocalBotApiServer
from presentation.buttons import AcknowledgeFeedback, OrderFromFeedback, ResolveFeedback
from presentation.i18n import t
from storage.db import Database
from storage.file_models import StoredFile
from storage.models import Role
from storage.order_models import WorkOrder
from tests.support.actor import Actor
from tests.support.field import make_customer
from tests.support.flows import file_feedback
from tests.support.paperwork import all_feedback
from tests.support.people import make_rep, make_team, opened

RED, BLUE = tiny_png(rgb=(200, 40, 40)), tiny_png(rgb=(40, 40, 200))


async def _orders(db: Database) -> Sequence[WorkOrder]:
    async with db.session() as session:
        return (await session.exec(select(WorkOrder).order_by(col(WorkOrder.id)))).all()


async def _stored_photos(db: Database, count: int) -> Sequence[StoredFile]:
    """The photo store's rows once `count` of them hold their bytes (downloads run in the background)."""
    async with asyncio.timeout(15):
        while True:
            async with db.session() as session:
                rows = (await session.exec(select(StoredFile).order_by(col(StoredFile.position)))).all()
            if len(rows) == count and all(row.stored_at for row in rows):
                return rows
            await asyncio.sleep(0.05)  # polled: the database has no event to wait on


def _data(message: SentMessage) -> list[str]:
    return [b["callback_data"] for b in message.inline_buttons()]


async def _order_from_notice(boss: Actor, notice: SentMessage, photos: Sequence[bytes] = ()) -> SentMessage:
    """Create work order under the notice, through the prefilled form to Create; the dispatch list."""
    return await _fill(boss, await boss.tap(notice, "orders.from_feedback_button"), photos)


async def _fill(boss: Actor, ask_contact: SentMessage, photos: Sequence[bytes] = ()) -> SentMessage:
    """The order form opened from a notice, from its first question to Create; the bot's answer."""
    assert "Contact person on site?" in ask_contact.text
    await boss.say("Mr Zhou")
    ask_model = await boss.say("138 0000 1111")
    ask_serial = await boss.tap(ask_model, "forms.keep")
    ask_fault = await boss.tap(ask_serial, "common.skip")
    ask_category = await boss.tap(ask_fault, "forms.keep")
    ask_priority = await boss.tap(ask_category, "orders.category.warranty_repair")
    ask_photos = await boss.tap(ask_priority, "orders.priority.normal")
    for number, data in enumerate(photos, 1):
        await boss.user.send_photo(data)
        await boss.expect("forms.photo_added", count=number)
    preview = await boss.tap(ask_photos, "forms.done")
    return await boss.tap(preview, "orders.create_button")


async def test_an_ordinary_complaint_gets_one_order_with_its_photos_stored(
    app: FieldApplication, api: LocalBotApiServer, db: Database
) -> None:
    team = await make_team(db)
    await make_rep(db, 5001, team, role=Role.SUPERVISOR, name="Boss Wang")
    await make_rep(db, 5002, team, role=Role.SUPERVISOR, name="Boss Zhao")
    await make_rep(db, 5101, team, name="Li")
    await make_customer(db, team, "ACME Ltd")
    boss, other = Actor(await opened(api, 5001, "Wang")), Actor(await opened(api, 5002, "Zhao"))
    rep = Actor(await opened(api, 5101, "Li"))

    preview = await file_feedback(
        rep.user, kind="Customer complaint", category="Product quality or function", has_customers=True,
        customer="ACME Ltd", product="XG-200", description="Motor <burnt> twice",
    )  # fmt: skip
    filed = await rep.tap(preview, "common.submit")
    assert t("en", "feedback.filed_told") in filed.text
    [complaint] = await all_feedback(db)
    fid = complaint.id or 0
    notices = [await boss.user.next_message(), await other.user.next_message()]
    for notice in notices:
        assert notice.text.startswith(f"📣 Customer complaint #{fid} from Li (North)")
        assert "Motor <burnt> twice" in notice.text
        # No Acknowledge: an ordinary complaint has no escalation to stop.
        assert _data(notice) == [OrderFromFeedback(fid).pack()]

    listing = await _order_from_notice(boss, notices[0], photos=[RED, BLUE])
    assert "Who should do work order" in listing.text  # the dispatch list follows
    [order] = await _orders(db)
    assert (order.feedback_id, order.source, order.fault) == (fid, "feedback", "Motor <burnt> twice")
    await boss.expect("orders.dispatch_later", id=order.id)
    line = t("en", "feedback.order_line", id=order.id, name="Boss Wang")
    await boss.wait_until(lambda: line in notices[0].text and not notices[0].inline_buttons())

    # The other supervisor's notice says so too, without the button; a press that left before the edit
    # arrived creates nothing.
    await other.wait_until(lambda: line in notices[1].text and not notices[1].inline_buttons())
    query = await other.user.press_raw(notices[1].message_id, OrderFromFeedback(fid).pack())
    answer = await other.user.callback_answer(query)
    assert answer.text == t("en", "orders.from_feedback_exists", id=order.id)
    assert notices[1].text.count(line) == 1
    query = await boss.user.press_raw(notices[0].message_id, OrderFromFeedback(fid).pack())
    assert (await boss.user.callback_answer(query)).text == t(
        "en", "orders.from_feedback_exists", id=order.id
    )
    await other.assert_no_message()  # no form was opened
    assert len(await _orders(db)) == 1

    # The order's photos are in the store, downloaded, like a visit's or a feedback's.
    rows = await _stored_photos(db, 2)
    assert [(r.owner, r.owner_id, r.position) for r in rows] == [
        ("work_order", order.id, 0),
        ("work_order", order.id, 1),
    ]
    assert [r.file_id for r in rows] == order.photo_file_ids
    assert {r.size for r in rows} == {len(RED), len(BLUE)}
    # ... and whoever opens the order gets them, before the order and its buttons.
    await boss.user.send_command("/order", str(order.id))
    for number, data in enumerate((RED, BLUE), 1):
        photo = await boss.user.next_message()
        assert photo.caption == t("en", "orders.photo_caption", id=order.id, number=number, count=2)
        sent = api.files.get(photo.photo_file_id or "")
        assert sent is not None and sent.data == data
    view = await boss.user.next_message()
    assert view.text.startswith(f"Work order #{order.id}") and "Photos: 2" in view.text
    assert "Contact: Mr Zhou, 138 0000 1111" in view.text

    # The rep it is dispatched to gets them with the new order, before the notice and its buttons, and
    # again when opening it from "My orders": site, photos, order.
    await boss.user.press(listing, "Li · 0 open · no check-in today")
    told = [await rep.user.next_message() for _ in range(3)]
    assert [m.kind for m in told[:2]] == ["photo", "photo"]
    assert [f.data if f else None for f in (api.files.get(m.photo_file_id or "") for m in told[:2])] == [
        RED,
        BLUE,
    ]
    assert told[2].text.startswith("🛠 A work order for you.")
    mine = await rep.say(t("en", "menu.my_orders"))
    await rep.user.press(mine, f"#{order.id} ACME Ltd")
    assert (await rep.user.next_message()).kind == "venue"
    shown = [await rep.user.next_message() for _ in range(3)]
    assert [m.kind for m in shown] == ["photo", "photo", "text"]
    received = [api.files.get(m.photo_file_id or "") for m in shown[:2]]
    assert [f.data if f else None for f in received] == [RED, BLUE]


async def test_acknowledging_keeps_create_work_order_until_the_order_exists(
    app: FieldApplication, api: LocalBotApiServer, db: Database
) -> None:
    team = await make_team(db)
    await make_rep(db, 5001, team, role=Role.SUPERVISOR, name="Boss Wang")
    await make_rep(db, 5101, team, name="Li")
    await make_customer(db, team, "ACME Ltd")
    boss, rep = Actor(await opened(api, 5001, "Wang")), Actor(await opened(api, 5101, "Li"))
    preview = await file_feedback(
        rep.user, kind="Customer complaint", category="Product quality or function", has_customers=True,
        customer="ACME Ltd", product="XG-200", severity="Batch quality problem",
    )  # fmt: skip
    filed = await rep.tap(preview, "common.submit")
    assert t("en", "feedback.filed_urgent") in filed.text
    [complaint] = await all_feedback(db)
    fid = complaint.id or 0
    notice = await boss.user.next_message()
    assert _data(notice) == [AcknowledgeFeedback(fid).pack(), OrderFromFeedback(fid).pack()]

    # The form is opened from the notice, and the notice acknowledged while it is being filled.
    ask_contact = await boss.tap(notice, "orders.from_feedback_button")
    await boss.user.press(notice, t("en", "feedback.ack_button"))
    await boss.wait_until(lambda: "Acknowledged by Boss Wang" in notice.text)
    assert _data(notice) == [ResolveFeedback(fid).pack(), OrderFromFeedback(fid).pack()]

    await _fill(boss, ask_contact)
    [order] = await _orders(db)
    line = t("en", "feedback.order_line", id=order.id, name="Boss Wang")
    await boss.wait_until(lambda: line in notice.text)
    assert "Acknowledged by Boss Wang" in notice.text  # the earlier line stays
    assert _data(notice) == [ResolveFeedback(fid).pack()]
    await boss.user.press(notice, t("en", "feedback.resolve_button"))
    await boss.wait_until(lambda: "Resolved by Boss Wang" in notice.text and not notice.inline_buttons())


async def test_two_supervisors_filling_the_form_at_once_make_one_order(
    app: FieldApplication, api: LocalBotApiServer, db: Database
) -> None:
    team = await make_team(db)
    await make_rep(db, 5001, team, role=Role.SUPERVISOR, name="Boss Wang")
    await make_rep(db, 5002, team, role=Role.SUPERVISOR, name="Boss Zhao")
    await make_rep(db, 5101, team, name="Li")
    await make_customer(db, team, "ACME Ltd")
    boss, other = Actor(await opened(api, 5001, "Wang")), Actor(await opened(api, 5002, "Zhao"))
    rep = Actor(await opened(api, 5101, "Li"))
    preview = await file_feedback(
        rep.user, kind="Customer complaint", category="Staff attitude or negligence", has_customers=True,
        customer="ACME Ltd", product="XG-200",
    )  # fmt: skip
    await rep.tap(preview, "common.submit")
    notice, other_notice = await boss.user.next_message(), await other.user.next_message()
    # Both open the form before either submits; the first to submit makes the order.
    other_form = await other.tap(other_notice, "orders.from_feedback_button")
    await _order_from_notice(boss, notice)
    [order] = await _orders(db)
    late = await _fill(other, other_form)
    assert late.text == t("en", "orders.from_feedback_exists", id=order.id)
    assert len(await _orders(db)) == 1
