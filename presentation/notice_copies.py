"""Every copy of a feedback notice shows what has been done about it. Each delivered copy is recorded
(presentation.feedback_notice.tell, storage.notice_copies); when someone acknowledges, resolves or makes a
work order from the feedback, the status line goes under every copy (the one pressed first), each in its
notice's language, with the buttons that fit the feedback now.

The edits are made after the change is committed and the press answered, by the same handler. If the
process dies in between, the other copies stay as they were until someone presses one (the press is
refused with who was first and brings that copy up to date): no job retries them, since an edit is only
a courtesy to the readers and the database already holds the truth.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, replace
from functools import partial
from html import unescape

from telegram import Bot, CallbackQuery, InlineKeyboardMarkup, Message

from presentation.delivery import deliver_to
from presentation.feedback_notice import notice_keyboard
from presentation.i18n import Raw
from storage import notice_copies as copies_db
from storage.db import Database
from storage.field_models import Feedback
from storage.order_feedback import order_from
from storage.staff import Recipient

# How often the copies are sent again when another status line was written while they were being edited.
ROUNDS = 3

LineIn = Callable[[str], str]  # the status line in a language
Keyboard = Callable[[str], InlineKeyboardMarkup | None]  # the buttons that fit now, in a language


@dataclass(frozen=True)
class Shown:
    """A notice in one chat and the HTML it shows; `staff_id` is None when it is not known."""

    chat_id: int
    message_id: int
    html: str
    language: str
    staff_id: int | None = None


def pressed_notice(query: CallbackQuery, language: str) -> Shown | None:
    """The notice a button was pressed on, as Telegram showed it to the presser."""
    message = query.message
    if isinstance(message, Message) and message.text:
        return Shown(message.chat.id, message.message_id, message.text_html, language)
    return None


async def show_everywhere(
    bot: Bot, db: Database, feedback_id: int, line_in: LineIn, *, pressed: Shown | None = None
) -> str | None:
    """Put the status line under every recorded copy of the feedback's notice and under the notice pressed
    (recorded or not, e.g. sent before copies were kept); the HTML the pressed notice shows now."""
    async with db.session() as session:
        rows = await copies_db.add_line(session, feedback_id, line_in)
    where = (pressed.chat_id, pressed.message_id) if pressed else None
    views: list[Shown] = []
    pressed_html: str | None = None
    for row, changed in rows:
        view = Shown(row.chat_id, row.message_id, row.html, row.language, row.staff_id)
        if pressed is not None and (row.chat_id, row.message_id) == where:
            pressed_html = row.html
            # Also when the line was recorded but never reached this copy (the bot stopped mid-way).
            if changed or not _shows(pressed.html, line_in(row.language)):
                views.insert(0, view)  # the presser sees theirs first
        elif changed:
            views.append(view)
    if pressed is not None and pressed_html is None:
        line = line_in(pressed.language)
        pressed_html = pressed.html
        if not _shows(pressed.html, line):
            pressed_html = f"{pressed.html}\n\n{line}"
            views.insert(0, replace(pressed, html=pressed_html))
    await _edit_all(bot, db, feedback_id, views)
    return pressed_html


def _shows(html: str, line: str) -> bool:
    """Whether a notice as Telegram renders it shows the line (its HTML escapes quotes differently)."""
    return unescape(line) in unescape(html)


async def _edit_all(bot: Bot, db: Database, feedback_id: int, views: list[Shown]) -> None:
    """Edit each copy; then send again any copy whose recorded HTML moved on meanwhile (two people acting
    at once: the edit carrying the older text may reach Telegram last)."""
    for _ in range(ROUNDS):
        if not views:
            return
        keyboard = await _keyboard(db, feedback_id)
        for view in views:
            await _edit(bot, db, view, keyboard(view.language))
        async with db.read() as session:
            now = {(c.chat_id, c.message_id): c.html for c in await copies_db.copies_of(session, feedback_id)}
        views = [
            replace(v, html=now[(v.chat_id, v.message_id)])
            for v in views
            if now.get((v.chat_id, v.message_id), v.html) != v.html
        ]


async def _keyboard(db: Database, feedback_id: int) -> Keyboard:
    """The buttons a notice of this feedback shows now, read after the status lines were written."""
    async with db.read() as session:
        feedback = await session.get(Feedback, feedback_id)
        order = await order_from(session, feedback_id)
    if feedback is None:
        return lambda _language: None
    order_id = order.id if order else None
    return lambda language: notice_keyboard(language, feedback, order_id=order_id)


async def _edit(bot: Bot, db: Database, view: Shown, markup: InlineKeyboardMarkup | None) -> None:
    """One edit through presentation.delivery: 429s and 5xx are retried; someone who blocked the bot is
    marked unreachable; a notice deleted meanwhile or already showing this (400) is left as it is."""
    edit = partial(
        bot.edit_message_text,
        Raw(view.html),
        chat_id=view.chat_id,
        message_id=view.message_id,
        reply_markup=markup,
    )
    await deliver_to(db, Recipient(view.staff_id, view.chat_id, "", view.language), [edit])
