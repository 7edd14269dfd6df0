"""/export: a month's HR workbook on demand (admins every team, supervisors their own): a month picker,
then "preparing…", the XLSX and a zip of its CSV files as documents, and that message edited to say so."""

from __future__ import annotations

from datetime import date

from telegram import InlineKeyboardButton, InlineKeyboardMarkup, InputFile, Update
from telegram.ext import BaseHandler, CallbackQueryHandler, CommandHandler

from handlers.common import MANAGERS
from handlers.scoring import parse_month
from presentation.buttons import ExportMonth
from presentation.context import FieldContext
from presentation.i18n import Raw, t
from presentation.score_text import month_label, previous_month
from presentation.score_workbook import csv_zip, month_files
from storage import attendance as attendance_db
from storage.models import Role, Team

Handlers = list[BaseHandler[Update, FieldContext, object]]
MONTHS_OFFERED = 4  # last month first, then this month so far and the two before last


def offered_months(today: date) -> list[date]:
    """Last month, this month, then the two before last month."""
    last = previous_month(today)
    before = previous_month(last)
    return [last, today.replace(day=1), before, previous_month(before)][:MONTHS_OFFERED]


async def _scope(context: FieldContext) -> tuple[list[int] | None, Raw] | None:
    """The teams this person exports (None: all) and how the messages name them; None if no team."""
    me = context.me
    if me.role == Role.ADMIN:
        return None, t(context.lang, "export.scope_all")
    async with context.db.read() as session:
        team = await session.get(Team, me.team_id) if me.team_id is not None else None
    if team is None or team.id is None:
        return None
    return [team.id], t(context.lang, "export.scope_team", team=team.name)


async def export(update: Update, context: FieldContext) -> None:
    """/export: the month picker."""
    assert update.effective_message is not None
    lang = context.lang
    if context.me.role not in MANAGERS:
        await update.effective_message.reply_text(t(lang, "export.not_allowed"))
        return
    scope = await _scope(context)
    if scope is None:
        await update.effective_message.reply_text(t(lang, "export.no_team"))
        return
    async with context.db.read() as session:
        zone = await attendance_db.zone_of(session, context.me.team_id or 0, context.settings.timezone)
    today = context.now().astimezone(zone).date()
    rows = [
        [InlineKeyboardButton(month_label(month), callback_data=ExportMonth(month_label(month)).pack())]
        for month in offered_months(today)
    ]
    await update.effective_message.reply_text(
        t(lang, "export.pick", scope=scope[1]), reply_markup=InlineKeyboardMarkup(rows)
    )


async def chose_month(update: Update, context: FieldContext) -> None:
    """A month of the picker: "preparing…", the files, then that message says they are ready."""
    query = update.callback_query
    assert query is not None and update.effective_chat is not None
    pressed = ExportMonth.unpack(query.data)
    month = parse_month(pressed.month) if pressed else None
    scope = await _scope(context) if context.me.role in MANAGERS else None
    if month is None or scope is None:
        await query.answer(t(context.lang, "export.not_allowed"), show_alert=True)
        return
    await query.answer()
    lang, chat = context.lang, update.effective_chat.id
    label = month_label(month)
    note = await context.bot.send_message(chat, t(lang, "export.preparing", month=label))
    files = await month_files(
        context.db,
        month,
        team_ids=scope[0],
        lang=lang,
        now=context.now(),
        default_zone=context.settings.timezone,
    )
    stem = f"fieldbot-{label}"
    caption = t(lang, "export.caption", month=label)
    await context.bot.send_document(chat, InputFile(files.xlsx, filename=f"{stem}.xlsx"), caption=caption)
    await context.bot.send_document(chat, InputFile(csv_zip(files.csv), filename=f"{stem}-csv.zip"))
    ready = t(lang, "export.ready", month=label, scope=scope[1], reps=files.reps, sheets=files.sheets)
    await note.edit_text(ready)


def build() -> Handlers:
    """/export and its month picker."""
    return [
        CommandHandler("export", export),
        CallbackQueryHandler(chose_month, pattern=ExportMonth.pattern()),
    ]
