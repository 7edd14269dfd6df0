"""A team's scoring settings through /scoring: `settings` shows them, `scheme KEY` picks the team's scheme
(the shipped ones or a company's own file), `deadline N` and `hr N` the days of the month the scoring is
due and the HR workbook goes out."""

from __future__ import annotations

from telegram import Update

from presentation.context import FieldContext
from presentation.i18n import t
from presentation.score_text import scheme_title
from storage import attendance as attendance_db
from storage import score_cards
from storage import scores as scores_db
from storage.models import Team

WORDS = ("settings", "scheme", "deadline", "hr")
FIELDS = {"deadline": "scoring_deadline_day", "hr": "hr_day"}


def _day(text: str) -> int | None:
    return int(text) if text.isdigit() and 1 <= int(text) <= 28 else None


async def change(update: Update, context: FieldContext, team: Team, args: list[str]) -> None:
    """Show or change the team's scoring settings (args start with one of WORDS)."""
    assert update.effective_message is not None and team.id is not None
    lang, word = context.lang, args[0]
    known = score_cards.schemes()
    keys = ", ".join(f"<code>{key}</code>" for key in sorted(known))
    value = args[1] if len(args) == 2 else None
    async with context.db.session() as session:
        if word == "scheme" and value in known:
            await attendance_db.save_work_settings(session, team.id, scheme_key=value)
            text = t(lang, "scores.set_scheme", team=team.name, scheme=scheme_title(lang, known[value]))
        elif word in FIELDS and value is not None and _day(value) is not None:
            await attendance_db.save_work_settings(session, team.id, **{FIELDS[word]: _day(value)})
            text = t(lang, f"scores.set_{word}", team=team.name, day=value)
        elif word == "settings" and value is None:
            settings = await attendance_db.work_settings(session, team.id)
            scheme = scores_db.scheme_named(settings.scheme_key)
            text = t(
                lang,
                "scores.settings",
                team=team.name,
                scheme=scheme_title(lang, scheme),
                deadline=settings.scoring_deadline_day,
                hr=settings.hr_day,
            )
        else:
            text = t(lang, "scores.settings_usage")
    await update.effective_message.reply_text(text.replace("{schemes}", keys))
