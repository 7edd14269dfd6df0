"""How reports look: periods and deadlines in words, the period chooser's and Amend's buttons, the week's
visits, the answers as sections.

Pure functions of the language and the data, shared by the question steps and the conversation.
"""

from __future__ import annotations

from collections.abc import Sequence
from datetime import date, datetime
from typing import Any
from zoneinfo import ZoneInfo

from telegram import InlineKeyboardButton, InlineKeyboardMarkup

from domain.deadlines import Period
from presentation import choices
from presentation.buttons import AmendReport
from presentation.i18n import CATALOGS, Raw, t
from presentation.split import split_html
from storage import reports as reports_db
from storage.field_models import Customer, Report, VisitRecord

FIELDS: dict[str, tuple[str, ...]] = {
    "weekly": ("summary", "plan", "market", "quality"),
    "monthly": ("summary", "plan", "proposals"),
}
VISIT_LINES = 25  # the overview stays one readable message


# --- formatting --------------------------------------------------------------------------------
def fmt_due(lang: str, at: datetime, zone: ZoneInfo) -> Raw:
    """A deadline in the team's zone: 2026-11-23 (Mon) 10:00."""
    local = at.astimezone(zone)
    weekday = t(lang, "reports.weekdays").split(",")[local.weekday()]
    return t(
        lang, "reports.due", date=local.date().isoformat(), weekday=weekday, time=local.strftime("%H:%M")
    )


def period_label(lang: str, kind: str, start: date, end: date) -> Raw:
    """The period in words: week 2026-11-16 – 2026-11-22, or month 2026-11."""
    if kind == "monthly":
        return t(lang, "reports.period.monthly", year=start.year, month=f"{start.month:02d}")
    return t(lang, "reports.period.weekly", start=start.isoformat(), end=end.isoformat())


def kind_label(lang: str, kind: str) -> Raw:
    """周报 / 月报."""
    return t(lang, f"reports.kind.{kind}")


def choice_text(lang: str, current: Period, previous: Period, zone: ZoneInfo) -> Raw:
    """The period due next and the missing one before it, with their deadlines."""
    return t(
        lang,
        "reports.choose",
        kind=kind_label(lang, current.kind),
        current=period_label(lang, current.kind, current.start, current.end),
        previous=period_label(lang, previous.kind, previous.start, previous.end),
        due=fmt_due(lang, current.due_at, zone),
        previous_due=fmt_due(lang, previous.due_at, zone),
    )


def period_button(lang: str, period: Period, *, late: bool) -> Raw:
    """The text of a button choosing a period; a late one says so."""
    label = period_label(lang, period.kind, period.start, period.end)
    return t(lang, "reports.btn.previous" if late else "reports.btn.current", period=label)


def period_choices(lang: str, current: Period, previous: Period) -> choices.Rows:
    """The chooser's buttons: the period due next, the missing one before it (late), Cancel."""
    offered = [
        (period_button(lang, period, late=late), "period", period.start.isoformat())
        for period, late in ((current, False), (previous, True))
    ]
    return choices.one_a_row(lang, offered)


def amend_keyboard(lang: str, report_id: int) -> InlineKeyboardMarkup:
    """Amend, under a filed report while its deadline has not passed."""
    amend = InlineKeyboardButton(t(lang, "reports.btn.amend"), callback_data=AmendReport(report_id).pack())
    return InlineKeyboardMarkup([[amend]])


def sections(lang: str, kind: str, answers: dict[str, Any]) -> list[Raw]:
    """One block per answer, in question order."""
    blocks = []
    for name in FIELDS[kind]:
        text = str(answers.get(name) or "")
        title = t(lang, f"reports.title.{kind}.{name}")
        # Typed text is escaped by t(); the "skipped" note is our own HTML.
        blocks.append(t(lang, "reports.section", title=title, text=text or t(lang, "reports.skipped")))
    return blocks


def chunks(head: str, blocks: Sequence[str]) -> list[str]:
    """The head and the blocks a blank line apart, in as few messages as Telegram's limit allows
    (presentation.split cuts between blocks when it can)."""
    return split_html("\n\n".join(part for part in (head, *blocks) if part))


def visit_label(lang: str, group: str, value: str) -> str:
    """A visit type or result in words when the visit feature's catalog has it, else as stored."""
    key = f"visit.{group}.{value}"
    return str(t(lang, key)) if key in CATALOGS.get(lang, {}) else value


def visit_lines(
    lang: str, rows: list[tuple[VisitRecord, Customer]], zone: ZoneInfo, *, follow_up: bool
) -> Raw:
    """One line per visit (date, customer, type, result), at most VISIT_LINES of them."""
    weekdays = t(lang, "reports.weekdays").split(",")
    lines = []
    for visit, customer in rows[:VISIT_LINES]:
        local = visit.visited_at.astimezone(zone)
        day = f"{local:%m-%d} {weekdays[local.weekday()]}"
        kind = visit_label(lang, "type", visit.visit_type)
        if follow_up:
            lines.append(t(lang, "reports.follow_up_line", date=day, customer=customer.name, type=kind))
        else:
            lines.append(
                t(
                    lang,
                    "reports.visit_line",
                    date=day,
                    customer=customer.name,
                    star=" ★" if customer.key_account else "",
                    type=kind,
                    result=visit_label(lang, "result", visit.result),
                )
            )
    if len(rows) > VISIT_LINES:
        lines.append(t(lang, "reports.more", count=len(rows) - VISIT_LINES))
    return Raw("\n".join(lines))


def overview(
    lang: str,
    period: Period,
    zone: ZoneInfo,
    visits: list[tuple[VisitRecord, Customer]],
    follow_ups: list[tuple[VisitRecord, Customer]],
) -> Raw:
    """The week's visits, the key-customer count against the target, open follow-ups."""
    key, target = reports_db.key_customers_visited(visits), reports_db.KEY_VISITS_TARGET
    return t(
        lang,
        "reports.overview",
        kind=kind_label(lang, "weekly"),
        period=period_label(lang, "weekly", period.start, period.end),
        due=fmt_due(lang, period.due_at, zone),
        count=len(visits),
        visits=visit_lines(lang, visits, zone, follow_up=False) if visits else t(lang, "reports.no_visits"),
        visited=key,
        target=target,
        mark=t(lang, "reports.key_ok") if key >= target else t(lang, "reports.key_short", target=target),
        follow_up_count=len(follow_ups),
        follow_ups=visit_lines(lang, follow_ups, zone, follow_up=True)
        if follow_ups
        else t(lang, "reports.no_follow_ups"),
    )


def preview_head(lang: str, kind: str, label: str, *, revision: int | None, late_due: str | None) -> Raw:
    """The head of a report's preview: an amendment names its new revision; a first filing past the
    deadline (`late_due`) says it will be late."""
    if revision is not None:
        return t(lang, "reports.amend_head", kind=kind_label(lang, kind), period=label, revision=revision)
    head = t(lang, "reports.preview_head", kind=kind_label(lang, kind), period=label)
    return head if late_due is None else Raw(head + "\n" + t(lang, "reports.late_warning", due=late_due))


def filed_pages(lang: str, report: Report, zone: ZoneInfo, *, amendable: bool) -> list[str]:
    """A filed report as its author sees it, saying until when it can be amended."""
    head = str(
        t(
            lang,
            "reports.filed_view",
            kind=kind_label(lang, report.kind),
            period=period_label(lang, report.kind, report.period_start, report.period_end),
            at=fmt_due(lang, report.submitted_at, zone),
            late=t(lang, "reports.filed_view_late") if report.late else "",
            revision=report.revision,
        )
    )
    due = fmt_due(lang, report.due_at, zone)
    head += "\n" + t(lang, "reports.can_amend" if amendable else "reports.amend_closed", due=due)
    return chunks(head, sections(lang, report.kind, report.content))


def filed_text(lang: str, report: Report, zone: ZoneInfo) -> Raw:
    """The confirmation of a first filing: on time, or late and what the deadline was."""
    if report.late:
        status = t(lang, "reports.late", due=fmt_due(lang, report.due_at, zone))
    else:
        status = t(lang, "reports.on_time")
    label = period_label(lang, report.kind, report.period_start, report.period_end)
    return t(lang, "reports.filed", kind=kind_label(lang, report.kind), period=label, status=status)


def amended_text(lang: str, report: Report) -> Raw:
    """The confirmation of an amendment, with the new revision number."""
    label = period_label(lang, report.kind, report.period_start, report.period_end)
    return t(
        lang, "reports.amended", kind=kind_label(lang, report.kind), period=label, revision=report.revision
    )
