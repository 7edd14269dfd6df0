"""/sla's working day: when a team counts SLA hours in working time, which hours and weekdays those are
("08:30-17:30 mon-fri"). A one-step flow on the engine, opened by 🕗 Working day under the /sla table;
holidays and make-up days come from the team's calendar (/holiday) as they are."""

from __future__ import annotations

import re
from collections.abc import Sequence
from datetime import time
from typing import Any

from telegram import Update
from telegram.ext import CallbackQueryHandler, ConversationHandler

from handlers.forms import engine, flow
from handlers.forms.spec import Draft, Form, Invalid, asked
from handlers.sla_team import SlaPress, sla_press, sla_team
from presentation.buttons import SlaButton
from presentation.context import FieldContext
from presentation.i18n import Raw, t
from storage import order_sla as sla_db

DAYS = ("mon", "tue", "wed", "thu", "fri", "sat", "sun")
_SHAPE = re.compile(r"^(\d{1,2}):(\d{2})\s*[-–~]\s*(\d{1,2}):(\d{2})(?:\s+(\S+))?$")


def days_text(lang: str, workdays: Sequence[int]) -> str:
    """ "Mon Tue Wed Thu Fri" in the person's language."""
    return " ".join(t(lang, f"sla.day.{DAYS[d]}") for d in sorted(workdays) if 0 <= d < len(DAYS))


def _days(text: str) -> list[int] | None:
    """ "mon-fri", "mon-sat" or "mon,wed,fri" as weekday numbers (0 = Monday); None if not that."""
    days: set[int] = set()
    for part in text.lower().split(","):
        ends = part.split("-")
        if len(ends) > 2 or not all(end in DAYS for end in ends):
            return None
        first, last = DAYS.index(ends[0]), DAYS.index(ends[-1])
        if last < first:
            return None
        days.update(range(first, last + 1))
    return sorted(days)


def parse(text: str, draft: Draft) -> Any:
    """ "08:30-17:30" (the weekdays stay) or "08:30-17:30 mon-fri": start before end, some weekday."""
    found = _SHAPE.match(" ".join(text.split()))
    if found is None:
        return Invalid("sla.hours_invalid")
    h1, m1, h2, m2, days_part = found.groups()
    try:
        start, end = time(int(h1), int(m1)), time(int(h2), int(m2))
    except ValueError:
        return Invalid("sla.hours_invalid")
    days = _days(days_part) if days_part else list(draft.get("workdays", [0, 1, 2, 3, 4]))
    if start >= end or not days:
        return Invalid("sla.hours_invalid")
    return {"start": start.strftime("%H:%M"), "end": end.strftime("%H:%M"), "days": days}


def _question(lang: str, draft: Draft) -> str:
    now = days_text(lang, draft.get("workdays", []))
    return t(lang, "sla.ask_working_day", start=draft.get("start"), end=draft.get("end"), days=now)


DAY = asked("day", _question, "sla.working_day_title", limit=60, parse=parse)


def _summary(lang: str, draft: Draft, key: str) -> Raw:
    day = draft.get("answers", {}).get("day", {})
    return t(lang, key, start=day.get("start"), end=day.get("end"), days=days_text(lang, day.get("days", [])))


async def preview(context: FieldContext, draft: Draft) -> Sequence[str]:
    """The working day as it will be saved."""
    return [_summary(context.lang, draft, "sla.working_day_preview")]


async def submit(context: FieldContext, draft: Draft) -> str:
    """Save the team's working day; how it counts hours (calendar or working) stays as chosen."""
    team_id, day = int(draft["team_id"]), draft["answers"]["day"]
    if await sla_team(context, team_id) is None:
        return t(context.lang, "common.not_yours")
    async with context.db.session() as session:
        kind = (await sla_db.sla_settings(session, team_id)).hours_kind
        await sla_db.set_sla_settings(
            session,
            team_id,
            hours_kind=kind,
            work_start=day["start"],
            work_end=day["end"],
            workdays=day["days"],
        )
    return _summary(context.lang, draft, "sla.working_day_saved")


FORM = Form(name="sla_hours", steps=lambda _draft: (DAY,), preview=preview, submit=submit)


@sla_press("hours")
async def start(update: Update, context: FieldContext, press: SlaPress) -> str | int | None:
    """🕗 Working day under the /sla table: ask for the hours and weekdays."""
    async with context.db.read() as session:
        settings = await sla_db.sla_settings(session, press.team.id or 0)
    await press.query.answer()
    engine.begin(
        context, FORM, team_id=press.team.id, start=settings.work_start, end=settings.work_end,
        workdays=list(settings.workdays),
    )  # fmt: skip
    return await engine.ask(update, context, FORM)


def build() -> ConversationHandler[FieldContext]:
    """The working-day conversation, entered by its button under /sla."""
    return flow.build(FORM, entry_points=[CallbackQueryHandler(start, pattern=f"^{SlaButton.prefix}:hours:")])
