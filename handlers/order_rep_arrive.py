"""Arrived: the rep's location judged against the customer's geofence like /checkin, recorded as the
check-in of the arrival, and the order moved to on site (its arrive target met) in the same transaction.

An arrival counts only inside the fence: outside it, the rep is told how far off they are and may send the
location again. A site without coordinates cannot be checked; the arrival is taken, unverified, as
/checkin does.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime

from telegram import ReplyKeyboardMarkup, Update
from telegram.ext import ConversationHandler

from domain.geo import Verdict, distance_m, verdict_for
from handlers.checkin_live import distance_text, finish_keyboard, location_refusal
from handlers.forms import engine
from handlers.forms.spec import Form
from handlers.order_rep import card, keyboard, mine, set_card_buttons
from presentation.buttons import RepAction
from presentation.context import FieldContext
from presentation.i18n import Raw, t
from presentation.menus import share_location
from presentation.order_rep_buttons import ARRIVE, needs_fee
from storage import checkins as checkin_db
from storage import orders as orders_db
from storage import teams as teams_db
from storage.field_models import Customer
from storage.order_models import WorkOrder


@dataclass(frozen=True)
class Arrival:
    """What was recorded: the order as it is now, where, how far from the site, when, and its card."""

    order: WorkOrder
    customer: str
    distance: float | None
    when: str
    card: Raw


def location_keyboard(lang: str) -> ReplyKeyboardMarkup:
    """The button that sends the phone's location."""
    return share_location(t(lang, "orders_rep.location_button"))


class _Refused(Exception):
    """The arrival cannot be recorded: the catalog key and values of why (rolls the transaction back)."""

    def __init__(self, key: str, *, stay: bool = False, **values: object) -> None:
        super().__init__(key)
        self.key, self.stay, self.values = key, stay, values


async def _record(
    context: FieldContext,
    order_id: int,
    state: str,
    lat: float,
    lon: float,
    accuracy: float | None,
    at: datetime,
) -> Arrival:
    """The check-in and the order's move, together or not at all."""
    me, now = context.me, context.now()
    async with context.db.session() as session:
        order = await mine(session, context, RepAction(ARRIVE, order_id, state))
        customer = await session.get(Customer, order.customer_id) if order else None
        if order is None or customer is None:
            raise _Refused("orders_rep.moved_on", id=order_id)
        distance = None
        if customer.latitude is not None and customer.longitude is not None:
            distance = distance_m(lat, lon, customer.latitude, customer.longitude)
        if verdict_for(distance, customer.radius_m) == Verdict.OUTSIDE:
            lang = context.lang
            raise _Refused("orders_rep.outside", stay=True, distance=distance_text(lang, distance),
                           customer=customer.name, radius=customer.radius_m)  # fmt: skip
        already = await checkin_db.open_checkin(session, me.id or 0)
        if already is not None and already[0].customer_id != customer.id:
            elsewhere = already[1].name if already[1] else "-"
            raise _Refused("orders_rep.checked_in_elsewhere", customer=elsewhere)
        checkin = already[0] if already is not None else None
        if checkin is None:
            checkin = await checkin_db.check_in(
                session, staff_id=me.id or 0, customer=customer, latitude=lat, longitude=lon,
                accuracy_m=accuracy, at=at, live_message_id=None,
            )  # fmt: skip
        moved = await orders_db.arrive(
            session, order_id, me.id or 0, check_in_id=checkin.id if checkin else None, now=now
        )
        if moved is None:  # reassigned or cancelled a moment ago
            raise _Refused("orders_rep.moved_on", id=order_id)
        zone = await teams_db.zone_of_team(session, moved.team_id, context.settings.timezone)
        when = (checkin.checked_in_at if checkin else now).astimezone(zone).strftime("%H:%M")
        return Arrival(
            moved, customer.name, distance, when, await card(session, context, moved, context.lang)
        )


async def located(update: Update, context: FieldContext, form: Form) -> str | int | None:
    """A location while arriving: refused (forwarded, picked, stale, outside the fence) or the arrival."""
    message = update.message
    assert message is not None and message.location is not None
    lang, draft = context.lang, context.draft(form.name)
    refusal = location_refusal(update, context.now())
    if refusal is not None:  # the one-time button is gone with the refused location: offer it again
        await message.reply_text(t(lang, refusal), reply_markup=location_keyboard(lang))
        return None
    loc = message.location
    try:
        arrival = await _record(
            context, int(draft["order_id"]), str(draft["state"]), loc.latitude, loc.longitude,
            loc.horizontal_accuracy, message.date,
        )  # fmt: skip
    except _Refused as refused:
        if refused.stay:
            again = location_keyboard(lang)
            await message.reply_text(t(lang, refused.key, **refused.values), reply_markup=again)
            return None
        engine.end(context, form.name)
        await message.reply_text(
            t(lang, refused.key, **refused.values), reply_markup=finish_keyboard(context)
        )
        return ConversationHandler.END
    card_id = draft.get("card")
    engine.end(context, form.name)
    order, distance = arrival.order, arrival.distance
    key = "orders_rep.arrived_unverified" if distance is None else "orders_rep.arrived"
    said = t(lang, key, customer=arrival.customer, id=order.id, time=arrival.when,
             distance=distance_text(lang, distance))  # fmt: skip
    nxt = t(lang, "orders_rep.next_fee" if needs_fee(order) else "orders_rep.next_on_site")
    await message.reply_text(Raw(f"{said}\n{nxt}"), reply_markup=finish_keyboard(context))
    await set_card_buttons(context, message.chat_id, card_id)
    await context.bot.send_message(message.chat_id, arrival.card, reply_markup=keyboard(order, lang))
    return ConversationHandler.END
