"""The steps of /teams that ask and check: a team's name, its time zone, and the team card shown after.

A bad answer is explained and the step stays where it was; the team being changed and the step live in
the person's draft.
"""

from __future__ import annotations

from telegram import InlineKeyboardButton as Button
from telegram import InlineKeyboardMarkup as Markup
from telegram import Update
from telegram.ext import ConversationHandler

from domain.zones import UnknownZone, parse_zone
from presentation.context import FieldContext
from presentation.i18n import t
from storage import staff as staff_db
from storage import teams as teams_db
from storage.models import Team

LIST, CARD, NAME, ZONE = "teams.list", "teams.card", "teams.name", "teams.zone"
DRAFT, P = "teams", "tm:"
# Offered as buttons after the setting's own zone: China's two, and where Chinese companies' service
# teams commonly sit abroad. Any other IANA name can be typed.
COMMON_ZONES = ("Asia/Shanghai", "Asia/Urumqi", "Asia/Hong_Kong", "Asia/Singapore", "Europe/Berlin")


def row(*buttons: tuple[str, str]) -> list[Button]:
    """One keyboard row of (text, data) buttons under this conversation's prefix."""
    return [Button(text, callback_data=f"{P}{data}") for text, data in buttons]


async def say(update: Update, context: FieldContext, text: str, buttons: list[list[Button]]) -> None:
    """Edit the message whose button was pressed, or send a new one after typed input."""
    if update.callback_query is not None:
        await update.callback_query.edit_message_text(text, reply_markup=Markup(buttons))
    else:
        assert update.effective_chat is not None
        await context.bot.send_message(update.effective_chat.id, text, reply_markup=Markup(buttons))


async def team_in_draft(context: FieldContext) -> Team | None:
    """The team this conversation is changing, if it still exists."""
    team_id = context.draft(DRAFT).get("team_id")
    async with context.db.session() as session:
        return await staff_db.team_by_id(session, int(team_id)) if team_id is not None else None


async def show_card(update: Update, context: FieldContext, note: str = "") -> str | int:
    """One team with Rename and Time zone; `note` says what was just changed."""
    lang = context.lang
    team = await team_in_draft(context)
    if team is None:
        return await gone(update, context)
    async with context.db.session() as session:
        people = len(await staff_db.list_staff(session, team_id=team.id))
    card = t(lang, "teams.card", name=team.name, zone=team.timezone, people=people)
    buttons = [
        row((t(lang, "teams.rename"), "rename"), (t(lang, "teams.zone"), "zone")),
        row((t(lang, "common.back"), "list"), (t(lang, "common.cancel"), "cancel")),
    ]
    await say(update, context, f"{note}\n\n{card}" if note else card, buttons)
    context.draft(DRAFT)["step"] = "card"
    return CARD


async def gone(update: Update, context: FieldContext) -> int:
    """The team was chosen, then disappeared: say so and end."""
    context.drop_draft(DRAFT)
    if update.callback_query is not None:
        await update.callback_query.edit_message_text(t(context.lang, "teams.gone"))
    elif update.effective_message is not None:
        await update.effective_message.reply_text(t(context.lang, "teams.gone"))
    return ConversationHandler.END


async def ask_name(update: Update, context: FieldContext, text: str) -> str:
    """Ask for a name with `text`."""
    context.draft(DRAFT)["step"] = "name"
    await say(update, context, text, [row((t(context.lang, "common.cancel"), "cancel"))])
    return NAME


async def ask_zone(update: Update, context: FieldContext, text: str | None = None) -> str:
    """Ask for a zone (typed, or one of the suggestions)."""
    context.draft(DRAFT)["step"] = "zone"
    zones = list(dict.fromkeys((context.settings.timezone, *COMMON_ZONES)))
    buttons = [row(*((zone, f"z:{zone}") for zone in zones[i : i + 2])) for i in range(0, len(zones), 2)]
    buttons.append(row((t(context.lang, "common.cancel"), "cancel")))
    await say(update, context, text or t(context.lang, "teams.ask_zone"), buttons)
    return ZONE


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
        return await show_card(update, context, t(lang, "teams.renamed", name=name))
    draft["name"] = name
    return await ask_zone(update, context)


async def typed_zone(update: Update, context: FieldContext) -> str | int | None:
    """A typed zone name."""
    assert update.message is not None and update.message.text is not None
    return await _zone_chosen(update, context, update.message.text)


async def pressed_zone(update: Update, context: FieldContext) -> str | int | None:
    """One of the suggested zones."""
    query = update.callback_query
    assert query is not None and query.data is not None
    await query.answer()
    return await _zone_chosen(update, context, query.data.removeprefix(f"{P}z:"))


async def _zone_chosen(update: Update, context: FieldContext, value: str) -> str | int | None:
    """Check the zone, then create the new team or move the chosen one; a bad zone keeps the step."""
    draft, lang = context.draft(DRAFT), context.lang
    try:
        zone = parse_zone(value).key
    except UnknownZone:
        return await ask_zone(update, context, t(lang, "teams.invalid_zone", zone=value.strip()[:64]))
    if draft.get("team_id") is None:
        async with context.db.session() as session:
            if await teams_db.name_taken(session, draft.get("name", "")):
                taken = True
            else:
                taken = False
                team = await staff_db.add_team(session, name=draft["name"], timezone=zone)
                draft["team_id"] = team.id
        if taken:
            return await ask_name(update, context, t(lang, "teams.name_taken", name=draft.get("name", "")))
        return await show_card(update, context, t(lang, "teams.created", name=draft["name"], zone=zone))
    async with context.db.session() as session:
        moved = await teams_db.set_zone(session, int(draft["team_id"]), zone)
    if not moved:
        return await gone(update, context)
    moved_team = await team_in_draft(context)
    name = moved_team.name if moved_team else ""
    return await show_card(update, context, t(lang, "teams.zone_set", name=name, zone=zone))
