"""/teams for admins: the list of teams, a new team, a new name, a new time zone (the team a fresh install
starts with is bot.default_team). A bad answer is explained and the step stays where it was; the team
being changed and the step live in the person's draft, and every prompt's buttons carry its token (the
engine's stale-button rule)."""

from __future__ import annotations

from telegram import Update
from telegram.ext import CallbackQueryHandler, CommandHandler, ConversationHandler, MessageHandler, filters

from domain.zones import UnknownZone, parse_zone
from handlers.common import for_roles
from handlers.forms import engine, flow
from handlers.staff_common import chooser, conversation, named_id, prompt
from presentation.choices import Rows, cancel
from presentation.context import FieldContext
from presentation.i18n import t
from presentation.team_text import card_choices, list_choices, team_card, team_list, zone_choices
from storage import staff as staff_db
from storage import teams as teams_db
from storage.models import Role, Team

DRAFT = "teams"
LIST, CARD, NAME, ZONE = "teams.list", "teams.card", "teams.name", "teams.zone"
# What each step's buttons may do; any other press (tampered data) is stale, like an earlier prompt's.
ACTIONS = {LIST: ("team", "new"), CARD: ("rename", "zone", "list"), NAME: (), ZONE: ("z",)}
# Its buttons and their token are the engine's; `pressed` below hands each press on by its action.
FORM = chooser(DRAFT, {})


async def _say(update: Update, context: FieldContext, state: str, text: str, rows: Rows | None = None) -> str:
    """A prompt of step `state`: its text and its buttons (a name is typed: Cancel only)."""
    context.draft(DRAFT)["state"] = state
    await prompt(update, context, FORM, text, rows or [[cancel(context.lang)]])
    return state


async def _team(context: FieldContext) -> Team | None:
    """The team this conversation is changing, if it still exists."""
    team_id = context.draft(DRAFT).get("team_id")
    async with context.db.read() as session:
        return await staff_db.team_by_id(session, int(team_id)) if team_id is not None else None


@for_roles(Role.ADMIN, refusal="teams.not_allowed")
async def start(update: Update, context: FieldContext) -> str | int:
    """Admins: every team, each a button, and New team."""
    context.draft(DRAFT).clear()
    return await _show_list(update, context)


async def _show_list(update: Update, context: FieldContext) -> str:
    async with context.db.read() as session:
        teams = await staff_db.list_teams(session)
        people = await staff_db.headcounts(session)
    text = team_list(context.lang, teams, people)
    return await _say(update, context, LIST, text, list_choices(context.lang, teams))


async def _show_card(update: Update, context: FieldContext, note: str = "") -> str | int:
    """One team with Rename and Time zone; `note` says what was just changed."""
    lang, team = context.lang, await _team(context)
    if team is None:
        return await _gone(update, context)
    async with context.db.read() as session:
        people = (await staff_db.headcounts(session)).get(team.id, 0)
    text = team_card(lang, team, people, note)
    return await _say(update, context, CARD, text, card_choices(lang))


async def _gone(update: Update, context: FieldContext) -> int:
    """The team was chosen, then disappeared: say so and end."""
    context.drop_draft(DRAFT)
    if update.callback_query is not None:
        await update.callback_query.edit_message_text(t(context.lang, "teams.gone"))
    elif update.effective_message is not None:
        await update.effective_message.reply_text(t(context.lang, "teams.gone"))
    return ConversationHandler.END


async def _ask_zone(update: Update, context: FieldContext, text: str | None = None) -> str:
    """Ask for a zone (typed, or one of the suggestions)."""
    text = text or t(context.lang, "teams.ask_zone")
    return await _say(update, context, ZONE, text, zone_choices(context.lang, context.settings.timezone))


async def pressed(update: Update, context: FieldContext) -> str | int | None:
    """A button of the prompt shown last: a team, New team, Rename, Time zone, Back, a zone or Cancel."""
    query = update.callback_query
    assert query is not None
    data, draft, lang = engine.pressed(context, FORM, update), context.draft(DRAFT), context.lang
    allowed = ("cancel", *ACTIONS.get(draft.get("state", ""), ()))
    if data is None or data.action not in allowed or (data.action == "team" and not named_id(data.arg)):
        await engine.stale(update, context)
        return None
    if data.action == "cancel":
        return await flow.cancel(update, context)
    await query.answer()
    if data.action in ("list", "new"):
        draft.clear()
    if data.action == "list":
        return await _show_list(update, context)
    if data.action == "new":
        return await _say(update, context, NAME, t(lang, "teams.ask_name", limit=teams_db.NAME_MAX))
    if data.action == "team":
        draft["team_id"] = named_id(data.arg)
        return await _show_card(update, context)
    if data.action == "z":
        return await _zone_chosen(update, context, data.arg)
    team = await _team(context)
    if team is None:
        return await _gone(update, context)
    if data.action == "rename":
        text = t(lang, "teams.ask_new_name", name=team.name, limit=teams_db.NAME_MAX)
        return await _say(update, context, NAME, text)
    return await _ask_zone(update, context)


async def typed_name(update: Update, context: FieldContext) -> str | int | None:
    """A typed team name: checked, then saved (rename) or kept until the zone is chosen (new team)."""
    assert update.message is not None and update.message.text is not None
    draft, lang = context.draft(DRAFT), context.lang
    name = " ".join(update.message.text.split())
    if not name or len(name) > teams_db.NAME_MAX:
        await update.message.reply_text(t(lang, "teams.invalid_name", limit=teams_db.NAME_MAX))
        return None
    team_id = draft.get("team_id")
    async with context.db.session() as session:
        taken = await teams_db.name_taken(session, name, except_id=team_id)
        if not taken and team_id is not None:
            await teams_db.rename_team(session, int(team_id), name)
    if taken:
        await update.message.reply_text(t(lang, "teams.name_taken", name=name))
        return None
    if team_id is not None:
        return await _show_card(update, context, t(lang, "teams.renamed", name=name))
    draft["name"] = name
    return await _ask_zone(update, context)


async def typed_zone(update: Update, context: FieldContext) -> str | int | None:
    """A typed zone name."""
    assert update.message is not None and update.message.text is not None
    return await _zone_chosen(update, context, update.message.text)


async def _zone_chosen(update: Update, context: FieldContext, value: str) -> str | int | None:
    """Check the zone, then create the new team or move the chosen one; a bad zone keeps the step."""
    draft, lang = context.draft(DRAFT), context.lang
    try:
        zone = parse_zone(value).key
    except UnknownZone:
        return await _ask_zone(update, context, t(lang, "teams.invalid_zone", zone=value.strip()[:64]))
    if draft.get("team_id") is None:
        async with context.db.session() as session:
            taken = await teams_db.name_taken(session, draft.get("name", ""))
            if not taken:
                draft["team_id"] = (await staff_db.add_team(session, name=draft["name"], timezone=zone)).id
        if taken:
            return await _say(update, context, NAME, t(lang, "teams.name_taken", name=draft.get("name", "")))
        return await _show_card(update, context, t(lang, "teams.created", name=draft["name"], zone=zone))
    async with context.db.session() as session:
        moved = await teams_db.set_zone(session, int(draft["team_id"]), zone)
    team = await _team(context) if moved else None
    if team is None:
        return await _gone(update, context)
    return await _show_card(update, context, t(lang, "teams.zone_set", name=team.name, zone=zone))


def build() -> ConversationHandler[FieldContext]:
    """The /teams conversation."""
    other = ~filters.COMMAND & filters.UpdateType.MESSAGE
    buttons = CallbackQueryHandler(pressed, pattern=flow.pattern(FORM))
    # Unexpected input: say what the step wants and stay in it.
    name, zone = flow.hint("teams.expected_name"), flow.hint("teams.expected_zone")
    states: dict[object, flow.Handlers] = {
        LIST: [buttons, MessageHandler(other, flow.use_buttons)],
        CARD: [buttons, MessageHandler(other, flow.use_buttons)],
        NAME: [buttons, MessageHandler(filters.TEXT & other, typed_name), MessageHandler(other, name)],
        ZONE: [buttons, MessageHandler(filters.TEXT & other, typed_zone), MessageHandler(other, zone)],
    }
    finish_first = MessageHandler(filters.COMMAND, flow.finish_first)
    return conversation(DRAFT, CommandHandler("teams", start), states, finish_first)
