"""/feedback, the questions and the first answers: kind, category, customer, product and description.

Every step's question is asked here (handlers.feedback takes the photos, severity, preview and submit),
so the order of the steps and Back are decided in one place.
"""

from __future__ import annotations

from typing import Any

from telegram import InlineKeyboardButton, InlineKeyboardMarkup, Message, Update

from bot.context import FieldContext
from bot.i18n import t
from handlers import feedback_ack
from storage import feedback as fb_db
from storage.feedback import ComplaintCategory, FeedbackKind, Severity

KIND, CATEGORY, CUSTOMER = "feedback.kind", "feedback.category", "feedback.customer"
PRODUCT, DESCRIPTION, PHOTOS = "feedback.product", "feedback.description", "feedback.photos"
SEVERITY, PREVIEW = "feedback.severity", "feedback.preview"
DRAFT = "feedback"
P = "fb:"  # callback data prefix of this conversation; fb:ack:/fb:res: belong to feedback_ack
PRODUCT_MAX, DESCRIPTION_MAX = 100, 2000
KINDS = {k.value for k in FeedbackKind}
CATEGORIES = {c.value for c in ComplaintCategory}


def button(text: str, data: str) -> InlineKeyboardButton:
    """A button of this conversation (its callback data carries the prefix)."""
    return InlineKeyboardButton(text, callback_data=f"{P}{data}")


def keyboard(rows: list[list[InlineKeyboardButton]], lang: str, *, back: bool = True) -> InlineKeyboardMarkup:
    """The answer buttons, then Back (unless `back` is False) and Cancel."""
    last = [button(t(lang, "common.back"), "back")] if back else []
    return InlineKeyboardMarkup([*rows, [*last, button(t(lang, "common.cancel"), "cancel")]])


def steps_for(draft: dict[str, Any]) -> list[str]:
    """The steps this draft goes through, in order (complaints get a category, customers only if any)."""
    steps = [KIND]
    if draft.get("kind") == FeedbackKind.COMPLAINT:
        steps.append(CATEGORY)
    if draft.get("has_customers"):
        steps.append(CUSTOMER)
    return [*steps, PRODUCT, DESCRIPTION, PHOTOS, SEVERITY, PREVIEW]


def next_step(draft: dict[str, Any], step: str) -> str:
    """The step after `step`; while editing one answer, straight back to the preview."""
    if draft.get("editing") and not (step == KIND and draft.get("kind") == FeedbackKind.COMPLAINT):
        return PREVIEW
    steps = steps_for(draft)
    return steps[steps.index(step) + 1]


async def say(update: Update, text: str, markup: Any = None) -> Message:
    """Send a message to the chat of this update."""
    assert update.effective_chat is not None
    return await update.get_bot().send_message(update.effective_chat.id, text, reply_markup=markup)


async def prompt(update: Update, context: FieldContext, text: str, markup: InlineKeyboardMarkup) -> None:
    """Send a question with buttons; only this message's buttons count from now on (older ones are stale)."""
    message = await say(update, text, markup)
    context.draft(DRAFT)["prompt_id"] = message.message_id


async def ask(update: Update, context: FieldContext, step: str) -> str:
    """Send the question of `step` and return it as the new state."""
    lang, draft = context.lang, context.draft(DRAFT)
    if step == PREVIEW and draft.get("kind") == FeedbackKind.COMPLAINT and not draft.get("category"):
        step = CATEGORY  # the kind was changed to complaint and Back skipped the category
    # PTB does not tell callbacks which state they are in; Back needs to know.
    draft["step"] = step
    if step == KIND:
        rows = [[button(t(lang, f"feedback.kind.{k}"), f"kind:{k}")] for k in FeedbackKind]
        back = bool(draft.get("editing"))
        await prompt(update, context, t(lang, "feedback.ask_kind"), keyboard(rows, lang, back=back))
    elif step == CATEGORY:
        rows = [[button(t(lang, f"feedback.category.{c}"), f"cat:{c}")] for c in ComplaintCategory]
        await prompt(update, context, t(lang, "feedback.ask_category"), keyboard(rows, lang))
    elif step == CUSTOMER:
        async with context.db.session() as session:
            customers = await fb_db.team_customers(session, context.me.team_id or 0)
        rows = [[button(c.name, f"cust:{c.id}")] for c in customers]
        rows.append([button(t(lang, "common.skip"), "cust:skip")])
        await prompt(update, context, t(lang, "feedback.ask_customer"), keyboard(rows, lang))
    elif step == PRODUCT:
        rows = [[button(t(lang, "common.skip"), "prod:skip")]]
        await prompt(update, context, t(lang, "feedback.ask_product"), keyboard(rows, lang))
    elif step == DESCRIPTION:
        text = t(lang, "feedback.ask_description", limit=DESCRIPTION_MAX)
        await prompt(update, context, text, keyboard([], lang))
    elif step == PHOTOS:
        rows = [[button(t(lang, "feedback.photos_done"), "photos:done")]]
        await prompt(update, context, t(lang, "feedback.ask_photos"), keyboard(rows, lang))
    elif step == SEVERITY:
        rows = [[button(t(lang, f"feedback.severity.{s}"), f"sev:{s}")] for s in Severity]
        await prompt(update, context, t(lang, "feedback.ask_severity"), keyboard(rows, lang))
    else:
        for key in ("editing", "photos_before"):
            draft.pop(key, None)
        async with context.db.session() as session:
            customer_id = int(draft.get("customer_id") or 0)
            customer = await fb_db.team_customer(session, context.me.team_id, customer_id)
        body = feedback_ack.summary(lang, draft, customer=customer.name if customer else None)
        rows = [[button(t(lang, "common.submit"), "submit"), button(t(lang, "common.edit"), "edit")]]
        text = t(lang, "feedback.preview", summary=body)
        await prompt(update, context, text, keyboard(rows, lang, back=False))
    return step


def pressed(update: Update, context: FieldContext, prefix: str) -> str | None:
    """The value of a pressed button, or None when it is not on the current question (old or tampered)."""
    query = update.callback_query
    assert query is not None
    if query.message is None or query.message.message_id != context.draft(DRAFT).get("prompt_id"):
        return None
    return (query.data or "").removeprefix(f"{P}{prefix}")


async def accept(update: Update) -> None:
    """Answer the press and take the buttons off its message, so it cannot be pressed again."""
    query = update.callback_query
    assert query is not None
    await query.answer()
    await query.edit_message_reply_markup(None)


async def start(update: Update, context: FieldContext) -> str:
    """/feedback or the menu button: start a fresh draft and ask what kind of feedback it is."""
    draft = context.draft(DRAFT)
    draft.clear()
    team_id = context.me.team_id
    async with context.db.session() as session:
        draft["has_customers"] = team_id is not None and bool(await fb_db.team_customers(session, team_id, 1))
    return await ask(update, context, KIND)


async def chose_kind(update: Update, context: FieldContext) -> str | None:
    """Remember the kind; complaints go on to their category."""
    value = pressed(update, context, "kind:")
    if value not in KINDS:
        await stale(update, context)
        return None
    await accept(update)
    draft = context.draft(DRAFT)
    draft["kind"] = value
    if value != FeedbackKind.COMPLAINT:
        draft.pop("category", None)
    return await ask(update, context, next_step(draft, KIND))


async def chose_category(update: Update, context: FieldContext) -> str | None:
    """Remember what the complaint is about (it decides the routing)."""
    value = pressed(update, context, "cat:")
    if value not in CATEGORIES:
        await stale(update, context)
        return None
    await accept(update)
    draft = context.draft(DRAFT)
    draft["category"] = value
    return await ask(update, context, next_step(draft, CATEGORY))


async def chose_customer(update: Update, context: FieldContext) -> str | None:
    """Remember the customer, only one of the rep's own team (never trust the id in the button)."""
    value = pressed(update, context, "cust:")
    if value is None or not (value == "skip" or (value.isascii() and value.isdigit() and len(value) <= 12)):
        await stale(update, context)
        return None
    draft = context.draft(DRAFT)
    if value == "skip":
        draft.pop("customer_id", None)
    else:
        async with context.db.session() as session:
            customer = await fb_db.team_customer(session, context.me.team_id, int(value))
        if customer is None:
            assert update.callback_query is not None
            await update.callback_query.answer(t(context.lang, "common.not_yours"), show_alert=True)
            return None
        draft["customer_id"] = customer.id
    await accept(update)
    return await ask(update, context, next_step(draft, CUSTOMER))


async def typed_product(update: Update, context: FieldContext) -> str | None:
    """Take the product model (one line, at most 100 characters)."""
    assert update.message is not None
    text = " ".join((update.message.text or "").split())
    if not text:
        await text_expected(update, context)
        return None
    if len(text) > PRODUCT_MAX:
        await say(update, t(context.lang, "common.too_long", limit=PRODUCT_MAX, length=len(text)))
        return None
    draft = context.draft(DRAFT)
    draft["product_model"] = text
    return await ask(update, context, next_step(draft, PRODUCT))


async def skipped_product(update: Update, context: FieldContext) -> str | None:
    """No product model."""
    if pressed(update, context, "prod:") != "skip":
        await stale(update, context)
        return None
    await accept(update)
    draft = context.draft(DRAFT)
    draft.pop("product_model", None)
    return await ask(update, context, next_step(draft, PRODUCT))


async def typed_description(update: Update, context: FieldContext) -> str | None:
    """Take the description, kept exactly as typed (at most 2000 characters)."""
    assert update.message is not None
    text = (update.message.text or "").strip()
    if not text:
        await text_expected(update, context)
        return None
    # Counted the way Telegram counts (UTF-16), so the longest description still fits in one notice.
    length = len(text.encode("utf-16-le")) // 2
    if length > DESCRIPTION_MAX:
        await say(update, t(context.lang, "common.too_long", limit=DESCRIPTION_MAX, length=length))
        return None
    draft = context.draft(DRAFT)
    draft["description"] = text
    return await ask(update, context, next_step(draft, DESCRIPTION))


async def text_expected(update: Update, context: FieldContext) -> None:
    """A sticker, photo, voice or empty text where typed text is expected."""
    await say(update, t(context.lang, "common.text_expected"))


async def buttons_expected(update: Update, context: FieldContext) -> None:
    """Typed text (or anything else) where a button is expected."""
    await say(update, t(context.lang, "common.use_buttons"))


async def stale(update: Update, context: FieldContext) -> None:
    """A button of this conversation that does not belong to the current step (old or tampered)."""
    assert update.callback_query is not None
    await update.callback_query.answer(t(context.lang, "common.stale_button"), show_alert=True)
