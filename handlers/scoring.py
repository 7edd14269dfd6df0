"""/scoring (a supervisor scores last month's reps, one at a time, on the score_form flow) and /score (a
rep's own scorecard; a supervisor's team, each rep's card a tap away). `/score 2026-10` picks a month."""

from __future__ import annotations

from datetime import date

from telegram import CallbackQuery, InlineKeyboardButton, InlineKeyboardMarkup, Update
from telegram.ext import BaseHandler, CallbackQueryHandler, CommandHandler, ConversationHandler

from handlers import score_settings
from handlers.common import MANAGERS, manages
from handlers.forms import engine, flow
from handlers.score_form import FORM
from presentation import score_text as views
from presentation.buttons import ScoreRep, ShowCard
from presentation.context import FieldContext
from presentation.i18n import t
from storage import attendance as attendance_db
from storage import scores as scores_db
from storage.models import Role, Staff, Team

Handlers = list[BaseHandler[Update, FieldContext, object]]


def parse_month(text: str) -> date | None:
    """2026-10 -> 2026-10-01; None when it is not a month."""
    try:
        return date.fromisoformat(text.strip() + "-01")
    except ValueError:
        return None


async def _today(context: FieldContext, team_id: int) -> date:
    async with context.db.read() as session:
        zone = await attendance_db.zone_of(session, team_id, context.settings.timezone)
    return context.now().astimezone(zone).date()


async def send_scoring_list(context: FieldContext, chat_id: int, team: Team, month: date) -> None:
    """Recompute the month's automatic items (judged ones kept) and send the list of reps to score."""
    assert team.id is not None
    async with context.db.session() as session:
        await scores_db.compute_month(
            session, team.id, month, context.now(), default_zone=context.settings.timezone
        )
        rows = await scores_db.named_month(session, team.id, month)
        settings = await attendance_db.work_settings(session, team.id)
    deadline = views.scoring_deadline(month, settings.scoring_deadline_day)
    text, markup = views.scoring_list(context.lang, team.name, month, deadline, rows)
    await context.bot.send_message(chat_id, text, reply_markup=markup)


async def scoring(update: Update, context: FieldContext) -> None:
    """/scoring [YYYY-MM]: the list of the team's reps for last month (or the month given); settings."""
    assert update.effective_message is not None and update.effective_chat is not None
    me, lang = context.me, context.lang
    if me.role not in MANAGERS:
        await update.effective_message.reply_text(t(lang, "scores.not_allowed"))
        return
    async with context.db.read() as session:
        team = await session.get(Team, me.team_id) if me.team_id is not None else None
    if team is None or team.id is None:
        await update.effective_message.reply_text(t(lang, "scores.no_team"))
        return
    args = [arg.lower() for arg in context.args or []]
    if args and args[0] in score_settings.WORDS:
        await score_settings.change(update, context, team, args)
        return
    given = parse_month(args[0]) if args else None
    today = await _today(context, team.id)
    month = given or views.previous_month(today)
    if month > views.previous_month(today):  # its days to come would count as absences
        await update.effective_message.reply_text(t(lang, "scores.not_over", month=views.month_label(month)))
        return
    await send_scoring_list(context, update.effective_chat.id, team, month)


async def _pressed_rep(
    update: Update, context: FieldContext, button: type[ScoreRep] | type[ShowCard]
) -> tuple[CallbackQuery, Staff | None, date | None]:
    """The pressed query with the rep and month its button names (None for a stale or tampered one)."""
    query = update.callback_query
    assert query is not None
    pressed = button.unpack(query.data)
    month = parse_month(pressed.month) if pressed else None
    async with context.db.read() as session:
        rep = await session.get(Staff, pressed.staff_id) if pressed and pressed.staff_id > 0 else None
    return query, rep, month


async def start_rep(update: Update, context: FieldContext) -> str | int | None:
    """A rep's button on the scoring list: the first judged item (or the card if already submitted)."""
    query, rep, month = await _pressed_rep(update, context, ScoreRep)
    async with context.db.read() as session:
        card = await scores_db.scorecard(session, rep.id or 0, month) if rep and month else None
    if rep is None or card is None or month is None or not manages(context.me, card.score.team_id):
        await query.answer(t(context.lang, "scores.not_yours"), show_alert=True)
        return None
    await query.answer()
    if card.score.submitted_at is not None:
        await _send_card(context, update, rep, month)
        return ConversationHandler.END
    label = views.month_label(month)
    engine.begin(context, FORM, staff_id=rep.id, name=rep.name, month=label, scheme=card.scheme.key)
    return await engine.ask(update, context, FORM)


async def _send_card(context: FieldContext, update: Update, rep: Staff, month: date) -> None:
    assert update.effective_chat is not None and rep.id is not None
    async with context.db.read() as session:
        card = await scores_db.scorecard(session, rep.id, month)
        year = await scores_db.year_scores(session, rep.id, month.year)
        scorer = (
            await session.get(Staff, card.score.submitted_by_id)
            if card and card.score.submitted_by_id
            else None
        )
    text: str
    if card is None:
        text = t(context.lang, "scores.none", month=views.month_label(month))
    else:
        year = [(m, total) for m, total in year if m <= month]
        text = views.card_text(
            context.lang,
            rep.name,
            card.scheme,
            card.score,
            card.entries,
            year,
            scorer.name if scorer else None,
        )
    await context.bot.send_message(update.effective_chat.id, text)


async def score(update: Update, context: FieldContext) -> None:
    """/score [YYYY-MM]: a rep's own card; a supervisor's (or admin's) team with a button per rep."""
    assert update.effective_message is not None and update.effective_chat is not None
    me, lang = context.me, context.lang
    if me.team_id is None:
        await update.effective_message.reply_text(t(lang, "scores.no_team"))
        return
    given = parse_month(context.args[0]) if context.args else None
    month = given or views.previous_month(await _today(context, me.team_id))
    if me.role == Role.REP:
        await _send_card(context, update, me, month)
        return
    async with context.db.read() as session:
        rows = await scores_db.named_month(session, me.team_id, month)
        team = await session.get(Team, me.team_id)
    if not rows or team is None:
        await update.effective_message.reply_text(t(lang, "scores.none", month=views.month_label(month)))
        return
    text = views.team_text(lang, team.name, month, [(name, row) for _, name, row in rows])
    buttons = [
        [InlineKeyboardButton(name, callback_data=ShowCard(staff_id, views.month_label(month)).pack())]
        for staff_id, name, _ in rows
    ]
    await update.effective_message.reply_text(text, reply_markup=InlineKeyboardMarkup(buttons))


async def show_card(update: Update, context: FieldContext) -> None:
    """A rep's button under the team's scores: that rep's card."""
    query, rep, month = await _pressed_rep(update, context, ShowCard)
    if rep is None or month is None or not manages(context.me, rep.team_id):
        await query.answer(t(context.lang, "scores.not_yours"), show_alert=True)
        return
    await query.answer()
    await _send_card(context, update, rep, month)


def build() -> ConversationHandler[FieldContext]:
    """The scoring conversation: entered from a rep's button on the scoring list."""
    return flow.build(FORM, entry_points=[CallbackQueryHandler(start_rep, pattern=ScoreRep.pattern())])


def commands() -> Handlers:
    """/scoring, /score and the team list's buttons."""
    return [
        CommandHandler("scoring", scoring),
        CommandHandler("score", score),
        CallbackQueryHandler(show_card, pattern=ShowCard.pattern()),
    ]
