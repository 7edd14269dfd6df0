"""/weekly and /monthly (周报 / 月报): pick the period the report is due for, show the week's visits,
ask the questions (handlers.report_steps), preview, file once; amend until the deadline."""

from __future__ import annotations

from datetime import date
from zoneinfo import ZoneInfo

from telegram import InlineKeyboardButton, InlineKeyboardMarkup, Update
from telegram.ext import CallbackQueryHandler, CommandHandler, ConversationHandler, MessageHandler, filters

from bot.context import FieldContext
from bot.deadlines import Period, period_due_next, period_for, previous_start
from bot.i18n import Raw, all_texts, t
from bot.menus import main_menu
from handlers import report_steps as steps
from handlers import report_views as views
from handlers.report_steps import ANSWER, CHOOSE, DRAFT, PREFIX, PREVIEW
from storage import reports as reports_db
from storage.field_models import Report
from storage.schedules import schedule_for

AMEND = f"{PREFIX}amend:"
# The button on deadline reminders; jobs.reminders uses the same prefix (asserted in the tests).
REMINDER_PREFIX = "rep:start:"


async def _zone(context: FieldContext) -> ZoneInfo:
    """The zone the person's deadlines are shown in (their team's)."""
    async with context.db.session() as session:
        return await reports_db.team_zone(session, context.me.team_id, context.settings.zone)


async def _period(context: FieldContext, kind: str, start: date | None = None) -> tuple[Period, ZoneInfo]:
    """The period due next (or the one starting on `start`) under the team's current schedule."""
    async with context.db.session() as session:
        zone = await reports_db.team_zone(session, context.me.team_id, context.settings.zone)
        schedule = await schedule_for(session, context.me.team_id, kind)
    if start is None:
        return period_due_next(schedule, context.now(), zone), zone
    return period_for(schedule, start, zone), zone


async def start_weekly(update: Update, context: FieldContext) -> str | int:
    """/weekly or the menu button."""
    return await _start(update, context, "weekly")


async def start_monthly(update: Update, context: FieldContext) -> str | int:
    """/monthly."""
    return await _start(update, context, "monthly")


async def start_from_reminder(update: Update, context: FieldContext) -> str | int:
    """The button on a deadline reminder (jobs.reminders) opens the report it reminds about."""
    query = update.callback_query
    assert query is not None and query.data is not None
    await query.answer()
    kind = query.data.removeprefix(REMINDER_PREFIX)
    return await _start(update, context, kind)


async def _start(update: Update, context: FieldContext, kind: str) -> str | int:
    """Open the period due next; if the one before is missing, offer it too (it will be late)."""
    context.drop_draft(DRAFT)
    current, zone = await _period(context, kind)
    previous, _ = await _period(context, kind, previous_start(kind, current.start))
    me = context.me
    async with context.db.session() as session:
        filed_previous = await reports_db.report_for(session, me.id or 0, kind, previous.start)
    joined = me.created_at.astimezone(zone).date()
    if filed_previous is not None or joined > previous.end:
        return await _open(update, context, current, zone)
    lang, draft = context.lang, context.draft(DRAFT)
    draft.update(kind=kind, choices=[current.start.isoformat(), previous.start.isoformat()])
    token = steps.new_token(context)
    rows = [
        [
            steps.button(
                views.period_button(lang, period, late=late), "period", period.start.isoformat(), token
            )
        ]
        for period, late in ((current, False), (previous, True))
    ]
    rows.append([steps.button(t(lang, "common.cancel"), "cancel", "-", token)])
    text = views.choice_text(lang, current, previous, zone)
    markup = InlineKeyboardMarkup(rows)
    assert update.effective_chat is not None
    await context.bot.send_message(update.effective_chat.id, text, reply_markup=markup)
    return CHOOSE


async def chose_period(update: Update, context: FieldContext) -> str | int | None:
    """One of the offered periods was chosen."""
    query = update.callback_query
    assert query is not None
    draft = context.draft(DRAFT)
    pressed = steps.parse(context, query.data)
    if pressed is None or pressed[1] not in draft.get("choices", []):
        await steps.stale(update, context)
        return None
    await query.answer()
    await steps.drop_buttons(query)
    period, zone = await _period(context, draft["kind"], date.fromisoformat(pressed[1]))
    return await _open(update, context, period, zone)


async def _open(update: Update, context: FieldContext, period: Period, zone: ZoneInfo) -> str | int:
    """Show the filed report (with Amend while allowed), or start a new one: overview, first question."""
    me = context.me
    async with context.db.session() as session:
        report = await reports_db.report_for(session, me.id or 0, period.kind, period.start)
        if report is None and period.kind == "weekly":
            start, end = reports_db.local_day_bounds(period.start, period.end, zone)
            visits = await reports_db.visits_between(session, me.id or 0, start, end)
            follow_ups = await reports_db.open_follow_ups(session, me.id or 0)
    if report is not None:
        context.drop_draft(DRAFT)
        await _show_filed(update, context, report, zone)
        return ConversationHandler.END
    steps.begin(context, period, zone, field=views.FIELDS[period.kind][0])
    if period.kind == "weekly":
        assert update.effective_chat is not None
        await context.bot.send_message(
            update.effective_chat.id, views.overview(context.lang, period, zone, visits, follow_ups)
        )
    return await steps.ask(update, context)


async def _show_filed(update: Update, context: FieldContext, report: Report, zone: ZoneInfo) -> None:
    """A filed report as its author sees it, with Amend until the deadline."""
    amendable = reports_db.can_amend(report, context.now())
    markup = None
    if amendable:
        amend_button = InlineKeyboardButton(
            t(context.lang, "reports.btn.amend"), callback_data=f"{AMEND}{report.id}"
        )
        markup = InlineKeyboardMarkup([[amend_button]])
    pages = views.filed_pages(context.lang, report, zone, amendable=amendable)
    await steps.send_pages(update, context, pages, markup)


async def amend(update: Update, context: FieldContext) -> str | int | None:
    """Amend: the filed answers pre-filled in the preview, if the report is theirs and still open."""
    query = update.callback_query
    assert query is not None and query.data is not None
    raw = query.data.removeprefix(AMEND)
    zone = await _zone(context)
    # Only digits of a plausible id reach the database (callback data can be anything).
    valid = raw.isdigit() and len(raw) < 10
    async with context.db.session() as session:
        report = await reports_db.own_report(session, int(raw), context.me.id or 0) if valid else None
    if report is None:
        await query.answer(t(context.lang, "common.not_yours"), show_alert=True)
        return None
    if not reports_db.can_amend(report, context.now()):
        text = t(context.lang, "reports.amend_closed", due=views.fmt_due(context.lang, report.due_at, zone))
        await query.answer(text[:200], show_alert=True)
        assert update.effective_chat is not None
        await context.bot.send_message(update.effective_chat.id, text)
        return None
    await query.answer()
    await steps.drop_buttons(query)
    period = Period(report.kind, report.period_start, report.period_end, report.due_at, report.due_at)
    steps.begin(
        context, period, zone, report_id=report.id, base_revision=report.revision, answers=report.content
    )
    return await steps.show_preview(update, context)


async def submit(update: Update, context: FieldContext) -> str | int | None:
    """File the report (or its amendment) once; a double press finds it already saved."""
    query = update.callback_query
    assert query is not None
    if steps.parse(context, query.data) is None:
        await steps.stale(update, context)
        return None
    draft = context.draft(DRAFT)
    kind = draft["kind"]
    content = {name: str(draft.get("answers", {}).get(name) or "") for name in views.FIELDS[kind]}
    if draft.get("report_id"):
        text = await _save_amendment(context, content)
    else:
        text = await _file_new(context, content)
    await query.answer()
    await steps.drop_buttons(query)
    context.drop_draft(DRAFT)
    assert update.effective_chat is not None
    await context.bot.send_message(update.effective_chat.id, text, reply_markup=main_menu(context.lang))
    return ConversationHandler.END


async def _file_new(context: FieldContext, content: dict[str, str]) -> Raw:
    """File a first version; late if after the deadline of the period under the current schedule."""
    lang, draft = context.lang, context.draft(DRAFT)
    kind, start, _ = steps.draft_period(draft)
    period, zone = await _period(context, kind, start)
    async with context.db.session() as session:
        report, created = await reports_db.file_report(
            session, staff_id=context.me.id or 0, period=period, content=content, now=context.now()
        )
    if not created:
        return t(lang, "reports.already_saved")
    return views.filed_text(lang, report, zone)


async def _save_amendment(context: FieldContext, content: dict[str, str]) -> Raw:
    """Save a new revision, unless the deadline has passed meanwhile."""
    lang, draft = context.lang, context.draft(DRAFT)
    zone = ZoneInfo(draft["zone"])
    async with context.db.session() as session:
        report = await reports_db.own_report(session, int(draft["report_id"]), context.me.id or 0)
        if report is None:
            return t(lang, "common.not_yours")
        base = int(draft.get("base_revision", 0))
        result = await reports_db.amend_report(
            session, report, content, now=context.now(), base_revision=base
        )
    if result is reports_db.AmendResult.CLOSED:
        return t(lang, "reports.amend_closed", due=views.fmt_due(lang, report.due_at, zone))
    if result is reports_db.AmendResult.STALE:
        return t(lang, "reports.already_saved")
    return views.amended_text(lang, report)


async def cancel(update: Update, context: FieldContext) -> int | None:
    """/cancel or the Cancel button: nothing is filed."""
    query = update.callback_query
    if query is not None:
        if steps.parse(context, query.data) is None:
            await steps.stale(update, context)
            return None
        await query.answer()
        await steps.drop_buttons(query)
    context.drop_draft(DRAFT)
    assert update.effective_chat is not None
    await context.bot.send_message(
        update.effective_chat.id, t(context.lang, "common.cancelled"), reply_markup=main_menu(context.lang)
    )
    return ConversationHandler.END


async def finish_first(update: Update, context: FieldContext) -> None:
    """Another feature's command in the middle of a report: finish or cancel first."""
    assert update.effective_message is not None
    await update.effective_message.reply_text(t(context.lang, "common.finish_first"))


def build() -> ConversationHandler[FieldContext]:
    """The /weekly and /monthly conversation."""
    message = filters.UpdateType.MESSAGE & ~filters.COMMAND
    return ConversationHandler(
        entry_points=[
            CommandHandler("weekly", start_weekly),
            CommandHandler("monthly", start_monthly),
            MessageHandler(
                filters.UpdateType.MESSAGE & filters.Text(sorted(all_texts("menu.weekly"))), start_weekly
            ),
            CallbackQueryHandler(amend, pattern=f"^{AMEND}"),
            CallbackQueryHandler(start_from_reminder, pattern=f"^{REMINDER_PREFIX}(weekly|monthly)$"),
        ],
        states={
            CHOOSE: [
                CallbackQueryHandler(chose_period, pattern=f"^{PREFIX}period:"),
                MessageHandler(message, steps.use_buttons),
            ],
            ANSWER: [
                CallbackQueryHandler(steps.answer_button, pattern=f"^{PREFIX}(keep|skip|back):"),
                MessageHandler(message & filters.TEXT, steps.typed_answer),
                MessageHandler(message, steps.text_expected),
            ],
            PREVIEW: [
                CallbackQueryHandler(submit, pattern=f"^{PREFIX}submit:"),
                CallbackQueryHandler(steps.edit_menu, pattern=f"^{PREFIX}(edit|menuback):"),
                CallbackQueryHandler(steps.edit_field, pattern=f"^{PREFIX}field:"),
                MessageHandler(message, steps.use_buttons),
            ],
        },
        fallbacks=[
            CommandHandler("cancel", cancel),
            CallbackQueryHandler(cancel, pattern=f"^{PREFIX}cancel:"),
            MessageHandler(filters.UpdateType.MESSAGE & filters.COMMAND, finish_first),
            CallbackQueryHandler(steps.stale, pattern=f"^{PREFIX}"),
        ],
        allow_reentry=True,
        name="reports",
        persistent=True,
    )
