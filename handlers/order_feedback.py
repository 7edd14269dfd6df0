"""A work order from a complaint's notice ("Create work order", handlers.order_create): one order per
complaint. The notice the button was pressed on is kept in the draft; once the order exists that notice
says so and loses the button. A press on any notice of a complaint that already has its order creates
nothing: the presser is told the order's number and that notice is brought up to date.
"""

from __future__ import annotations

from collections.abc import Mapping
from contextlib import suppress
from typing import Any

from telegram import Message, Update
from telegram.error import BadRequest

from presentation.context import FieldContext
from presentation.feedback_notice import notice_keyboard
from presentation.i18n import Raw, t
from storage.field_models import Feedback
from storage.models import Staff
from storage.order_feedback import order_from
from storage.order_models import WorkOrder

ORDER_FLOW = "order"  # the name of /order's flow (handlers.order_create), whose draft keeps the notice
NOTICE = "notice"  # draft key: [chat id, message id, the notice's HTML] of the notice pressed


def remember(draft: dict[str, Any], update: Update) -> None:
    """Keep where the pressed notice is, to mark it once the order is created."""
    message = update.callback_query.message if update.callback_query else None
    if isinstance(message, Message) and message.text:
        draft[NOTICE] = [message.chat.id, message.message_id, message.text_html]


def notice_edited(context: FieldContext, chat_id: int, message_id: int, html: str) -> None:
    """The notice an open order form was started from got a line meanwhile (Acknowledged by...): keep
    the draft's copy current, so marking the notice later keeps that line."""
    drafts = context.user_data.get("drafts", {}) if context.user_data is not None else {}
    where = drafts.get(ORDER_FLOW, {}).get(NOTICE)
    if where and int(where[0]) == chat_id and int(where[1]) == message_id:
        where[2] = html


async def _mark(context: FieldContext, where: list[Any], feedback: Feedback, order: WorkOrder) -> None:
    """Write the order's number under a notice and keep only the buttons still useful there."""
    chat_id, message_id, html = int(where[0]), int(where[1]), str(where[2])
    async with context.db.read() as session:
        creator = await session.get(Staff, order.created_by_id) if order.created_by_id else None
    line = t(context.lang, "feedback.order_line", id=order.id, name=creator.name if creator else "?")
    if line in html:
        return  # already marked (a forged press on a marked notice)
    markup = notice_keyboard(context.lang, feedback, order_id=order.id)
    # A notice deleted meanwhile cannot be marked; the order exists all the same.
    with suppress(BadRequest):
        await context.bot.edit_message_text(
            Raw(f"{html}\n\n{line}"), chat_id=chat_id, message_id=message_id, reply_markup=markup
        )


async def already_ordered(update: Update, context: FieldContext, feedback: Feedback) -> bool:
    """Whether the complaint has its order already; if so the presser is told which, and the notice
    pressed is marked."""
    query = update.callback_query
    assert query is not None
    async with context.db.read() as session:
        order = await order_from(session, feedback.id or 0)
    if order is None:
        return False
    await query.answer(t(context.lang, "orders.from_feedback_exists", id=order.id), show_alert=True)
    message = query.message
    if isinstance(message, Message) and message.text:
        await _mark(context, [message.chat.id, message.message_id, message.text_html], feedback, order)
    return True


async def mark_notice(context: FieldContext, draft: Mapping[str, Any], order: WorkOrder) -> None:
    """After the order is created from a complaint: the notice it was started from says so."""
    where = draft.get(NOTICE)
    if not where or not order.feedback_id:
        return
    async with context.db.read() as session:
        feedback = await session.get(Feedback, order.feedback_id)
    if feedback is not None:
        await _mark(context, where, feedback, order)
