"""Who owes which report, and the reminder log that makes every reminder go out at most once.

Who is expected to file a period (the same rule for reminders and for on-time rates):
an active rep of the team, registered by the deadline, and not excused. A period is excused when
  * it is a team holiday on the deadline's local date, or
  * the rep is on leave on the deadline's local date (they cannot file that day), or
  * the rep is on leave for the whole period (there is nothing to report).
For daily reports the period and the deadline are the same day, so this reads "not on leave days or
holidays". Staff without a team have no schedule and are never expected.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date, datetime
from typing import Any

from sqlalchemy import ColumnElement, and_, delete, exists, literal, or_, select, true, update
from sqlalchemy.dialects import postgresql, sqlite
from sqlmodel.ext.asyncio.session import AsyncSession

from storage.field_models import Holiday, Leave, Report
from storage.log_models import ReminderLog
from storage.models import Role, Staff
from storage.staff import Recipient
from storage.types import UTCDateTime

staff_t = Staff.__table__  # type: ignore[attr-defined]
report_t = Report.__table__  # type: ignore[attr-defined]
leave_t = Leave.__table__  # type: ignore[attr-defined]
holiday_t = Holiday.__table__  # type: ignore[attr-defined]
log_t = ReminderLog.__table__  # type: ignore[attr-defined]


def expected_filter(
    team_id: Any, period_start: Any, period_end: Any, due_at: Any, due_day: Any
) -> ColumnElement[bool]:
    """SQL condition on `staff`: this rep is expected to file the period (see the module docstring).

    The arguments are SQL expressions or plain values, so the rates job can pass columns of a
    derived table of periods and the reminders job plain bound values.
    """
    staff_id = staff_t.c.id
    on_leave = exists().where(
        leave_t.c.staff_id == staff_id,
        or_(
            and_(leave_t.c.start_date <= due_day, leave_t.c.end_date >= due_day),
            and_(leave_t.c.start_date <= period_start, leave_t.c.end_date >= period_end),
        ),
    )
    # On the team given, not on staff.team_id (equal, as required below): the holiday then depends on the
    # period alone, and PostgreSQL stops estimating staff x holiday as an anti join of one row, a guess
    # that once made it probe `leave` for every rep (30 s instead of 2 for 100,000 reps).
    holiday = exists().where(holiday_t.c.team_id == team_id, holiday_t.c.day == due_day)
    return and_(
        staff_t.c.team_id == team_id,
        staff_t.c.role == Role.REP.value,
        staff_t.c.active.is_(True),
        staff_t.c.created_at <= due_at,
        ~on_leave,
        ~holiday,
    )


def not_filed(kind: Any, period_start: Any) -> ColumnElement[bool]:
    """SQL condition on `staff`: no report of this kind and period."""
    return ~exists().where(
        report_t.c.staff_id == staff_t.c.id, report_t.c.kind == kind, report_t.c.period_start == period_start
    )


def dialect_insert(session: AsyncSession, table: Any) -> Any:
    """INSERT with ON CONFLICT support for the database in use (SQLite or PostgreSQL)."""
    name = session.get_bind().dialect.name
    return (postgresql.insert if name == "postgresql" else sqlite.insert)(table)


async def _claim(
    session: AsyncSession, recipients: Any, kind: str, period_start: date, stage: str, now: datetime
) -> list[int]:
    """Claim a reminder-log row for each staff id `recipients` selects; the ids this caller won.

    ON CONFLICT DO NOTHING ... RETURNING: of two racing jobs, each row goes to exactly one of them.
    """
    source = select(
        recipients.c.id,
        literal(kind),
        literal(period_start),
        literal(stage),
        literal(now, UTCDateTime()),
        literal("pending"),
    ).where(true())  # SQLite needs a WHERE to tell "SELECT ... ON CONFLICT" from a join
    columns = ["staff_id", "kind", "period_start", "stage", "claimed_at", "status"]
    statement = (
        dialect_insert(session, log_t)
        .from_select(columns, source)
        .on_conflict_do_nothing(index_elements=["staff_id", "kind", "period_start", "stage"])
        .returning(log_t.c.staff_id)
    )
    return [row[0] for row in (await session.exec(statement)).all()]


async def recipients(session: AsyncSession, staff_ids: Sequence[int]) -> list[Recipient]:
    """The people behind `staff_ids`, ordered by name."""
    if not staff_ids:
        return []
    query = (
        select(staff_t.c.id, staff_t.c.telegram_id, staff_t.c.name, staff_t.c.language)
        .where(staff_t.c.id.in_(list(staff_ids)))
        .order_by(staff_t.c.name, staff_t.c.id)
    )
    rows = (await session.exec(query)).all()  # type: ignore[call-overload]
    return [Recipient(*row) for row in rows]


@dataclass(frozen=True)
class TeamPeriod:
    """One team's period of one kind, with its deadline (UTC) and the deadline's local date."""

    team_id: int
    kind: str
    start: date
    end: date
    due_at: datetime
    due_day: date

    def expected(self) -> ColumnElement[bool]:
        """SQL condition on `staff`: expected to file this period."""
        return expected_filter(
            self.team_id, self.start, self.end, literal(self.due_at, UTCDateTime()), self.due_day
        )


async def claim_rep_reminders(
    session: AsyncSession, period: TeamPeriod, *, stage: str, stage_at: datetime, now: datetime
) -> list[Recipient]:
    """Claim `stage` for every expected, reachable rep of the team who has not filed; those claimed.

    Only people registered when the stage fell due (`stage_at`) get it: a newcomer is not sent a
    catch-up for a reminder time that passed before they joined (they get the next stage).
    """
    reps = (
        select(staff_t.c.id)
        .where(
            period.expected(),
            staff_t.c.created_at <= literal(stage_at, UTCDateTime()),
            staff_t.c.unreachable.is_(False),
            not_filed(period.kind, period.start),
        )
        .subquery()
    )
    return await recipients(session, await _claim(session, reps, period.kind, period.start, stage, now))


async def missing_reps(session: AsyncSession, period: TeamPeriod) -> list[Recipient]:
    """Expected reps of the team who have not filed the period (reachable or not)."""
    query = select(staff_t.c.id).where(period.expected(), not_filed(period.kind, period.start))
    ids = [row[0] for row in (await session.exec(query)).all()]  # type: ignore[call-overload]
    return await recipients(session, ids)


async def claim_supervisor_lists(
    session: AsyncSession, period: TeamPeriod, *, stage: str, now: datetime
) -> list[Recipient]:
    """Claim `stage` for each active, reachable supervisor of the team; those claimed."""
    supervisors = (
        select(staff_t.c.id)
        .where(
            staff_t.c.team_id == period.team_id,
            staff_t.c.role == Role.SUPERVISOR.value,
            staff_t.c.active.is_(True),
            staff_t.c.unreachable.is_(False),
        )
        .subquery()
    )
    return await recipients(
        session, await _claim(session, supervisors, period.kind, period.start, stage, now)
    )


def _key(staff_id: int, kind: str, period_start: date, stage: str) -> ColumnElement[bool]:
    return and_(
        log_t.c.staff_id == staff_id,
        log_t.c.kind == kind,
        log_t.c.period_start == period_start,
        log_t.c.stage == stage,
    )


async def mark(
    session: AsyncSession,
    *,
    staff_id: int,
    kind: str,
    period_start: date,
    stage: str,
    status: str,
    at: datetime,
) -> None:
    """Record how a claimed reminder ended: "sent", "blocked" or "rejected"."""
    sent_at = at if status == "sent" else None
    statement = (
        update(log_t).where(_key(staff_id, kind, period_start, stage)).values(status=status, sent_at=sent_at)
    )
    await session.exec(statement)


async def release(session: AsyncSession, *, staff_id: int, kind: str, period_start: date, stage: str) -> None:
    """Give a claim back after a send that surely did not arrive, so the next run tries again."""
    await session.exec(delete(log_t).where(_key(staff_id, kind, period_start, stage)))


async def release_interrupted(session: AsyncSession) -> int:
    """Give back every claim still "pending"; how many were released.

    Run only at start, before the first reminder run, by the one copy that runs the jobs (bot.instance):
    a claim pending then was left by a process that died between claiming and recording the send, however
    recently (a service manager restarts a crashed bot within seconds). Sending it again risks a rare
    duplicate; not sending it would lose a reminder that decides whether a report is late.
    """
    statement = delete(log_t).where(log_t.c.status == "pending")
    return int((await session.exec(statement)).rowcount or 0)


async def supervisors_of(session: AsyncSession, staff_id: int) -> tuple[Recipient | None, list[Recipient]]:
    """A person and the active, reachable supervisors of their team."""
    person = await session.get(Staff, staff_id)
    if person is None or person.team_id is None:
        return None, []
    query = select(staff_t.c.id).where(
        staff_t.c.team_id == person.team_id,
        staff_t.c.role == Role.SUPERVISOR.value,
        staff_t.c.active.is_(True),
        staff_t.c.unreachable.is_(False),
        staff_t.c.id != staff_id,
    )
    ids = [row[0] for row in (await session.exec(query)).all()]  # type: ignore[call-overload]
    me = Recipient.of(person)
    return me, await recipients(session, ids)
