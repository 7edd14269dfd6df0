"""Buttons that one layer sends and another answers: a deadline reminder (jobs) opens a report (handlers);
an urgent-feedback notice or escalation (handlers, jobs) is acknowledged and resolved (handlers)."""

from __future__ import annotations

from dataclasses import dataclass

from presentation.callbacks import CallbackData


@dataclass(frozen=True)
class OpenReport(CallbackData, prefix="ro"):
    """The button on a deadline reminder: opens the report of that kind."""

    kind: str


@dataclass(frozen=True)
class AcknowledgeFeedback(CallbackData, prefix="fbak"):
    """Acknowledge, under a notice or an escalation of batch or critical feedback."""

    feedback_id: int


@dataclass(frozen=True)
class ResolveFeedback(CallbackData, prefix="fbres"):
    """Mark resolved, under a notice once the feedback is acknowledged."""

    feedback_id: int
