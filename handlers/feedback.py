"""/feedback: a quality problem, customer complaint, market information or suggestion, step by step.

Kind → (complaints: category) → customer (optional) → product model (optional) → description → photos
→ severity → preview with Edit and Submit. The questions and the steps up to the description are in
handlers.feedback_steps; batch and critical feedback reach the supervisors at once (handlers.feedback_ack).
"""

from __future__ import annotations

from typing import Any

from telegram import InlineKeyboardMarkup, Update
from telegram.ext import CallbackQueryHandler, CommandHandler, ConversationHandler, MessageHandler, filters

from bot.context import FieldContext
from bot.i18n import Raw, all_texts, t
from bot.menus import MAIN_MENU, main_menu
from handlers import feedback_ack
from handlers.feedback_steps import (
    CATEGORY,
    CUSTOMER,
    DESCRIPTION,
    DRAFT,
    KIND,
    PHOTOS,
    PREVIEW,
    PRODUCT,
    SEVERITY,
    P,
    accept,
    ask,
    button,
    buttons_expected,
    chose_category,
    chose_customer,
    chose_kind,
    keyboard,
    next_step,
    pressed,
    prompt,
    say,
    skipped_product,
    stale,
    start,
    steps_for,
    text_expected,
    typed_description,
    typed_product,
)
from jobs import photo_fetch
from storage import feedback as fb_db
from storage import files as files_db
from storage.feedback import Severity
from storage.file_models import Owner

EDIT = "feedback.edit"
PHOTOS_MAX = 30
SEVERITIES = {s.value for s in Severity}
EDITABLE = {
    "kind": KIND,
    "customer": CUSTOMER,
    "product": PRODUCT,
    "description": DESCRIPTION,
    "photos": PHOTOS,
    "severity": SEVERITY,
}


async def added_photo(update: Update, context: FieldContext) -> None:
    """Add one photo (the largest size Telegram offers)."""
    assert update.message is not None
    photos: list[str] = context.draft(DRAFT).setdefault("photos", [])
    if len(photos) >= PHOTOS_MAX:
        await say(update, t(context.lang, "feedback.too_many_photos", limit=PHOTOS_MAX))
        return
    photos.append(update.message.photo[-1].file_id)
    done = InlineKeyboardMarkup([[button(t(context.lang, "feedback.photos_done"), "photos:done")]])
    await prompt(update, context, t(context.lang, "feedback.photo_added", count=len(photos)), done)


async def photos_done(update: Update, context: FieldContext) -> str | None:
    """No more photos."""
    if pressed(update, context, "photos:") != "done":
        await stale(update, context)
        return None
    await accept(update)
    draft = context.draft(DRAFT)
    draft.pop("photos_before", None)
    return await ask(update, context, next_step(draft, PHOTOS))


async def photo_expected(update: Update, context: FieldContext) -> None:
    """Anything but a photo while collecting photos."""
    await say(update, t(context.lang, "feedback.photo_expected"))


async def chose_severity(update: Update, context: FieldContext) -> str | None:
    """Remember how serious it is, then show the preview."""
    value = pressed(update, context, "sev:")
    if value not in SEVERITIES:
        await stale(update, context)
        return None
    await accept(update)
    draft = context.draft(DRAFT)
    draft["severity"] = value
    return await ask(update, context, next_step(draft, SEVERITY))


async def edit(update: Update, context: FieldContext) -> str | None:
    """Offer the answers that can be changed."""
    if pressed(update, context, "edit") != "":
        await stale(update, context)
        return None
    await accept(update)
    lang, draft = context.lang, context.draft(DRAFT)
    fields = [f for f in EDITABLE if f != "customer" or draft.get("has_customers")]
    rows = [[button(t(lang, f"feedback.field.{f}"), f"edit:{f}")] for f in fields]
    draft["step"] = EDIT
    await prompt(update, context, t(lang, "feedback.ask_edit"), keyboard(rows, lang))
    return EDIT


async def edit_field(update: Update, context: FieldContext) -> str | None:
    """Ask one answer again; the preview follows straight after."""
    field = pressed(update, context, "edit:")
    if field not in EDITABLE:
        await stale(update, context)
        return None
    await accept(update)
    draft = context.draft(DRAFT)
    draft["editing"] = True
    if field == "photos":
        # Photos are sent again from scratch; Back restores the old ones.
        draft["photos_before"], draft["photos"] = draft.get("photos", []), []
    return await ask(update, context, EDITABLE[field])


async def back(update: Update, context: FieldContext) -> str | None:
    """Go one step back (while editing: back to the preview, nothing changed)."""
    if pressed(update, context, "back") != "":
        await stale(update, context)
        return None
    await accept(update)
    draft = context.draft(DRAFT)
    current = draft.get("step", KIND)
    if draft.get("editing") or current == EDIT:
        if "photos_before" in draft:
            draft["photos"] = draft.pop("photos_before")
        return await ask(update, context, PREVIEW)
    steps = steps_for(draft)
    index = steps.index(current) if current in steps else 1
    return await ask(update, context, steps[max(index - 1, 0)])


async def submit(update: Update, context: FieldContext) -> int | None:
    """File the feedback; urgent feedback goes to the supervisors at once, whoever cannot be reached."""
    if pressed(update, context, "submit") != "":
        await stale(update, context)
        return None
    await accept(update)
    draft, me, lang = context.draft(DRAFT), context.me, context.lang
    async with context.db.session() as session:
        customer_id = int(draft.get("customer_id") or 0)
        if customer_id and await fb_db.team_customer(session, me.team_id, customer_id) is None:
            draft.pop("customer_id")  # the customer left the team meanwhile
        feedback = await fb_db.file_feedback(session, staff=me, answers=draft)
        photos = feedback.photo_file_ids
        if await files_db.register(session, Owner.FEEDBACK, feedback.id or 0, photos, now=context.now()):
            photo_fetch.fetch_soon(context.application)
    context.drop_draft(DRAFT)
    if feedback.routed_to:
        department = t(lang, f"feedback.dept.{feedback.routed_to}")
        text = t(lang, "feedback.filed_routed", id=feedback.id, department=department)
    else:
        text = t(lang, "feedback.filed", id=feedback.id)
    if feedback.severity in fb_db.URGENT:
        store = photo_fetch.store_of(context.bot_data)
        await feedback_ack.notify_supervisors(
            context.bot, context.db, context.settings, feedback.id or 0, store=store
        )
        text = Raw(f"{text}\n{t(lang, 'feedback.filed_urgent')}")
    await say(update, text, main_menu(lang))
    return ConversationHandler.END


async def cancel(update: Update, context: FieldContext) -> int | None:
    """/cancel or the Cancel button: drop the draft."""
    if update.callback_query is not None:
        if pressed(update, context, "cancel") != "":
            await stale(update, context)
            return None
        await accept(update)
    context.drop_draft(DRAFT)
    await say(update, t(context.lang, "common.cancelled"), main_menu(context.lang))
    return ConversationHandler.END


async def finish_first(update: Update, context: FieldContext) -> None:
    """Another feature's command or menu button in the middle of this conversation."""
    await say(update, t(context.lang, "common.finish_first"))


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
