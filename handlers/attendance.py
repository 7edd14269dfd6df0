"""/attendance: a rep's own month; a supervisor's team (one line per rep), a rep's days and corrections with
buttons (audited in storage.attendance), other months, and the team's settings (`week mon-sat`,
`start 08:30`, `locate 15`)."""

from __future__ import annotations

from datetime import date

from telegram import InlineKeyboardMarkup, Update
from telegram.ext import BaseHandler, CallbackQueryHandler, CommandHandler

from domain.attendance import DayMark, month_sheet
from handlers.common import managed_team
from handlers.schedules import team_command
from presentation.attendance_text import (
    CHOICES,
    SETTINGS,
    choices_keyboard,
    days_keyboard,
    from_day_key,
    month_row,
    parse_setting,
    rep_month_text,
    team_keyboard,
    team_text,
    weekdays_label,
)
from presentation.buttons import AttendanceDay, AttendanceMonth, AttendanceSet
from presentation.context import FieldContext
from presentation.i18n import Raw, t
from presentation.schedule_text import BadInput
from storage import attendance as attendance_db
from storage.models import Role, Staff, Team

Sheet = dict[date, DayMark]


async def _today(context: FieldContext, team_id: int) -> date:
    """Today in the team's zone."""
    async with context.db.read() as session:
        zone = await attendance_db.zone_of(session, team_id, context.settings.timezone)
    return context.now().astimezone(zone).date()


async def _sheets(
    context: FieldContext, team_id: int, month: date, staff_id: int | None = None
) -> tuple[list[tuple[Staff, Sheet]], date | None]:
    """Each rep's marks for the month (only `staff_id`'s when given); the day counting stops at (today)."""
    today = await _today(context, team_id)
    until = today if (month.year, month.month) == (today.year, today.month) else None
    only = [staff_id] if staff_id is not None else None
    async with context.db.read() as session:
        work = await attendance_db.team_work_calendar(session, team_id, month.year, month.month)
        zone = context.settings.timezone
        months = await attendance_db.rep_months(
            session, team_id, month.year, month.month, staff_ids=only, until=until, default_zone=zone
        )
        reps = await attendance_db.team_reps(session, team_id)
    rows = [
        (rep, month_sheet(month.year, month.month, work, months[rep.id])) for rep in reps if rep.id in months
    ]
    return rows, until


async def team_view(context: FieldContext, team: Team, month: date) -> tuple[Raw, InlineKeyboardMarkup]:
    """The team's month and its buttons (reps, other months)."""
    assert team.id is not None
    rows, until = await _sheets(context, team.id, month)
    text = team_text(context.lang, team.name, month.year, month.month, [(r.name, s) for r, s in rows], until)
    reps = [(rep.id or 0, rep.name) for rep, _ in rows]
    return text, team_keyboard(team.id, reps, await _today(context, team.id), month)


async def rep_view(context: FieldContext, rep: Staff, month: date) -> tuple[Raw, InlineKeyboardMarkup] | None:
    """One rep's month; a supervisor's buttons correct days, a rep's only pick another month."""
    team_id = rep.team_id or 0
    rows, until = await _sheets(context, team_id, month, rep.id)
    if not rows:
        return None
    sheet = rows[0][1]
    text = rep_month_text(context.lang, rep.name, month.year, month.month, sheet, until)
    today = await _today(context, team_id)
    if context.me.role == Role.REP:
        return text, InlineKeyboardMarkup([month_row(team_id, rep.id or 0, today, month)])
    return text, days_keyboard(context.lang, team_id, rep.id or 0, sheet, today, month)


def _month_arg(text: str, today: date) -> date:
    """A typed `2026-10` (not in the future)."""
    try:
        year, month = (int(part) for part in text.split("-"))
        shown = date(year, month, 1)
    except ValueError:
        raise BadInput from None
    if shown > today:
        raise BadInput
    return shown


async def team_attendance(update: Update, context: FieldContext, team: Team, args: list[str]) -> None:
    """A supervisor's /attendance [YYYY-MM], or a team setting: week DAYS, start HH:MM, locate MINUTES."""
    assert update.message is not None and team.id is not None
    if args and args[0].lower() in SETTINGS:
        try:
            values = parse_setting(args)
        except ValueError:
            raise BadInput from None
        async with context.db.session() as session:
            saved = await attendance_db.save_work_settings(session, team.id, **values)
        days, minutes = weekdays_label(saved.weekdays), saved.locate_window_minutes
        shown = {"days": days, "start": saved.workday_start, "end": team.workday_end, "minutes": minutes}
        text = t(context.lang, "attendance.settings_saved", team=team.name, **shown)
        await update.message.reply_text(text)
        return
    today = await _today(context, team.id)
    month = _month_arg(args[0], today) if args else today.replace(day=1)
    if len(args) > 1:
        raise BadInput
    text, markup = await team_view(context, team, month)
    await update.message.reply_text(text, reply_markup=markup)


_for_team = team_command("attendance.usage", team_attendance)


async def attendance(update: Update, context: FieldContext) -> None:
    """/attendance: a rep sees their own month, supervisors and admins their team's."""
    assert update.message is not None
    me = context.me
    if me.role != Role.REP:
        await _for_team(update, context)
        return
    today = await _today(context, me.team_id or 0)
    try:
        month = _month_arg(context.args[0], today) if context.args else today.replace(day=1)
    except BadInput:
        await update.message.reply_text(
            t(context.lang, "schedules.bad_input", usage=t(context.lang, "attendance.usage"))
        )
        return
    view = await rep_view(context, me, month)
    if view is None:
        await update.message.reply_text(t(context.lang, "attendance.no_team"))
        return
    await update.message.reply_text(view[0], reply_markup=view[1])


async def _rep_if_allowed(context: FieldContext, staff_id: int) -> Staff | None:
    """The rep a button is about, if the presser may see them (never trusted from the button)."""
    me = context.me
    if staff_id <= 0:
        return None
    async with context.db.read() as session:
        rep = await session.get(Staff, staff_id)
    if rep is None or rep.team_id is None:
        return None
    if me.role == Role.ADMIN or rep.id == me.id:
        return rep
    return rep if me.role == Role.SUPERVISOR and rep.team_id == me.team_id else None


async def pressed_month(update: Update, context: FieldContext) -> None:
    """A month or a rep button: show that month of the team or of the rep."""
    query = update.callback_query
    assert query is not None
    pressed = AttendanceMonth.unpack(query.data)
    view = None
    if pressed is not None and 1 <= pressed.month % 100 <= 12 and 2000 <= pressed.month // 100 <= 9999:
        month = date(pressed.month // 100, pressed.month % 100, 1)
        if pressed.staff_id:
            rep = await _rep_if_allowed(context, pressed.staff_id)
            view = await rep_view(context, rep, month) if rep is not None else None
        elif (team := await managed_team(context, pressed.team_id)) is not None:
            view = await team_view(context, team, month)
    if view is None:
        await query.answer(t(context.lang, "common.not_yours"), show_alert=True)
        return
    await query.answer()
    await query.edit_message_text(view[0], reply_markup=view[1])


async def _day_of(
    context: FieldContext, pressed: AttendanceDay | AttendanceSet | None
) -> tuple[Staff, date] | None:
    """The rep and day a day button is about, if the presser may correct it (a day gone by)."""
    if pressed is None or context.me.role == Role.REP:
        return None
    rep = await _rep_if_allowed(context, pressed.staff_id)
    try:
        day = from_day_key(pressed.day)
    except ValueError:
        return None
    if rep is None or day > await _today(context, rep.team_id or 0):
        return None
    return rep, day


async def pressed_day(update: Update, context: FieldContext) -> None:
    """A day under a rep's month: ask what the day was."""
    query = update.callback_query
    assert query is not None
    found = await _day_of(context, AttendanceDay.unpack(query.data))
    if found is None:
        await query.answer(t(context.lang, "common.not_yours"), show_alert=True)
        return
    rep, day = found
    rows, _ = await _sheets(context, rep.team_id or 0, day.replace(day=1), rep.id)
    mark = rows[0][1].get(day) if rows else None
    shown = mark.value if mark else "·"
    text = t(context.lang, "attendance.day_title", name=rep.name, day=day.isoformat(), mark=shown)
    await query.answer()
    await query.edit_message_text(text, reply_markup=choices_keyboard(context.lang, rep.id or 0, day))


async def pressed_set(update: Update, context: FieldContext) -> None:
    """A correction: store it (audited), then show the rep's month again with the change."""
    query = update.callback_query
    assert query is not None
    pressed = AttendanceSet.unpack(query.data)
    found = await _day_of(context, pressed)
    if found is None or pressed is None or pressed.choice not in CHOICES:
        await query.answer(t(context.lang, "common.not_yours"), show_alert=True)
        return
    (rep, day), (mark, reason) = found, CHOICES[pressed.choice]
    async with context.db.session() as session:
        await attendance_db.set_mark(
            session, staff_id=rep.id or 0, day=day, mark=mark, reason=reason, by=context.me, now=context.now()
        )
    choice = t(context.lang, f"attendance.choice.{pressed.choice}")
    saved = t(context.lang, "attendance.saved", name=rep.name, day=day.isoformat(), choice=choice)
    view = await rep_view(context, rep, day.replace(day=1))
    await query.answer()
    if view is not None:
        await query.edit_message_text(Raw(saved + "\n\n" + view[0]), reply_markup=view[1])


def build() -> list[BaseHandler[Update, FieldContext, None]]:
    """The command and its buttons (one-shot: each button carries all it needs)."""
    return [
        CommandHandler("attendance", attendance),
        CallbackQueryHandler(pressed_month, pattern=AttendanceMonth.pattern()),
        CallbackQueryHandler(pressed_day, pattern=AttendanceDay.pattern()),
        CallbackQueryHandler(pressed_set, pattern=AttendanceSet.pattern()),
    ]
