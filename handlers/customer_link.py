"""The customer's side of a finished work order: a one-time link, opened in the customer's own Telegram
without registering, to confirm the work and rate it 1-5.

Customers are not staff, so the access gate lets them through only for `/start c_<token>` and while they
hold a live customer session (storage.customer_links); everything they send lands here first, in the
CUSTOMER group between the gate and the features, and stops here: nothing else is open to them. Staff
opening such a link are told it is the customer's, and nothing is recorded.
"""

from __future__ import annotations

import html
import logging

from telegram import Message, Update
from telegram.ext import ApplicationHandlerStop, BaseHandler, TypeHandler

from gate.checks import ACCESS, BUSY, refuse
from gate.flush import flush
from handlers.customer_alerts import alert_supervisors, complaint_handler
from presentation.buttons import ConfirmWork, RateWork
from presentation.context import FieldContext
from presentation.customer_buttons import confirm_keyboard, rating_keyboard
from presentation.digest_text import label
from presentation.feedback_notice import local_time
from presentation.i18n import Raw, t
from presentation.qr import qr_png
from storage import customer_links
from storage import staff as staff_db
from storage.customer_links import COMMENT_MAX, Answer
from storage.field_models import Customer
from storage.models import Staff
from storage.order_models import WorkOrder

log = logging.getLogger(__name__)

# After the access check, before the busy guard and every feature.
CUSTOMER = (ACCESS + BUSY) // 2
PAYLOAD_PREFIX = "c_"
# user_data key: the order whose "not done" comment this customer is typing.
AWAITING_COMMENT = "customer_comment_for"


async def offer_link(context: FieldContext, order: WorkOrder, *, to: Staff | None = None) -> None:
    """Give the order's rep (or `to`: who asked for a fresh one) the customer's one-time link, as text
    and as a QR code to show or forward."""
    assert order.id is not None and order.assignee_id is not None
    async with context.db.session() as session:
        token = await customer_links.issue_link(session, order.id, context.now())
        rep = to or await session.get(Staff, order.assignee_id)
        team = await staff_db.team_by_id(session, order.team_id)
    if rep is None:
        return
    link = f"https://t.me/{context.bot.username}?start={PAYLOAD_PREFIX}{token}"
    expires = local_time(context.now() + customer_links.LINK_TTL, team, context.settings)
    key = "clink.rep_offer" if to is None else "clink.fresh_offer"
    await context.bot.send_message(
        rep.telegram_id, t(rep.language, key, id=order.id, expires=expires, link=link)
    )
    await context.bot.send_photo(
        rep.telegram_id, qr_png(link), caption=t(rep.language, "clink.qr_caption", id=order.id)
    )


def _start_with_payload(update: Update) -> str | None:
    """The payload of a `/start PAYLOAD` message (a deep link), else None."""
    message = update.message
    if message is None or not message.text:
        return None
    parts = message.text.split()
    return parts[1] if len(parts) == 2 and parts[0].split("@")[0] == "/start" else None


def _link_payload(update: Update) -> str | None:
    """The payload of a `/start c_...` message (the customer link), else None."""
    payload = _start_with_payload(update)
    return payload if payload is not None and payload.startswith(PAYLOAD_PREFIX) else None


async def serve(update: Update, context: FieldContext) -> None:
    """Take every update of a customer (and a staff member opening a customer link); let others pass."""
    user = update.effective_user
    if user is None:
        return
    payload = _link_payload(update)
    if context.staff is not None:
        if payload is None:
            return
        assert update.message is not None
        await update.message.reply_text(t(context.lang, "clink.staff_link"))
    elif payload is not None:
        await _open(update, context, payload.removeprefix(PAYLOAD_PREFIX))
    elif _start_with_payload(update):
        return  # an invite link: a customer may become staff, registration takes it
    else:
        async with context.db.read() as session:
            if not await customer_links.holds_session(session, user.id, context.now()):
                return  # someone registering with an invite: the registration conversation takes it
        await _answer(update, context)
    await flush(update, context)
    raise ApplicationHandlerStop


async def _open(update: Update, context: FieldContext, token: str) -> None:
    """Claim the link and show the order; any bad token gets one polite refusal."""
    assert update.message is not None and update.effective_user is not None
    user = update.effective_user
    async with context.db.session() as session:
        order = await customer_links.redeem(session, token, user.id, context.now())
        if order is None:
            # Never the token: whoever holds the log must not be able to use it.
            await staff_db.audit(session, telegram_id=user.id, event="customer_link_refused")
        else:
            customer = await session.get(Customer, order.customer_id)
            rep = await session.get(Staff, order.assignee_id) if order.assignee_id else None
            team = await staff_db.team_by_id(session, order.team_id)
    if order is None:
        await update.message.reply_text(t(context.lang, "clink.refused"))
        return
    if context.user_data is not None:
        context.user_data.pop(AWAITING_COMMENT, None)
    none = t(context.lang, "clink.none")
    summary = t(
        context.lang,
        "clink.summary",
        id=order.id,
        category=label(context.lang, "orders.category", order.category),
        customer=customer.name if customer else none,
        model=order.product_model or none,
        serial=order.serial_number or none,
        fault=order.fault or none,
        done_at=local_time(order.done_at, team, context.settings) if order.done_at else none,
    )
    # The rep's name only: staff phone numbers are never shown to customers.
    text = t(context.lang, "clink.welcome", rep=rep.name if rep else none, summary=summary)
    await update.message.reply_text(text, reply_markup=confirm_keyboard(context.lang, order.id or 0))


async def _answer(update: Update, context: FieldContext) -> None:
    """A customer's button or typed comment; anything else gets the usual refusal."""
    query = update.callback_query
    if query is not None:
        confirm, rate = ConfirmWork.unpack(query.data), RateWork.unpack(query.data)
        if confirm is not None:
            await _confirm(update, context, confirm)
        elif rate is not None:
            await _rate(update, context, rate)
        else:
            await refuse(update, context)
        return
    awaiting = context.user_data.get(AWAITING_COMMENT) if context.user_data is not None else None
    message = update.message
    if awaiting is None or message is None or (message.text or "").startswith("/"):
        await refuse(update, context)
        return
    if not message.text:
        await message.reply_text(t(context.lang, "clink.comment_expected"))
        return
    if len(message.text) > COMMENT_MAX:
        await message.reply_text(t(context.lang, "clink.ask_comment", limit=COMMENT_MAX))
        return
    assert update.effective_user is not None and context.user_data is not None
    async with context.db.session() as session:
        answer = await customer_links.report_not_done(
            session, int(awaiting), update.effective_user.id, message.text, context.now()
        )
    context.user_data.pop(AWAITING_COMMENT, None)
    if answer is None:
        await refuse(update, context)
        return
    await message.reply_text(t(context.lang, "clink.ask_rating"), reply_markup=rating_keyboard(int(awaiting)))
    await alert_supervisors(context, answer)


async def _stale(update: Update, context: FieldContext) -> None:
    assert update.callback_query is not None
    await update.callback_query.answer(t(context.lang, "common.stale_button"), show_alert=True)


async def _show_choice(update: Update, choice: str) -> None:
    """Replace the question's buttons by the answer given, so the chat reads as what was said."""
    query = update.callback_query
    assert query is not None
    if isinstance(query.message, Message) and query.message.text:
        await query.edit_message_text(
            Raw(f"{query.message.text_html}\n→ {html.escape(choice)}"), reply_markup=None
        )
    else:
        await query.edit_message_reply_markup(None)


async def _confirm(update: Update, context: FieldContext, data: ConfirmWork) -> None:
    """Done: ask for the rating. Not done: ask what is missing first (recorded with the comment)."""
    query, user = update.callback_query, update.effective_user
    assert query is not None and user is not None and context.user_data is not None
    now = context.now()
    if data.done:
        async with context.db.session() as session:
            order = await customer_links.confirm_done(session, data.order_id, user.id, now)
    else:
        async with context.db.read() as session:
            order = await customer_links.held_order(session, data.order_id, user.id, now)
        if order is not None and order.customer_confirmed is not None:
            order = None
    if order is None:
        await _stale(update, context)
        return
    await query.answer()
    await _show_choice(update, t(context.lang, "clink.done" if data.done else "clink.not_done"))
    if data.done:
        await query.message.reply_text(  # type: ignore[union-attr]
            t(context.lang, "clink.ask_rating"), reply_markup=rating_keyboard(data.order_id)
        )
    else:
        context.user_data[AWAITING_COMMENT] = data.order_id
        await query.message.reply_text(t(context.lang, "clink.ask_comment", limit=COMMENT_MAX))  # type: ignore[union-attr]


async def _rate(update: Update, context: FieldContext, data: RateWork) -> None:
    """Record the stars once; a low rating reaches the supervisors at once."""
    query, user = update.callback_query, update.effective_user
    assert query is not None and user is not None
    async with context.db.session() as session:
        answer: Answer | None = await customer_links.record_rating(
            session, data.order_id, user.id, data.stars, context.now()
        )
    if answer is None:
        await _stale(update, context)
        return
    await query.answer()
    await _show_choice(update, f"{data.stars}⭐")
    told = answer.alert or answer.order.customer_confirmed is False
    key: str = "clink.thanks_told" if told else "clink.thanks"
    text: Raw = t(context.lang, key, stars=data.stars)
    await query.message.reply_text(text)  # type: ignore[union-attr]
    if answer.alert:
        await alert_supervisors(context, answer)


def handlers() -> list[tuple[int, BaseHandler[Update, FieldContext, None]]]:
    """The customer's gatekeeper (its own group) and the supervisors' complaint button (group 0)."""
    return [(CUSTOMER, TypeHandler(Update, serve)), (0, complaint_handler())]
