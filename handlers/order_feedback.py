"""A work order from a complaint's notice ("Create work order", handlers.order_create): one order per
complaint. The notice the button was pressed on is kept in the draft; once the order exists that notice
and every other copy of it (presentation.notice_copies) say so and lose the button. A press on any notice
of a complaint that already has its order creates nothing: the presser is told the order's number and
that notice is brought up to date.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from telegram import Message, Update

from presentation.context import FieldContext
from presentation.i18n import t
from presentation.notice_copies import Shown, pressed_notice, show_everywhere
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
    the draft's copy current, so marking the notice later keeps that line (a recorded copy's own HTML,
    kept by presentation.notice_copies, is what counts; this one serves notices that were not recorded)."""
    drafts = context.user_data.get("drafts", {}) if context.user_data is not None else {}
    where = drafts.get(ORDER_FLOW, {}).get(NOTICE)
    if where and int(where[0]) == chat_id and int(where[1]) == message_id:
        where[2] = html


async def _mark(context: FieldContext, pressed: Shown | None, order: WorkOrder) -> None:
    """Write the order's number under every copy of the complaint's notice (the one pressed first) and
    keep only the buttons still useful there."""
    if not order.feedback_id:
        return
    async with context.db.read() as session:
        creator = await session.get(Staff, order.created_by_id) if order.created_by_id else None
    name = creator.name if creator else "?"
    # A copy already marked (a forged press on it) is left alone; one deleted meanwhile cannot be marked,
    # and the order exists all the same.
    await show_everywhere(
        context.bot,
        context.db,
        order.feedback_id,
        lambda lang: t(lang, "feedback.order_line", id=order.id, name=name),
        pressed=pressed,
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
    await _mark(context, pressed_notice(query, context.lang), order)
    return True


async def mark_notice(context: FieldContext, draft: Mapping[str, Any], order: WorkOrder) -> None:
    """After the order is created from a complaint: the notice it was started from says so."""
    where = draft.get(NOTICE)
    pressed = Shown(int(where[0]), int(where[1]), str(where[2]), context.lang) if where else None
    await _mark(context, pressed, order)
