"""/customers for supervisors and admins: the team's list, add one (short conversation), edit one field.

The form's steps, preview and filing are in handlers.customer_steps; this module holds the team and
customer lists, the field chooser and the wiring.
"""

from __future__ import annotations

from typing import Any

from telegram import InlineKeyboardMarkup as Markup
from telegram import Update
from telegram.ext import CallbackQueryHandler, CommandHandler, ConversationHandler, MessageHandler, filters

from bot.context import FieldContext
from bot.i18n import Raw, t
from handlers import customer_steps as steps
from handlers import customer_upload as upload
from handlers.checkin_live import busy_elsewhere
from handlers.customer_steps import DRAFT, PREVIEW, STATE, P, ask, fresh_draft, managed_team_id, row, say
from storage import customers as customer_db
from storage import staff as staff_db
from storage.customers import COLUMNS, FIELDS
from storage.models import Role

MENU, PICK, FIELD = "customers.menu", "customers.pick", "customers.field"
TEAM = "customers.team"
LIST_MAX = 60


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
    buttons = [row((team.name, f"team:{team.id}")) for team in teams]
    buttons.append(row((t(lang, "common.cancel"), "cancel")))
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
        customers = await customer_db.list_customers(session, managed_team_id(context) or 0)
        team = await staff_db.team_by_id(session, managed_team_id(context) or 0)
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
        row((t(lang, "customers.add"), "add"), (t(lang, "customers.edit"), "edit")),
        row((t(lang, "import.button"), "import")),
        row((t(lang, "common.cancel"), "cancel")),
    ]
    await say(update, context, text, buttons)
    return MENU


async def choose_existing(update: Update, context: FieldContext) -> str:
    """List the team's customers to pick one to edit."""
    assert update.callback_query is not None
    await update.callback_query.answer()
    async with context.db.session() as session:
        customers = await customer_db.list_customers(session, managed_team_id(context) or 0)
    buttons = [row((("🆕 " if c.is_new else "") + c.name[:60], f"pick:{c.id}")) for c in customers[:LIST_MAX]]
    buttons.append(row((t(context.lang, "common.cancel"), "cancel")))
    await say(update, context, t(context.lang, "customers.pick"), buttons)
    return PICK


async def picked(update: Update, context: FieldContext) -> str | None:
    """Load the chosen customer (of the person's own team only) and ask which field to change."""
    query = update.callback_query
    assert query is not None and query.data is not None
    raw = query.data.removeprefix(f"{P}pick:")
    async with context.db.session() as session:
        customer = (
            await customer_db.customer_in_team(session, int(raw), managed_team_id(context))
            if raw.isdigit()
            else None
        )
    if customer is None:
        await query.answer(t(context.lang, "common.not_yours"), show_alert=True)
        return None
    await query.answer()
    draft = fresh_draft(context)
    draft.update(customer_id=customer.id, **{column: getattr(customer, column) for column in COLUMNS})
    return await _choose_field(update, context)


async def _choose_field(update: Update, context: FieldContext) -> str:
    lang = context.lang
    buttons = [row((t(lang, f"customers.field.{f}"), f"field:{f}")) for f in FIELDS]
    buttons.append(row((t(lang, "common.back"), "preview")))
    await say(
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
    return await ask(update, context, field)


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
    text = MessageHandler(filters.TEXT & other, steps.typed)
    location = MessageHandler(filters.LOCATION & filters.UpdateType.MESSAGE, steps.located)
    values = CallbackQueryHandler(steps.pressed_value, pattern=rf"^{P}(skip:\w+|r:\d+|key:[01])$")
    # A file sent while the list is shown is as good as one sent after pressing Import a file.
    document = MessageHandler(filters.Document.ALL & filters.UpdateType.MESSAGE, upload.received)
    step = [
        text,
        location,
        values,
        CallbackQueryHandler(steps.back, pattern=rf"^{P}back:\w+$"),
        MessageHandler(other, hint),
    ]
    states: dict[object, list[Any]] = {state: step for state in STATE.values()}
    states.update(
        {
            TEAM: [CallbackQueryHandler(chose_team, pattern=rf"^{P}team:"), MessageHandler(other, hint)],
            MENU: [
                CallbackQueryHandler(steps.add, pattern=f"^{P}add$"),
                CallbackQueryHandler(choose_existing, pattern=f"^{P}edit$"),
                CallbackQueryHandler(upload.ask_file, pattern=f"^{P}import$"),
                document,
                MessageHandler(other, hint),
            ],
            upload.UPLOAD: [document, MessageHandler(other, upload.expected_file)],
            PICK: [CallbackQueryHandler(picked, pattern=rf"^{P}pick:"), MessageHandler(other, hint)],
            FIELD: [
                CallbackQueryHandler(chose_field, pattern=rf"^{P}field:"),
                CallbackQueryHandler(steps.show_preview, pattern=f"^{P}preview$"),
                MessageHandler(other, hint),
            ],
            PREVIEW: [
                CallbackQueryHandler(steps.submit, pattern=f"^{P}submit$"),
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
