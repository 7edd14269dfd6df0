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
from typing import Any

from telegram import CallbackQuery, InlineKeyboardButton, InlineKeyboardMarkup, Message, Update
from telegram.error import BadRequest

from gate.busy import FLOW
from handlers.forms.spec import Draft, Form, Kind, Step
from presentation import choices
from presentation.buttons import FormButton
from presentation.choices import Choice, Rows
from presentation.context import FieldContext
from presentation.i18n import t

SHOWN_ANSWER = 500  # an excerpt of the current answer: the question must stay one message


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
    """A button of the current prompt of `form` (call `new_token` first)."""
    token = str(context.draft(form.name)["token"])
    return InlineKeyboardButton(text, callback_data=FormButton(form.name, action, arg, token).pack())


def buttons(
    form: Form, context: FieldContext, rows: Sequence[Sequence[Choice]]
) -> list[list[InlineKeyboardButton]]:
    """Presentation's rows of (label, action, argument) as buttons of the current prompt of `form`."""
    return [[button(form, context, *choice) for choice in row] for row in rows]


def keyboard(form: Form, context: FieldContext, rows: Sequence[Sequence[Choice]]) -> InlineKeyboardMarkup:
    """A new prompt's buttons of `form`, laid out as `rows`: every earlier prompt's buttons become stale."""
    new_token(context, form)
    return InlineKeyboardMarkup(buttons(form, context, rows))


def new_token(context: FieldContext, form: Form) -> str:
    """A fresh token for the next prompt's buttons of `form`: every earlier prompt's buttons become stale."""
    token = secrets.token_hex(4)
    context.draft(form.name)["token"] = token
    return token


def is_current(context: FieldContext, flow: str, token: str) -> bool:
    """Whether a button's token is that of the last prompt of `flow` (the one stale-button rule, also for
    a flow's own typed buttons)."""
    expected = context.draft(flow).get("token")
    return bool(expected) and secrets.compare_digest(token, str(expected))


def pressed(context: FieldContext, form: Form, update: Update) -> FormButton | None:
    """The pressed button if it belongs to this person's current prompt of `form`, else None."""
    query = update.callback_query
    data = FormButton.unpack(query.data if query else None)
    if data is None or data.form != form.name:
        return None
    return data if is_current(context, data.form, data.token) else None


async def drop_buttons(query: CallbackQuery) -> None:
    """Take a used prompt's buttons away; already gone (a double press) is fine."""
    if not isinstance(query.message, Message):
        return
    try:
        await query.edit_message_reply_markup(None)
    except BadRequest as exc:
        if "not modified" not in str(exc).lower():
            raise


async def close_press(update: Update) -> None:
    """A press taken: answer it and take its prompt's buttons away (a typed message needs neither)."""
    if update.callback_query is not None:
        await update.callback_query.answer()
        await drop_buttons(update.callback_query)


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
def unanswered(step: Step, answers: Draft) -> bool:
    """Whether `step` still wants an answer: none yet, or a skipped one it can no longer take (a step
    that the draft made required, e.g. a repair needs the machine)."""
    if step.key not in answers:
        return True
    return not step.skippable and step.kind is not Kind.PHOTOS and answers[step.key] in ("", None)


def first_missing(form: Form, draft: dict[str, Any]) -> Step | None:
    """The first step still wanting an answer, if any."""
    answers = draft.get("answers", {})
    return next((s for s in form.steps(draft) if unanswered(s, answers)), None)


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
    header = t(lang, "forms.step", n=index + 1, total=total)
    if step.ask is not None:
        return await step.ask(update, context, header)
    answers: dict[str, Any] = draft.setdefault("answers", {})
    answered = not unanswered(step, answers)
    given = str(answers[step.key]) if answered and step.kind in (Kind.TEXT, Kind.NUMBER) else None
    rows: Rows = []
    if step.kind in (Kind.CHOICE, Kind.NUMBER) and step.choices is not None:
        offered = [(label, "choose", value) for label, value in step.choices(lang, draft)]
        rows += [offered[i : i + step.columns] for i in range(0, len(offered), step.columns)]
    if step.kind is Kind.PHOTOS:
        rows += choices.photos_rows(lang, step.key, any_photo=bool(answers.get(step.key)))
    keep = answered and step.kind is not Kind.PHOTOS
    rows.append(choices.answer_row(lang, step.key, keep=keep, skip=step.skippable))
    back = "back" if draft.get("editing") or index else None
    rows.append(choices.last_row(lang, back, step.key))
    markup = InlineKeyboardMarkup(buttons(form, context, [row for row in rows if row]))
    text = choices.question_text(lang, header, step.question(lang, draft), given, SHOWN_ANSWER)
    await send_pages(update, context, [text], markup)
    return form.answer_state


def last_row(
    form: Form, context: FieldContext, back: str | None, arg: str = "-"
) -> list[InlineKeyboardButton]:
    """The last row of a flow's own question: « Back (the button's action, where there is somewhere to go
    back to), then Cancel."""
    return [button(form, context, *choice) for choice in choices.last_row(context.lang, back, arg)]


# --- the preview ------------------------------------------------------------------------------
async def show_preview(update: Update, context: FieldContext, form: Form) -> str:
    """Everything as it will be filed, with Edit, Submit and Cancel."""
    draft = context.draft(form.name)
    missing = first_missing(form, draft)
    if missing is not None:
        # An edited answer brought a question that was never asked (a complaint's category), or made a
        # skipped one required (a repair needs the machine): ask it first.
        draft["step"], draft["editing"] = missing.key, True
        return await ask(update, context, form)
    draft.pop("step", None)
    draft["at"] = "preview"
    pages = await form.preview(context, draft)
    markup = keyboard(form, context, choices.preview_rows(context.lang, form.submit_label))
    await send_pages(update, context, pages, markup)
    return form.preview_state
