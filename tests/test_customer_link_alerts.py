"""A customer's bad answer reaches the team's supervisors at once, once, and becomes a complaint against the
order's rep at a press; a good answer, another team's supervisor or a tampered button files nothing."""

from __future__ import annotations

from sqlmodel import select

from bot.app import FieldApplication
from domain.clock import SettableClock
from domain.feedback import FeedbackKind
from localbotapi.server import LocalBotApiServer
from presentation.buttons import TurnIntoComplaint
from presentation.i18n import t
from storage.db import Database
from storage.field_models import Feedback
from storage.models import Role
from tests.support.people import make_staff, make_team, opened
from tests.test_customer_link import _team_of, finished_order, link_for, setup, stored


async def complaints(db: Database) -> list[Feedback]:
    async with db.session() as session:
        return list(
            (await session.exec(select(Feedback).where(Feedback.kind == FeedbackKind.COMPLAINT))).all()
        )


async def test_two_stars_alert_the_supervisors_once_and_turn_into_one_complaint(
    app: FieldApplication, api: LocalBotApiServer, db: Database, clock: SettableClock
) -> None:
    rep, rep_chat, sup = await setup(db, api)
    team = await _team_of(db, rep)
    await make_staff(db, 4002, team=team, role=Role.SUPERVISOR, name="Boss Zhao", language="zh")
    sup2 = await opened(api, 4002, "Zhao")
    outsider_team = await make_team(db, "South")
    await make_staff(db, 4009, team=outsider_team, role=Role.SUPERVISOR, name="Boss Sun")
    outsider = await opened(api, 4009, "Sun")
    order = await finished_order(db, team, rep, clock)
    payload, _ = await link_for(app, rep_chat, order)

    customer = api.user(9001, "Zhang")
    await customer.send_command("/start", payload)
    await customer.press(await customer.next_message(), t("en", "clink.done"))
    await customer.press(await customer.next_message(), "2⭐")
    assert (await customer.next_message()).text == t("en", "clink.thanks_told", stars=2)

    alert = await sup.next_message()
    low = f"Low customer rating 2/5: work order #{order.id} (ACME <Works>), finished by Li Lei"
    assert low in alert.shown_text
    assert [b["text"] for b in alert.inline_buttons()] == [t("en", "clink.to_complaint")]
    alert2 = await sup2.next_message()
    assert "客户评价偏低 2/5" in alert2.shown_text
    await sup.assert_no_message()  # once
    await outsider.assert_no_message()
    assert await complaints(db) == []

    # Another team's supervisor with a copied button files nothing.
    query = await outsider.press_raw(alert.message_id, TurnIntoComplaint(order.id or 0).pack())
    assert (await outsider.callback_answer(query)).text == t("en", "common.stale_button")

    query = await sup.press(alert, t("en", "clink.to_complaint"))
    answered = await sup.callback_answer(query)
    [complaint] = await complaints(db)
    assert answered.text == f"Complaint #{complaint.id} filed against Li Lei."
    assert (complaint.staff_id, complaint.team_id, complaint.customer_id) == (
        rep.id,
        team.id,
        order.customer_id,
    )
    assert complaint.product_model == "XG-200" and complaint.routed_to == "service"
    assert complaint.description == (
        f"From work order #{order.id}: the customer answered that the work is done, rating 2/5. "
        "Customer's comment: —"
    )
    await sup.wait_until(lambda: f"Filed as complaint #{complaint.id} by Boss Wang" in alert.shown_text)
    assert [b["text"] for b in alert.inline_buttons()] == [t("en", "orders.from_feedback_button")]
    # The second supervisor's alert says so too, in their language, and offers what is left to do.
    filed_zh = t("zh", "clink.complaint_line", id=complaint.id, name="Boss Wang")
    await sup2.wait_until(lambda: filed_zh in alert2.shown_text)
    assert [b["text"] for b in alert2.inline_buttons()] == [t("zh", "orders.from_feedback_button")]
    assert alert2.shown_text.count(filed_zh) == 1
    # An old button pressed again, or a double press, learns it is filed already; still one complaint.
    query = await sup2.press_raw(alert2.message_id, TurnIntoComplaint(order.id or 0).pack())
    assert (await sup2.callback_answer(query)).text == t("zh", "clink.complaint_exists", id=complaint.id)
    query = await sup.press_raw(alert.message_id, TurnIntoComplaint(order.id or 0).pack())
    assert (await sup.callback_answer(query)).text == t("en", "clink.complaint_exists", id=complaint.id)
    assert len(await complaints(db)) == 1


async def test_not_done_alerts_with_the_customers_comment_and_a_good_order_files_nothing(
    app: FieldApplication, api: LocalBotApiServer, db: Database, clock: SettableClock
) -> None:
    rep, rep_chat, sup = await setup(db, api)
    team = await _team_of(db, rep)
    order = await finished_order(db, team, rep, clock)
    payload, _ = await link_for(app, rep_chat, order)

    customer = api.user(9001, "Zhang")
    await customer.send_command("/start", payload)
    await customer.press(await customer.next_message(), t("en", "clink.not_done"))
    assert (await customer.next_message()).text == t("en", "clink.ask_comment", limit=1000)
    await sup.assert_no_message()  # nothing is recorded or told until the customer says what is wrong
    await customer.send_photo()
    assert (await customer.next_message()).text == t("en", "clink.comment_expected")
    await customer.send_text("Still <leaking> & noisy")
    ask = await customer.next_message()
    assert ask.text == t("en", "clink.ask_rating")

    alert = await sup.next_message()
    assert "The customer says the work is not done: work order" in alert.shown_text
    assert "Customer's comment: Still <leaking> & noisy" in alert.shown_text  # escaped, shown as typed
    answered = await stored(db, order.id or 0)
    assert (answered.customer_confirmed, answered.customer_comment) == (False, "Still <leaking> & noisy")

    # The rating after "not done" is recorded; the supervisors already heard about this order.
    await customer.press(ask, "1⭐")
    assert (await customer.next_message()).text == t("en", "clink.thanks_told", stars=1)
    await sup.assert_no_message()
    assert (await stored(db, order.id or 0)).rating == 1

    query = await sup.press(alert, t("en", "clink.to_complaint"))
    await sup.callback_answer(query)
    [complaint] = await complaints(db)
    assert "not done, rating 1/5. Customer's comment: Still <leaking> & noisy" in complaint.description

    # A five-star order's button (tampered) files nothing.
    good = await finished_order(db, team, rep, clock, "Beta Mills")
    good_payload, _ = await link_for(app, rep_chat, good)
    happy = api.user(9002, "Qian")
    await happy.send_command("/start", good_payload)
    await happy.press(await happy.next_message(), t("en", "clink.done"))
    await happy.press(await happy.next_message(), "5⭐")
    assert (await happy.next_message()).text == t("en", "clink.thanks", stars=5)
    await sup.assert_no_message()
    query = await sup.press_raw(alert.message_id, TurnIntoComplaint(good.id or 0).pack())
    assert (await sup.callback_answer(query)).text == t("en", "common.stale_button")
    assert len(await complaints(db)) == 1
