"""Queries behind the supervisor digests: feedback, escalations, follow-ups, team rates, and the
DigestLog claim that makes each digest go out at most once."""

from __future__ import annotations

from collections.abc import Sequence
from datetime import date, datetime
from zoneinfo import ZoneInfo

from sqlalchemy import delete
from sqlalchemy.exc import IntegrityError
from sqlmodel import col, select
from sqlmodel.ext.asyncio.session import AsyncSession
from sqlmodel.sql.expression import Select

from domain.deadlines import Period
from storage.feedback import URGENT
from storage.field_models import (
    Customer,
    Feedback,
    Holiday,
    Leave,
    Report,
    VisitRecord,
)
from storage.log_models import DigestLog
from storage.models import Staff, Team
from storage.rate_models import TeamOnTimeRate
from storage.stats import rate
from storage.visits import follow_up_open


async def all_teams(session: AsyncSession) -> Sequence[Team]:
    """Every team, by name."""
    return (await session.exec(select(Team).order_by(col(Team.name)))).all()


def _feedback_with_names() -> Select[Feedback, str, str]:
    """Feedback with the rep's and the customer's names, oldest first (for digest lines)."""
    return (
        select(Feedback, Staff.name, Customer.name)
        .join(Staff, col(Staff.id) == col(Feedback.staff_id))
        .outerjoin(Customer, col(Customer.id) == col(Feedback.customer_id))
        .order_by(col(Feedback.created_at))
    )


async def new_feedback(
    session: AsyncSession, team_id: int, start: datetime, end: datetime
) -> Sequence[tuple[Feedback, str, str | None]]:
    """Feedback filed in [start, end) by the team, with the rep's and the customer's names."""
    query = _feedback_with_names().where(
        Staff.team_id == team_id, Feedback.created_at >= start, Feedback.created_at < end
    )
    return (await session.exec(query)).all()


async def open_escalations(session: AsyncSession, team_id: int) -> Sequence[tuple[Feedback, str, str | None]]:
    """Batch or critical feedback of the team that no supervisor has acknowledged yet, oldest first."""
    query = _feedback_with_names().where(
        Staff.team_id == team_id, col(Feedback.severity).in_(URGENT), col(Feedback.acknowledged_at).is_(None)
    )
    return (await session.exec(query)).all()


async def open_follow_ups(
    session: AsyncSession, team_id: int, now: datetime
) -> Sequence[tuple[VisitRecord, str, str]]:
    """The team's open follow-ups (storage.visits.follow_up_open) with rep and customer names, oldest
    first: the longest-waiting customer is the one a supervisor should see first."""
    query = (
        select(VisitRecord, Staff.name, Customer.name)
        .join(Staff, col(Staff.id) == col(VisitRecord.staff_id))
        .join(Customer, col(Customer.id) == col(VisitRecord.customer_id))
        .where(
            Staff.team_id == team_id,
            follow_up_open(),
            VisitRecord.visited_at <= now,
        )
        .order_by(col(VisitRecord.visited_at))
    )
    return (await session.exec(query)).all()


async def excused_today(session: AsyncSession, team: Team, day: date) -> tuple[bool, set[int]]:
    """Whether `day` is a team holiday, and which staff are on leave that day (nobody expects a check-in)."""
    holiday = (
        await session.exec(select(Holiday.id).where(Holiday.team_id == team.id, Holiday.day == day))
    ).first()
    query = (
        select(Leave.staff_id)
        .join(Staff, col(Staff.id) == col(Leave.staff_id))
        .where(Staff.team_id == team.id, Leave.start_date <= day, Leave.end_date >= day)
    )
    return holiday is not None, set((await session.exec(query)).all())


async def weekly_team_rates(
    session: AsyncSession, team: Team, periods: Sequence[Period], reps: Sequence[Staff], zone: ZoneInfo
) -> list[float | None]:
    """The team's weekly on-time rate for each period: the stored TeamOnTimeRate when the rates job has
    computed it, otherwise counted here from the Report rows of today's reps."""
    starts = [p.start for p in periods]
    stored_rows = await session.exec(
        select(TeamOnTimeRate).where(TeamOnTimeRate.in_periods(team.id or 0, "weekly", starts))
    )
    stored = {row.period_start: row for row in stored_rows.all()}
    ids = [rep.id for rep in reps]
    filed_rows = await session.exec(
        select(col(Report.period_start), col(Report.late)).where(
            col(Report.staff_id).in_(ids), Report.kind == "weekly", col(Report.period_start).in_(starts)
        )
    )
    on_time: dict[date, int] = {}
    for start, late in filed_rows.all():
        on_time[start] = on_time.get(start, 0) + (0 if late else 1)
    rates: list[float | None] = []
    for period in periods:
        row = stored.get(period.start)
        if row is not None:
            rates.append(
                row.on_time_rate if row.on_time_rate is not None else rate(row.on_time, row.expected)
            )
            continue
        expected = sum(1 for rep in reps if rep.created_at.astimezone(zone).date() <= period.end)
        rates.append(rate(on_time.get(period.start, 0), expected))
    return rates


async def already_sent(
    session: AsyncSession, team_id: int, recipient_id: int, kind: str, period_key: str
) -> bool:
    """Whether this digest has been claimed (sent or being sent) already."""
    query = select(DigestLog.id).where(
        DigestLog.team_id == team_id,
        DigestLog.recipient_id == recipient_id,
        DigestLog.kind == kind,
        DigestLog.period_key == period_key,
    )
    return (await session.exec(query)).first() is not None


async def claim(session: AsyncSession, team_id: int, recipient_id: int, kind: str, period_key: str) -> bool:
    """Claim one digest before sending it; False when another run got there first (the unique key decides)."""
    if await already_sent(session, team_id, recipient_id, kind, period_key):
        return False
    try:
        async with session.begin_nested():
            session.add(
                DigestLog(team_id=team_id, recipient_id=recipient_id, kind=kind, period_key=period_key)
            )
    except IntegrityError:
        return False
    return True


async def release(session: AsyncSession, team_id: int, recipient_id: int, kind: str, period_key: str) -> None:
    """Give a claim back after a failure worth retrying (network), so the next run sends it."""
    await session.exec(
        delete(DigestLog).where(
            col(DigestLog.team_id) == team_id,
            col(DigestLog.recipient_id) == recipient_id,
            col(DigestLog.kind) == kind,
            col(DigestLog.period_key) == period_key,
        )
    )
