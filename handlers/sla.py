"""/sla: a team's service levels for work orders, per category and priority (hours to accept, arrive,
finish), and whether they count calendar or working hours. Supervisors set their team's, admins any
team's. Changing the hours is a one-step flow on the engine (three numbers, preview, save); orders
already open keep the due times they were given.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

from telegram import InlineKeyboardButton, InlineKeyboardMarkup, Message, Update
from telegram.error import BadRequest
from telegram.ext import BaseHandler, CallbackQueryHandler, CommandHandler, ConversationHandler

from domain.orders import HoursKind
from handlers import sla_hours
from handlers.forms import engine, flow
from handlers.forms.spec import Draft, Form, Invalid, asked
from handlers.sla_team import SlaPress, sla_press, sla_team
from presentation.buttons import SlaButton
from presentation.context import FieldContext
from presentation.i18n import Raw, t
from storage import order_sla as sla_db
from storage.models import Role, Team
from storage.order_lookup import teams_of

MAX_HOURS = 24 * 60  # two months: longer than any promise a service desk makes


def _names(lang: str, category: str, priority: str) -> dict[str, str]:
    return {
        "category": t(lang, f"orders.category.{category}"),
        "priority": t(lang, f"orders.priority.{priority}"),
    }


async def _table(context: FieldContext, team: Team) -> tuple[Raw, InlineKeyboardMarkup]:
    """The team's hours for every category and priority, with a button for each and the hours switch."""
    lang, team_id = context.lang, team.id or 0
    async with context.db.read() as session:
        hours = await sla_db.team_sla(session, team_id)
        settings = await sla_db.sla_settings(session, team_id)
    kind = HoursKind(settings.hours_kind)
    days = sla_hours.days_text(lang, settings.workdays)
    kind_text = t(lang, f"sla.kind.{kind.value}", start=settings.work_start, end=settings.work_end, days=days)
    lines = [t(lang, "sla.title", team=team.name, kind=kind_text)]
    buttons = []
    for (category, priority), h in hours.items():
        names = _names(lang, category.value, priority.value)
        lines.append(t(lang, "sla.line", **names, accept=h.accept, arrive=h.arrive, finish=h.finish))
        data = SlaButton("edit", team_id, category.value, priority.value).pack()
        buttons.append(InlineKeyboardButton(t(lang, "sla.edit_button", **names), callback_data=data))
    other = HoursKind.CALENDAR if kind is HoursKind.WORKING else HoursKind.WORKING
    switch = SlaButton("kind", team_id, other.value, "-").pack()
    rows = [buttons[i : i + 2] for i in range(0, len(buttons), 2)]
    day = SlaButton("hours", team_id, "-", "-").pack()
    rows.append(
        [
            InlineKeyboardButton(t(lang, f"sla.kind_button.{other.value}"), callback_data=switch),
            InlineKeyboardButton(t(lang, "sla.hours_button"), callback_data=day),
        ]
    )
    return Raw("\n".join(lines)), InlineKeyboardMarkup(rows)


async def show(update: Update, context: FieldContext) -> None:
    """/sla: the team's table (admins without a team pick the team first)."""
    assert update.message is not None
    me, lang = context.me, context.lang
    if me.role not in (Role.SUPERVISOR, Role.ADMIN):
        await update.message.reply_text(t(lang, "sla.not_allowed"))
        return
    # An admin without a team chooses among all; a supervisor only ever has their own.
    every = me.role == Role.ADMIN and me.team_id is None
    async with context.db.read() as session:
        teams = await teams_of(session, None if every else [me.team_id or 0])
    if not teams:
        await update.message.reply_text(t(lang, "orders.no_team"))
        return
    if len(teams) == 1:
        text, markup = await _table(context, teams[0])
        await update.message.reply_text(text, reply_markup=markup)
        return
    rows = [
        [InlineKeyboardButton(team.name, callback_data=SlaButton("team", team.id or 0, "-", "-").pack())]
        for team in teams
    ]
    await update.message.reply_text(t(lang, "sla.ask_team"), reply_markup=InlineKeyboardMarkup(rows))


@sla_press("team", "kind")
async def pressed(update: Update, context: FieldContext, press: SlaPress) -> None:
    """A team of the chooser, or the hours switch: the table, brought up to date in place."""
    query, data, team = press.query, press.button, press.team
    if data.action == "kind":
        async with context.db.session() as session:
            now = await sla_db.sla_settings(session, team.id or 0)
            await sla_db.set_sla_settings(
                session, team.id or 0, hours_kind=data.category, work_start=now.work_start,
                work_end=now.work_end, workdays=list(now.workdays),
            )  # fmt: skip
        days = sla_hours.days_text(context.lang, now.workdays)
        kind = t(context.lang, f"sla.kind.{data.category}", start=now.work_start, end=now.work_end, days=days)
        await query.answer(t(context.lang, "sla.kind_saved", kind=kind))
    else:
        await query.answer()
    text, markup = await _table(context, team)
    if isinstance(query.message, Message):
        try:
            await query.edit_message_text(text, reply_markup=markup)
        except BadRequest as exc:
            if "not modified" not in str(exc).lower():
                raise


def _parse(text: str, _draft: Draft) -> Any:
    """Three whole numbers of hours: accept, arrive, finish, each within reach of the one after."""
    parts = text.replace(",", " ").replace("/", " ").split()
    if len(parts) != 3 or not all(p.isdigit() and len(p) < 6 for p in parts):
        return Invalid("sla.invalid", {"max": MAX_HOURS})
    accept, arrive, finish = (int(p) for p in parts)
    if not 0 < accept <= arrive <= finish <= MAX_HOURS:
        return Invalid("sla.invalid", {"max": MAX_HOURS})
    return [accept, arrive, finish]


def _question(lang: str, draft: Draft) -> str:
    now = draft.get("now", [0, 0, 0])
    names = _names(lang, draft["category"], draft["priority"])
    return t(lang, "sla.ask_hours", **names, accept=now[0], arrive=now[1], finish=now[2])


HOURS = asked("hours", _question, "sla.edit_title", limit=40, parse=_parse)


def _saved_text(lang: str, draft: Draft, key: str) -> Raw:
    accept, arrive, finish = draft.get("answers", {}).get("hours", [0, 0, 0])
    names = _names(lang, draft["category"], draft["priority"])
    return t(lang, key, **names, accept=accept, arrive=arrive, finish=finish)


async def preview(context: FieldContext, draft: Draft) -> Sequence[str]:
    """The hours as they will be saved."""
    return [_saved_text(context.lang, draft, "sla.preview")]


async def submit(context: FieldContext, draft: Draft) -> str:
    """Save the team's hours for this category and priority (checked against the team again)."""
    if await sla_team(context, int(draft["team_id"])) is None:
        return t(context.lang, "common.not_yours")
    accept, arrive, finish = draft["answers"]["hours"]
    async with context.db.session() as session:
        await sla_db.set_team_sla(
            session, int(draft["team_id"]), draft["category"], draft["priority"],
            sla_db.SlaHours(accept, arrive, finish),
        )  # fmt: skip
    return _saved_text(context.lang, draft, "sla.saved")


FORM = Form(name="sla", steps=lambda _draft: (HOURS,), preview=preview, submit=submit)


@sla_press("edit")
async def edit(update: Update, context: FieldContext, press: SlaPress) -> str | int | None:
    """A category and priority of the table: ask its three numbers."""
    await press.query.answer()
    button, team_id = press.button, press.team.id
    async with context.db.read() as session:
        now = await sla_db.hours_for(session, team_id or 0, button.category, button.priority)
    fields = {"team_id": team_id, "category": button.category, "priority": button.priority}
    engine.begin(context, FORM, **fields, now=[now.accept, now.arrive, now.finish])
    return await engine.ask(update, context, FORM)


def build() -> list[BaseHandler[Update, FieldContext, Any]]:
    """/sla, its buttons, and the conversations that change one line's hours and the working day."""
    conversation: ConversationHandler[FieldContext] = flow.build(
        FORM, entry_points=[CallbackQueryHandler(edit, pattern=f"^{SlaButton.prefix}:edit:")]
    )
    return [
        conversation,
        sla_hours.build(),
        CommandHandler("sla", show),
        CallbackQueryHandler(pressed, pattern=SlaButton.pattern()),
    ]
