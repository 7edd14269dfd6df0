"""The one conversation engine: runs a declared Form (handlers.forms.spec) as a PTB ConversationHandler.

The draft of a flow lives in the person's user data under the form's name (persisted after every update
by the gate, so kill -9 at any step loses nothing): {"step": key, "answers": {...}, "token": ...,
"editing": bool, plus whatever the flow put there when it began}. `user_data["flow"]` names the one flow
a person has open, so the busy guard and /cancel need no knowledge of PTB's internals.

Every prompt's buttons carry a fresh token kept in the draft: a button of an earlier prompt (pressed
again, or after the answer moved on) no longer matches and is answered "this button is no longer active".
"""

from __future__ import annotations

import secrets
from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any

from telegram import CallbackQuery, InlineKeyboardButton, InlineKeyboardMarkup, Message, Update
from telegram.error import BadRequest

from bot.context import FieldContext
from bot.i18n import t
from handlers.forms.spec import Form, Kind, Step
from presentation.callbacks import CallbackData

FLOW = "flow"  # user_data key: the name of the flow the person has open
SHOWN_ANSWER = 500  # an excerpt of the current answer: the question must stay one message


@dataclass(frozen=True)
class FormButton(CallbackData, prefix="f"):
    """A button of a form's prompt: which form, what it does, its argument, and the prompt's token."""

    form: str
    action: str
    arg: str
    token: str


# --- the draft ----------------------------------------------------------------------------------
def begin(context: FieldContext, form: Form, **fields: Any) -> dict[str, Any]:
    """Open `form` for this person with a fresh draft; `fields` are the flow's own context."""
    draft = context.draft(form.name)
    draft.clear()
    draft.update(fields)
    draft["answers"] = dict(fields.get("answers") or {})
    draft["step"] = form.steps(draft)[0].key
    mark_open(context, form)
    return draft


def end(context: FieldContext, form_name: str) -> None:
    """Close the flow: forget its draft and that it is open."""
    context.drop_draft(form_name)
    if context.user_data is not None and context.user_data.get(FLOW) == form_name:
        context.user_data.pop(FLOW, None)


def mark_open(context: FieldContext, form: Form) -> None:
    """Record that `form` is this person's open flow (before its questions, e.g. while a chooser is shown)."""
    if context.user_data is not None:
        context.user_data[FLOW] = form.name


def open_flow(context: FieldContext) -> str | None:
    """The flow this person has open, if any."""
    return context.user_data.get(FLOW) if context.user_data is not None else None


def button(form: Form, context: FieldContext, text: str, action: str, arg: str = "-") -> InlineKeyboardButton:
    """A button of the current prompt (call `new_token` first)."""
    token = str(context.draft(form.name)["token"])
    return InlineKeyboardButton(text, callback_data=FormButton(form.name, action, arg, token).pack())


def new_token(context: FieldContext, form: Form) -> str:
    """A fresh token for the next prompt's buttons: every earlier prompt's buttons become stale."""
    token = secrets.token_hex(4)
    context.draft(form.name)["token"] = token
    return token


def pressed(context: FieldContext, form: Form, update: Update) -> FormButton | None:
    """The pressed button if it belongs to this person's current prompt of `form`, else None."""
    query = update.callback_query
    data = FormButton.unpack(query.data if query else None)
    token = context.draft(form.name).get("token")
    if data is None or data.form != form.name or not token:
        return None
    return data if secrets.compare_digest(data.token, str(token)) else None


async def drop_buttons(query: CallbackQuery) -> None:
    """Take a used prompt's buttons away; already gone (a double press) is fine."""
    if not isinstance(query.message, Message):
        return
    try:
        await query.edit_message_reply_markup(None)
    except BadRequest as exc:
        if "not modified" not in str(exc).lower():
            raise


async def stale(update: Update, context: FieldContext) -> None:
    """A button of an earlier prompt, or of a flow that is over: say so; nothing changes."""
    if update.callback_query is not None:
        await update.callback_query.answer(t(context.lang, "common.stale_button"), show_alert=True)


async def send_pages(update: Update, context: FieldContext, pages: Sequence[str], markup: Any = None) -> None:
    """Send pages in order, the buttons under the last one."""
    assert update.effective_chat is not None
    for index, page in enumerate(pages):
        last = index == len(pages) - 1
        await context.bot.send_message(update.effective_chat.id, page, reply_markup=markup if last else None)


# --- asking -------------------------------------------------------------------------------------
def current(form: Form, draft: dict[str, Any]) -> tuple[Step, int, int]:
    steps = form.steps(draft)
    index = next(i for i, s in enumerate(steps) if s.key == draft["step"])
    return steps[index], index, len(steps)


async def ask(update: Update, context: FieldContext, form: Form) -> str:
    """Ask the step the draft is at, with Keep / Skip / Back / Cancel where they apply."""
    draft, lang = context.draft(form.name), context.lang
    step, index, total = current(form, draft)
    draft["at"] = "question"
    new_token(context, form)
    text = t(lang, "forms.step", n=index + 1, total=total) + "\n" + step.question(lang, draft)
    answers: dict[str, Any] = draft.setdefault("answers", {})
    rows: list[list[InlineKeyboardButton]] = []
    if step.kind in (Kind.CHOICE, Kind.NUMBER) and step.choices is not None:
        rows += [
            [button(form, context, label, "choose", value)] for label, value in step.choices(lang, draft)
        ]
    first: list[InlineKeyboardButton] = []
    if step.key in answers and step.kind in (Kind.TEXT, Kind.NUMBER):
        typed = str(answers[step.key])
        excerpt = typed if len(typed) <= SHOWN_ANSWER else typed[:SHOWN_ANSWER] + "…"
        text += "\n\n" + t(lang, "forms.current_answer", answer=excerpt or t(lang, "forms.skipped"))
    if step.key in answers and step.kind is not Kind.PHOTOS:
        first.append(button(form, context, t(lang, "forms.keep"), "keep", step.key))
    if step.kind is Kind.PHOTOS:
        first.append(button(form, context, t(lang, "forms.done"), "done", step.key))
    if step.skippable:
        first.append(button(form, context, t(lang, "common.skip"), "skip", step.key))
    second = (
        [button(form, context, t(lang, "common.back"), "back", step.key)]
        if draft.get("editing") or index
        else []
    )
    second.append(button(form, context, t(lang, "common.cancel"), "cancel"))
    assert update.effective_chat is not None
    markup = InlineKeyboardMarkup([row for row in (*rows, first, second) if row])
    await context.bot.send_message(update.effective_chat.id, text, reply_markup=markup)
    return form.answer_state


# --- the preview ------------------------------------------------------------------------------
def preview_markup(form: Form, context: FieldContext) -> InlineKeyboardMarkup:
    lang = context.lang
    return InlineKeyboardMarkup(
        [
            [
                button(form, context, t(lang, "common.edit"), "edit"),
                button(form, context, t(lang, form.submit_label), "submit"),
            ],
            [button(form, context, t(lang, "common.cancel"), "cancel")],
        ]
    )


async def show_preview(update: Update, context: FieldContext, form: Form) -> str:
    """Everything as it will be filed, with Edit, Submit and Cancel."""
    draft = context.draft(form.name)
    given = draft.get("answers", {})
    missing = next((s.key for s in form.steps(draft) if s.key not in given), None)
    if missing is not None:
        # An edited answer brought a question that was never asked (a complaint's category): ask it first.
        draft["step"], draft["editing"] = missing, True
        return await ask(update, context, form)
    draft.pop("step", None)
    draft["at"] = "preview"
    pages = await form.preview(context, draft)
    new_token(context, form)
    await send_pages(update, context, pages, preview_markup(form, context))
    return form.preview_state
