"""The steps of /checkin after the location: which customer (or a new one), the check-in, the site photo.

The location step, /cancel and the wiring are in handlers.checkin.
"""

from __future__ import annotations

from datetime import datetime

from telegram import InlineKeyboardButton, InlineKeyboardMarkup, Update
from telegram.ext import ConversationHandler

from bot.context import FieldContext
from bot.geo import distance_m
from bot.i18n import t
from handlers.checkin_live import (
    PREFIX,
    already_checked_in,
    distance_text,
    drop_buttons,
    finish_keyboard,
    local_time,
)
from jobs import photo_fetch
from storage import checkins as checkin_db
from storage import customers as customer_db
from storage import files as files_db
from storage.field_models import Customer
from storage.file_models import Owner

CUSTOMER, NEW_NAME, CONFIRM, PHOTO = (
    "checkin.customer",
    "checkin.new_name",
    "checkin.confirm",
    "checkin.photo",
)
DRAFT = "checkin"


async def offer_customers(update: Update, context: FieldContext) -> None:
    """The team's customers nearest the rep's location, plus "new customer" and Cancel."""
    draft = context.draft(DRAFT)
    async with context.db.session() as session:
        nearest = await customer_db.nearest_customers(
            session, context.me.team_id or 0, draft["lat"], draft["lon"]
        )
    buttons = [
        [
            InlineKeyboardButton(
                t(
                    context.lang,
                    "checkin.customer_button",
                    name=c.name,
                    distance=distance_text(context.lang, d),
                )
                if d is not None
                else c.name,
                callback_data=f"{PREFIX}c:{c.id}",
            )
        ]
        for c, d in nearest
    ]
    buttons.append(
        [InlineKeyboardButton(t(context.lang, "checkin.new_customer"), callback_data=f"{PREFIX}new")]
    )
    buttons.append([InlineKeyboardButton(t(context.lang, "common.cancel"), callback_data=f"{PREFIX}cancel")])
    key = "checkin.choose_customer" if nearest else "checkin.no_customers"
    assert update.effective_chat is not None
    await context.bot.send_message(
        update.effective_chat.id, t(context.lang, key), reply_markup=InlineKeyboardMarkup(buttons)
    )


async def chose_customer(update: Update, context: FieldContext) -> str | None:
    """Preview a check-in at the customer chosen from the list (only a customer of the rep's own team)."""
    query = update.callback_query
    assert query is not None and query.data is not None
    raw = query.data.removeprefix(f"{PREFIX}c:")
    async with context.db.session() as session:
        customer = (
            await customer_db.customer_in_team(session, int(raw), context.me.team_id)
            if raw.isdigit()
            else None
        )
    if customer is None or "lat" not in context.draft(DRAFT):
        await query.answer(t(context.lang, "checkin.customer_unknown"), show_alert=True)
        return None
    await query.answer()
    draft = context.draft(DRAFT)
    draft.pop("new_name", None)
    draft["customer_id"] = customer.id
    if customer.latitude is None or customer.longitude is None:
        key, distance = "checkin.confirm_no_site", ""
    else:
        metres = distance_m(draft["lat"], draft["lon"], customer.latitude, customer.longitude)
        key, distance = "checkin.confirm", distance_text(context.lang, metres)
    await _preview(update, context, key, customer=customer.name, distance=distance)
    return CONFIRM


async def _preview(update: Update, context: FieldContext, key: str, **values: str) -> None:
    # Nothing is filed until the rep confirms: a wrong tap on a crowded list costs one « Back.
    async with context.db.session() as session:
        when = await local_time(session, context.me, datetime.fromisoformat(context.draft(DRAFT)["at"]))
    markup = InlineKeyboardMarkup(
        [
            [InlineKeyboardButton(t(context.lang, "checkin.confirm_button"), callback_data=f"{PREFIX}ok")],
            [InlineKeyboardButton(t(context.lang, "common.back"), callback_data=f"{PREFIX}back")],
        ]
    )
    text = t(context.lang, key, time=when, **values)
    if update.callback_query is not None:
        await update.callback_query.edit_message_text(text, reply_markup=markup)
    else:
        assert update.message is not None
        await update.message.reply_text(text, reply_markup=markup)


async def confirmed(update: Update, context: FieldContext) -> str | int | None:
    """File the previewed check-in."""
    query = update.callback_query
    assert query is not None
    draft = context.draft(DRAFT)
    if "customer_id" not in draft and "new_name" not in draft:
        await query.answer(t(context.lang, "common.stale_button"), show_alert=True)
        return None
    await query.answer()
    if "new_name" in draft:
        return await _check_in(update, context, new_name=str(draft["new_name"]))
    return await _check_in(update, context, customer_id=int(draft["customer_id"]))


async def new_customer(update: Update, context: FieldContext) -> str:
    """Ask the name of a customer not yet on file."""
    query = update.callback_query
    assert query is not None
    await query.answer()
    back = InlineKeyboardMarkup(
        [[InlineKeyboardButton(t(context.lang, "common.back"), callback_data=f"{PREFIX}back")]]
    )
    await query.edit_message_text(t(context.lang, "checkin.ask_new_name"), reply_markup=back)
    return NEW_NAME


async def back_to_customers(update: Update, context: FieldContext) -> str:
    """From the new customer's name, or from the preview, back to the list."""
    query = update.callback_query
    assert query is not None
    await query.answer()
    await drop_buttons(update)
    await offer_customers(update, context)
    return CUSTOMER


async def typed_new_name(update: Update, context: FieldContext) -> str | int | None:
    """Preview creating the customer at this location (flagged new for the supervisor) and checking in."""
    assert update.message is not None and update.message.text is not None
    name = " ".join(update.message.text.split())
    problem = customer_db.text_problem("name", name)
    if problem is not None:
        key = "common.too_long" if problem == "too_long" else "checkin.name_invalid"
        await update.message.reply_text(
            t(context.lang, key, limit=customer_db.LIMITS["name"], length=len(name))
        )
        return None
    async with context.db.session() as session:
        taken = await customer_db.name_taken(session, context.me.team_id or 0, name)
    if taken:
        await update.message.reply_text(t(context.lang, "checkin.name_exists", name=name))
        return None
    draft = context.draft(DRAFT)
    draft.pop("customer_id", None)
    draft["new_name"] = name
    await _preview(update, context, "checkin.confirm_new", customer=name)
    return CONFIRM


async def _check_in(
    update: Update, context: FieldContext, *, customer_id: int | None = None, new_name: str | None = None
) -> str | int:
    draft, me = context.draft(DRAFT), context.me
    customer: Customer | None
    async with context.db.session() as session:
        if new_name is not None:
            customer = await customer_db.add_customer(
                session,
                team_id=me.team_id or 0,
                name=new_name,
                created_by_id=me.id,
                latitude=draft["lat"],
                longitude=draft["lon"],
                is_new=True,
            )
        else:
            customer = await customer_db.customer_in_team(session, customer_id or 0, me.team_id)
        assert customer is not None
        checkin = await checkin_db.check_in(
            session,
            staff_id=me.id or 0,
            customer=customer,
            latitude=draft["lat"],
            longitude=draft["lon"],
            accuracy_m=draft.get("accuracy"),
            at=datetime.fromisoformat(draft["at"]),
            live_message_id=draft["message_id"] if draft.get("live") else None,
            # A site set by this very check-in proves nothing: unverified until a supervisor looks.
            judge_site=new_name is None,
        )
        if checkin is None and new_name is not None:
            await session.delete(customer)
        when = await local_time(session, me, datetime.fromisoformat(draft["at"]))
    if checkin is None:
        context.drop_draft(DRAFT)
        await already_checked_in(update, context)
        return ConversationHandler.END
    draft["checkin_id"] = checkin.id
    draft.pop("customer_id", None)
    draft.pop("new_name", None)
    text = t(
        context.lang,
        f"checkin.verdict.{checkin.verdict}",
        customer=customer.name,
        time=when,
        distance=distance_text(context.lang, checkin.distance_m),
    )
    if update.callback_query is not None:
        await update.callback_query.edit_message_text(text)
    else:
        assert update.message is not None
        await update.message.reply_text(text)
    assert update.effective_chat is not None
    skip = InlineKeyboardButton(t(context.lang, "common.skip"), callback_data=f"{PREFIX}skip")
    await context.bot.send_message(
        update.effective_chat.id,
        t(context.lang, "checkin.ask_photo"),
        reply_markup=InlineKeyboardMarkup([[skip]]),
    )
    return PHOTO


async def got_photo(update: Update, context: FieldContext) -> int:
    """Keep the site photo with the check-in."""
    assert update.message is not None and update.message.photo
    checkin_id = int(context.draft(DRAFT).get("checkin_id", 0))
    file_id = update.message.photo[-1].file_id
    async with context.db.session() as session:
        if await checkin_db.set_photo(session, checkin_id, context.me.id or 0, file_id):
            await files_db.register(session, Owner.CHECK_IN, checkin_id, [file_id], now=context.now())
            photo_fetch.fetch_soon(context.application)
    context.drop_draft(DRAFT)
    await update.message.reply_text(
        t(context.lang, "checkin.done_photo"), reply_markup=finish_keyboard(context)
    )
    return ConversationHandler.END


async def skipped_photo(update: Update, context: FieldContext) -> int:
    """No photo: the check-in is complete."""
    query = update.callback_query
    assert query is not None and update.effective_chat is not None
    await query.answer()
    await drop_buttons(update)
    context.drop_draft(DRAFT)
    await context.bot.send_message(
        update.effective_chat.id, t(context.lang, "checkin.done"), reply_markup=finish_keyboard(context)
    )
    return ConversationHandler.END
