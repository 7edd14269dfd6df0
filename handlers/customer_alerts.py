"""What the team's supervisors hear when a customer says the work is not done or rates it 1-2: an alert
at once, with a "Turn into a complaint" button that files a complaint against the order's rep."""

from __future__ import annotations

import html
import logging
from functools import partial

from telegram import Update
from telegram.ext import CallbackQueryHandler

from presentation.buttons import TurnIntoComplaint
from presentation.context import FieldContext
from presentation.customer_buttons import complaint_keyboard
from presentation.feedback_notice import admin_recipients, local_time, tell
from presentation.i18n import t
from presentation.notice_copies import pressed_notice, show_everywhere
from storage import feedback as fb_db
from storage import order_complaints
from storage import staff as staff_db
from storage.customer_links import LOW_RATING, Answer
from storage.field_models import Customer
from storage.models import Role, Staff
from storage.order_models import WorkOrder
from storage.staff import Recipient

log = logging.getLogger(__name__)


async def alert_supervisors(context: FieldContext, answer: Answer) -> int:
    """Tell the order's team supervisors (with none, the admins) about a bad answer; how many were reached."""
    order = answer.order
    async with context.db.read() as session:
        customer = await session.get(Customer, order.customer_id)
        rep = await session.get(Staff, order.assignee_id) if order.assignee_id else None
        team = await staff_db.team_by_id(session, order.team_id)
        supervisors = await fb_db.supervisors_of(session, order.team_id)
    recipients = [Recipient.of(s) for s in supervisors]
    if not recipients:
        recipients = await admin_recipients(context.db, context.settings)
    done_at = local_time(order.done_at or context.now(), team, context.settings)
    reached = 0
    for to in recipients:
        values = {
            "id": order.id,
            "customer": customer.name if customer else "?",
            "rep": rep.name if rep else "?",
            "done_at": done_at,
        }
        if order.customer_confirmed is False:
            text = t(to.language, "clink.alert_not_done", comment=order.customer_comment or "", **values)
        else:
            text = t(to.language, "clink.alert_low", stars=order.rating, **values)
        markup = complaint_keyboard(to.language, order.id or 0)
        reached += await tell(context.bot, context.db, to, text, markup, alert_for=order.id)
    log.info("order %s: customer's answer sent to %s of %s recipient(s)", order.id, reached, len(recipients))
    return reached


def _bad_answer(order: WorkOrder) -> bool:
    """Only what was alerted can become a complaint (a tampered button on a 5-star order cannot)."""
    return order.customer_confirmed is False or (order.rating is not None and order.rating <= LOW_RATING)


def _may_file(person: Staff, order: WorkOrder) -> bool:
    return person.role == Role.ADMIN or (person.role == Role.SUPERVISOR and person.team_id == order.team_id)


def _description(lang: str, order: WorkOrder) -> str:
    """The complaint's text, stored plain (it is escaped wherever it is shown)."""
    answer = "clink.answer_not_done" if order.customer_confirmed is False else "clink.answer_done"
    rating = f"{order.rating}/5" if order.rating is not None else t(lang, "clink.no_rating")
    text = t(
        lang,
        "clink.complaint_description",
        id=order.id,
        answer=t(lang, answer),
        rating=rating,
        comment=order.customer_comment or t(lang, "clink.none"),
    )
    return html.unescape(text)


async def turn_into_complaint(update: Update, context: FieldContext) -> None:
    """File the customer's bad answer as a complaint against the order's rep, once."""
    query = update.callback_query
    assert query is not None
    data = TurnIntoComplaint.unpack(query.data)
    me = context.me
    async with context.db.session() as session:
        order = await session.get(WorkOrder, data.order_id) if data is not None else None
        if order is None or not _may_file(me, order) or not _bad_answer(order):
            complaint, earlier = None, None
            order = None
        else:
            complaint, earlier = await order_complaints.file_complaint(
                session, order, description=_description(me.language, order), by_telegram_id=me.telegram_id
            )
        rep = await session.get(Staff, order.assignee_id) if order and order.assignee_id else None
    if order is None:
        await query.answer(t(context.lang, "common.stale_button"), show_alert=True)
    elif earlier is not None:
        await query.answer(t(context.lang, "clink.complaint_exists", id=earlier), show_alert=True)
    elif complaint is None:
        await query.answer(t(context.lang, "clink.complaint_no_rep"), show_alert=True)
    else:
        await query.answer(
            t(context.lang, "clink.complaint_filed", id=complaint.id, rep=rep.name if rep else "?")
        )
        # Every supervisor's alert (each in its language) now reads as the complaint's notice: who filed
        # it, and, like every complaint's notice, a work order (a return visit) a tap away.
        line_in = partial(_filed_line, complaint.id, me.name)
        pressed = pressed_notice(query, context.lang)
        await show_everywhere(context.bot, context.db, complaint.id or 0, line_in, pressed=pressed)


def _filed_line(complaint_id: int | None, name: str, language: str) -> str:
    return t(language, "clink.complaint_line", id=complaint_id, name=name)


def complaint_handler() -> CallbackQueryHandler[FieldContext, None]:
    """The "Turn into a complaint" button on the supervisors' alert."""
    return CallbackQueryHandler(turn_into_complaint, pattern=TurnIntoComplaint.pattern())
