"""The question steps and the preview of /weekly and /monthly; handlers.reports wires them up.

Every prompt carries a fresh token in its buttons' callback data, kept in the draft: a button from an
earlier prompt (pressed again, or after the answer moved on) no longer matches and is refused as stale.
"""

from __future__ import annotations

import secrets
from collections.abc import Sequence
from datetime import date, datetime
from typing import Any
from zoneinfo import ZoneInfo

from telegram import CallbackQuery, InlineKeyboardButton, InlineKeyboardMarkup, Message, Update
from telegram.error import BadRequest

from bot.context import FieldContext
from bot.deadlines import Period
from bot.i18n import t
from handlers.report_views import FIELDS, chunks, fmt_due, kind_label, period_label, sections

CHOOSE, ANSWER, PREVIEW = "reports.choose", "reports.answer", "reports.preview"
DRAFT = "reports"
PREFIX = "rpt:"
SKIPPABLE = frozenset({"market", "quality"})
# Per answer; four answers still fit a report a supervisor reads on a phone.
TEXT_LIMIT = 2000
SHOWN_ANSWER = 500


# --- the draft ------------------------------------------------------------------------------------
def begin(context: FieldContext, period: Period, zone: ZoneInfo, **extra: Any) -> None:
    """A fresh draft for `period`: the answers so far and where the conversation is."""
    draft = context.draft(DRAFT)
    draft.clear()
    draft.update(
        kind=period.kind,
        start=period.start.isoformat(),
        end=period.end.isoformat(),
        due=period.due_at.isoformat(),
        zone=zone.key,
        answers={},
    )
    draft.update(extra)
    draft["answers"] = dict(draft["answers"])


def draft_period(draft: dict[str, Any]) -> tuple[str, date, date]:
    """Kind, start and end of the period the draft is for."""
    return draft["kind"], date.fromisoformat(draft["start"]), date.fromisoformat(draft["end"])


async def send_pages(update: Update, context: FieldContext, pages: Sequence[str], markup: Any = None) -> None:
    """Send pages in order, the buttons under the last one."""
    assert update.effective_chat is not None
    for index, page in enumerate(pages):
        last = index == len(pages) - 1
        await context.bot.send_message(update.effective_chat.id, page, reply_markup=markup if last else None)


# --- buttons ----------------------------------------------------------------------------------------
def new_token(context: FieldContext) -> str:
    """A fresh token for the next prompt's buttons; earlier prompts' buttons become stale."""
    token = secrets.token_hex(4)
    context.draft(DRAFT)["token"] = token
    return token


def button(text: str, action: str, arg: str, token: str) -> InlineKeyboardButton:
    """A button of this conversation: rpt:<action>:<arg>:<token> (well under 64 bytes)."""
    return InlineKeyboardButton(text, callback_data=f"{PREFIX}{action}:{arg}:{token}")


def parse(context: FieldContext, data: str | None) -> tuple[str, str] | None:
    """(action, arg) of a pressed button if it belongs to the current prompt, else None."""
    parts = (data or "").split(":")
    if len(parts) != 4 or parts[0] + ":" != PREFIX:
        return None
    token = context.draft(DRAFT).get("token")
    if not token or not secrets.compare_digest(parts[3], str(token)):
        return None
    return parts[1], parts[2]


async def drop_buttons(query: CallbackQuery) -> None:
    """Take a used prompt's buttons away; already gone (a double press) or an inaccessible message is fine."""
    if not isinstance(query.message, Message):
        return
    try:
        await query.edit_message_reply_markup(None)
    except BadRequest as exc:
        if "not modified" not in str(exc).lower():
            raise


async def stale(update: Update, context: FieldContext) -> None:
    """A button of an earlier prompt: say so; nothing changes."""
    assert update.callback_query is not None
    await update.callback_query.answer(t(context.lang, "common.stale_button"), show_alert=True)


# --- questions ----------------------------------------------------------------------------------------
async def ask(update: Update, context: FieldContext) -> str:
    """Ask the question the draft is at, with Keep / Skip / Back where they apply."""
    draft, lang = context.draft(DRAFT), context.lang
    kind, start, end = draft_period(draft)
    field = draft["field"]
    order = FIELDS[kind]
    token = new_token(context)
    text = t(lang, "reports.step", n=order.index(field) + 1, total=len(order)) + "\n"
    text += t(lang, f"reports.q.{kind}.{field}", period=period_label(lang, kind, start, end))
    answers: dict[str, Any] = draft.setdefault("answers", {})
    first_row, second_row = [], []
    if field in answers:
        # An excerpt: the whole answer is in the preview, and the question must stay within one message.
        typed = str(answers[field])
        excerpt = typed if len(typed) <= SHOWN_ANSWER else typed[:SHOWN_ANSWER] + "…"
        text += "\n\n" + t(lang, "reports.current_answer", answer=excerpt or t(lang, "reports.skipped"))
        first_row.append(button(t(lang, "reports.btn.keep"), "keep", field, token))
    if field in SKIPPABLE:
        first_row.append(button(t(lang, "common.skip"), "skip", field, token))
    if draft.get("editing") or order.index(field) > 0:
        second_row.append(button(t(lang, "common.back"), "back", field, token))
    second_row.append(button(t(lang, "common.cancel"), "cancel", "-", token))
    assert update.effective_chat is not None
    markup = InlineKeyboardMarkup([row for row in (first_row, second_row) if row])
    await context.bot.send_message(update.effective_chat.id, text, reply_markup=markup)
    return ANSWER


async def advance(update: Update, context: FieldContext) -> str:
    """After an answer: the next question, or the preview when done (or when editing one part)."""
    draft = context.draft(DRAFT)
    order = FIELDS[draft["kind"]]
    position = order.index(draft["field"])
    if draft.pop("editing", False) or position + 1 == len(order):
        draft.pop("field", None)
        return await show_preview(update, context)
    draft["field"] = order[position + 1]
    return await ask(update, context)


async def typed_answer(update: Update, context: FieldContext) -> str | None:
    """Take a typed answer if it is not empty and not too long."""
    assert update.message is not None and update.message.text is not None
    text = update.message.text.strip()
    if len(text) > TEXT_LIMIT:
        await update.message.reply_text(
            t(context.lang, "common.too_long", limit=TEXT_LIMIT, length=len(text))
        )
        return None
    if not text:
        await update.message.reply_text(t(context.lang, "common.text_expected"))
        return None
    draft = context.draft(DRAFT)
    draft.setdefault("answers", {})[draft["field"]] = text
    return await advance(update, context)


async def text_expected(update: Update, context: FieldContext) -> None:
    """A photo, sticker, voice, location... where a typed answer is expected."""
    assert update.effective_message is not None
    await update.effective_message.reply_text(t(context.lang, "common.text_expected"))


async def answer_button(update: Update, context: FieldContext) -> str | None:
    """Keep, Skip or Back on the current question."""
    query = update.callback_query
    assert query is not None
    draft = context.draft(DRAFT)
    pressed = parse(context, query.data)
    if pressed is None or pressed[1] != draft.get("field"):
        await stale(update, context)
        return None
    action, field = pressed
    answers: dict[str, Any] = draft.setdefault("answers", {})
    if (action == "skip" and field not in SKIPPABLE) or (action == "keep" and field not in answers):
        await stale(update, context)
        return None
    await query.answer()
    await drop_buttons(query)
    if action == "skip":
        answers[field] = ""
    if action in ("skip", "keep"):
        return await advance(update, context)
    # Back: to the preview when editing one part, else to the previous question.
    if draft.pop("editing", False):
        draft.pop("field", None)
        return await show_preview(update, context)
    order = FIELDS[draft["kind"]]
    draft["field"] = order[max(order.index(field) - 1, 0)]
    return await ask(update, context)


# --- preview ----------------------------------------------------------------------------------------
def preview_markup(lang: str, token: str) -> InlineKeyboardMarkup:
    """Edit / Submit / Cancel under the preview."""
    return InlineKeyboardMarkup(
        [
            [
                button(t(lang, "common.edit"), "edit", "-", token),
                button(t(lang, "common.submit"), "submit", "-", token),
            ],
            [button(t(lang, "common.cancel"), "cancel", "-", token)],
        ]
    )


async def show_preview(update: Update, context: FieldContext) -> str:
    """The whole report as it will be filed, with Edit and Submit."""
    draft, lang = context.draft(DRAFT), context.lang
    kind, start, end = draft_period(draft)
    label = period_label(lang, kind, start, end)
    head: str
    if draft.get("report_id"):
        head = t(
            lang,
            "reports.amend_head",
            kind=kind_label(lang, kind),
            period=label,
            revision=int(draft.get("base_revision", 1)) + 1,
        )
    else:
        head = t(lang, "reports.preview_head", kind=kind_label(lang, kind), period=label)
        due = datetime.fromisoformat(draft["due"])
        if due < context.now():
            head += "\n" + t(lang, "reports.late_warning", due=fmt_due(lang, due, ZoneInfo(draft["zone"])))
    pages = chunks(head, sections(lang, kind, draft.get("answers", {})))
    await send_pages(update, context, pages, preview_markup(lang, new_token(context)))
    return PREVIEW


async def edit_menu(update: Update, context: FieldContext) -> str | None:
    """Edit: the parts of the report as buttons, plus Back to the preview buttons."""
    query = update.callback_query
    assert query is not None
    pressed = parse(context, query.data)
    if pressed is None:
        await stale(update, context)
        return None
    lang, draft = context.lang, context.draft(DRAFT)
    token = new_token(context)
    if pressed[0] == "menuback":
        await query.answer()
        await query.edit_message_reply_markup(preview_markup(lang, token))
        return PREVIEW
    await query.answer(t(lang, "reports.edit_which"))
    kind = draft["kind"]
    rows = [[button(t(lang, f"reports.title.{kind}.{name}"), "field", name, token)] for name in FIELDS[kind]]
    rows.append([button(t(lang, "common.back"), "menuback", "-", token)])
    await query.edit_message_reply_markup(InlineKeyboardMarkup(rows))
    return PREVIEW


async def edit_field(update: Update, context: FieldContext) -> str | None:
    """One part chosen from the edit menu: ask it again, then come back to the preview."""
    query = update.callback_query
    assert query is not None
    draft = context.draft(DRAFT)
    pressed = parse(context, query.data)
    if pressed is None or pressed[1] not in FIELDS[draft["kind"]]:
        await stale(update, context)
        return None
    await query.answer()
    await drop_buttons(query)
    draft["field"], draft["editing"] = pressed[1], True
    return await ask(update, context)


async def use_buttons(update: Update, context: FieldContext) -> None:
    """Anything typed or sent where a button is expected."""
    assert update.effective_message is not None
    await update.effective_message.reply_text(t(context.lang, "common.use_buttons"))
