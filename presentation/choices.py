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
