"""The engine's answers: typed text and numbers, photos, locations, and the wrong kind of message."""

from __future__ import annotations

import html
from typing import Any

from telegram import CallbackQuery, InlineKeyboardMarkup, Message, Update
from telegram.error import BadRequest

from domain.geo import coordinates_problem
from handlers.forms import engine
from handlers.forms.spec import Form, Invalid, Kind, Step
from presentation.choices import photos_rows
from presentation.context import FieldContext
from presentation.i18n import t
from presentation.split import utf16_length

# What to say when a message of the wrong kind arrives, by the kind the step wants.
HINTS = {
    Kind.TEXT: "common.text_expected",
    Kind.NUMBER: "forms.number_expected",
    Kind.CHOICE: "common.use_buttons",
    Kind.PHOTO: "forms.photo_expected",
    Kind.PHOTOS: "forms.photo_expected",
    Kind.LOCATION: "forms.location_expected",
}


async def answered(update: Update, context: FieldContext, form: Form, value: Any) -> str:
    """Store the answer to the current step, then the next step, or the preview when done or editing."""
    draft = context.draft(form.name)
    step, index, total = engine.current(form, draft)
    draft.setdefault("answers", {})[step.key] = value
    if draft.pop("editing", False) or index + 1 == total:
        return await engine.show_preview(update, context, form)
    draft["step"] = form.steps(draft)[index + 1].key
    return await engine.ask(update, context, form)


async def show_choice(query: CallbackQuery) -> None:
    """Take a question's buttons away, writing the pressed one under it, so the chat reads as a record."""
    message = query.message
    if not isinstance(message, Message) or not message.text or message.reply_markup is None:
        return await engine.drop_buttons(query)
    labels = [
        b.text for row in message.reply_markup.inline_keyboard for b in row if b.callback_data == query.data
    ]
    if not labels:
        return await engine.drop_buttons(query)
    try:
        await query.edit_message_text(f"{message.text_html}\n→ <b>{html.escape(labels[0])}</b>")
    except BadRequest as exc:
        if "not modified" not in str(exc).lower():
            raise
    return None


async def chosen(
    update: Update, context: FieldContext, form: Form, value: Any, refusal: str | None = None
) -> str | None:
    """A flow's own chooser button: `refusal` (a catalog key) in an alert, or `value` as the answer."""
    query = update.callback_query
    assert query is not None
    if refusal is not None:
        await query.answer(t(context.lang, refusal), show_alert=True)
        return None
    await query.answer()
    await show_choice(query)
    return await answered(update, context, form, value)


async def _expecting(update: Update, context: FieldContext, form: Form, *kinds: Kind) -> Step | None:
    """The step being asked if it takes this kind of message; else say what it wants (the buttons when no
    question is open: a preview or a chooser) and give None."""
    draft = context.draft(form.name)
    step = form.step(draft, draft.get("step", "")) if draft.get("at") == "question" else None
    if step is None or step.kind not in kinds:
        await reply(update, context, HINTS[step.kind] if step is not None else "common.use_buttons")
        return None
    return step


async def reply(update: Update, context: FieldContext, key: str, **values: Any) -> None:
    """Answer the message with catalog text `key` (what a step refuses, and why)."""
    assert update.effective_message is not None
    await update.effective_message.reply_text(t(context.lang, key, **values))


async def typed(update: Update, context: FieldContext, form: Form) -> str | None:
    """Typed text: the answer to a TEXT or NUMBER step if it passes the step's rules."""
    assert update.message is not None and update.message.text is not None
    step = await _expecting(update, context, form, Kind.TEXT, Kind.NUMBER)
    if step is None:
        return None
    text = update.message.text.strip()
    # One rule for every flow: Telegram's own measure, UTF-16 code units.
    length = utf16_length(text)
    if length > step.limit:
        await reply(update, context, "common.too_long", limit=step.limit, length=length)
        return None
    if not text:
        await reply(update, context, HINTS[step.kind])
        return None
    value: Any = text
    if step.kind is Kind.NUMBER:
        low, high = step.minimum, step.maximum
        number = int(text) if text.isdigit() and len(text) < 10 else None
        if number is None or (low is not None and number < low) or (high is not None and number > high):
            await reply(update, context, "forms.number_range", minimum=low or 0, maximum=high or "∞")
            return None
        value = number
    if step.parse is not None:
        value = step.parse(text, context.draft(form.name))
        if isinstance(value, Invalid):
            await reply(update, context, value.key, **dict(value.values))
            return None
    if step.check is not None:
        problem = await step.check(context, value, context.draft(form.name))
        if problem is not None:
            await reply(update, context, problem.key, **dict(problem.values))
            return None
    return await answered(update, context, form, value)


async def photo(update: Update, context: FieldContext, form: Form) -> str | None:
    """A photo: the answer to a PHOTO step, or one more for a PHOTOS step (then Done)."""
    assert update.message is not None and update.message.photo
    step = await _expecting(update, context, form, Kind.PHOTO, Kind.PHOTOS)
    if step is None:
        return None
    file_id = update.message.photo[-1].file_id  # the largest size Telegram made
    if step.kind is Kind.PHOTO:
        return await answered(update, context, form, file_id)
    photos: list[str] = context.draft(form.name).setdefault("answers", {}).setdefault(step.key, [])
    if step.maximum is not None and len(photos) >= step.maximum:
        await reply(update, context, "forms.photos_full", maximum=step.maximum)
        return None
    photos.append(file_id)
    # Done under each receipt too: after a few photos the question's own buttons are far up the chat.
    markup = InlineKeyboardMarkup(
        engine.buttons(form, context, photos_rows(context.lang, step.key, any_photo=True))
    )
    text = t(context.lang, "forms.photo_added", count=len(photos))
    await update.message.reply_text(text, reply_markup=markup)
    return None


async def location(update: Update, context: FieldContext, form: Form) -> str | None:
    """A location pin (or a place picked on the map) for a LOCATION step, if it can be a real place."""
    assert update.message is not None and update.message.location is not None
    if await _expecting(update, context, form, Kind.LOCATION) is None:
        return None
    lat, lon = update.message.location.latitude, update.message.location.longitude
    problem = coordinates_problem(lat, lon)
    if problem is not None:
        await reply(update, context, f"forms.location_{problem}")
        return None
    return await answered(update, context, form, {"latitude": lat, "longitude": lon})


async def wrong_kind(update: Update, context: FieldContext, form: Form) -> None:
    """A sticker, voice, document... : say what the step wants."""
    await _expecting(update, context, form)  # no kind of message is taken
