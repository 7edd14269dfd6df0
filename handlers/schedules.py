"""/schedule and /leave, and the helpers handlers.holidays shares: supervisors (their own team) and admins
(any team, named with @Team) change report deadlines and mark someone on leave. One-line commands with
arguments: there is nothing to ask step by step, and the usage text shows the exact form."""

from __future__ import annotations

import re
from datetime import date, timedelta

from telegram import Update
from telegram.ext import BaseHandler, CommandHandler

from domain.deadlines import DEFAULT_SCHEDULES
from presentation import services
from presentation.context import FieldContext
from presentation.i18n import Raw, t
from storage import reminders as reminders_db
from storage import staff as staff_db
from storage.field_models import ReportSchedule
from storage.models import Role, Team

KINDS = ("daily", "weekly", "monthly")
WEEKDAYS = ["mon", "tue", "wed", "thu", "fri", "sat", "sun"]
TIME = re.compile(r"^([01]?\d|2[0-3]):([0-5]\d)$")
MAX_OFFSET_MINUTES = 14 * 24 * 60
MAX_ARGS_LENGTH = 300


class BadInput(ValueError):
    """The arguments could not be read."""


async def _team(update: Update, context: FieldContext, args: list[str]) -> Team | None:
    """The team the command is about, answering the person when there is none; pops a trailing @Team."""
    assert update.message is not None
    me = context.me
    if me.role not in (Role.SUPERVISOR, Role.ADMIN):
        await update.message.reply_text(t(context.lang, "schedules.not_allowed"))
        return None
    named = args.pop()[1:] if args and args[-1].startswith("@") else None
    async with context.db.session() as session:
        if named is not None:
            team = await staff_db.team_by_name(session, named)
            if team is None:
                await update.message.reply_text(t(context.lang, "schedules.team_unknown", team=named))
                return None
            if me.role != Role.ADMIN and team.id != me.team_id:
                await update.message.reply_text(t(context.lang, "schedules.not_allowed"))
                return None
            return team
        team = await staff_db.team_by_id(session, me.team_id) if me.team_id is not None else None
    if team is None:
        await update.message.reply_text(t(context.lang, "schedules.no_team"))
    return team


def _args(context: FieldContext) -> list[str]:
    args = list(context.args or [])
    if sum(len(a) for a in args) > MAX_ARGS_LENGTH:
        raise BadInput
    return args


def default_row(team_id: int, kind: str) -> ReportSchedule:
    """What a team without a stored schedule gets (weekly and monthly on, daily off)."""
    default = DEFAULT_SCHEDULES[kind]
    return ReportSchedule(
        team_id=team_id,
        kind=kind,
        weekday=default.weekday,
        day_of_month=default.day_of_month,
        due_time=default.due_time.strftime("%H:%M"),
        grace_minutes=int(default.grace.total_seconds() // 60),
        reminder_offsets_minutes=[int(o.total_seconds() // 60) for o in default.reminder_offsets],
        active=kind in reminders_db.DEFAULT_KINDS,
    )


def _line(lang: str, kind: str, row: ReportSchedule) -> Raw:
    when = {
        "weekly": f"{WEEKDAYS[row.weekday or 0]} {row.due_time}",
        "monthly": f"day {row.day_of_month or 30} {row.due_time}",
    }
    return t(
        lang,
        "schedules.line",
        kind=t(lang, f"schedules.kind.{kind}"),
        when=when.get(kind, row.due_time),
        grace=row.grace_minutes,
        offsets=",".join(str(m) for m in row.reminder_offsets_minutes),
        off=Raw("" if row.active else t(lang, "schedules.off")),
    )


def parse_schedule(args: list[str]) -> tuple[str, dict[str, object]]:
    """`weekly mon 10:00 grace=30 remind=1440,120` into a kind and the columns to set."""
    if not args or args[0] not in ("daily", "weekly", "monthly"):
        raise BadInput
    kind, rest = args[0], args[1:]
    if rest == ["off"]:
        return kind, {"active": False}
    values: dict[str, object] = {"active": True}
    if kind == "weekly":
        if not rest or rest[0].lower()[:3] not in WEEKDAYS:
            raise BadInput
        values["weekday"] = WEEKDAYS.index(rest.pop(0).lower()[:3])
    if kind == "monthly":
        if not rest or not rest[0].isdigit() or not 1 <= int(rest[0]) <= 31:
            raise BadInput
        values["day_of_month"] = int(rest.pop(0))
    if not rest or not (match := TIME.match(rest.pop(0))):
        raise BadInput
    values["due_time"] = f"{int(match.group(1)):02d}:{match.group(2)}"
    for option in rest:
        name, _, value = option.partition("=")
        try:
            numbers = [int(part) for part in value.split(",")]
        except ValueError:
            raise BadInput from None
        if name == "grace" and len(numbers) == 1 and 0 <= numbers[0] <= MAX_OFFSET_MINUTES:
            values["grace_minutes"] = numbers[0]
        elif name == "remind" and len(numbers) <= 5 and all(0 < n <= MAX_OFFSET_MINUTES for n in numbers):
            values["reminder_offsets_minutes"] = sorted(set(numbers), reverse=True)
        else:
            raise BadInput
    return kind, values


async def edit_schedule(update: Update, context: FieldContext) -> None:
    """/schedule shows the team's schedules; with arguments it changes one."""
    assert update.message is not None
    lang = context.lang
    try:
        args = _args(context)
        team = await _team(update, context, args)
        if team is None:
            return
        if not args:
            async with context.db.session() as session:
                stored = await reminders_db.stored_schedules(session, team.id or 0)
            lines = [_line(lang, kind, stored.get(kind) or default_row(team.id or 0, kind)) for kind in KINDS]
            await update.message.reply_text(
                t(lang, "schedules.list", team=team.name, zone=team.timezone, lines=Raw("\n".join(lines)))
            )
            return
        kind, values = parse_schedule(args)
    except BadInput:
        await update.message.reply_text(t(lang, "schedules.bad_input", usage=t(lang, "schedules.usage")))
        return
    async with context.db.session() as session:
        row = await reminders_db.save_schedule(session, team.id or 0, kind, **values)
    await update.message.reply_text(t(lang, "schedules.saved", line=_line(lang, kind, row)))


def _day(text: str) -> date:
    try:
        return date.fromisoformat(text)
    except ValueError:
        raise BadInput from None


async def add_leave(update: Update, context: FieldContext) -> None:
    """/leave TELEGRAM_ID START END [reason]: no reports are expected of them on those days."""
    assert update.message is not None
    lang = context.lang
    try:
        args = _args(context)
        team = await _team(update, context, args)
        if team is None:
            return
        if len(args) < 3 or not args[0].isdigit():
            raise BadInput
        start, end = _day(args[1]), _day(args[2])
        if end < start or end - start > timedelta(days=366):
            raise BadInput
    except BadInput:
        await update.message.reply_text(
            t(lang, "schedules.bad_input", usage=t(lang, "schedules.leave_usage"))
        )
        return
    async with context.db.session() as session:
        person = await staff_db.staff_by_telegram_id(session, int(args[0]))
        if person is None or person.team_id != team.id:
            await update.message.reply_text(t(lang, "schedules.not_in_team"))
            return
        await reminders_db.add_leave(session, person.id or 0, start, end, " ".join(args[3:])[:200] or None)
    # Periods already rated may now be excused: recompute them.
    await services.refresh_rates(context.bot_data)(
        context.db, context.now(), full=True, since=start - timedelta(days=31), team_id=team.id
    )
    await update.message.reply_text(t(lang, "schedules.leave_saved", name=person.name, start=start, end=end))


def build() -> list[BaseHandler[Update, FieldContext, None]]:
    """/schedule and /leave (one-shot, so no conversation state to keep); /holiday is handlers.holidays."""
    return [
        CommandHandler("schedule", edit_schedule),
        CommandHandler("leave", add_leave),
    ]
