"""What a rep reads of their own feedback: the preview, what filing it said, and what they hear when a
supervisor acknowledges or resolves it. Pure functions of the language and the rows (the supervisors' side
is presentation.feedback_notice)."""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from typing import Any

from presentation import feedback_notice
from presentation.i18n import Raw, t
from storage import feedback as fb_db
from storage.field_models import Feedback


def preview(lang: str, answers: Mapping[str, Any], customers: Sequence[Sequence[Any]]) -> Raw:
    """The feedback as supervisors will read it; the customer named among those the flow offered."""
    chosen = str(answers.get("customer") or "")
    customer = next((name for customer_id, name in customers if str(customer_id) == chosen), None)
    body = feedback_notice.summary(lang, dict(answers), customer=customer)
    return t(lang, "feedback.preview", summary=body)


def filed_text(lang: str, feedback: Feedback, *, told: bool) -> Raw:
    """Filed (and where a complaint was routed); whether the supervisors were told at once."""
    if feedback.routed_to:
        department = t(lang, f"feedback.dept.{feedback.routed_to}")
        text = t(lang, "feedback.filed_routed", id=feedback.id, department=department)
    else:
        text = t(lang, "feedback.filed", id=feedback.id)
    if not told:
        return text
    told_key = "feedback.filed_urgent" if feedback.severity in fb_db.URGENT else "feedback.filed_told"
    return Raw(f"{text}\n{t(lang, told_key)}")


def rep_told(lang: str, feedback: Feedback, action: str, by: str) -> Raw:
    """The rep's news that `by` acknowledged (`acked`) or resolved (`resolved`) their feedback."""
    kind = t(lang, f"feedback.kind.{feedback.kind}")
    return t(lang, f"feedback.rep_{action}", id=feedback.id, kind=kind, name=by)
