"""/locate (去向): a supervisor asks one rep or the whole team where they are; each rep asked gets a button
that shares their location, and the answer settles the request (found within the team's window, not
found after it; jobs.whereabouts settles the unanswered ones). Reps on leave, and everyone outside the
team's working hours or on a day off, are not asked, and the supervisor is told why."""

from __future__ import annotations

from datetime import datetime, timedelta

from telegram import (
    InlineKeyboardButton,
    InlineKeyboardMarkup,
    Message,
    Update,
)
from telegram.ext import (
    ApplicationHandlerStop,
    BaseHandler,
    CallbackQueryHandler,
    CommandHandler,
    MessageHandler,
)
from telegram.ext import filters as tg_filters

from gate.checks import BUSY
from gate.flush import flush
from handlers.checkin_live import location_refusal
from handlers.common import managed_team
from handlers.schedules import team_command
from presentation.buttons import LocateWho
from presentation.context import FieldContext
from presentation.delivery import Outcome, deliver, deliver_call
from presentation.i18n import Raw, t
from presentation.menus import main_menu, share_location
from storage import attendance as attendance_db
from storage import staff as staff_db
from storage import whereabouts as whereabouts_db
from storage.models import Role, Staff, Team
from storage.score_models import LocateRequest
from storage.score_models import Outcome as Found

# After the access check and before the busy guard and every conversation: a location answering a
# supervisor's request is that answer, never a check-in or a step of an open form.
GROUP = BUSY - 1


async def _zone_now(context: FieldContext, team_id: int) -> datetime:
    """Now in the team's zone."""
    async with context.db.read() as session:
        zone = await attendance_db.zone_of(session, team_id, context.settings.timezone)
    return context.now().astimezone(zone)


async def ask_round(context: FieldContext, team: Team, targets: list[Staff]) -> list[Raw]:
    """Ask each target (or say why not); the lines for the supervisor."""
    assert team.id is not None
    lang, me, local = context.lang, context.me, await _zone_now(context, team.id)
    async with context.db.read() as session:
        settings = await attendance_db.work_settings(session, team.id)
        work = await attendance_db.team_work_calendar(session, team.id, local.year, local.month)
        away = await attendance_db.on_leave(session, [r.id or 0 for r in targets], local.date())
    if not work.is_workday(local.date()):
        return [t(lang, "locate.skip_dayoff", day=local.date().isoformat(), team=team.name)]
    start, end = settings.workday_start, team.workday_end
    if not start <= f"{local:%H:%M}" < end:
        return [t(lang, "locate.skip_hours", time=f"{local:%H:%M}", start=start, end=end)]
    minutes = settings.locate_window_minutes
    lines = []
    for rep in targets:
        if rep.id in away:
            lines.append(t(lang, "locate.skip_leave", name=rep.name))
            continue
        if rep.unreachable:
            lines.append(t(lang, "locate.skip_unreachable", name=rep.name))
            continue
        async with context.db.session() as session:
            request, new = await whereabouts_db.ask(
                session, staff_id=rep.id or 0, asked_by_id=me.id, now=context.now(), window_minutes=minutes
            )
        due = f"{request.due_at.astimezone(local.tzinfo):%H:%M}"
        if not new:
            lines.append(t(lang, "locate.already", name=rep.name, due=due))
        else:
            outcome = await _send_ask(context, rep, request, minutes)
            key = {Outcome.SENT: "locate.asked", Outcome.FAILED: "locate.skip_failed"}
            lines.append(t(lang, key.get(outcome, "locate.skip_unreachable"), name=rep.name, due=due))
    return lines


async def _send_ask(context: FieldContext, rep: Staff, request: LocateRequest, minutes: int) -> Outcome:
    """The rep's "where are you?" with the share button; a request that did not reach them is withdrawn."""
    text = t(rep.language, "locate.ask_rep", boss=context.me.name, minutes=minutes)
    markup = share_location(t(rep.language, "locate.share_button"))
    sent: list[Message] = []

    async def send() -> None:
        sent.append(await context.bot.send_message(rep.telegram_id, text, reply_markup=markup))

    outcome = await deliver_call(send, rep.telegram_id)
    async with context.db.session() as session:
        if outcome is Outcome.SENT:
            await whereabouts_db.set_message(session, request.id or 0, sent[0].message_id)
            return outcome
        # Not asked means not counted: a rep the question never reached cannot be "not found".
        await whereabouts_db.withdraw(session, request.id or 0)
        if outcome is Outcome.BLOCKED:
            await staff_db.mark_unreachable(session, telegram_id=rep.telegram_id)
    return outcome


async def locate_team(update: Update, context: FieldContext, team: Team, args: list[str]) -> None:
    """/locate [all]: buttons for each rep and the whole team, or everyone at once."""
    assert update.message is not None and team.id is not None
    async with context.db.read() as session:
        reps = list(await attendance_db.team_reps(session, team.id))
        minutes = (await attendance_db.work_settings(session, team.id)).locate_window_minutes
    if not reps:
        await update.message.reply_text(t(context.lang, "locate.no_reps", team=team.name))
        return
    if args == ["all"]:
        await update.message.reply_text(Raw("\n".join(await ask_round(context, team, reps))))
        return
    everyone = InlineKeyboardButton(
        t(context.lang, "locate.everyone"), callback_data=LocateWho(team.id, 0).pack()
    )
    rows = [[InlineKeyboardButton(r.name, callback_data=LocateWho(team.id, r.id or 0).pack())] for r in reps]
    markup = InlineKeyboardMarkup([[everyone], *rows])
    await update.message.reply_text(t(context.lang, "locate.pick", minutes=minutes), reply_markup=markup)


_for_team = team_command("locate.usage", locate_team)


async def locate(update: Update, context: FieldContext) -> None:
    """/locate: supervisors and admins only."""
    assert update.message is not None
    if context.me.role == Role.REP:
        await update.message.reply_text(t(context.lang, "locate.not_allowed"))
        return
    await _for_team(update, context)


async def pressed_who(update: Update, context: FieldContext) -> None:
    """A rep's button or the whole team's: ask, then replace the buttons with what happened."""
    query = update.callback_query
    assert query is not None
    pressed = LocateWho.unpack(query.data)
    team, targets = None, []
    if pressed is not None and (team := await managed_team(context, pressed.team_id)) is not None:
        async with context.db.read() as session:
            reps = list(await attendance_db.team_reps(session, pressed.team_id))
        targets = [r for r in reps if pressed.staff_id in (0, r.id)]
    if team is None or not targets:
        await query.answer(t(context.lang, "locate.not_yours"), show_alert=True)
        return
    await query.answer()
    await query.edit_message_text(Raw("\n".join(await ask_round(context, team, targets))))


async def answered(update: Update, context: FieldContext) -> None:
    """A location from a rep with an open (or just expired) request settles it; anything else passes on."""
    message, me = update.message, context.staff
    if message is None or message.location is None or me is None or me.id is None:
        return
    async with context.db.read() as session:
        waiting = await whereabouts_db.open_request(session, me.id)
        if waiting is None:
            waiting = await whereabouts_db.expired_unanswered(session, me.id, context.now())
    if waiting is None:
        return  # an ordinary location: a check-in
    refusal = location_refusal(update, context.now())
    if refusal is not None:
        # A forwarded pin or a picked place says nothing about where the rep is.
        await message.reply_text(t(context.lang, refusal))
        await _stop(update, context)
    lat, lon, now = message.location.latitude, message.location.longitude, context.now()
    async with context.db.session() as session:
        request = await whereabouts_db.answer(session, staff_id=me.id, now=now, latitude=lat, longitude=lon)
        if request is None:
            request = await whereabouts_db.late_answer(
                session, staff_id=me.id, now=now, latitude=lat, longitude=lon
            )
        boss = await session.get(Staff, request.asked_by_id) if request and request.asked_by_id else None
    if request is None:
        return
    found = request.outcome == Found.FOUND
    minutes = round((request.due_at - request.asked_at) / timedelta(minutes=1))
    key = "locate.thanks" if found else "locate.too_late"
    text = t(context.lang, key, boss=boss.name if boss else "", minutes=minutes)
    await message.reply_text(text, reply_markup=main_menu(context.lang))
    if boss is not None:
        local = (await _zone_now(context, me.team_id or 0)).tzinfo
        at = f"{(request.answered_at or context.now()).astimezone(local):%H:%M}"
        told = t(
            boss.language, "locate.found" if found else "locate.late", name=me.name, time=at, minutes=minutes
        )
        if await deliver(context.bot, boss.telegram_id, told) is Outcome.SENT:
            # A venue, not a bare location: the pin carries the rep's name in the supervisor's chat.
            pin = f"{lat:.5f}, {lon:.5f}"
            await deliver_call(
                lambda: context.bot.send_venue(boss.telegram_id, lat, lon, title=me.name, address=pin),
                boss.telegram_id,
            )
    await _stop(update, context)


async def _stop(update: Update, context: FieldContext) -> None:
    """The update is handled here: write state, mark it done, and keep it from the check-in."""
    await flush(update, context)
    raise ApplicationHandlerStop


def answer_handler() -> MessageHandler[FieldContext, None]:
    """Shared locations (not live-location moves, which arrive as edits), in GROUP."""
    return MessageHandler(tg_filters.UpdateType.MESSAGE & tg_filters.LOCATION, answered)


def build() -> list[BaseHandler[Update, FieldContext, None]]:
    """The command and its buttons (one-shot: each button carries the team and whom to ask)."""
    return [CommandHandler("locate", locate), CallbackQueryHandler(pressed_who, pattern=LocateWho.pattern())]
