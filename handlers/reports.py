"""/weekly and /monthly (周报 / 月报): pick the period the report is due for, show the week's visits, then the
report_form flow on the engine (questions, preview, file once); amend until the deadline.

What is this flow's own: the period chooser, the week's overview, showing a filed report with Amend.
"""

from __future__ import annotations

from dataclasses import replace
from datetime import date
from zoneinfo import ZoneInfo

from telegram import Update
from telegram.ext import CallbackQueryHandler, CommandHandler, ConversationHandler

from domain.deadlines import Period, Schedule, period_due_next, period_for, previous_start
from handlers.forms import engine, flow
from handlers.report_form import FORM, period_fields
from presentation import report_text as views
from presentation.buttons import AmendReport, OpenReport
from presentation.context import FieldContext
from presentation.i18n import t
from storage import reports as reports_db
from storage import teams as teams_db
from storage.field_models import Report
from storage.schedules import schedule_for

CHOOSE = "reports.choose"


async def _schedule(context: FieldContext, kind: str) -> tuple[Schedule, ZoneInfo]:
    """The team's current schedule of `kind`, and its zone: the periods and deadlines follow from them."""
    async with context.db.read() as session:
        zone = await teams_db.zone_of_team(session, context.me.team_id, context.settings.timezone)
        return await schedule_for(session, context.me.team_id, kind), zone


async def start_weekly(update: Update, context: FieldContext) -> str | int:
    """/weekly or the menu button."""
    return await _start(update, context, "weekly")


async def start_monthly(update: Update, context: FieldContext) -> str | int:
    """/monthly."""
    return await _start(update, context, "monthly")


async def start_from_reminder(update: Update, context: FieldContext) -> str | int | None:
    """The button on a deadline reminder (jobs.reminders) opens the report it reminds about."""
    query = update.callback_query
    assert query is not None
    pressed = OpenReport.unpack(query.data)
    if pressed is None or pressed.kind not in views.FIELDS:
        await engine.stale(update, context)
        return None
    await query.answer()
    return await _start(update, context, pressed.kind)


async def _start(update: Update, context: FieldContext, kind: str) -> str | int:
    """Open the period due next; if the one before is missing, offer it too (it will be late)."""
    engine.end(context, FORM.name)
    schedule, zone = await _schedule(context, kind)
    current = period_due_next(schedule, context.now(), zone)
    previous = period_for(schedule, previous_start(kind, current.start), zone)
    me = context.me
    async with context.db.read() as session:
        filed_previous = await reports_db.report_for(session, me.id or 0, kind, previous.start)
    if filed_previous is not None or me.created_at.astimezone(zone).date() > previous.end:
        return await _open(update, context, current, zone)
    lang, draft = context.lang, context.draft(FORM.name)
    draft.update(kind=kind, choices=[current.start.isoformat(), previous.start.isoformat()])
    engine.mark_open(context, FORM)
    markup = engine.keyboard(FORM, context, views.period_choices(lang, current, previous))
    await engine.send_pages(update, context, [views.choice_text(lang, current, previous, zone)], markup)
    return CHOOSE


async def _chose_period(update: Update, context: FieldContext, start: str) -> str | int | None:
    """One of the offered periods was chosen."""
    draft = context.draft(FORM.name)
    if start not in draft.get("choices", []):  # only while the chooser is shown, only what it offers
        await engine.stale(update, context)
        return None
    await engine.close_press(update)
    schedule, zone = await _schedule(context, draft["kind"])
    return await _open(update, context, period_for(schedule, date.fromisoformat(start), zone), zone)


async def _open(update: Update, context: FieldContext, period: Period, zone: ZoneInfo) -> str | int:
    """Show the filed report (with Amend while allowed), or start a new one: overview, first question."""
    me = context.me
    async with context.db.read() as session:
        report = await reports_db.report_for(session, me.id or 0, period.kind, period.start)
        if report is None and period.kind == "weekly":
            visits, follow_ups = await reports_db.week_overview(session, me.id or 0, period, zone)
    if report is not None:
        engine.end(context, FORM.name)
        await _show_filed(update, context, report, zone)
        return ConversationHandler.END
    engine.begin(context, FORM, **period_fields(period, zone))
    if period.kind == "weekly":
        await engine.send_pages(
            update, context, [views.overview(context.lang, period, zone, visits, follow_ups)]
        )
    return await engine.ask(update, context, FORM)


async def _show_filed(update: Update, context: FieldContext, report: Report, zone: ZoneInfo) -> None:
    """A filed report as its author sees it, with Amend until the deadline."""
    amendable = reports_db.can_amend(report, context.now())
    markup = views.amend_keyboard(context.lang, report.id or 0) if amendable else None
    pages = views.filed_pages(context.lang, report, zone, amendable=amendable)
    await engine.send_pages(update, context, pages, markup)


async def amend(update: Update, context: FieldContext) -> str | int | None:
    """Amend: the filed answers pre-filled in the preview, if the report is theirs and still open."""
    query = update.callback_query
    assert query is not None
    pressed, report = AmendReport.unpack(query.data), None
    async with context.db.read() as session:
        zone = await teams_db.zone_of_team(session, context.me.team_id, context.settings.timezone)
        if pressed is not None and pressed.report_id > 0:
            report = await reports_db.own_report(session, pressed.report_id, context.me.id or 0)
    if report is None:
        await query.answer(t(context.lang, "common.not_yours"), show_alert=True)
        return None
    if not reports_db.can_amend(report, context.now()):
        text = t(context.lang, "reports.amend_closed", due=views.fmt_due(context.lang, report.due_at, zone))
        await query.answer(text[:200], show_alert=True)
        await engine.send_pages(update, context, [text])
        return None
    await engine.close_press(update)
    period = Period(report.kind, report.period_start, report.period_end, report.due_at, report.due_at)
    fields = period_fields(period, zone)
    engine.begin(
        context, FORM, **fields, report_id=report.id, base_revision=report.revision, answers=report.content
    )
    return await engine.show_preview(update, context, FORM)


# The report form with the period chooser's buttons: the same name, so the same draft and buttons.
CHOOSER = replace(FORM, actions={"period": _chose_period})


def build() -> ConversationHandler[FieldContext]:
    """The /weekly and /monthly conversation: the engine's states plus the period chooser."""
    return flow.build(
        CHOOSER,
        entry_points=[
            *flow.opened_by("weekly", "menu.weekly", start_weekly),
            CommandHandler("monthly", start_monthly),
            CallbackQueryHandler(amend, pattern=AmendReport.pattern()),
            CallbackQueryHandler(start_from_reminder, pattern=OpenReport.pattern()),
        ],
        states={CHOOSE: flow.chooser_state(CHOOSER)},
    )
