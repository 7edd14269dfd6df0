"""/checkin: the location (refusing forwarded, picked, stale or impossible ones), then the declared steps
(handlers.checkin_form: which customer, the optional site photo, the confirmation) on the form engine.

/checkout, the "Check out" button and live-location updates live in handlers.checkin_live.
"""

from __future__ import annotations

from telegram import Update
from telegram.ext import ConversationHandler, MessageHandler, filters

from gate.busy import busy_elsewhere, hand_over
from handlers import checkin_live
from handlers.checkin_form import FORM
from handlers.checkin_live import already_checked_in, finish_keyboard, location_refusal
from handlers.forms import engine, flow
from presentation.checkin_text import location_ok_text
from presentation.context import FieldContext
from presentation.i18n import t
from presentation.menus import share_location

LOCATION = "checkin.location"


async def start(update: Update, context: FieldContext) -> str | int:
    """Ask for the location, unless the rep is already checked in somewhere."""
    assert update.message is not None
    if await busy_elsewhere(update, context, FORM.name) or await already_checked_in(update, context):
        return ConversationHandler.END
    engine.end(context, FORM.name)
    engine.mark_open(context, FORM)
    keyboard = share_location(t(context.lang, "checkin.send_location"))
    await update.message.reply_text(t(context.lang, "checkin.ask_location"), reply_markup=keyboard)
    return LOCATION


async def located(update: Update, context: FieldContext) -> str | int | None:
    """A location, in /checkin or outside any conversation (then a check-in starts here): if it can be a
    check-in, say so (warning about poor accuracy) and ask which customer."""
    message = update.message
    assert message is not None and message.location is not None
    if await hand_over(update, context, FORM.name):
        return ConversationHandler.END
    if await already_checked_in(update, context):
        engine.end(context, FORM.name)
        return ConversationHandler.END
    engine.mark_open(context, FORM)
    refusal = location_refusal(update, context.now())
    if refusal is not None:
        await message.reply_text(t(context.lang, refusal))
        return LOCATION
    location = message.location
    engine.begin(
        context,
        FORM,
        lat=location.latitude,
        lon=location.longitude,
        accuracy=location.horizontal_accuracy,
        # Read from the raw fields: PTB warns on the attribute while its type changes to timedelta.
        live=location.to_dict().get("live_period") is not None,
        message_id=message.message_id,
        located_at=message.date.isoformat(),
    )
    text = location_ok_text(context.lang, location.horizontal_accuracy)
    await message.reply_text(text, reply_markup=finish_keyboard(context))
    return await engine.ask(update, context, FORM)


def build() -> ConversationHandler[FieldContext]:
    """The /checkin conversation: the location step, then the engine's states."""
    return flow.build(
        FORM,
        entry_points=[
            *flow.opened_by("checkin", "menu.checkin", start),
            MessageHandler(filters.UpdateType.MESSAGE & filters.LOCATION, located),
        ],
        states={LOCATION: [MessageHandler(flow.ANSWER, flow.hint("checkin.location_expected"))]},
    )


def handlers_by_group() -> dict[int, flow.Handlers]:
    """Everything check-in registers: the conversation, then /checkout and live-location moves."""
    groups = checkin_live.handlers_by_group()
    groups[0] = [build(), *groups[0]]
    return groups
