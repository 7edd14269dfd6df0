"""Test data for digests and stats, written straight to the models (the check-in, visit, report and
feedback features build their own storage; these figures must not depend on it)."""

from __future__ import annotations

from datetime import date, datetime, timedelta
from typing import Any

from storage.db import Database
from storage.field_models import CheckIn, Customer, Feedback, Report, TeamOnTimeRate, Verdict, VisitRecord
from storage.models import Staff, Team


async def make_customer(db: Database, team: Team, name: str = "Acme Works") -> Customer:
    """A customer site of the team."""
    async with db.session() as session:
        customer = Customer(team_id=team.id or 0, name=name, latitude=31.2, longitude=121.5)
        session.add(customer)
        await session.flush()
        return customer


async def make_checkin(
    db: Database,
    rep: Staff,
    at: datetime,
    *,
    customer: Customer | None = None,
    verdict: str = Verdict.AT_SITE,
    suspicious: bool = False,
    open_: bool = False,
) -> CheckIn:
    """A check-in at `at`; closed an hour later unless open_."""
    async with db.session() as session:
        checkin = CheckIn(
            staff_id=rep.id or 0,
            customer_id=customer.id if customer else None,
            checked_in_at=at,
            latitude=31.2,
            longitude=121.5,
            verdict=verdict,
            suspicious=suspicious,
            suspicion_reasons=["forwarded"] if suspicious else [],
            checked_out_at=None if open_ else at + timedelta(hours=1),
        )
        session.add(checkin)
        await session.flush()
        return checkin


async def make_visit(
    db: Database,
    rep: Staff,
    customer: Customer,
    at: datetime,
    *,
    follow_up: bool = False,
    problem: str = "Pump leaking",
) -> VisitRecord:
    """A visit record."""
    async with db.session() as session:
        visit = VisitRecord(
            staff_id=rep.id or 0,
            customer_id=customer.id or 0,
            visited_at=at,
            visit_type="repair",
            problem=problem,
            work_done="Replaced seal",
            result="fixed",
            follow_up=follow_up,
            created_at=at,
        )
        session.add(visit)
        await session.flush()
        return visit


async def make_feedback(
    db: Database,
    rep: Staff,
    at: datetime,
    *,
    kind: str = "quality",
    severity: str = "normal",
    description: str = "Cracked housing",
    customer: Customer | None = None,
    acknowledged: bool = False,
) -> Feedback:
    """Feedback filed by a rep at `at`."""
    async with db.session() as session:
        item = Feedback(
            staff_id=rep.id or 0,
            team_id=rep.team_id,
            kind=kind,
            severity=severity,
            description=description,
            customer_id=customer.id if customer else None,
            created_at=at,
            acknowledged_at=at + timedelta(minutes=5) if acknowledged else None,
        )
        session.add(item)
        await session.flush()
        return item


async def make_report(
    db: Database,
    rep: Staff,
    kind: str,
    start: date,
    end: date,
    *,
    due_at: datetime,
    submitted_at: datetime,
    content: dict[str, Any] | None = None,
) -> Report:
    """A filed report; late when submitted after due_at."""
    async with db.session() as session:
        report = Report(
            staff_id=rep.id or 0,
            kind=kind,
            period_start=start,
            period_end=end,
            due_at=due_at,
            submitted_at=submitted_at,
            late=submitted_at > due_at,
            content=content or {"summary": "ok"},
        )
        session.add(report)
        await session.flush()
        return report


async def make_team_rate(db: Database, team: Team, start: date, on_time: int, expected: int) -> None:
    """A stored weekly team rate, as the rates job would write it."""
    async with db.session() as session:
        session.add(
            TeamOnTimeRate(
                team_id=team.id or 0,
                kind="weekly",
                period_start=start,
                period_end=start + timedelta(days=6),
                expected=expected,
                on_time=on_time,
                missing=expected - on_time,
                on_time_rate=on_time / expected if expected else None,
            )
        )


async def backdate(db: Database, person: Staff, when: datetime) -> None:
    """Pretend someone registered at `when` (reports before that are not expected of them)."""
    async with db.session() as session:
        row = await session.get(Staff, person.id)
        assert row is not None
        row.created_at = when
        session.add(row)
