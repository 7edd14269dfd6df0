"""The scoring conversation as a declared flow: one rep and month, each judged item with buttons (full
marks first), a reason after any deduction, a preview with the automatic items and the total, submit once.

The engine (handlers.forms) asks, keeps the draft through restarts, offers Edit and submits once.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from datetime import date

from domain.scoring import Item, Scheme, flagged
from handlers.forms.spec import Draft, Form, Invalid, Kind, Step
from presentation import score_text as views
from presentation.context import FieldContext
from presentation.delivery import deliver
from presentation.i18n import t
from storage import scores as scores_db
from storage.models import Staff

REASON_LIMIT = 200  # one line the rep reads on a phone
SUFFIX = "_why"


def _scheme(draft: Draft) -> Scheme:
    return scores_db.scheme_named(draft["scheme"])


def _month(draft: Draft) -> date:
    return date.fromisoformat(draft["month"] + "-01")


def options(item: Item) -> list[float]:
    """The points a supervisor can give: full marks first, then the usual deductions."""
    if item.max_points <= 0:  # special deductions: none, or points taken off
        return [0.0, -1.0, -2.0, -3.0, -5.0, -10.0]
    top = item.max_points
    offered = [top, top - 1, top - 2, top - 3, top - 5, top / 2, 0.0]
    return sorted({max(0.0, value) for value in offered}, reverse=True)


def _choices(item: Item) -> Callable[[str, Draft], Sequence[tuple[str, str]]]:
    def choices(lang: str, _draft: Draft) -> Sequence[tuple[str, str]]:
        labels: list[tuple[str, str]] = []
        for value in options(item):
            if value == max(item.max_points, 0.0):
                key = "scores.full" if item.max_points > 0 else "scores.no_deduction"
                labels.append((t(lang, key, max=views.pts(value)), views.pts(value)))
            else:
                labels.append((views.pts(value), views.pts(value)))
        return labels

    return choices


def _item_step(item: Item) -> Step:
    def question(lang: str, draft: Draft) -> str:
        key = "scores.q.item" if item.max_points > 0 else "scores.q.special"
        return t(
            lang,
            key,
            name=draft["name"],
            month=draft["month"],
            title=item.title(lang),
            max=views.pts(item.max_points),
        )

    return Step(
        key=item.key,
        question=question,
        title=lambda lang, _d: item.title(lang),
        kind=Kind.CHOICE,
        choices=_choices(item),
        columns=4,
    )


def _reason_step(item: Item) -> Step:
    def question(lang: str, draft: Draft) -> str:
        given = draft.get("answers", {}).get(item.key)
        return t(lang, "scores.q.why", points=given, title=item.title(lang), name=draft["name"])

    def parse(text: str, _draft: Draft) -> str | Invalid:
        return text.strip() or Invalid("forms.text_expected")

    return Step(
        key=item.key + SUFFIX,
        question=question,
        title=lambda lang, _d: t(lang, "scores.title.why", title=item.title(lang)),
        limit=REASON_LIMIT,
        parse=parse,
    )


def deducted(item: Item, answer: object) -> bool:
    """Whether the chosen points are below full marks (or any special deduction): a reason is required."""
    return answer is not None and float(str(answer)) < max(item.max_points, 0.0)


def steps(draft: Draft) -> list[Step]:
    """Each judged item, followed by its reason when points were taken off (a scheme with nothing to
    judge, like the KPI sheet, asks only to look at what was computed)."""
    answers = draft.get("answers", {})
    found: list[Step] = []
    for item in _scheme(draft).items:
        if item.judged:
            found.append(_item_step(item))
            if deducted(item, answers.get(item.key)):
                found.append(_reason_step(item))
    return found or [CONFIRM]


def _confirm_question(lang: str, draft: Draft) -> str:
    scheme = views.scheme_title(lang, _scheme(draft))
    return t(lang, "scores.q.confirm", name=draft["name"], month=draft["month"], scheme=scheme)


CONFIRM = Step(
    key="confirm",
    question=_confirm_question,
    title=lambda lang, _d: t(lang, "scores.title.confirm"),
    kind=Kind.CHOICE,
    choices=lambda lang, _d: [(t(lang, "scores.looks_right"), "ok")],
)


def judged(draft: Draft) -> dict[str, tuple[float, str | None]]:
    """The judged items as (points, reason) from the answers."""
    answers = draft.get("answers", {})
    result = {}
    for item in _scheme(draft).items:
        if item.judged and item.key in answers:
            points = float(str(answers[item.key]))
            reason = answers.get(item.key + SUFFIX) if deducted(item, points) else None
            result[item.key] = (points, reason)
    return result


async def preview(context: FieldContext, draft: Draft) -> Sequence[str]:
    """Every item (automatic ones as computed), the blend, the total and the flag."""
    lang, scheme, month = context.lang, _scheme(draft), _month(draft)
    async with context.db.read() as session:
        card = await scores_db.scorecard(session, int(draft["staff_id"]), month)
    assert card is not None
    points: dict[str, float | None] = {key: entry.points for key, entry in card.entries.items() if entry.auto}
    points.update({key: value for key, (value, _) in judged(draft).items()})
    attendance = card.score.attendance or 0.0
    work, total = scores_db.total_of(scheme, points, attendance)
    shown = views.Totals(round(work, 2), attendance, round(total, 2), flagged(round(total, 2)))
    reasons = views.reasons_of(card.entries)
    reasons.update({key: (False, reason) for key, (_, reason) in judged(draft).items()})
    label = views.scheme_title(lang, scheme)
    head = t(lang, "scores.preview_head", name=draft["name"], month=draft["month"], scheme=label)
    lines = [
        head,
        "",
        *views.item_lines(lang, scheme, points, reasons),
        "",
        *views.totals(lang, scheme, shown),
    ]
    return ["\n".join(lines)]


async def submit(context: FieldContext, draft: Draft) -> str:
    """Store the judged items and the total once; say how many reps of the team are left."""
    lang, month, me = context.lang, _month(draft), context.me
    async with context.db.session() as session:
        row = await scores_db.submit(
            session,
            staff_id=int(draft["staff_id"]),
            month=month,
            judged=judged(draft),
            by_id=me.id or 0,
            now=context.now(),
        )
        left = 0
        if row is not None and row.team_id is not None:
            left = sum(
                1
                for score in await scores_db.team_month(session, row.team_id, month)
                if score.submitted_at is None
            )
    if row is None:
        return t(lang, "scores.already", name=draft["name"], month=draft["month"])
    await _tell_rep(context, int(draft["staff_id"]), draft["month"], views.pts(row.total))
    text = t(lang, "scores.done", name=draft["name"], total=views.pts(row.total), month=draft["month"])
    return text + ("\n" + t(lang, "scores.left", n=left) if left else "")


async def _tell_rep(context: FieldContext, staff_id: int, month: str, total: str) -> None:
    """The rep learns their scorecard is ready (a rep who blocked the bot is marked so, nothing more)."""
    async with context.db.read() as session:
        rep = await session.get(Staff, staff_id)
    if rep is not None and rep.active:
        await deliver(
            context.bot, rep.telegram_id, t(rep.language, "scores.rep_scored", month=month, total=total)
        )


FORM = Form(name="scoring", steps=steps, preview=preview, submit=submit)
