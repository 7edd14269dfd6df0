"""Service levels: a team's hours per category and priority, how it counts them, each order's targets,
and the claims the SLA job makes before it reminds or alerts.

Targets all start when the order is created: accept within, arrive within, finish within so many hours
of the request (what the customer was promised), whoever holds the order meanwhile. Exactly at the due
time a target is still met; one second later it is missed.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime, time, timedelta

from sqlalchemy import update
from sqlmodel import col, select
from sqlmodel.ext.asyncio.session import AsyncSession

from domain.orders import (
    DEFAULT_SLA_HOURS,
    HoursKind,
    OrderCategory,
    Priority,
    SlaTarget,
    WorkCalendar,
    due_at,
    reminder_lead,
)
from domain.settings import DEFAULT_TIMEZONE
from domain.zones import zone_or_default
from storage.field_models import Holiday
from storage.models import Team
from storage.order_models import OrderTarget, TeamSla, TeamSlaSettings, WorkOrder
from storage.team_models import MakeupWorkday

# Holidays further ahead than this cannot move a due time (the longest targets are a few weeks).
_CALENDAR_AHEAD = timedelta(days=400)


@dataclass(frozen=True)
class SlaHours:
    """Accept, arrive and finish within these hours; `custom` when the team set them itself."""

    accept: int
    arrive: int
    finish: int
    custom: bool = False

    def of(self, target: SlaTarget) -> int:
        """Hours for one target."""
        return {SlaTarget.ACCEPT: self.accept, SlaTarget.ARRIVE: self.arrive, SlaTarget.FINISH: self.finish}[
            target
        ]


def default_hours(priority: Priority | str) -> SlaHours:
    """The hours a team gets until it sets its own."""
    return SlaHours(*DEFAULT_SLA_HOURS[Priority(priority)])


async def team_sla(session: AsyncSession, team_id: int) -> dict[tuple[OrderCategory, Priority], SlaHours]:
    """Every category and priority's hours for the team: its own where set, the defaults elsewhere."""
    rows = (await session.exec(select(TeamSla).where(TeamSla.team_id == team_id))).all()
    own = {
        (r.category, r.priority): SlaHours(r.accept_hours, r.arrive_hours, r.finish_hours, True) for r in rows
    }
    return {(c, p): own.get((c.value, p.value), default_hours(p)) for c in OrderCategory for p in Priority}


async def hours_for(session: AsyncSession, team_id: int, category: str, priority: str) -> SlaHours:
    """The hours one new order of this category and priority gets."""
    row = (
        await session.exec(
            select(TeamSla).where(
                TeamSla.team_id == team_id, TeamSla.category == category, TeamSla.priority == priority
            )
        )
    ).first()
    if row is None:
        return default_hours(priority)
    return SlaHours(row.accept_hours, row.arrive_hours, row.finish_hours, True)


async def set_team_sla(
    session: AsyncSession, team_id: int, category: str, priority: str, hours: SlaHours
) -> None:
    """Set the team's hours for one category and priority (orders already open keep their due times)."""
    if not 0 < hours.accept <= hours.arrive <= hours.finish:
        raise ValueError("SLA hours must be positive and accept <= arrive <= finish")
    row = (
        await session.exec(
            select(TeamSla).where(
                TeamSla.team_id == team_id,
                TeamSla.category == OrderCategory(category).value,
                TeamSla.priority == Priority(priority).value,
            )
        )
    ).first()
    if row is None:
        row = TeamSla(
            team_id=team_id,
            category=category,
            priority=priority,
            accept_hours=0,
            arrive_hours=0,
            finish_hours=0,
        )
    row.accept_hours, row.arrive_hours, row.finish_hours = hours.accept, hours.arrive, hours.finish
    session.add(row)
    await session.flush()


async def sla_settings(session: AsyncSession, team_id: int) -> TeamSlaSettings:
    """How the team counts hours (a fresh, unsaved row with the defaults when it never chose)."""
    row = (await session.exec(select(TeamSlaSettings).where(TeamSlaSettings.team_id == team_id))).first()
    return row if row is not None else TeamSlaSettings(team_id=team_id)


async def set_sla_settings(
    session: AsyncSession,
    team_id: int,
    *,
    hours_kind: HoursKind | str,
    work_start: str = "08:30",
    work_end: str = "17:30",
    workdays: list[int] | None = None,
) -> TeamSlaSettings:
    """Choose calendar or working hours (and the working day) for the team's new orders."""
    start, end = time.fromisoformat(work_start), time.fromisoformat(work_end)
    days = sorted(set(workdays if workdays is not None else [0, 1, 2, 3, 4]))
    if start >= end or not days or not all(0 <= d <= 6 for d in days):
        raise ValueError("working hours need start before end and at least one workday (0 = Monday)")
    row = await sla_settings(session, team_id)
    row.hours_kind = HoursKind(hours_kind).value
    row.work_start, row.work_end, row.workdays = start.strftime("%H:%M"), end.strftime("%H:%M"), days
    session.add(row)
    await session.flush()
    return row


async def work_calendar(session: AsyncSession, team_id: int, since: date) -> WorkCalendar | None:
    """The team's working time from `since` on, or None when it counts calendar hours."""
    settings = await sla_settings(session, team_id)
    if settings.hours_kind != HoursKind.WORKING:
        return None
    team = await session.get(Team, team_id)
    zone = zone_or_default(team.timezone if team else None, DEFAULT_TIMEZONE)
    until = since + _CALENDAR_AHEAD
    holidays = await session.exec(
        select(col(Holiday.day)).where(Holiday.team_id == team_id, Holiday.day >= since, Holiday.day <= until)
    )
    makeups = await session.exec(
        select(col(MakeupWorkday.day)).where(
            MakeupWorkday.team_id == team_id, MakeupWorkday.day >= since, MakeupWorkday.day <= until
        )
    )
    return WorkCalendar(
        zone=zone,
        start=time.fromisoformat(settings.work_start),
        end=time.fromisoformat(settings.work_end),
        workdays=frozenset(settings.workdays),
        holidays=frozenset(holidays.all()),
        makeup_days=frozenset(makeups.all()),
    )


async def add_targets(session: AsyncSession, order: WorkOrder, start: datetime) -> list[OrderTarget]:
    """The order's three targets, due by the team's hours and the way it counts them."""
    assert order.id is not None
    hours = await hours_for(session, order.team_id, order.category, order.priority)
    settings = await sla_settings(session, order.team_id)
    calendar = await work_calendar(session, order.team_id, start.date() - timedelta(days=1))
    targets = []
    for target in SlaTarget:
        due = due_at(start, hours.of(target), settings.hours_kind, calendar)
        row = OrderTarget(
            order_id=order.id,
            target=target.value,
            started_at=start,
            due_at=due,
            remind_at=due - reminder_lead(due - start),
        )
        session.add(row)
        targets.append(row)
    await session.flush()
    return targets


async def targets(session: AsyncSession, order_id: int) -> list[OrderTarget]:
    """The order's targets in the order accept, arrive, finish."""
    rows = (await session.exec(select(OrderTarget).where(OrderTarget.order_id == order_id))).all()
    rank = {t.value: n for n, t in enumerate(SlaTarget)}
    return sorted(rows, key=lambda r: rank.get(r.target, 9))


async def meet(session: AsyncSession, order_id: int, target: SlaTarget, now: datetime) -> None:
    """Mark a target met (the first time only)."""
    await session.exec(
        update(OrderTarget)
        .where(
            col(OrderTarget.order_id) == order_id,
            col(OrderTarget.target) == target.value,
            col(OrderTarget.met_at).is_(None),
        )
        .values(met_at=now)
    )


# The job's claims live in storage.order_claims; imported here so the SLA API is one module.
from storage.order_claims import Claimed, claim_due  # noqa: E402, F401
