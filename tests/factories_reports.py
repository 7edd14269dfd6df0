"""Test data for the report tests: reps who joined a while ago, customers, visit records, schedules."""

from __future__ import annotations

from datetime import date, datetime, time, timedelta
from zoneinfo import ZoneInfo

from sqlmodel import select

from domain.deadlines import DEFAULT_SCHEDULES, Period, period_due_next, period_for, previous_start
from storage.db import Database
from storage.field_models import Customer, Report, ReportRevision, ReportSchedule, VisitRecord
from storage.models import Staff, Team
from tests.factories import make_staff

SHANGHAI = ZoneInfo("Asia/Shanghai")


async def make_rep(
    db: Database,
    telegram_id: int,
    team: Team,
    *,
    language: str = "en",
    joined_days_ago: int = 0,
    name: str | None = None,
) -> Staff:
    """A rep; `joined_days_ago` back-dates the registration (earlier periods are then expected of them)."""
    person = await make_staff(db, telegram_id, team=team, language=language, name=name)
    if joined_days_ago:
        async with db.session() as session:
            person.created_at = db.clock.now() - timedelta(days=joined_days_ago)
            session.add(person)
    return person


async def make_customer(db: Database, team: Team, name: str, *, key_account: bool = False) -> Customer:
    """A customer of the team."""
    async with db.session() as session:
        customer = Customer(team_id=team.id or 0, name=name, key_account=key_account)
        session.add(customer)
        await session.flush()
        return customer


async def make_visit(
    db: Database,
    staff: Staff,
    customer: Customer,
    at: datetime,
    *,
    visit_type: str = "repair",
    result: str = "resolved",
    follow_up: bool = False,
) -> VisitRecord:
    """A filed visit record."""
    async with db.session() as session:
        visit = VisitRecord(
            staff_id=staff.id or 0,
            customer_id=customer.id or 0,
            visited_at=at,
            visit_type=visit_type,
            result=result,
            follow_up=follow_up,
        )
        session.add(visit)
        await session.flush()
        return visit


async def make_schedule(
    db: Database,
    team: Team,
    kind: str,
    *,
    due_time: str,
    weekday: int | None = None,
    day_of_month: int | None = None,
) -> None:
    """The team's own deadline for `kind`."""
    async with db.session() as session:
        session.add(
            ReportSchedule(
                team_id=team.id or 0, kind=kind, weekday=weekday, day_of_month=day_of_month, due_time=due_time
            )
        )


def current_and_previous(kind: str, now: datetime, zone: ZoneInfo = SHANGHAI) -> tuple[Period, Period]:
    """Under the default schedule: the period due next at `now` and the one before it."""
    schedule = DEFAULT_SCHEDULES[kind]
    current = period_due_next(schedule, now, zone)
    return current, period_for(schedule, previous_start(kind, current.start), zone)


def local(day: date, hour: int, minute: int = 0, zone: ZoneInfo = SHANGHAI) -> datetime:
    """A wall-clock time in the team's zone."""
    return datetime.combine(day, time(hour, minute), tzinfo=zone)


async def reports_of(db: Database, staff: Staff) -> list[Report]:
    """Everything a person has filed."""
    async with db.session() as session:
        return list((await session.exec(select(Report).where(Report.staff_id == staff.id))).all())


async def revisions_of(db: Database, report: Report) -> list[ReportRevision]:
    """Every version of a report, oldest first."""
    async with db.session() as session:
        query = (
            select(ReportRevision)
            .where(ReportRevision.report_id == report.id)
            .order_by(ReportRevision.revision)
        )
        return list((await session.exec(query)).all())
