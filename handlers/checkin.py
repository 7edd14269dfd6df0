"""/checkin: location (refusing forwarded, picked or stale ones) → which customer → optional site photo.

The steps after the location are in handlers.checkin_steps; /checkout, the "Check out" button and
live-location updates live in handlers.checkin_live.
"""

from __future__ import annotations

from typing import Any

from telegram import KeyboardButton, ReplyKeyboardMarkup, Update
from telegram.ext import (
    BaseHandler,
    CallbackQueryHandler,
    CommandHandler,
    ConversationHandler,
    MessageHandler,
    filters,
)

from bot.context import FieldContext
from bot.i18n import Raw, all_texts, t
from handlers import checkin_live
from handlers import checkin_steps as steps
from handlers.checkin_live import (
    PREFIX,
    already_checked_in,
    busy_elsewhere,
    drop_buttons,
    finish_keyboard,
    hand_over,
    hint,
    location_refusal,
)
from handlers.checkin_steps import CONFIRM, CUSTOMER, DRAFT, NEW_NAME, PHOTO

LOCATION = "checkin.location"
POOR_ACCURACY_M = 100


async def start(update: Update, context: FieldContext) -> str | int:
    """Ask for the location, unless the rep is already checked in somewhere."""
    assert update.message is not None
    if await busy_elsewhere(update, context, DRAFT) or await already_checked_in(update, context):
        return ConversationHandler.END
    context.draft(DRAFT).clear()
    keyboard = ReplyKeyboardMarkup(
        [[KeyboardButton(t(context.lang, "checkin.send_location"), request_location=True)]],
        resize_keyboard=True,
        one_time_keyboard=True,
    )
    await update.message.reply_text(t(context.lang, "checkin.ask_location"), reply_markup=keyboard)
    return LOCATION


async def located_directly(update: Update, context: FieldContext) -> str | int | None:
    """A location sent outside any conversation starts a check-in at step 2."""
    if await hand_over(update, context, DRAFT):
        return ConversationHandler.END
    if await already_checked_in(update, context):
        return ConversationHandler.END
    context.draft(DRAFT).clear()
    return await got_location(update, context)


async def got_location(update: Update, context: FieldContext) -> str | int | None:
    """Check where the location comes from, warn about poor accuracy, offer the nearest customers."""
    message = update.message
    assert message is not None and message.location is not None
    refusal = location_refusal(update, context.now())
    if refusal is not None:
        await message.reply_text(t(context.lang, refusal))
        return LOCATION
    location = message.location
    draft = context.draft(DRAFT)
    draft.clear()
    draft.update(
        lat=location.latitude,
        lon=location.longitude,
        accuracy=location.horizontal_accuracy,
        # Read from the raw fields: PTB warns on the attribute while its type changes to timedelta.
        live=location.to_dict().get("live_period") is not None,
        message_id=message.message_id,
        at=message.date.isoformat(),
    )
    text = t(context.lang, "checkin.location_ok")
    if location.horizontal_accuracy is not None and location.horizontal_accuracy > POOR_ACCURACY_M:
        text = Raw(
            text
            + "\n"
            + t(context.lang, "checkin.poor_accuracy", accuracy=f"{location.horizontal_accuracy:.0f}")
        )
    await message.reply_text(text, reply_markup=finish_keyboard(context))
    await steps.offer_customers(update, context)
    return CUSTOMER


async def cancel(update: Update, context: FieldContext) -> int:
    """Stop; a check-in already stored (at the photo step) is kept."""
    stored = "checkin_id" in context.draft(DRAFT)
    context.drop_draft(DRAFT)
    key = "checkin.done" if stored else "common.cancelled"
    if update.callback_query is not None:
        await update.callback_query.answer()
        await drop_buttons(update)
    assert update.effective_chat is not None
    await context.bot.send_message(
        update.effective_chat.id, t(context.lang, key), reply_markup=finish_keyboard(context)
    )
    return ConversationHandler.END


def build() -> ConversationHandler[FieldContext]:
    """The /checkin conversation."""
    location = filters.LOCATION & filters.UpdateType.MESSAGE
    other = ~filters.COMMAND & filters.UpdateType.MESSAGE
    return ConversationHandler(
        entry_points=[
            CommandHandler("checkin", start),
            MessageHandler(filters.Text(sorted(all_texts("menu.checkin"))), start),
            MessageHandler(location, located_directly),
        ],
        states={
            LOCATION: [
                MessageHandler(location, got_location),
                MessageHandler(other, hint("checkin.location_expected")),
            ],
            CUSTOMER: [
                CallbackQueryHandler(steps.chose_customer, pattern=rf"^{PREFIX}c:"),
                CallbackQueryHandler(steps.new_customer, pattern=f"^{PREFIX}new$"),
                MessageHandler(location, got_location),
                MessageHandler(other, hint("common.use_buttons")),
            ],
            NEW_NAME: [
                CallbackQueryHandler(steps.back_to_customers, pattern=f"^{PREFIX}back$"),
                MessageHandler(filters.TEXT & other, steps.typed_new_name),
                MessageHandler(other, hint("checkin.name_expected")),
            ],
            CONFIRM: [
                CallbackQueryHandler(steps.confirmed, pattern=f"^{PREFIX}ok$"),
                CallbackQueryHandler(steps.back_to_customers, pattern=f"^{PREFIX}back$"),
                MessageHandler(other, hint("common.use_buttons")),
            ],
            PHOTO: [
                MessageHandler(filters.PHOTO & filters.UpdateType.MESSAGE, steps.got_photo),
                CallbackQueryHandler(steps.skipped_photo, pattern=f"^{PREFIX}skip$"),
                MessageHandler(other, hint("checkin.photo_expected")),
            ],
        },
        fallbacks=[
            CommandHandler("cancel", cancel),
            CallbackQueryHandler(cancel, pattern=f"^{PREFIX}cancel$"),
            MessageHandler(filters.COMMAND, hint("common.finish_first")),
        ],
        allow_reentry=True,
        name="checkin",
        persistent=True,
    )


def handlers_by_group() -> dict[int, list[BaseHandler[Update, FieldContext, Any]]]:
    """Everything check-in registers: the conversation, then /checkout and live-location moves."""
    groups = checkin_live.handlers_by_group()
    groups[0] = [build(), *groups[0]]
    return groups
