"""/feedback: a quality problem, customer complaint, market information or suggestion, step by step.

Kind → (complaints: category) → customer (optional) → product model (optional) → description → photos
→ severity → preview with Edit and Submit. Batch and critical feedback reach the supervisors at once
(handlers.feedback_ack).
"""

from __future__ import annotations

from typing import Any

from telegram import InlineKeyboardButton, InlineKeyboardMarkup, Message, Update
from telegram.ext import CallbackQueryHandler, CommandHandler, ConversationHandler, MessageHandler, filters

from bot.context import FieldContext
from bot.i18n import Raw, all_texts, t
from bot.menus import MAIN_MENU, main_menu
from handlers import feedback_ack
from storage import feedback as fb_db
from storage.feedback import ComplaintCategory, FeedbackKind, Severity

KIND, CATEGORY, CUSTOMER = "feedback.kind", "feedback.category", "feedback.customer"
PRODUCT, DESCRIPTION, PHOTOS = "feedback.product", "feedback.description", "feedback.photos"
SEVERITY, PREVIEW, EDIT = "feedback.severity", "feedback.preview", "feedback.edit"
DRAFT = "feedback"
P = "fb:"  # callback data prefix of this conversation; fb:ack:/fb:res: belong to feedback_ack
PRODUCT_MAX, DESCRIPTION_MAX, PHOTOS_MAX = 100, 2000, 30
KINDS = {k.value for k in FeedbackKind}
CATEGORIES = {c.value for c in ComplaintCategory}
SEVERITIES = {s.value for s in Severity}
EDITABLE = {
    "kind": KIND,
    "customer": CUSTOMER,
    "product": PRODUCT,
    "description": DESCRIPTION,
    "photos": PHOTOS,
    "severity": SEVERITY,
}


def _button(text: str, data: str) -> InlineKeyboardButton:
    return InlineKeyboardButton(text, callback_data=f"{P}{data}")


def _keyboard(
    rows: list[list[InlineKeyboardButton]], lang: str, *, back: bool = True
) -> InlineKeyboardMarkup:
    last = [_button(t(lang, "common.back"), "back")] if back else []
    return InlineKeyboardMarkup([*rows, [*last, _button(t(lang, "common.cancel"), "cancel")]])


def _steps(draft: dict[str, Any]) -> list[str]:
    """The steps this draft goes through, in order (complaints get a category, customers only if any)."""
    steps = [KIND]
    if draft.get("kind") == FeedbackKind.COMPLAINT:
        steps.append(CATEGORY)
    if draft.get("has_customers"):
        steps.append(CUSTOMER)
    return [*steps, PRODUCT, DESCRIPTION, PHOTOS, SEVERITY, PREVIEW]


def _after(draft: dict[str, Any], step: str) -> str:
    """The step after `step`; while editing one answer, straight back to the preview."""
    if draft.get("editing") and not (step == KIND and draft.get("kind") == FeedbackKind.COMPLAINT):
        return PREVIEW
    steps = _steps(draft)
    return steps[steps.index(step) + 1]


async def _say(update: Update, text: str, markup: Any = None) -> Message:
    assert update.effective_chat is not None
    return await update.get_bot().send_message(update.effective_chat.id, text, reply_markup=markup)


async def _prompt(update: Update, context: FieldContext, text: str, markup: InlineKeyboardMarkup) -> None:
    """Send a question with buttons; only this message's buttons count from now on (older ones are stale)."""
    message = await _say(update, text, markup)
    context.draft(DRAFT)["prompt_id"] = message.message_id


async def _ask(update: Update, context: FieldContext, step: str) -> str:
    """Send the question of `step` and return it as the new state."""
    lang, draft = context.lang, context.draft(DRAFT)
    if step == PREVIEW and draft.get("kind") == FeedbackKind.COMPLAINT and not draft.get("category"):
        step = CATEGORY  # the kind was changed to complaint and Back skipped the category
    # PTB does not tell callbacks which state they are in; Back needs to know.
    draft["step"] = step
    if step == KIND:
        rows = [[_button(t(lang, f"feedback.kind.{k}"), f"kind:{k}")] for k in FeedbackKind]
        back = bool(draft.get("editing"))
        await _prompt(update, context, t(lang, "feedback.ask_kind"), _keyboard(rows, lang, back=back))
    elif step == CATEGORY:
        rows = [[_button(t(lang, f"feedback.category.{c}"), f"cat:{c}")] for c in ComplaintCategory]
        await _prompt(update, context, t(lang, "feedback.ask_category"), _keyboard(rows, lang))
    elif step == CUSTOMER:
        async with context.db.session() as session:
            customers = await fb_db.team_customers(session, context.me.team_id or 0)
        rows = [[_button(c.name, f"cust:{c.id}")] for c in customers]
        rows.append([_button(t(lang, "common.skip"), "cust:skip")])
        await _prompt(update, context, t(lang, "feedback.ask_customer"), _keyboard(rows, lang))
    elif step == PRODUCT:
        rows = [[_button(t(lang, "common.skip"), "prod:skip")]]
        await _prompt(update, context, t(lang, "feedback.ask_product"), _keyboard(rows, lang))
    elif step == DESCRIPTION:
        text = t(lang, "feedback.ask_description", limit=DESCRIPTION_MAX)
        await _prompt(update, context, text, _keyboard([], lang))
    elif step == PHOTOS:
        rows = [[_button(t(lang, "feedback.photos_done"), "photos:done")]]
        await _prompt(update, context, t(lang, "feedback.ask_photos"), _keyboard(rows, lang))
    elif step == SEVERITY:
        rows = [[_button(t(lang, f"feedback.severity.{s}"), f"sev:{s}")] for s in Severity]
        await _prompt(update, context, t(lang, "feedback.ask_severity"), _keyboard(rows, lang))
    else:
        for key in ("editing", "photos_before"):
            draft.pop(key, None)
        async with context.db.session() as session:
            customer_id = int(draft.get("customer_id") or 0)
            customer = await fb_db.team_customer(session, context.me.team_id, customer_id)
        body = feedback_ack.summary(lang, draft, customer=customer.name if customer else None)
        rows = [[_button(t(lang, "common.submit"), "submit"), _button(t(lang, "common.edit"), "edit")]]
        text = t(lang, "feedback.preview", summary=body)
        await _prompt(update, context, text, _keyboard(rows, lang, back=False))
    return step


def _value(update: Update, context: FieldContext, prefix: str) -> str | None:
    """The value of a pressed button, or None when it is not on the current question (old or tampered)."""
    query = update.callback_query
    assert query is not None
    if query.message is None or query.message.message_id != context.draft(DRAFT).get("prompt_id"):
        return None
    return (query.data or "").removeprefix(f"{P}{prefix}")


async def _accept(update: Update) -> None:
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
    return await _ask(update, context, KIND)


async def chose_kind(update: Update, context: FieldContext) -> str | None:
    """Remember the kind; complaints go on to their category."""
    value = _value(update, context, "kind:")
    if value not in KINDS:
        await stale(update, context)
        return None
    await _accept(update)
    draft = context.draft(DRAFT)
    draft["kind"] = value
    if value != FeedbackKind.COMPLAINT:
        draft.pop("category", None)
    return await _ask(update, context, _after(draft, KIND))


async def chose_category(update: Update, context: FieldContext) -> str | None:
    """Remember what the complaint is about (it decides the routing)."""
    value = _value(update, context, "cat:")
    if value not in CATEGORIES:
        await stale(update, context)
        return None
    await _accept(update)
    draft = context.draft(DRAFT)
    draft["category"] = value
    return await _ask(update, context, _after(draft, CATEGORY))


async def chose_customer(update: Update, context: FieldContext) -> str | None:
    """Remember the customer, only one of the rep's own team (never trust the id in the button)."""
    value = _value(update, context, "cust:")
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
    await _accept(update)
    return await _ask(update, context, _after(draft, CUSTOMER))


async def typed_product(update: Update, context: FieldContext) -> str | None:
    """Take the product model (one line, at most 100 characters)."""
    assert update.message is not None
    text = " ".join((update.message.text or "").split())
    if not text:
        await text_expected(update, context)
        return None
    if len(text) > PRODUCT_MAX:
        await _say(update, t(context.lang, "common.too_long", limit=PRODUCT_MAX, length=len(text)))
        return None
    draft = context.draft(DRAFT)
    draft["product_model"] = text
    return await _ask(update, context, _after(draft, PRODUCT))


async def skipped_product(update: Update, context: FieldContext) -> str | None:
    """No product model."""
    if _value(update, context, "prod:") != "skip":
        await stale(update, context)
        return None
    await _accept(update)
    draft = context.draft(DRAFT)
    draft.pop("product_model", None)
    return await _ask(update, context, _after(draft, PRODUCT))


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
        await _say(update, t(context.lang, "common.too_long", limit=DESCRIPTION_MAX, length=length))
        return None
    draft = context.draft(DRAFT)
    draft["description"] = text
    return await _ask(update, context, _after(draft, DESCRIPTION))


async def added_photo(update: Update, context: FieldContext) -> None:
    """Add one photo (the largest size Telegram offers)."""
    assert update.message is not None
    photos: list[str] = context.draft(DRAFT).setdefault("photos", [])
    if len(photos) >= PHOTOS_MAX:
        await _say(update, t(context.lang, "feedback.too_many_photos", limit=PHOTOS_MAX))
        return
    photos.append(update.message.photo[-1].file_id)
    done = InlineKeyboardMarkup([[_button(t(context.lang, "feedback.photos_done"), "photos:done")]])
    await _prompt(update, context, t(context.lang, "feedback.photo_added", count=len(photos)), done)


async def photos_done(update: Update, context: FieldContext) -> str | None:
    """No more photos."""
    if _value(update, context, "photos:") != "done":
        await stale(update, context)
        return None
    await _accept(update)
    draft = context.draft(DRAFT)
    draft.pop("photos_before", None)
    return await _ask(update, context, _after(draft, PHOTOS))


async def photo_expected(update: Update, context: FieldContext) -> None:
    """Anything but a photo while collecting photos."""
    await _say(update, t(context.lang, "feedback.photo_expected"))


async def chose_severity(update: Update, context: FieldContext) -> str | None:
    """Remember how serious it is, then show the preview."""
    value = _value(update, context, "sev:")
    if value not in SEVERITIES:
        await stale(update, context)
        return None
    await _accept(update)
    draft = context.draft(DRAFT)
    draft["severity"] = value
    return await _ask(update, context, _after(draft, SEVERITY))


async def edit(update: Update, context: FieldContext) -> str | None:
    """Offer the answers that can be changed."""
    if _value(update, context, "edit") != "":
        await stale(update, context)
        return None
    await _accept(update)
    lang, draft = context.lang, context.draft(DRAFT)
    fields = [f for f in EDITABLE if f != "customer" or draft.get("has_customers")]
    rows = [[_button(t(lang, f"feedback.field.{f}"), f"edit:{f}")] for f in fields]
    draft["step"] = EDIT
    await _prompt(update, context, t(lang, "feedback.ask_edit"), _keyboard(rows, lang))
    return EDIT


async def edit_field(update: Update, context: FieldContext) -> str | None:
    """Ask one answer again; the preview follows straight after."""
    field = _value(update, context, "edit:")
    if field not in EDITABLE:
        await stale(update, context)
        return None
    await _accept(update)
    draft = context.draft(DRAFT)
    draft["editing"] = True
    if field == "photos":
        # Photos are sent again from scratch; Back restores the old ones.
        draft["photos_before"], draft["photos"] = draft.get("photos", []), []
    return await _ask(update, context, EDITABLE[field])


async def back(update: Update, context: FieldContext) -> str | None:
    """Go one step back (while editing: back to the preview, nothing changed)."""
    if _value(update, context, "back") != "":
        await stale(update, context)
        return None
    await _accept(update)
    draft = context.draft(DRAFT)
    current = draft.get("step", KIND)
    if draft.get("editing") or current == EDIT:
        if "photos_before" in draft:
            draft["photos"] = draft.pop("photos_before")
        return await _ask(update, context, PREVIEW)
    steps = _steps(draft)
    index = steps.index(current) if current in steps else 1
    return await _ask(update, context, steps[max(index - 1, 0)])


async def submit(update: Update, context: FieldContext) -> int | None:
    """File the feedback; urgent feedback goes to the supervisors at once, whoever cannot be reached."""
    if _value(update, context, "submit") != "":
        await stale(update, context)
        return None
    await _accept(update)
    draft, me, lang = context.draft(DRAFT), context.me, context.lang
    async with context.db.session() as session:
        customer_id = int(draft.get("customer_id") or 0)
        if customer_id and await fb_db.team_customer(session, me.team_id, customer_id) is None:
            draft.pop("customer_id")  # the customer left the team meanwhile
        feedback = await fb_db.file_feedback(session, staff=me, answers=draft)
    context.drop_draft(DRAFT)
    if feedback.routed_to:
        department = t(lang, f"feedback.dept.{feedback.routed_to}")
        text = t(lang, "feedback.filed_routed", id=feedback.id, department=department)
    else:
        text = t(lang, "feedback.filed", id=feedback.id)
    if feedback.severity in fb_db.URGENT:
        await feedback_ack.notify_supervisors(context.bot, context.db, context.settings, feedback.id or 0)
        text = Raw(f"{text}\n{t(lang, 'feedback.filed_urgent')}")
    await _say(update, text, main_menu(lang))
    return ConversationHandler.END


async def cancel(update: Update, context: FieldContext) -> int | None:
    """/cancel or the Cancel button: drop the draft."""
    if update.callback_query is not None:
        if _value(update, context, "cancel") != "":
            await stale(update, context)
            return None
        await _accept(update)
    context.drop_draft(DRAFT)
    await _say(update, t(context.lang, "common.cancelled"), main_menu(context.lang))
    return ConversationHandler.END


async def text_expected(update: Update, context: FieldContext) -> None:
    """A sticker, photo, voice or empty text where typed text is expected."""
    await _say(update, t(context.lang, "common.text_expected"))


async def buttons_expected(update: Update, context: FieldContext) -> None:
    """Typed text (or anything else) where a button is expected."""
    await _say(update, t(context.lang, "common.use_buttons"))


async def stale(update: Update, context: FieldContext) -> None:
    """A button of this conversation that does not belong to the current step (old or tampered)."""
    assert update.callback_query is not None
    await update.callback_query.answer(t(context.lang, "common.stale_button"), show_alert=True)


async def finish_first(update: Update, context: FieldContext) -> None:
    """Another feature's command or menu button in the middle of this conversation."""
    await _say(update, t(context.lang, "common.finish_first"))


def build() -> ConversationHandler[FieldContext]:
    """The /feedback conversation."""
    # New messages only: edits (a live location moving, a corrected text) are not answers to a step.
    new = filters.UpdateType.MESSAGE
    menu = new & filters.Text(sorted(all_texts("menu.feedback")))
    # The main menu stays on screen; its other buttons are not answers to any step here.
    other_menu = filters.Text(sorted(set().union(*(all_texts(k) for row in MAIN_MENU for k in row))))
    typed = new & filters.TEXT & ~filters.COMMAND & ~other_menu
    anything = new & ~filters.COMMAND & ~other_menu

    def on(data: str, callback: Any) -> CallbackQueryHandler[FieldContext, Any]:
        return CallbackQueryHandler(callback, pattern=f"^{P}{data}")

    return ConversationHandler(
        entry_points=[CommandHandler("feedback", start), MessageHandler(menu, start)],
        states={
            KIND: [on("kind:", chose_kind), MessageHandler(anything, buttons_expected)],
            CATEGORY: [on("cat:", chose_category), MessageHandler(anything, buttons_expected)],
            CUSTOMER: [on("cust:", chose_customer), MessageHandler(anything, buttons_expected)],
            PRODUCT: [
                on("prod:skip$", skipped_product),
                MessageHandler(typed, typed_product),
                MessageHandler(anything, text_expected),
            ],
            DESCRIPTION: [MessageHandler(typed, typed_description), MessageHandler(anything, text_expected)],
            PHOTOS: [
                on("photos:done$", photos_done),
                MessageHandler(new & filters.PHOTO, added_photo),
                MessageHandler(anything, photo_expected),
            ],
            SEVERITY: [on("sev:", chose_severity), MessageHandler(anything, buttons_expected)],
            PREVIEW: [on("submit$", submit), on("edit$", edit), MessageHandler(anything, buttons_expected)],
            EDIT: [on("edit:", edit_field), MessageHandler(anything, buttons_expected)],
        },
        fallbacks=[
            CommandHandler("cancel", cancel),
            on("cancel$", cancel),
            on("back$", back),
            MessageHandler(new & (filters.COMMAND | other_menu), finish_first),
        ],
        allow_reentry=True,
        name="feedback",
        persistent=True,
    )
