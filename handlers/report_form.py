"""/weekly and /monthly as a declared flow: the step table, the preview and the submit.

This is the example of a flow on the engine (docs/ARCHITECTURE.md): a table of steps, how they show, and
what filing means. Asking, Keep / Skip / Back, Edit from the preview, submit once and /cancel are the
engine's (handlers.forms).
"""

from __future__ import annotations

from collections.abc import Sequence
from datetime import date, datetime
from functools import cache
from zoneinfo import ZoneInfo

from domain.deadlines import Period, period_for
from handlers.forms.spec import Draft, Form, Step, asked
from presentation import report_text as views
from presentation.context import FieldContext
from presentation.i18n import t
from storage import reports as reports_db
from storage.schedules import schedule_for

SKIPPABLE = frozenset({"market", "quality"})
TEXT_LIMIT = 2000  # per answer: four answers still fit a report a supervisor reads on a phone


def period_fields(period: Period, zone: ZoneInfo) -> dict[str, str]:
    """What the draft keeps of the period the report is for."""
    return {
        "kind": period.kind,
        "start": period.start.isoformat(),
        "end": period.end.isoformat(),
        "due": period.due_at.isoformat(),
        "zone": zone.key,
    }


def _label(lang: str, draft: Draft) -> str:
    kind = draft["kind"]
    return views.period_label(
        lang, kind, date.fromisoformat(draft["start"]), date.fromisoformat(draft["end"])
    )


def _step(kind: str, name: str) -> Step:
    def question(lang: str, draft: Draft) -> str:
        return t(lang, f"reports.q.{kind}.{name}", period=_label(lang, draft))

    return asked(
        name, question, f"reports.title.{kind}.{name}", skippable=name in SKIPPABLE, limit=TEXT_LIMIT
    )


@cache
def _steps(kind: str) -> tuple[Step, ...]:
    return tuple(_step(kind, name) for name in views.FIELDS[kind])


async def preview(context: FieldContext, draft: Draft) -> Sequence[str]:
    """The whole report as it will be filed; a new filing after the deadline says it will be late."""
    lang, kind, due = context.lang, draft["kind"], datetime.fromisoformat(draft["due"])
    revision = int(draft.get("base_revision", 1)) + 1 if draft.get("report_id") else None
    late = revision is None and due < context.now()
    late_due = views.fmt_due(lang, due, ZoneInfo(draft["zone"])) if late else None
    head = views.preview_head(lang, kind, _label(lang, draft), revision=revision, late_due=late_due)
    return views.chunks(head, views.sections(lang, kind, dict(draft.get("answers", {}))))


async def submit(context: FieldContext, draft: Draft) -> str:
    """File the report or its amendment, once: a double press finds it already saved."""
    kind = draft["kind"]
    content = {name: str(draft.get("answers", {}).get(name) or "") for name in views.FIELDS[kind]}
    if draft.get("report_id"):
        return await _save_amendment(context, draft, content)
    return await _file_new(context, draft, content)


async def _file_new(context: FieldContext, draft: Draft, content: dict[str, str]) -> str:
    """A first version; late if after the deadline of the period under the team's current schedule."""
    lang, start = context.lang, date.fromisoformat(draft["start"])
    zone = ZoneInfo(draft["zone"])
    async with context.db.session() as session:
        schedule = await schedule_for(session, context.me.team_id, draft["kind"])
        period = period_for(schedule, start, zone)
        report, created = await reports_db.file_report(
            session, staff_id=context.me.id or 0, period=period, content=content, now=context.now()
        )
    if not created:
        return t(lang, "reports.already_saved")
    return views.filed_text(lang, report, zone)


async def _save_amendment(context: FieldContext, draft: Draft, content: dict[str, str]) -> str:
    """A new revision, unless the deadline has passed meanwhile."""
    lang, zone = context.lang, ZoneInfo(draft["zone"])
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


FORM = Form(name="reports", steps=lambda draft: _steps(draft["kind"]), preview=preview, submit=submit)
