"""Queries for feedback (quality problems, complaints, market information, suggestions): filing, who is told,
acknowledgement and resolution, escalation, and what the digests read. Callers pass the session in."""

from __future__ import annotations

from collections.abc import Sequence
from datetime import datetime, timedelta
from typing import Any

from sqlalchemy import ColumnElement
from sqlmodel import col, select
from sqlmodel.ext.asyncio.session import AsyncSession

# The vocabulary is domain.feedback's; the feedback flow and its notices still read it from here.
from domain.feedback import URGENT as URGENT
from domain.feedback import ComplaintCategory as ComplaintCategory
from domain.feedback import FeedbackKind, Severity, route
from storage.compare_and_set import update_if
from storage.field_models import Customer, Feedback
from storage.models import Role, Staff, Team
from storage.staff import supervisors_of as supervisors_of  # where the feedback notices and digests look


async def file_feedback(session: AsyncSession, *, staff: Staff, answers: dict[str, Any]) -> Feedback:
    """Store one piece of feedback from a rep's answers."""
    kind = str(answers["kind"])
    category = answers.get("category") if kind == FeedbackKind.COMPLAINT else None
    feedback = Feedback(
        staff_id=staff.id or 0,
        team_id=staff.team_id,
        kind=kind,
        customer_id=answers.get("customer_id"),
        product_model=answers.get("product_model"),
        description=str(answers["description"]),
        photo_file_ids=list(answers.get("photos", [])),
        severity=str(answers.get("severity", Severity.NORMAL)),
        complaint_category=category,
        routed_to=route(kind, category),
    )
    session.add(feedback)
    await session.flush()
    return feedback


async def admins(session: AsyncSession) -> Sequence[Staff]:
    """Active admins registered in the database."""
    query = select(Staff).where(Staff.role == Role.ADMIN, col(Staff.active).is_(True)).order_by(col(Staff.id))
    return (await session.exec(query)).all()


def may_handle(person: Staff, feedback: Feedback) -> bool:
    """Only a supervisor of the feedback's team, or an admin, acknowledges or resolves it."""
    if not person.active:
        return False
    if person.role == Role.ADMIN:
        return True
    return (
        person.role == Role.SUPERVISOR and person.team_id is not None and person.team_id == feedback.team_id
    )


async def _stamp(
    session: AsyncSession, feedback_id: int, *only_if: ColumnElement[bool], **values: Any
) -> bool:
    """Set `values` on the feedback if `only_if` holds: one conditional UPDATE, so of two presses (or a press
    and the escalation job) only one wins."""
    return await update_if(session, Feedback, col(Feedback.id) == feedback_id, *only_if, **values)


async def acknowledge(session: AsyncSession, feedback_id: int, staff_id: int, now: datetime) -> bool:
    """Acknowledge unless someone already has."""
    unacknowledged = col(Feedback.acknowledged_at).is_(None)
    return await _stamp(
        session, feedback_id, unacknowledged, acknowledged_at=now, acknowledged_by_id=staff_id
    )


async def resolve(session: AsyncSession, feedback_id: int, staff_id: int, now: datetime) -> bool:
    """Mark resolved unless already resolved (or not yet acknowledged)."""
    in_hand = (col(Feedback.acknowledged_at).is_not(None), col(Feedback.resolved_at).is_(None))
    return await _stamp(session, feedback_id, *in_hand, resolved_at=now, resolved_by_id=staff_id)


async def overdue_critical(session: AsyncSession, now: datetime, limit: timedelta) -> Sequence[Feedback]:
    """Critical feedback nobody acknowledged within `limit` and not yet escalated, oldest first."""
    query = (
        select(Feedback)
        .where(
            Feedback.severity == Severity.CRITICAL,
            col(Feedback.acknowledged_at).is_(None),
            col(Feedback.escalated_at).is_(None),
            col(Feedback.created_at) <= now - limit,
        )
        .order_by(col(Feedback.created_at))
    )
    return (await session.exec(query)).all()


async def claim_escalation(session: AsyncSession, feedback_id: int, now: datetime) -> bool:
    """Set escalated_at if still unset; False when another run (or an acknowledgement) got there first."""
    unseen = (col(Feedback.escalated_at).is_(None), col(Feedback.acknowledged_at).is_(None))
    return await _stamp(session, feedback_id, *unseen, escalated_at=now)


async def feedback_details(
    session: AsyncSession, feedback: Feedback
) -> tuple[Staff | None, Team | None, Customer | None]:
    """Who filed it, their team and the customer, for messages about one piece of feedback."""
    rep = await session.get(Staff, feedback.staff_id)
    team = await session.get(Team, feedback.team_id) if feedback.team_id is not None else None
    customer = await session.get(Customer, feedback.customer_id) if feedback.customer_id is not None else None
    return rep, team, customer
