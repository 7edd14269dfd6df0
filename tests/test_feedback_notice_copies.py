"""Every copy of a feedback notice shows what was done about it: when one supervisor acknowledges, resolves
or makes the work order, the other supervisors' (and the admins') copies say so, each in its reader's
language, with the buttons that fit now. A copy Telegram did not deliver is not kept; a supervisor who
blocked the bot, or a copy Telegram will not edit, holds up nobody else's."""

from __future__ import annotations

import asyncio
from collections.abc import Sequence
from datetime import datetime, timedelta
from zoneinfo import ZoneInfo

from sqlmodel import col, select

from bot.app import FieldApplication
from domain.settings import Settings
from jobs.escalation import escalate_overdue
from localbotapi.driver import TelegramUser
from localbotapi.models import SentMessage
from localbotapi.server import LocalBotApiServer
from presentation.buttons import AcknowledgeFeedback, OrderFromFeedback, ResolveFeedback
from presentation.i18n import t
from storage.db import Database
from storage.field_models import Feedback
from storage.models import Role
from storage.notice_models import FeedbackNoticeCopy
from storage.order_models import WorkOrder
from tests.support.actor import Actor
from tests.support.chat import said
from tests.support.field import make_customer
from tests.support.flows import file_feedback
from tests.support.paperwork import all_feedback
from tests.support.people import make_staff, make_team, opened, staff_row

CRITICAL = "Critical (media, legal or safety risk)"
SHANGHAI = ZoneInfo("Asia/Shanghai")


async def _open(api: LocalBotApiServer, telegram_id: int, name: str, language_code: str) -> TelegramUser:
    """Someone who opened the chat with a Telegram app in `language_code`."""
    user = api.user(telegram_id, name, language_code=language_code)
    await user.send_command("/help")
    await user.next_message()
    user.skip_pending()
    return user


async def _copies(db: Database) -> Sequence[FeedbackNoticeCopy]:
    async with db.read() as session:
        query = select(FeedbackNoticeCopy).order_by(col(FeedbackNoticeCopy.id))
        return (await session.exec(query)).all()


async def _stored(db: Database) -> Feedback:
    [feedback] = await all_feedback(db)
    return feedback


def _data(message: SentMessage) -> list[str]:
    return [b["callback_data"] for b in message.inline_buttons()]


def _labels(message: SentMessage) -> list[str]:
    return [b["text"] for b in message.inline_buttons()]


async def _until_unreachable(db: Database, telegram_id: int) -> None:
    async with asyncio.timeout(5):
        while True:
            if (await staff_row(db, telegram_id)).unreachable:
                return
            await asyncio.sleep(0.05)  # polled: the database has no event to wait on


def _local(when: datetime | None) -> str:
    assert when is not None
    return when.astimezone(SHANGHAI).strftime("%Y-%m-%d %H:%M")


async def test_an_acknowledgement_and_a_resolution_show_on_every_copy_in_its_language(
    app: FieldApplication, api: LocalBotApiServer, db: Database
) -> None:
    team = await make_team(db)
    await make_staff(db, 3001, team=team, name="Li Lei")
    await make_staff(db, 4001, team=team, role=Role.SUPERVISOR, name="Boss Wang")
    await make_staff(db, 4002, team=team, role=Role.SUPERVISOR, name="Boss Zhao", language="zh")
    wang, zhao = await opened(api, 4001, "Wang"), await _open(api, 4002, "Zhao", "zh-hans")
    rep = api.user(3001, "Li")
    preview = await file_feedback(rep, kind="Product quality problem", product="XG-200", severity=CRITICAL)
    await rep.press(preview, "✅ Submit")
    await said(rep, "is filed")
    fid = (await _stored(db)).id or 0
    mine = await said(wang, f"Critical feedback #{fid} from Li Lei (North)")
    theirs = await zhao.next_message()
    body = theirs.text
    assert f"#{fid}" in body and "Pump leaks oil after 200 hours" in body
    assert _data(mine) == _data(theirs) == [AcknowledgeFeedback(fid).pack()]
    assert [(c.feedback_id, c.chat_id, c.message_id, c.language) for c in await _copies(db)] == [
        (fid, 4001, mine.message_id, "en"),
        (fid, 4002, theirs.message_id, "zh"),
    ]

    # Wang acknowledges: Zhao's copy says so, in Chinese, and offers Mark resolved instead.
    query = await wang.press(mine, t("en", "feedback.ack_button"))
    assert (await wang.callback_answer(query)).text == "Acknowledged. Li Lei has been told."
    acked_at = _local((await _stored(db)).acknowledged_at)
    acked_zh = t("zh", "feedback.acked_line", name="Boss Wang", time=acked_at)
    await zhao.wait_until(lambda: acked_zh in theirs.text)
    assert theirs.text.startswith(body)
    assert _data(theirs) == [ResolveFeedback(fid).pack()]
    assert _labels(theirs) == [t("zh", "feedback.resolve_button")]
    assert t("en", "feedback.acked_line", name="Boss Wang", time=acked_at) in mine.text

    # Zhao resolves from that copy: Wang's copy gains the line under the first one, and loses its buttons.
    query = await zhao.press(theirs, t("zh", "feedback.resolve_button"))
    assert (await zhao.callback_answer(query)).text == t("zh", "feedback.resolved", rep="Li Lei")
    resolved_at = _local((await _stored(db)).resolved_at)
    resolved_en = t("en", "feedback.resolved_line", name="Boss Zhao", time=resolved_at)
    await wang.wait_until(lambda: resolved_en in mine.text and not mine.inline_buttons())
    acked_en = t("en", "feedback.acked_line", name="Boss Wang", time=acked_at)
    assert mine.text.endswith(f"{acked_en}\n\n{resolved_en}")
    resolved_zh = t("zh", "feedback.resolved_line", name="Boss Zhao", time=resolved_at)
    await zhao.wait_until(lambda: theirs.text.endswith(f"{acked_zh}\n\n{resolved_zh}"))
    assert not theirs.inline_buttons()
    # Edits only: nobody got a new message about it but the rep (twice).
    await wang.assert_no_message()
    await zhao.assert_no_message()
    assert "acknowledged by Boss Wang" in (await rep.next_message()).text
    assert "marked resolved by Boss Zhao" in (await rep.next_message()).text


async def _fill_order(boss: Actor, ask_contact: SentMessage) -> None:
    """The order form opened from a notice (customer, model and fault prefilled), through to Create."""
    await boss.say("Mr Zhou")
    ask_model = await boss.say("138 0000 1111")
    ask_serial = await boss.tap(ask_model, "forms.keep")
    ask_fault = await boss.tap(ask_serial, "common.skip")
    ask_category = await boss.tap(ask_fault, "forms.keep")
    ask_priority = await boss.tap(ask_category, "orders.category.warranty_repair")
    ask_photos = await boss.tap(ask_priority, "orders.priority.normal")
    preview = await boss.tap(ask_photos, "forms.done")
    await boss.tap(preview, "orders.create_button")


async def test_a_work_order_made_from_a_complaint_shows_on_every_copy(
    app: FieldApplication, api: LocalBotApiServer, db: Database
) -> None:
    team = await make_team(db)
    await make_staff(db, 3001, team=team, name="Li")
    await make_staff(db, 4001, team=team, role=Role.SUPERVISOR, name="Boss Wang")
    await make_staff(db, 4002, team=team, role=Role.SUPERVISOR, name="Boss Zhao", language="zh")
    await make_customer(db, team, "ACME Ltd")
    wang = Actor(await opened(api, 4001, "Wang"))
    zhao = await _open(api, 4002, "Zhao", "zh-hans")
    rep = api.user(3001, "Li")
    preview = await file_feedback(
        rep, kind="Customer complaint", category="Product quality or function", has_customers=True,
        customer="ACME Ltd", product="XG-200", severity=CRITICAL,
    )  # fmt: skip
    await rep.press(preview, "✅ Submit")
    await said(rep, "is filed")
    fid = (await _stored(db)).id or 0
    mine, theirs = await wang.user.next_message(), await zhao.next_message()
    both = [AcknowledgeFeedback(fid).pack(), OrderFromFeedback(fid).pack()]
    assert _data(mine) == _data(theirs) == both

    await _fill_order(wang, await wang.tap(mine, "orders.from_feedback_button"))
    async with db.read() as session:
        [order] = (await session.exec(select(WorkOrder))).all()
    line_zh = t("zh", "feedback.order_line", id=order.id, name="Boss Wang")
    # Zhao's copy names the order and keeps only Acknowledge: nobody has acknowledged it yet.
    await zhao.wait_until(lambda: line_zh in theirs.text)
    assert _data(theirs) == [AcknowledgeFeedback(fid).pack()]
    assert t("zh", "orders.from_feedback_button") not in _labels(theirs)
    line_en = t("en", "feedback.order_line", id=order.id, name="Boss Wang")
    await wang.wait_until(lambda: line_en in mine.text and _data(mine) == [AcknowledgeFeedback(fid).pack()])

    # Zhao acknowledges: Wang's copy keeps the order's line and gains Zhao's under it.
    query = await zhao.press(theirs, t("zh", "feedback.ack_button"))
    assert (await zhao.callback_answer(query)).text == t("zh", "feedback.acked", rep="Li")
    acked_en = t(
        "en", "feedback.acked_line", name="Boss Zhao", time=_local((await _stored(db)).acknowledged_at)
    )
    await wang.wait_until(lambda: mine.text.endswith(f"{line_en}\n\n{acked_en}"))
    assert _data(mine) == [ResolveFeedback(fid).pack()]
    assert mine.text.count(line_en) == 1


async def test_a_supervisor_who_blocked_the_bot_holds_up_nobody(
    app: FieldApplication, api: LocalBotApiServer, db: Database
) -> None:
    team = await make_team(db)
    await make_staff(db, 3001, team=team, name="Li")
    for telegram_id, name in (
        (4001, "Boss Wang"),
        (4002, "Boss Zhao"),
        (4003, "Boss Sun"),
        (4004, "Boss Qian"),
    ):
        await make_staff(db, telegram_id, team=team, role=Role.SUPERVISOR, name=name)
    wang, zhao, sun = [await opened(api, i, n) for i, n in ((4001, "Wang"), (4002, "Zhao"), (4003, "Sun"))]
    await opened(api, 4004, "Qian")
    api.block(4004)  # before the notice: never delivered, so no copy is kept
    rep = api.user(3001, "Li")
    preview = await file_feedback(rep, kind="Product quality problem", severity=CRITICAL)
    await rep.press(preview, "✅ Submit")
    await said(rep, "is filed")
    fid = (await _stored(db)).id or 0
    mine, zhaos, suns = [await said(person, f"Critical feedback #{fid}") for person in (wang, zhao, sun)]
    assert [c.chat_id for c in await _copies(db)] == [4001, 4002, 4003]
    api.block(4003)  # after it: Sun's copy cannot be edited any more

    query = await wang.press(mine, t("en", "feedback.ack_button"))
    assert (await wang.callback_answer(query)).text == "Acknowledged. Li has been told."
    await zhao.wait_until(lambda: "Acknowledged by Boss Wang" in zhaos.text)
    assert _data(zhaos) == [ResolveFeedback(fid).pack()]
    await wang.wait_until(lambda: "Acknowledged by Boss Wang" in mine.text)
    await _until_unreachable(db, 4003)  # the 403 on Sun's edit marked Sun, as a 403 on a send would
    assert (await staff_row(db, 4002)).unreachable is False
    assert "Acknowledged by" not in suns.text and _data(suns) == [AcknowledgeFeedback(fid).pack()]
    # The bot carries on: Zhao resolves, and Wang's copy follows.
    await zhao.press(zhaos, t("en", "feedback.resolve_button"))
    await wang.wait_until(lambda: "Resolved by Boss Zhao" in mine.text and not mine.inline_buttons())


async def test_escalated_copies_follow_and_a_copy_telegram_would_not_edit_catches_up_when_pressed(
    app: FieldApplication, api: LocalBotApiServer, db: Database, settings: Settings
) -> None:
    team = await make_team(db)
    await make_staff(db, 3001, team=team, name="Li")
    await make_staff(db, 4001, team=team, role=Role.SUPERVISOR, name="Boss Wang")
    await make_staff(db, 4002, team=team, role=Role.SUPERVISOR, name="Boss Zhao")
    await make_staff(db, 5001, role=Role.ADMIN, name="HQ Admin")
    wang, zhao = await opened(api, 4001, "Wang"), await opened(api, 4002, "Zhao")
    admin = await opened(api, 5001, "HQ")
    rep = api.user(3001, "Li")
    preview = await file_feedback(rep, kind="Product quality problem", severity=CRITICAL)
    await rep.press(preview, "✅ Submit")
    await said(rep, "is filed")
    stored = await _stored(db)
    fid = stored.id or 0
    mine, zhaos = await said(wang, "Critical feedback"), await said(zhao, "Critical feedback")
    # Nobody acknowledged in time: the admin's escalation is a copy too.
    assert (
        await escalate_overdue(app.bot, db, settings, stored.created_at + timedelta(hours=2, seconds=1)) == 1
    )
    escalation = await said(admin, f"Escalation: critical feedback #{fid}")
    assert [c.chat_id for c in await _copies(db)] == [4001, 4002, 5001]

    # Zhao's edit fails twice with a 502 (retried) ; the admin's is refused for good (the notice is gone).
    api.fail_next("editMessageText", 502, times=2, chat_id=4002)
    api.fail_next("editMessageText", 400, chat_id=5001, description="Bad Request: message to edit not found")
    query = await wang.press(mine, t("en", "feedback.ack_button"))
    assert (await wang.callback_answer(query)).text == "Acknowledged. Li has been told."
    line = t("en", "feedback.acked_line", name="Boss Wang", time=_local((await _stored(db)).acknowledged_at))
    await zhao.wait_until(lambda: line in zhaos.text)
    assert _data(zhaos) == [ResolveFeedback(fid).pack()]
    assert line not in escalation.text

    # The admin presses the stale copy: refused with who was first, and the copy catches up.
    query = await admin.press(escalation, t("en", "feedback.ack_button"))
    assert (await admin.callback_answer(query)).text == "Already acknowledged by Boss Wang."
    await admin.wait_until(lambda: escalation.text.endswith(line))
    assert _data(escalation) == [ResolveFeedback(fid).pack()]
    assert (await staff_row(db, 5001)).unreachable is False
    for person in (wang, zhao, admin):
        await person.assert_no_message()


async def test_an_acknowledgement_and_a_work_order_at_the_same_moment_both_reach_every_copy(
    app: FieldApplication, api: LocalBotApiServer, db: Database
) -> None:
    team = await make_team(db)
    await make_staff(db, 3001, team=team, name="Li")
    await make_staff(db, 4001, team=team, role=Role.SUPERVISOR, name="Boss Wang")
    await make_staff(db, 4002, team=team, role=Role.SUPERVISOR, name="Boss Zhao")
    await make_customer(db, team, "ACME Ltd")
    wang, zhao = Actor(await opened(api, 4001, "Wang")), Actor(await opened(api, 4002, "Zhao"))
    rep = api.user(3001, "Li")
    preview = await file_feedback(
        rep, kind="Customer complaint", category="Product quality or function", has_customers=True,
        customer="ACME Ltd", product="XG-200", severity=CRITICAL,
    )  # fmt: skip
    await rep.press(preview, "✅ Submit")
    await said(rep, "is filed")
    fid = (await _stored(db)).id or 0
    mine, theirs = await wang.user.next_message(), await zhao.user.next_message()
    ask_contact = await zhao.tap(theirs, "orders.from_feedback_button")
    await zhao.say("Mr Zhou")
    ask_model = await zhao.say("138 0000 1111")
    ask_serial = await zhao.tap(ask_model, "forms.keep")
    ask_fault = await zhao.tap(ask_serial, "common.skip")
    ask_category = await zhao.tap(ask_fault, "forms.keep")
    ask_priority = await zhao.tap(ask_category, "orders.category.warranty_repair")
    ask_photos = await zhao.tap(ask_priority, "orders.priority.normal")
    order_preview = await zhao.tap(ask_photos, "forms.done")
    assert "Contact" in ask_contact.text

    # Wang acknowledges as Zhao creates the order: each copy ends with both lines and Mark resolved.
    await asyncio.gather(
        wang.user.press(mine, t("en", "feedback.ack_button")),
        zhao.user.press(order_preview, t("en", "orders.create_button")),
    )
    async with asyncio.timeout(10):
        while True:
            async with db.read() as session:
                order = (await session.exec(select(WorkOrder))).first()
            if order is not None and (await _stored(db)).acknowledged_at is not None:
                break
            await asyncio.sleep(0.05)  # polled: the database has no event to wait on
    acked = t("en", "feedback.acked_line", name="Boss Wang", time=_local((await _stored(db)).acknowledged_at))
    ordered = t("en", "feedback.order_line", id=order.id, name="Boss Zhao")
    for person, notice in ((wang, mine), (zhao, theirs)):
        await person.wait_until(
            lambda n=notice: (
                acked in n.text and ordered in n.text and _data(n) == [ResolveFeedback(fid).pack()]
            ),
            timeout=10,
        )
        assert notice.text.count(acked) == notice.text.count(ordered) == 1
    for row in await _copies(db):
        assert row.html.count(acked) == row.html.count(ordered) == 1
