"""The form behind /customers: each field's question and answer, the preview and filing it.

Adding walks every field in order; changing one (chosen in handlers.customers) asks only that field
and returns to the preview.
"""

from __future__ import annotations

from typing import Any

from telegram import InlineKeyboardButton as Button
from telegram import InlineKeyboardMarkup as Markup
from telegram import Update
from telegram.ext import ConversationHandler

from bot.context import FieldContext
from bot.geo import coordinates_problem
from bot.i18n import Raw, t
from storage import customers as customer_db
from storage.customers import COLUMNS, FIELDS, LIMITS, RADIUS_MAX, RADIUS_MIN
from storage.models import Role

PREVIEW = "customers.preview"
STATE = {field: f"customers.{field}" for field in FIELDS}
DRAFT, P = "customers", "cu:"
SKIPPABLE = {"address", "contact", "phone", "location"}


def row(*buttons: tuple[str, str]) -> list[Button]:
    """One keyboard row of (text, data) buttons, the data under this conversation's prefix."""
    return [Button(text, callback_data=f"{P}{data}") for text, data in buttons]


async def say(
    update: Update, context: FieldContext, text: str, buttons: list[list[Button]] | None = None
) -> None:
    """Edit the message whose button was pressed, or send a new one after typed input."""
    markup = Markup(buttons) if buttons else None
    if update.callback_query is not None:
        await update.callback_query.edit_message_text(text, reply_markup=markup)
    else:
        assert update.effective_chat is not None
        await context.bot.send_message(update.effective_chat.id, text, reply_markup=markup)


def managed_team_id(context: FieldContext) -> int | None:
    """The team being managed: a supervisor's own; an admin's own or the one they chose."""
    me = context.me
    if me.team_id is not None or me.role != Role.ADMIN:
        return me.team_id
    chosen = context.draft(DRAFT).get("team_id")
    return int(chosen) if chosen is not None else None


def fresh_draft(context: FieldContext) -> dict[str, Any]:
    """Start a new answer set, keeping only the team an admin chose."""
    draft = context.draft(DRAFT)
    team_id = draft.get("team_id")
    draft.clear()
    if team_id is not None:
        draft["team_id"] = team_id
    return draft


async def add(update: Update, context: FieldContext) -> str:
    """Start a new customer: its name first."""
    assert update.callback_query is not None
    await update.callback_query.answer()
    draft = fresh_draft(context)
    draft.update(radius_m=customer_db.RADIUS_DEFAULT, key_account=False)
    return await ask(update, context, "name")


async def ask(update: Update, context: FieldContext, field: str) -> str:
    """Ask for one field, with the buttons that field accepts."""
    lang, draft = context.lang, context.draft(DRAFT)
    draft["step"] = field
    rows: list[list[Button]] = []
    if field == "radius_m":
        rows.append(row(*((t(lang, "customers.metres", value=r), f"r:{r}") for r in (100, 300, 500, 1000))))
    if field == "key_account":
        rows.append(row((t(lang, "customers.yes"), "key:1"), (t(lang, "customers.no"), "key:0")))
    if field in SKIPPABLE:
        # Buttons name their step, so a double press cannot answer the step that follows too.
        rows.append(row((t(lang, "common.skip"), f"skip:{field}")))
    if draft.get("editing") or field != "name":
        rows.append(row((t(lang, "common.back"), f"back:{field}")))
    rows.append(row((t(lang, "common.cancel"), "cancel")))
    await say(update, context, t(lang, f"customers.ask.{field}", min=RADIUS_MIN, max=RADIUS_MAX), rows)
    return STATE[field]


async def _next(update: Update, context: FieldContext) -> str:
    draft = context.draft(DRAFT)
    step = draft.get("step", "name")
    if draft.get("editing") or step == FIELDS[-1]:
        return await _preview(update, context)
    return await ask(update, context, FIELDS[FIELDS.index(step) + 1])


async def back(update: Update, context: FieldContext) -> str | None:
    """« Back: the previous step, or the preview when changing one field."""
    query = update.callback_query
    assert query is not None
    draft = context.draft(DRAFT)
    step = draft.get("step", "name")
    if query.data != f"{P}back:{step}":
        await query.answer(t(context.lang, "common.stale_button"), show_alert=True)
        return None
    await query.answer()
    if draft.get("editing") or step == "name":
        return await _preview(update, context)
    return await ask(update, context, FIELDS[max(FIELDS.index(step) - 1, 0)])


async def typed(update: Update, context: FieldContext) -> str | None:
    """A typed answer to the current step, checked for that field."""
    assert update.message is not None and update.message.text is not None
    draft, lang = context.draft(DRAFT), context.lang
    step = draft.get("step", "name")
    value = " ".join(update.message.text.split())
    if step in LIMITS:
        problem = customer_db.text_problem(step, value)
        if problem is not None:
            key = "common.too_long" if problem == "too_long" else f"customers.invalid.{step}"
            await update.message.reply_text(t(lang, key, limit=LIMITS[step], length=len(value)))
            return None
        if step == "name":
            async with context.db.session() as session:
                taken = await customer_db.name_taken(
                    session, managed_team_id(context) or 0, value, except_id=draft.get("customer_id")
                )
            if taken:
                await update.message.reply_text(t(lang, "customers.name_taken", name=value))
                return None
    elif step == "radius_m":
        if not value.isdigit() or not RADIUS_MIN <= int(value) <= RADIUS_MAX:
            await update.message.reply_text(
                t(lang, "customers.invalid.radius_m", min=RADIUS_MIN, max=RADIUS_MAX)
            )
            return None
        value = int(value)  # type: ignore[assignment]
    else:
        await update.message.reply_text(t(lang, f"customers.expected.{step}"))
        return None
    draft[step] = value
    return await _next(update, context)


async def located(update: Update, context: FieldContext) -> str | None:
    """The site: a pin or a place picked from the map (the supervisor is rarely standing there)."""
    assert update.message is not None and update.message.location is not None
    draft = context.draft(DRAFT)
    if draft.get("step") != "location":
        await update.message.reply_text(t(context.lang, f"customers.expected.{draft.get('step', 'name')}"))
        return None
    lat, lon = update.message.location.latitude, update.message.location.longitude
    problem = coordinates_problem(lat, lon)
    if problem is not None:
        # (0, 0) is a phone without a fix, never a customer's site; stay on this step.
        await update.message.reply_text(t(context.lang, f"customers.location_{problem}"))
        return None
    draft.update(latitude=lat, longitude=lon)
    return await _next(update, context)


async def pressed_value(update: Update, context: FieldContext) -> str | None:
    """Skip, a radius button or Yes/No, for the step being asked."""
    query = update.callback_query
    assert query is not None and query.data is not None
    draft, data = context.draft(DRAFT), query.data.removeprefix(P)
    step = draft.get("step")
    if data == f"skip:{step}" and step in SKIPPABLE:
        draft.update({"latitude": None, "longitude": None} if step == "location" else {step: None})
    elif data.startswith("r:") and step == "radius_m" and data[2:] in {"100", "300", "500", "1000"}:
        draft["radius_m"] = int(data[2:])
    elif data in ("key:1", "key:0") and step == "key_account":
        draft["key_account"] = data == "key:1"
    else:
        await query.answer(t(context.lang, "common.stale_button"), show_alert=True)
        return None
    await query.answer()
    return await _next(update, context)


def _summary(context: FieldContext) -> Raw:
    draft, lang = context.draft(DRAFT), context.lang
    none = t(lang, "customers.none")
    site = (
        t(lang, "customers.coordinates", lat=f"{draft['latitude']:.5f}", lon=f"{draft['longitude']:.5f}")
        if draft.get("latitude") is not None
        else none
    )
    return t(
        lang,
        "customers.summary",
        name=draft.get("name") or none,
        address=draft.get("address") or none,
        contact=draft.get("contact") or none,
        phone=draft.get("phone") or none,
        site=site,
        radius=draft.get("radius_m", customer_db.RADIUS_DEFAULT),
        key_account=t(lang, "customers.yes" if draft.get("key_account") else "customers.no"),
    )


async def _preview(update: Update, context: FieldContext) -> str:
    draft, lang = context.draft(DRAFT), context.lang
    draft.pop("editing", None)
    draft["step"] = "preview"
    if not draft.get("name"):
        return await ask(update, context, "name")
    buttons = [
        row((t(lang, "common.submit"), "submit"), (t(lang, "common.edit"), "fix")),
        row((t(lang, "common.cancel"), "cancel")),
    ]
    await say(update, context, t(lang, "customers.preview", summary=_summary(context)), buttons)
    return PREVIEW


async def show_preview(update: Update, context: FieldContext) -> str:
    """Back to the preview."""
    assert update.callback_query is not None
    await update.callback_query.answer()
    return await _preview(update, context)


async def submit(update: Update, context: FieldContext) -> str | int | None:
    """File the new customer or the change."""
    query = update.callback_query
    assert query is not None
    draft, me = context.draft(DRAFT), context.me
    fields: dict[str, Any] = {column: draft.get(column) for column in COLUMNS}
    async with context.db.session() as session:
        existing = None
        if draft.get("customer_id"):
            existing = await customer_db.customer_in_team(
                session, int(draft["customer_id"]), managed_team_id(context)
            )
            if existing is None:
                await query.answer(t(context.lang, "common.not_yours"), show_alert=True)
                return None
        if await customer_db.name_taken(
            session, managed_team_id(context) or 0, fields["name"], except_id=draft.get("customer_id")
        ):
            await query.answer(t(context.lang, "customers.name_taken", name=fields["name"]), show_alert=True)
            return None
        if existing is not None:
            await customer_db.update_customer(session, existing, **fields)
        else:
            await customer_db.add_customer(
                session, team_id=managed_team_id(context) or 0, created_by_id=me.id, **fields
            )
    await query.answer()
    context.drop_draft(DRAFT)
    await query.edit_message_text(t(context.lang, "customers.saved", name=fields["name"]))
    return ConversationHandler.END
