"""How scorecards read: a rep's items with the points lost and why, the team's month, the scoring list's
buttons (sent by /scoring and by the job on the 1st)."""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from datetime import date

from telegram import InlineKeyboardButton, InlineKeyboardMarkup

from domain.scoring import Item, Scheme, yearly_score
from presentation.buttons import ScoreRep
from presentation.i18n import Raw, t
from storage.score_models import MonthScore, ScoreEntry


def scoring_deadline(month: date, day: int) -> date:
    """The last day to score `month`: `day` of the month after it."""
    after = date(month.year + 1, 1, 1) if month.month == 12 else date(month.year, month.month + 1, 1)
    return after.replace(day=min(max(day, 1), 28))


def previous_month(today: date) -> date:
    """The first day of the month before `today`'s."""
    return date(today.year - 1, 12, 1) if today.month == 1 else date(today.year, today.month - 1, 1)


def month_label(month: date) -> str:
    """2026-10."""
    return month.isoformat()[:7]


def pts(value: float | None) -> str:
    """Points as people write them: 7, 2.5, 77.85."""
    return "–" if value is None else f"{round(value, 2):g}"


def _pairs(reason: str) -> dict[str, str]:
    return dict(part.split("=", 1) for part in reason.split(",") if "=" in part)


# item key -> (automatic?, reason): what was counted, or the supervisor's words.
Reasons = Mapping[str, tuple[bool, str | None]]


def reasons_of(entries: Mapping[str, ScoreEntry]) -> dict[str, tuple[bool, str | None]]:
    """The stored entries' reasons."""
    return {key: (entry.auto, entry.reason) for key, entry in entries.items()}


def explain(lang: str, item: Item, auto: bool, reason: str | None) -> str:
    """Why the item lost points: what was counted (automatic) or the supervisor's reason (judged)."""
    if not reason:
        return ""
    if not auto:
        return reason
    found = _pairs(reason)
    if item.rule == "reports":
        if (
            found.get("expected", "0") != "0"
            and found.get("on_time") == "0"
            and found["missed"] == found["expected"]
        ):
            return t(lang, "scores.why.none_filed")
        return t(lang, "scores.why.reports", **found)
    value = found.get(item.fact, "")
    if item.rule == "per_count" and f"scores.why.{item.fact}" in _KNOWN:
        return t(lang, f"scores.why.{item.fact}", n=value)
    if item.fact == "quality_feedback_on_time" and value:
        return t(lang, "scores.why.quality_feedback_on_time", percent=f"{float(value):.0%}")
    return t(lang, "scores.why.value", value=value)


_KNOWN = {"scores.why.complaints", "scores.why.whereabouts_not_found", "scores.why.training_absences"}


def item_lines(lang: str, scheme: Scheme, points: Mapping[str, float | None], reasons: Reasons) -> list[str]:
    """One line per item (with a second line saying why points were lost)."""
    lines: list[str] = []
    for item in scheme.items:
        value = points.get(item.key)
        shown = item.max_points if value is None and item.judged else value
        if scheme.kind == "kpi":
            lines.append(
                t(lang, "scores.item_kpi", title=item.title(lang), points=pts(shown), weight=pts(item.weight))
            )
        else:
            lines.append(
                t(lang, "scores.item", title=item.title(lang), points=pts(shown), max=pts(item.max_points))
            )
        lost = item.max_points - (shown or 0.0) if scheme.kind == "points" else 0.0
        why = explain(lang, item, *reasons.get(item.key, (True, None)))
        if lost > 1e-9 or (item.max_points == 0 and shown):
            lines.append(t(lang, "scores.lost", lost=pts(abs(lost)), why=why))
    return lines


@dataclass(frozen=True)
class Totals:
    """A month's parts and total."""

    work: float | None
    attendance: float | None
    total: float | None
    flagged: bool

    @classmethod
    def of(cls, score: MonthScore) -> Totals:
        """The stored month's."""
        return cls(score.work_points, score.attendance, score.total, score.flagged)


def totals(lang: str, scheme: Scheme, score: Totals) -> list[str]:
    """The blend (points schemes), the month's total and the under-60 flag."""
    lines: list[str] = []
    if scheme.kind == "points":
        lines.append(
            t(
                lang,
                "scores.work",
                work=pts(score.work),
                work_share=pts(scheme.work_share * 100),
                attendance=pts(score.attendance),
                attendance_share=pts(100 - scheme.work_share * 100),
            )
        )
    lines.append(t(lang, "scores.total", total=pts(score.total)))
    if score.flagged:
        lines.append(t(lang, "scores.flagged"))
    return lines


def card_text(
    lang: str,
    name: str,
    scheme: Scheme,
    score: MonthScore,
    entries: Mapping[str, ScoreEntry],
    year: Sequence[tuple[date, float]],
    scorer: str | None,
) -> str:
    """A rep's scorecard: every item, points lost and why, the total, the flag, the year so far."""
    points = {key: entry.points for key, entry in entries.items()}
    label = month_label(score.month)
    head = t(lang, "scores.card_head", name=name, month=label, scheme=scheme_title(lang, scheme))
    lines = [
        head,
        "",
        *item_lines(lang, scheme, points, reasons_of(entries)),
        "",
        *totals(lang, scheme, Totals.of(score)),
    ]
    if score.submitted_at is None:
        lines.append(t(lang, "scores.pending"))
    elif scorer:
        lines.append(t(lang, "scores.submitted_by", name=scorer, day=score.submitted_at.date().isoformat()))
    mean = yearly_score([total for _, total in year])
    if mean is not None:
        lines.append(t(lang, "scores.year", year=score.month.year, mean=pts(mean), n=len(year)))
    return "\n".join(lines)


def scheme_title(lang: str, scheme: Scheme) -> str:
    """The scheme's name in the reader's language."""
    return scheme.title_zh if lang.startswith("zh") else scheme.title_en


def team_text(lang: str, team: str, month: date, rows: Sequence[tuple[str, MonthScore]]) -> str:
    """The team's month, one line per rep."""
    lines = [t(lang, "scores.team_head", team=team, month=month_label(month))]
    for name, score in rows:
        flag = " ⚠️" if score.flagged else ""
        state = "" if score.submitted_at else t(lang, "scores.state_open")
        lines.append(
            t(lang, "scores.team_line", name=name, total=pts(score.total), flag=Raw(flag), state=state)
        )
    return "\n".join(lines)


def scoring_list(
    lang: str, team: str, month: date, deadline: date, rows: Sequence[tuple[int, str, MonthScore]]
) -> tuple[str, InlineKeyboardMarkup | None]:
    """The scoring list: a button per rep (✏️ to score, ✅ scored), or "every rep is scored"."""
    if not rows:
        return t(lang, "scores.no_reps", team=team), None
    if all(score.submitted_at for _, _, score in rows):
        return t(lang, "scores.all_done", team=team, month=month_label(month)), None
    buttons = []
    for staff_id, name, score in rows:
        key = "scores.btn_done" if score.submitted_at else "scores.btn_open"
        data = ScoreRep(staff_id, month_label(month)).pack()
        buttons.append(
            [InlineKeyboardButton(t(lang, key, name=name, total=pts(score.total)), callback_data=data)]
        )
    text = t(lang, "scores.pick", team=team, month=month_label(month), deadline=deadline.isoformat())
    return text, InlineKeyboardMarkup(buttons)
