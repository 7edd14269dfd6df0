"""The engine's answers, preview, submit and cancel, and the ConversationHandler a Form becomes."""

from __future__ import annotations

import re
from collections.abc import Callable, Coroutine
from typing import Any

from telegram import (
    ReplyKeyboardRemove,
    Update,
)
from telegram.ext import (
    BaseHandler,
    CallbackQueryHandler,
    CommandHandler,
    ConversationHandler,
    MessageHandler,
    filters,
)

from handlers.forms import answers, engine
from handlers.forms.engine import ask, drop_buttons, end, pressed, stale
from handlers.forms.spec import Form, Kind, Reopen
from presentation.buttons import FormButton
from presentation.choices import edit_rows, preview_rows
from presentation.context import FieldContext
from presentation.i18n import CATALOGS, all_texts, t
from presentation.menus import MENU_KEYS, main_menu

Handlers = list[BaseHandler[Update, FieldContext, Any]]


# --- answers ------------------------------------------------------------------------------------
def hint(key: str) -> Callable[[Update, FieldContext], Coroutine[Any, Any, None]]:
    """A handler for what a step cannot take: say what it wants (catalog text `key`); the step stays."""

    async def say_what(update: Update, context: FieldContext) -> None:
        await answers.reply(update, context, key)

    return say_what


# Anything typed or sent where only a button will do (the preview, a chooser).
use_buttons = hint("common.use_buttons")


async def on_button(update: Update, context: FieldContext, form: Form) -> str | int | None:
    """Any button of the form's current prompt; anything else is stale."""
    query = update.callback_query
    assert query is not None
    data = pressed(context, form, update)
    if data is None:
        await stale(update, context)
        return None
    if data.action == "cancel":
        return await cancel(update, context)
    if data.action in ("edit", "menuback", "field", "submit"):
        return await _preview_button(update, context, form, data)
    draft = context.draft(form.name)
    step = form.step(draft, draft.get("step", ""))
    given: dict[str, Any] = draft.setdefault("answers", {})
    if step is not None and draft.get("at") == "question" and data.action in step.actions:
        return await step.actions[data.action](update, context, data.arg)
    if data.action in form.actions:
        return await form.actions[data.action](update, context, data.arg)
    if step is None or draft.get("at") != "question" or (data.action != "choose" and data.arg != step.key):
        await stale(update, context)
        return None
    choices = {value for _, value in step.choices(context.lang, draft)} if step.choices else set()
    value: Any = {
        "skip": None if not step.skippable else ([] if step.kind is Kind.PHOTOS else ""),
        "keep": given.get(step.key),
        "choose": data.arg if data.arg in choices else None,
        "done": list(given.get(step.key) or []) if step.kind is Kind.PHOTOS else None,
        "back": True,
    }.get(data.action)
    if data.action == "clear" and step.kind is Kind.PHOTOS:
        value, given[step.key] = True, []  # Remove photos: the same question again, without them
    if value is None:
        await stale(update, context)
        return None
    await query.answer()
    if data.action in ("back", "clear"):
        await drop_buttons(query)
    else:
        await answers.show_choice(query)
    if data.action == "clear":
        return await ask(update, context, form)
    if data.action != "back":
        # A chosen number (a NUMBER step's quick answer) is stored as the number it is.
        if data.action == "choose" and step.kind is Kind.NUMBER:
            value = int(value)
        return await answers.answered(update, context, form, value)
    # Back: to the preview when editing one part, else to the previous step.
    if draft.pop("editing", False):
        return await engine.show_preview(update, context, form)
    keys = [s.key for s in form.steps(draft)]
    draft["step"] = keys[max(keys.index(step.key) - 1, 0)]
    return await ask(update, context, form)


# --- preview, submit, cancel -------------------------------------------------------------------
async def _preview_button(
    update: Update, context: FieldContext, form: Form, data: FormButton
) -> str | int | None:
    """Edit (the list of parts), one part, back to the preview buttons, or Submit."""
    query = update.callback_query
    assert query is not None
    draft, lang = context.draft(form.name), context.lang
    if draft.get("at") != "preview":  # a preview button while a question or a chooser is open
        await stale(update, context)
        return None
    if data.action == "submit":
        text = await form.submit(context, draft)
        if isinstance(text, Reopen):  # an answer no longer holds: say why and ask that step again
            await query.answer(t(lang, text.key), show_alert=True)
            await drop_buttons(query)
            draft.get("answers", {}).pop(text.step, None)
            draft["step"], draft["editing"] = text.step, True
            return await ask(update, context, form)
        await engine.close_press(update)
        return await finish(update, context, form.name, text)
    if data.action == "field":
        if form.step(draft, data.arg) is None:
            await stale(update, context)
            return None
        await engine.close_press(update)
        draft["step"], draft["editing"] = data.arg, True
        return await ask(update, context, form)
    if data.action == "menuback":
        await query.answer()
        markup = engine.keyboard(form, context, preview_rows(lang, form.submit_label))
        await query.edit_message_reply_markup(markup)
        return form.preview_state
    await query.answer(t(lang, "forms.edit_which"))
    parts = [(s.title(lang, draft), s.key) for s in form.steps(draft)]
    await query.edit_message_reply_markup(engine.keyboard(form, context, edit_rows(lang, parts)))
    return form.preview_state


async def finish(update: Update, context: FieldContext, form_name: str, text: str) -> int:
    """Close the flow and say how it ended; staff get their role's main menu back, people not yet registered
    lose the flow's keyboard (registration's "share my phone")."""
    end(context, form_name)
    me = context.staff
    menu = ReplyKeyboardRemove() if me is None else main_menu(context.lang, me.role)
    await engine.send_pages(update, context, [text], menu)
    return ConversationHandler.END


async def cancel(update: Update, context: FieldContext) -> int:
    """/cancel or a Cancel button, for whichever flow is open: nothing is filed."""
    await engine.close_press(update)
    name = engine.open_flow(context)
    if name is None:
        await answers.reply(update, context, "common.nothing_to_cancel")
        return ConversationHandler.END
    # A flow may say more than "nothing was saved" (registration: the link still works) in <name>.cancelled.
    key = f"{name}.cancelled" if f"{name}.cancelled" in CATALOGS["en"] else "common.cancelled"
    return await finish(update, context, name, t(context.lang, key))


# Another feature's command in the middle of a flow: finish or cancel first.
finish_first = hint("common.finish_first")


# --- the ConversationHandler ---------------------------------------------------------------------
# The main menus stay on screen: their buttons open other features, they are never an answer.
MENU = filters.Text(sorted(set().union(*(all_texts(key) for key in MENU_KEYS))))
# A message that may be an answer (also for a flow's own states): not a command, not a menu button.
ANSWER = filters.UpdateType.MESSAGE & ~filters.COMMAND & ~MENU


def _bound(handler: Any, form: Form) -> Any:
    """`handler(update, context, form)` as a PTB callback."""

    async def callback(update: Update, context: FieldContext) -> Any:
        return await handler(update, context, form)

    return callback


def pattern(form: Form) -> str:
    """The CallbackQueryHandler pattern of the buttons of `form`."""
    return f"^{FormButton.prefix}:{re.escape(form.name)}:"


def opened_by(
    command: str, menu_key: str, callback: Callable[[Update, FieldContext], Coroutine[Any, Any, Any]]
) -> Handlers:
    """A flow's entry points: its /command and its main-menu button (in either language)."""
    menu_button = filters.UpdateType.MESSAGE & filters.Text(sorted(all_texts(menu_key)))
    return [CommandHandler(command, callback), MessageHandler(menu_button, callback)]


def own_buttons(form: Form) -> Handlers:
    """The handler of the form's own buttons, for a flow's extra states (e.g. Cancel under a chooser)."""
    return [CallbackQueryHandler(_bound(on_button, form), pattern=pattern(form))]


def chooser_state(form: Form) -> Handlers:
    """A flow's own state where only its prompt's buttons answer (a chooser): anything sent is told so."""
    return [*own_buttons(form), MessageHandler(filters.UpdateType.MESSAGE & ~filters.COMMAND, use_buttons)]


def search_state(
    form: Form,
    searched: Callable[[Update, FieldContext], Coroutine[Any, Any, Any]],
    *buttons: BaseHandler[Update, FieldContext, Any],
) -> Handlers:
    """A chooser that also takes typed text as a search (a customer by part of its name): its `buttons`
    and the form's, text to `searched`, anything else (a sticker, a photo) told to type."""
    return [
        *buttons,
        *own_buttons(form),
        MessageHandler(ANSWER & filters.TEXT, searched),
        MessageHandler(ANSWER, hint("common.text_expected")),
    ]


def build(
    form: Form, entry_points: Handlers, *, states: dict[object, Handlers] | None = None
) -> ConversationHandler[FieldContext]:
    """The conversation for `form`: the engine's answer and preview states plus the flow's own."""
    own_states = dict(states or {})
    own_states[form.answer_state] = [
        *own_buttons(form),
        MessageHandler(ANSWER & filters.TEXT, _bound(answers.typed, form)),
        MessageHandler(ANSWER & filters.PHOTO, _bound(answers.photo, form)),
        MessageHandler(ANSWER & filters.LOCATION, _bound(answers.location, form)),
        MessageHandler(ANSWER, _bound(answers.wrong_kind, form)),
    ]
    own_states[form.preview_state] = [*own_buttons(form), MessageHandler(ANSWER, use_buttons)]
    return ConversationHandler(
        entry_points=entry_points,
        states=own_states,
        fallbacks=[
            CommandHandler("cancel", cancel),
            MessageHandler(filters.UpdateType.MESSAGE & (filters.COMMAND | MENU), finish_first),
            CallbackQueryHandler(stale, pattern=pattern(form)),
        ],
        allow_reentry=True,
        name=form.name,
        persistent=True,
    )
