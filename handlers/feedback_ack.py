"""The Acknowledge / Mark resolved buttons under urgent-feedback notices (presentation.feedback_notice) and
escalations (jobs.escalation).

The buttons live outside the rep's conversation: anyone may press them at any time, so every press is
checked against the database (who may act on which team's feedback, and whether it is already done).
"""

from __future__ import annotations

from datetime import datetime

from telegram import Update
from telegram.ext import BaseHandler, CallbackQueryHandler

from handlers.order_feedback import notice_edited
from presentation.buttons import AcknowledgeFeedback, ResolveFeedback
from presentation.context import FieldContext
from presentation.feedback_notice import local_time, tell
from presentation.feedback_text import rep_told
from presentation.i18n import t
from presentation.notice_copies import LineIn, pressed_notice, show_everywhere
from storage import feedback as fb_db
from storage.field_models import Feedback
from storage.models import Staff, Team
from storage.staff import Recipient


async def _pressed(
    update: Update, context: FieldContext, button: type[AcknowledgeFeedback | ResolveFeedback]
) -> Feedback | None:
    """The feedback the pressed button names, if this person may act on it; else the press is answered."""
    query = update.callback_query
    assert query is not None
    pressed = button.unpack(query.data)
    feedback = None
    if pressed is not None and pressed.feedback_id > 0:
        async with context.db.read() as session:
            feedback = await session.get(Feedback, pressed.feedback_id)
    if feedback is None:
        await query.answer(t(context.lang, "common.stale_button"), show_alert=True)
    elif not fb_db.may_handle(context.me, feedback):
        await query.answer(t(context.lang, "feedback.not_allowed"), show_alert=True)
    else:
        return feedback
    return None


async def _person(context: FieldContext, staff_id: int | None) -> Staff | None:
    """The rep who filed the feedback, or whoever pressed first."""
    async with context.db.read() as session:
        return await session.get(Staff, staff_id) if staff_id is not None else None


async def _show_line(update: Update, context: FieldContext, feedback_id: int, line_in: LineIn) -> None:
    """Add a status line under the notice the button was on and every other copy of it, with the buttons
    that fit now."""
    query = update.callback_query
    assert query is not None
    pressed = pressed_notice(query, context.lang)
    html = await show_everywhere(context.bot, context.db, feedback_id, line_in, pressed=pressed)
    if pressed is not None and html is not None:
        notice_edited(context, pressed.chat_id, pressed.message_id, html)


async def acknowledge(update: Update, context: FieldContext) -> None:
    """A supervisor (or admin) acknowledges urgent feedback; the rep is told; Mark resolved appears."""
    await _act(update, context, AcknowledgeFeedback, "acked")


async def resolve(update: Update, context: FieldContext) -> None:
    """Mark acknowledged feedback resolved; the rep is told."""
    await _act(update, context, ResolveFeedback, "resolved")


async def _act(
    update: Update, context: FieldContext, button: type[AcknowledgeFeedback | ResolveFeedback], action: str
) -> None:
    """Acknowledge or resolve once: the first press wins, a later one is told who was first."""
    query, feedback = update.callback_query, await _pressed(update, context, button)
    assert query is not None
    if feedback is None:
        return
    if action == "resolved" and feedback.acknowledged_at is None:
        await query.answer(t(context.lang, "feedback.ack_first"), show_alert=True)
        return
    now, me, lang = context.now(), context.me, context.lang
    record = fb_db.acknowledge if action == "acked" else fb_db.resolve
    async with context.db.session() as session:
        won = await record(session, feedback.id or 0, me.id or 0, now)
        # Someone may have been first between loading and now: read who.
        current = await session.get(Feedback, feedback.id, populate_existing=True)
        team = await session.get(Team, feedback.team_id) if feedback.team_id else None
    if not won or current is None:
        first = (
            (current.acknowledged_by_id if action == "acked" else current.resolved_by_id) if current else None
        )
        person = await _person(context, first)
        name = person.name if person else "?"
        await query.answer(t(lang, f"feedback.already_{action}", name=name), show_alert=True)
        when = (current.acknowledged_at if action == "acked" else current.resolved_at) if current else None
        if person is not None and when is not None:
            # The copy pressed may predate the winner's line (its edit was lost): bring it up to date.
            await _show_line(update, context, feedback.id or 0, _line(context, action, name, when, team))
        return
    # Won: tell the rep, confirm to the person who pressed, and write who did it under the notice.
    rep = await _person(context, feedback.staff_id)
    if rep is not None:
        await tell(
            context.bot, context.db, Recipient.of(rep), rep_told(rep.language, feedback, action, me.name)
        )
    await query.answer(t(lang, f"feedback.{action}", rep=rep.name if rep else "?"))
    # After the answer, so the presser does not wait for the other copies' edits. Each copy gets Mark
    # resolved after Acknowledge; a complaint keeps Create work order until an order is made from it.
    await _show_line(update, context, feedback.id or 0, _line(context, action, me.name, now, team))


def _line(context: FieldContext, action: str, name: str, when: datetime, team: Team | None) -> LineIn:
    """The status line "Acknowledged by X, time" (or Resolved) in a notice's language."""
    time = local_time(when, team, context.settings)
    return lambda lang: t(lang, f"feedback.{action}_line", name=name, time=time)


def build() -> list[BaseHandler[Update, FieldContext, None]]:
    """The supervisors' buttons; go before the stale-button catch-all."""
    return [
        CallbackQueryHandler(acknowledge, pattern=AcknowledgeFeedback.pattern()),
        CallbackQueryHandler(resolve, pattern=ResolveFeedback.pattern()),
    ]
