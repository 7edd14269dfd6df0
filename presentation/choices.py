"""A chooser's buttons as presentation lays them out: rows of (label, action, argument). The flow turns
each into a button that carries its prompt's token (handlers.staff_common.prompt)."""

from __future__ import annotations

from collections.abc import Sequence

from presentation.i18n import t

Choice = tuple[str, str, str]  # (label, action, argument) of one button
Rows = list[list[Choice]]


def cancel(lang: str) -> Choice:
    """The Cancel under every chooser."""
    return (t(lang, "common.cancel"), "cancel", "-")


def one_a_row(lang: str, choices: Sequence[Choice]) -> Rows:
    """Each choice on its own row (names read whole on a phone), Cancel last."""
    return [*([choice] for choice in choices), [cancel(lang)]]


# --- the form engine's own buttons (handlers.forms), each row laid out here, its token added there ---
def last_row(lang: str, back: str | None, arg: str = "-") -> list[Choice]:
    """The last row of every question: « Back (`back` is its action, where there is somewhere to go back
    to), then Cancel."""
    return [*([(t(lang, "common.back"), back, arg)] if back else []), cancel(lang)]


def answer_row(lang: str, key: str, *, keep: bool, skip: bool) -> list[Choice]:
    """Keep (the answer given before, when a question is asked again) and Skip, where they apply."""
    keeping = [(t(lang, "forms.keep"), "keep", key)] if keep else []
    return [*keeping, *([(t(lang, "common.skip"), "skip", key)] if skip else [])]


def photos_rows(lang: str, key: str, *, any_photo: bool) -> Rows:
    """Done, and Remove once there are photos: under a photos question and under each photo's receipt."""
    done: list[Choice] = [(t(lang, "forms.done"), "done", key)]
    return [done, [(t(lang, "forms.photos_clear"), "clear", key)]] if any_photo else [done]


def preview_rows(lang: str, submit_label: str) -> Rows:
    """Under a preview: Edit and Submit (the catalog key `submit_label`, e.g. a check-in's "✅ Check in"),
    then Cancel."""
    return [[(t(lang, "common.edit"), "edit", "-"), (t(lang, submit_label), "submit", "-")], [cancel(lang)]]


def edit_rows(lang: str, parts: Sequence[tuple[str, str]], back: str = "menuback") -> Rows:
    """The preview's Edit: a button a part (its title, its step's key), then « Back (its action `back`: to
    Edit / Submit)."""
    return [*([(title, "field", key)] for title, key in parts), [(t(lang, "common.back"), back, "-")]]


def question_text(lang: str, header: str, question: str, given: str | None, shown: int = 500) -> str:
    """A question under its "Question n of N." header; asked again, with (the first `shown` characters
    of) the answer `given` before, so the question stays one message."""
    if given is None:
        return f"{header}\n{question}"
    excerpt = given if len(given) <= shown else given[:shown] + "…"
    current = t(lang, "forms.current_answer", answer=excerpt or t(lang, "forms.skipped"))
    return f"{header}\n{question}\n\n{current}"
