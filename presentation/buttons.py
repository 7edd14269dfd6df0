"""Buttons that one layer sends and another answers: a deadline reminder (jobs) opens a report (handlers)."""

from __future__ import annotations

from dataclasses import dataclass

from presentation.callbacks import CallbackData


@dataclass(frozen=True)
class OpenReport(CallbackData, prefix="ro"):
    """The button on a deadline reminder: opens the report of that kind."""

    kind: str
