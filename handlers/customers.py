"""/customers for supervisors and admins: the team's list, add one (short conversation), edit one field."""

from __future__ import annotations

from typing import Any

from telegram import InlineKeyboardButton as Button
from telegram import InlineKeyboardMarkup as Markup
from telegram import Update
from telegram.ext import CallbackQueryHandler, CommandHandler, ConversationHandler, MessageHandler, filters

from bot.context import FieldContext
from bot.i18n import Raw, t
from handlers.checkin_live import busy_elsewhere
from storage import customers as customer_db
from storage import staff as staff_db
from storage.customers import COLUMNS, FIELDS, LIMITS, RADIUS_MAX, RADIUS_MIN
from storage.models import Role

MENU, PICK, FIELD, PREVIEW = "customers.menu", "customers.pick", "customers.field", "customers.preview"
TEAM = "customers.team"
STATE = {field: f"customers.{field}" for field in FIELDS}
DRAFT, P = "customers", "cu:"
SKIPPABLE = {"address", "contact", "phone", "location"}
LIST_MAX = 60


def _row(*buttons: tuple[str, str]) -> list[Button]:
    return [Button(text, callback_data=f"{P}{data}") for text, data in buttons]


async def _say(
    update: Update, context: FieldContext, text: str, buttons: list[list[Button]] | None = None
) -> None:
    """Edit the message whose button was pressed, or send a new one after typed input."""
    markup = Markup(buttons) if buttons else None
    if update.callback_query is not None:
        await update.callback_query.edit_message_text(text, reply_markup=markup)
    else:
        assert update.effective_chat is not None
        await context.bot.send_message(update.effective_chat.id, text, reply_markup=markup)


def _team_id(context: FieldContext) -> int | None:
    """The team being managed: a supervisor's own; an admin's own or the one they chose."""
    me = context.me
    if me.team_id is not None or me.role != Role.ADMIN:
        return me.team_id
    chosen = context.draft(DRAFT).get("team_id")
    return int(chosen) if chosen is not None else None


def _fresh_draft(context: FieldContext) -> dict[str, Any]:
    """Start a new answer set, keeping only the team an admin chose."""
    draft = context.draft(DRAFT)
    team_id = draft.get("team_id")
    draft.clear()
    if team_id is not None:
        draft["team_id"] = team_id
    return draft


async def start(update: Update, context: FieldContext) -> str | int:
    """Supervisors and admins: the team's customers, with Add and Edit (admins without a team pick one)."""
    assert update.message is not None
    me, lang = context.me, context.lang
    if await busy_elsewhere(update, context, DRAFT):
        return ConversationHandler.END
    if me.role not in (Role.SUPERVISOR, Role.ADMIN):
        await update.message.reply_text(t(lang, "customers.not_allowed"))
        return ConversationHandler.END
    context.draft(DRAFT).clear()
    if me.team_id is not None:
        return await _show_list(update, context)
    async with context.db.session() as session:
        teams = await staff_db.list_teams(session) if me.role == Role.ADMIN else []
    if not teams:
        await update.message.reply_text(t(lang, "customers.no_team"))
        return ConversationHandler.END
    buttons = [_row((team.name, f"team:{team.id}")) for team in teams]
    buttons.append(_row((t(lang, "common.cancel"), "cancel")))
    await update.message.reply_text(t(lang, "customers.ask_team"), reply_markup=Markup(buttons))
    return TEAM


async def chose_team(update: Update, context: FieldContext) -> str | None:
    """An admin chose the team whose customers to manage."""
    query = update.callback_query
    assert query is not None and query.data is not None
    raw = query.data.removeprefix(f"{P}team:")
    async with context.db.session() as session:
        team = await staff_db.team_by_id(session, int(raw)) if raw.isdigit() else None
    if team is None or context.me.role != Role.ADMIN:
        await query.answer(t(context.lang, "common.not_yours"), show_alert=True)
        return None
    await query.answer()
    context.draft(DRAFT)["team_id"] = team.id
    return await _show_list(update, context)


async def _show_list(update: Update, context: FieldContext) -> str:
    lang = context.lang
    async with context.db.session() as session:
        customers = await customer_db.list_customers(session, _team_id(context) or 0)
        team = await staff_db.team_by_id(session, _team_id(context) or 0)
    lines = [
        t(
            lang,
            "customers.line",
            new="🆕 " if c.is_new else "",
            name=c.name,
            star=" ⭐" if c.key_account else "",
            site=t(lang, "customers.site_radius", radius=c.radius_m)
            if c.latitude is not None
            else t(lang, "customers.no_site"),
        )
        for c in customers[:LIST_MAX]
    ]
    if len(customers) > LIST_MAX:
        lines.append(t(lang, "customers.more", count=len(customers) - LIST_MAX))
    text = t(
        lang,
        "customers.list",
        team=team.name if team else "-",
        count=len(customers),
        lines=Raw("\n".join(lines) or t(lang, "customers.empty")),
    )
    buttons = [
        _row((t(lang, "customers.add"), "add"), (t(lang, "customers.edit"), "edit")),
        _row((t(lang, "common.cancel"), "cancel")),
    ]
    await _say(update, context, text, buttons)
    return MENU


async def add(update: Update, context: FieldContext) -> str:
    """Start a new customer: its name first."""
    assert update.callback_query is not None
    await update.callback_query.answer()
    draft = _fresh_draft(context)
    draft.update(radius_m=customer_db.RADIUS_DEFAULT, key_account=False)
    return await _ask(update, context, "name")


async def choose_existing(update: Update, context: FieldContext) -> str:
    """List the team's customers to pick one to edit."""
    assert update.callback_query is not None
    await update.callback_query.answer()
    async with context.db.session() as session:
        customers = await customer_db.list_customers(session, _team_id(context) or 0)
    buttons = [
        _row((("🆕 " if c.is_new else "") + c.name[:60], f"pick:{c.id}")) for c in customers[:LIST_MAX]
    ]
    buttons.append(_row((t(context.lang, "common.cancel"), "cancel")))
    await _say(update, context, t(context.lang, "customers.pick"), buttons)
    return PICK


async def picked(update: Update, context: FieldContext) -> str | None:
    """Load the chosen customer (of the person's own team only) and ask which field to change."""
    query = update.callback_query
    assert query is not None and query.data is not None
    raw = query.data.removeprefix(f"{P}pick:")
    async with context.db.session() as session:
        customer = (
            await customer_db.customer_in_team(session, int(raw), _team_id(context))
            if raw.isdigit()
            else None
        )
    if customer is None:
        await query.answer(t(context.lang, "common.not_yours"), show_alert=True)
        return None
    await query.answer()
    draft = _fresh_draft(context)
    draft.update(customer_id=customer.id, **{column: getattr(customer, column) for column in COLUMNS})
    return await _choose_field(update, context)


async def _choose_field(update: Update, context: FieldContext) -> str:
    lang = context.lang
    buttons = [_row((t(lang, f"customers.field.{f}"), f"field:{f}")) for f in FIELDS]
    buttons.append(_row((t(lang, "common.back"), "preview")))
    await _say(
        update, context, t(lang, "customers.which_field", name=context.draft(DRAFT).get("name", "")), buttons
    )
    return FIELD


async def edit_from_preview(update: Update, context: FieldContext) -> str:
    """Edit in the preview: choose the field."""
    assert update.callback_query is not None
    await update.callback_query.answer()
    return await _choose_field(update, context)


async def chose_field(update: Update, context: FieldContext) -> str | None:
    """Ask for the new value of one field; the answer leads back to the preview."""
    query = update.callback_query
    assert query is not None and query.data is not None
    field = query.data.removeprefix(f"{P}field:")
    if field not in FIELDS:
        await query.answer(t(context.lang, "common.stale_button"), show_alert=True)
        return None
    await query.answer()
    context.draft(DRAFT)["editing"] = True
    return await _ask(update, context, field)


async def _ask(update: Update, context: FieldContext, field: str) -> str:
    lang, draft = context.lang, context.draft(DRAFT)
    draft["step"] = field
    rows: list[list[Button]] = []
    if field == "radius_m":
        rows.append(_row(*((t(lang, "customers.metres", value=r), f"r:{r}") for r in (100, 300, 500, 1000))))
    if field == "key_account":
        rows.append(_row((t(lang, "customers.yes"), "key:1"), (t(lang, "customers.no"), "key:0")))
    if field in SKIPPABLE:
        # Buttons name their step, so a double press cannot answer the step that follows too.
        rows.append(_row((t(lang, "common.skip"), f"skip:{field}")))
    if draft.get("editing") or field != "name":
        rows.append(_row((t(lang, "common.back"), f"back:{field}")))
    rows.append(_row((t(lang, "common.cancel"), "cancel")))
    await _say(update, context, t(lang, f"customers.ask.{field}", min=RADIUS_MIN, max=RADIUS_MAX), rows)
    return STATE[field]


async def _next(update: Update, context: FieldContext) -> str:
    draft = context.draft(DRAFT)
    step = draft.get("step", "name")
    if draft.get("editing") or step == FIELDS[-1]:
        return await _preview(update, context)
    return await _ask(update, context, FIELDS[FIELDS.index(step) + 1])


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
    return await _ask(update, context, FIELDS[max(FIELDS.index(step) - 1, 0)])


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
                    session, _team_id(context) or 0, value, except_id=draft.get("customer_id")
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
    draft.update(latitude=update.message.location.latitude, longitude=update.message.location.longitude)
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
        return await _ask(update, context, "name")
    buttons = [
        _row((t(lang, "common.submit"), "submit"), (t(lang, "common.edit"), "fix")),
        _row((t(lang, "common.cancel"), "cancel")),
    ]
    await _say(update, context, t(lang, "customers.preview", summary=_summary(context)), buttons)
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
                session, int(draft["customer_id"]), _team_id(context)
            )
            if existing is None:
                await query.answer(t(context.lang, "common.not_yours"), show_alert=True)
                return None
        if await customer_db.name_taken(
            session, _team_id(context) or 0, fields["name"], except_id=draft.get("customer_id")
        ):
            await query.answer(t(context.lang, "customers.name_taken", name=fields["name"]), show_alert=True)
            return None
        if existing is not None:
            await customer_db.update_customer(session, existing, **fields)
        else:
            await customer_db.add_customer(
                session, team_id=_team_id(context) or 0, created_by_id=me.id, **fields
            )
    await query.answer()
    context.drop_draft(DRAFT)
    await query.edit_message_text(t(context.lang, "customers.saved", name=fields["name"]))
    return ConversationHandler.END


async def cancel(update: Update, context: FieldContext) -> int:
    """Drop what was typed."""
    context.drop_draft(DRAFT)
    if update.callback_query is not None:
        await update.callback_query.answer()
        await update.callback_query.edit_message_text(t(context.lang, "common.cancelled"))
    elif update.effective_message is not None:
        await update.effective_message.reply_text(t(context.lang, "common.cancelled"))
    return ConversationHandler.END


async def hint(update: Update, context: FieldContext) -> None:
    """Unexpected input: say what this step wants, stay in it."""
    assert update.effective_message is not None
    step = context.draft(DRAFT).get("step")
    key = f"customers.expected.{step}" if step in FIELDS else "common.use_buttons"
    await update.effective_message.reply_text(t(context.lang, key))


async def finish_first(update: Update, context: FieldContext) -> None:
    """Another command in the middle of this conversation."""
    assert update.effective_message is not None
    await update.effective_message.reply_text(t(context.lang, "common.finish_first"))


def build() -> ConversationHandler[FieldContext]:
    """The /customers conversation."""
    other = ~filters.COMMAND & filters.UpdateType.MESSAGE
    text = MessageHandler(filters.TEXT & other, typed)
    location = MessageHandler(filters.LOCATION & filters.UpdateType.MESSAGE, located)
    values = CallbackQueryHandler(pressed_value, pattern=rf"^{P}(skip:\w+|r:\d+|key:[01])$")
    step = [
        text,
        location,
        values,
        CallbackQueryHandler(back, pattern=rf"^{P}back:\w+$"),
        MessageHandler(other, hint),
    ]
    states: dict[object, list[Any]] = {state: step for state in STATE.values()}
    states.update(
        {
            TEAM: [CallbackQueryHandler(chose_team, pattern=rf"^{P}team:"), MessageHandler(other, hint)],
            MENU: [
                CallbackQueryHandler(add, pattern=f"^{P}add$"),
                CallbackQueryHandler(choose_existing, pattern=f"^{P}edit$"),
                MessageHandler(other, hint),
            ],
            PICK: [CallbackQueryHandler(picked, pattern=rf"^{P}pick:"), MessageHandler(other, hint)],
            FIELD: [
                CallbackQueryHandler(chose_field, pattern=rf"^{P}field:"),
                CallbackQueryHandler(show_preview, pattern=f"^{P}preview$"),
                MessageHandler(other, hint),
            ],
            PREVIEW: [
                CallbackQueryHandler(submit, pattern=f"^{P}submit$"),
                CallbackQueryHandler(edit_from_preview, pattern=f"^{P}fix$"),
                MessageHandler(other, hint),
            ],
        }
    )
    return ConversationHandler(
        entry_points=[CommandHandler("customers", start)],
        states=states,
        fallbacks=[
            CommandHandler("cancel", cancel),
            CallbackQueryHandler(cancel, pattern=f"^{P}cancel$"),
            MessageHandler(filters.COMMAND, finish_first),
        ],
        allow_reentry=True,
        name="customers",
        persistent=True,
    )
