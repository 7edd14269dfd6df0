"""/customers for supervisors and admins: the team's list, then add a customer, change one, or import a file.

The form itself (its steps, preview and saving) is handlers.customer_form on the engine; importing a file is
handlers.customer_upload. What is this flow's own: the team picker (admins without a team), the list, the
customer picker and the "what do you want to change" chooser that opens the form on a stored customer.
"""

from __future__ import annotations

from dataclasses import replace

from telegram import Update
from telegram.ext import CommandHandler, ConversationHandler, MessageHandler, filters

from handlers import customer_upload as upload
from handlers.common import MANAGERS, for_roles
from handlers.customer_form import FORM, managed_team_id
from handlers.forms import answers, engine, flow
from handlers.forms.spec import FormAction
from handlers.staff_common import chosen_team, named_id, prompt
from presentation.choices import edit_rows
from presentation.context import FieldContext
from presentation.customer_text import answers_of, customer_list, menu_choices, pick_choices
from presentation.i18n import t
from presentation.team_text import team_choices
from storage import customers as customer_db
from storage import staff as staff_db
from storage.models import Role

MENU, PICK, FIELD = "customers.menu", "customers.pick", "customers.field"
TEAM = "customers.team"


@for_roles(*MANAGERS, refusal="customers.not_allowed")
async def start(update: Update, context: FieldContext) -> str | int:
    """Supervisors and admins: the team's customers, with Add and Edit (admins without a team pick one)."""
    me, lang = context.me, context.lang
    engine.end(context, FORM.name)
    if me.team_id is not None:
        return await _show_list(update, context)
    async with context.db.read() as session:
        teams = await staff_db.list_teams(session) if me.role == Role.ADMIN else []
    if not teams:
        await answers.reply(update, context, "customers.no_team")
        return ConversationHandler.END
    engine.mark_open(context, FORM)
    await prompt(update, context, FORM, t(lang, "customers.ask_team"), team_choices(lang, teams))
    return TEAM


async def _chose_team(update: Update, context: FieldContext, arg: str) -> str | None:
    """An admin chose the team whose customers to manage."""
    team = await chosen_team(update, context, arg, "common.not_yours")
    if team is None:
        return None
    context.draft(FORM.name)["team_id"] = team.id
    return await _show_list(update, context)


async def _show_list(update: Update, context: FieldContext) -> str:
    lang = context.lang
    async with context.db.read() as session:
        customers = await customer_db.list_customers(session, managed_team_id(context) or 0)
        team = await staff_db.team_by_id(session, managed_team_id(context) or 0)
    text = customer_list(lang, team, customers)
    engine.mark_open(context, FORM)
    await prompt(update, context, FORM, text, menu_choices(lang))
    return MENU


async def _add(update: Update, context: FieldContext, _arg: str) -> str:
    """Add: the form's first question (the managed team, an admin's choice, carried into the fresh draft)."""
    await engine.close_press(update)
    engine.begin(context, FORM, team_id=managed_team_id(context))
    return await engine.ask(update, context, FORM)


async def _choose_existing(update: Update, context: FieldContext, _arg: str) -> str:
    """Edit: the team's customers, to pick the one to change."""
    assert update.callback_query is not None
    await update.callback_query.answer()
    async with context.db.read() as session:
        customers = await customer_db.list_customers(session, managed_team_id(context) or 0)
    lang = context.lang
    await prompt(update, context, FORM, t(lang, "customers.pick"), pick_choices(lang, customers))
    return PICK


async def _picked(update: Update, context: FieldContext, arg: str) -> str | None:
    """Open the form on the chosen customer (of the managed team only) and ask what to change."""
    query = update.callback_query
    assert query is not None
    team_id = managed_team_id(context)
    async with context.db.read() as session:
        customer = await customer_db.customer_in_team(session, named_id(arg), team_id)
    if customer is None:
        await query.answer(t(context.lang, "common.not_yours"), show_alert=True)
        return None
    await query.answer()
    stored = answers_of(customer)
    draft = engine.begin(context, FORM, team_id=team_id, customer_id=customer.id, answers=stored)
    # The engine's part buttons answer from the preview: this chooser stands in for the preview's Edit.
    draft.pop("step", None)
    draft["at"] = "preview"
    lang = context.lang
    # The preview's Edit list, its « Back leading to the customer as it would be saved.
    rows = edit_rows(lang, [(s.title(lang, draft), s.key) for s in FORM.steps(draft)], back="preview")
    await prompt(update, context, FORM, t(lang, "customers.which_field", name=customer.name), rows)
    return FIELD


async def _to_preview(update: Update, context: FieldContext, _arg: str) -> str:
    """« Back under the chooser: the customer as it would be saved, with Edit / Submit / Cancel."""
    await engine.close_press(update)
    return await engine.show_preview(update, context, FORM)


# What each button of the list and its pickers does, with the team or customer it names.
ACTIONS: dict[str, FormAction] = {
    "team": _chose_team,
    "add": _add,
    "change": _choose_existing,
    "import": upload.ask_file,
    "pick": _picked,
    "preview": _to_preview,
}


# The customer form with the list and its pickers: the same name, so the same draft and buttons.
MENUS = replace(FORM, actions=ACTIONS)


def build() -> ConversationHandler[FieldContext]:
    """The /customers conversation: the engine's states plus the list, the pickers and the upload."""
    # Each state also takes its prompt's Cancel (the engine's), and stale buttons of the others.
    choose = flow.chooser_state(MENUS)
    # A file sent while the list is shown is as good as one sent after pressing Import a file.
    document = MessageHandler(filters.Document.ALL & filters.UpdateType.MESSAGE, upload.received)
    wrong_file = MessageHandler(filters.UpdateType.MESSAGE & ~filters.COMMAND, flow.hint("import.wrong_type"))
    return flow.build(
        MENUS,
        entry_points=[CommandHandler("customers", start)],
        states={
            TEAM: choose,
            MENU: [document, *choose],
            upload.UPLOAD: [document, *flow.own_buttons(MENUS), wrong_file],
            PICK: choose,
            FIELD: choose,
        },
    )
