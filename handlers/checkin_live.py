"""Check-in outside its conversation's steps: /checkout, the "Check out" button, live-location updates
(edited messages) that become the check-in's track, and the checks and answers the steps share."""

from __future__ import annotations

from datetime import datetime, timedelta

from telegram import (
    ReplyKeyboardMarkup,
    ReplyKeyboardRemove,
    Update,
)
from telegram.ext import ApplicationHandlerStop, CallbackQueryHandler, CommandHandler, MessageHandler, filters

from domain.geo import coordinates_problem
from gate.busy import busy_elsewhere
from handlers.forms import answers, flow
from handlers.forms.engine import close_press, send_pages
from presentation.buttons import CheckOut
from presentation.checkin_text import checked_out_text, checkout_keyboard
from presentation.checkin_text import distance_text as distance_text  # re-exported: order_rep_arrive
from presentation.context import FieldContext
from presentation.i18n import t
from presentation.menus import main_menu
from storage import checkins as checkin_db
from storage import inbox
from storage import teams as teams_db
from storage.checkins import Point

# After the gate's access and busy checks (-10, -5), before every feature (0): a live-location move
# is never an answer to a step of any conversation.
LIVE_GROUP = -2
MAX_AGE = timedelta(seconds=120)


def finish_keyboard(context: FieldContext) -> ReplyKeyboardMarkup | ReplyKeyboardRemove:
    """The person's main menu when a step ends (in place of the location keyboard)."""
    return main_menu(context.lang, context.me.role)


async def local_time(session: checkin_db.AsyncSession, context: FieldContext, at: datetime) -> str:
    """A time as the person's team reads it."""
    zone = await teams_db.zone_of_team(session, context.me.team_id, context.settings.timezone)
    return at.astimezone(zone).strftime("%H:%M")


async def where_checked_in(session: checkin_db.AsyncSession, context: FieldContext, key: str) -> str | None:
    """The rep's open check-in in words (catalog text `key` with its customer and time); None without one."""
    found = await checkin_db.open_checkin(session, context.me.id or 0)
    if found is None:
        return None
    checkin, customer = found
    when = await local_time(session, context, checkin.checked_in_at)
    return t(context.lang, key, customer=customer.name if customer else "-", time=when)


async def already_checked_in(update: Update, context: FieldContext) -> bool:
    """If the rep has an open check-in, say where and offer to check out; True then."""
    if context.me.team_id is None:
        await answers.reply(update, context, "checkin.no_team")
        return True
    async with context.db.read() as session:
        text = await where_checked_in(session, context, "checkin.already_open")
    if text is None:
        return False
    await send_pages(update, context, [text], checkout_keyboard(context.lang))
    return True


async def checkout(update: Update, context: FieldContext) -> None:
    """/checkout or the button: close the open check-in and say how long the rep was there."""
    if await busy_elsewhere(update, context, "checkin"):
        return
    await close_press(update)
    async with context.db.session() as session:
        closed = await checkin_db.close_checkin(session, context.me.id or 0, context.now())
    await send_pages(update, context, [checked_out_text(context.lang, closed)], finish_keyboard(context))


async def live_moved(update: Update, context: FieldContext) -> None:
    """A live location moved: keep the position on the open check-in it feeds, then stop here."""
    message = update.edited_message
    assert message is not None and message.location is not None
    location = message.location
    at = message.edit_date or message.date
    async with context.db.session() as session:
        if context.staff is not None:
            point = Point(at, location.latitude, location.longitude, location.horizontal_accuracy)
            # Recorded silently: the verdict is for the supervisor, the rep is not told "suspicious".
            await checkin_db.record_live_point(session, context.staff.id or 0, message.message_id, point)
        # The gate's flush would do this after the features; nothing else is to run for a move.
        await inbox.finish(session, update.update_id)
    raise ApplicationHandlerStop


def location_refusal(update: Update, now: datetime) -> str | None:
    """Why this location cannot be a check-in, as a catalog key; None when it can."""
    message = update.message
    assert message is not None and message.location is not None
    if message.forward_origin is not None:
        return "checkin.forwarded"
    if message.venue is not None:
        return "checkin.venue"
    if now - message.date > MAX_AGE:
        return "checkin.too_old"
    problem = coordinates_problem(message.location.latitude, message.location.longitude)
    if problem is not None:
        return f"checkin.location_{problem}"
    return None


def handlers_by_group() -> dict[int, flow.Handlers]:
    """Live-location moves go in their own early group; /checkout and its button go with the features."""
    return {
        LIVE_GROUP: [MessageHandler(filters.UpdateType.EDITED_MESSAGE & filters.LOCATION, live_moved)],
        0: [CommandHandler("checkout", checkout), CallbackQueryHandler(checkout, pattern=CheckOut.pattern())],
    }
