"""Queries for feedback (quality problems, complaints, market information, suggestions): filing, who is told,
acknowledgement and resolution, escalation, and what the digests read. Callers pass the session in."""

from __future__ import annotations

from collections.abc import Sequence
from datetime import datetime, timedelta
from enum import StrEnum
from typing import Any

from sqlalchemy import update
from sqlmodel import col, select
from sqlmodel.ext.asyncio.session import AsyncSession

from storage.field_models import Customer, Feedback
from storage.models import Role, Staff, Team
from storage.staff import supervisors_of as supervisors_of  # where the feedback notices and digests look


class FeedbackKind(StrEnum):
    """What is being reported (产品质量问题反馈 / 客户投诉 / 市场资讯反馈 / 建议)."""

    QUALITY = "quality"
    COMPLAINT = "complaint"
    MARKET = "market"
    SUGGESTION = "suggestion"


class Severity(StrEnum):
    """Normal, a batch quality problem (特殊批量质量问题), or critical (media, legal or safety risk)."""

    NORMAL = "normal"
    BATCH = "batch"
    CRITICAL = "critical"


class ComplaintCategory(StrEnum):
    """What a complaint is about; decides the department it is routed to."""

    PRODUCT = "product"
    PACKAGING = "packaging"
    STAFF = "staff"
    DEALER = "dealer"


class Department(StrEnum):
    """Where complaints go (技术部门 / 仓储运输 / 服务管理 / 销售部门)."""

    TECHNICAL = "technical"
    WAREHOUSE = "warehouse"
    SERVICE = "service"
    SALES = "sales"


ROUTING: dict[ComplaintCategory, Department] = {
    ComplaintCategory.PRODUCT: Department.TECHNICAL,
    ComplaintCategory.PACKAGING: Department.WAREHOUSE,
    ComplaintCategory.STAFF: Department.SERVICE,
    ComplaintCategory.DEALER: Department.SALES,
}
# Severities a supervisor must acknowledge (told at once, with a button).
URGENT = (Severity.BATCH, Severity.CRITICAL)


def route(kind: str, category: str | None) -> str | None:
    """The department a complaint goes to; other kinds are not routed."""
    if kind != FeedbackKind.COMPLAINT or category is None:
        return None
    return ROUTING[ComplaintCategory(category)].value


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


async def acknowledge(session: AsyncSession, feedback_id: int, staff_id: int, now: datetime) -> bool:
    """Acknowledge unless someone already has; one conditional UPDATE so two presses cannot both win."""
    result = await session.exec(
        update(Feedback)
        .where(col(Feedback.id) == feedback_id, col(Feedback.acknowledged_at).is_(None))
        .values(acknowledged_at=now, acknowledged_by_id=staff_id)
    )
    return bool(result.rowcount)


async def resolve(session: AsyncSession, feedback_id: int, staff_id: int, now: datetime) -> bool:
    """Mark resolved unless already resolved (or not yet acknowledged)."""
    result = await session.exec(
        update(Feedback)
        .where(
            col(Feedback.id) == feedback_id,
            col(Feedback.acknowledged_at).is_not(None),
            col(Feedback.resolved_at).is_(None),
        )
        .values(resolved_at=now, resolved_by_id=staff_id)
    )
    return bool(result.rowcount)


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
    result = await session.exec(
        update(Feedback)
        .where(
            col(Feedback.id) == feedback_id,
            col(Feedback.escalated_at).is_(None),
            col(Feedback.acknowledged_at).is_(None),
        )
        .values(escalated_at=now)
    )
    return bool(result.rowcount)


async def feedback_details(
    session: AsyncSession, feedback: Feedback
) -> tuple[Staff | None, Team | None, Customer | None]:
    """Who filed it, their team and the customer, for messages about one piece of feedback."""
    rep = await session.get(Staff, feedback.staff_id)
    team = await session.get(Team, feedback.team_id) if feedback.team_id is not None else None
    customer = await session.get(Customer, feedback.customer_id) if feedback.customer_id is not None else None
    return rep, team, customer
