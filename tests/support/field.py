"""Customers, check-ins and visit records, written through the bot's own storage where it has a writer."""

from __future__ import annotations

import math
from collections.abc import Sequence
from datetime import datetime
from typing import Any

from sqlmodel import col, select
from sqlmodel.ext.asyncio.session import AsyncSession

from domain.geo import EARTH_RADIUS_M, Verdict
from storage import checkins as checkin_db
from storage import customers as customer_db
from storage.db import Database
from storage.field_models import CheckIn, Customer, TrackPoint, VisitRecord
from storage.models import Staff, Team

# ACME's site in Shanghai; metres per degree of latitude on the sphere domain.geo measures on.
SITE = (31.2304, 121.4737)
M_PER_DEG_LAT = 2 * math.pi * EARTH_RADIUS_M / 360


def north_of(lat: float, lon: float, metres: float) -> tuple[float, float]:
    """A point `metres` due north."""
    return lat + metres / M_PER_DEG_LAT, lon


async def make_customer(
    db: Database,
    team: Team,
    name: str = "ACME Ltd",
    *,
    site: tuple[float, float] | None = SITE,
    **fields: Any,
) -> Customer:
    """A customer of `team`, with a site unless site=None; `fields` are other Customer columns."""
    lat, lon = site if site else (None, None)
    async with db.session() as session:
        return await customer_db.add_customer(
            session, team_id=team.id or 0, name=name, latitude=lat, longitude=lon, **fields
        )


async def make_checkin(
    db: Database,
    staff: Staff,
    customer: Customer | None,
    at: datetime,
    *,
    out: datetime | None = None,
    verdict: str = Verdict.AT_SITE,
    suspicious: bool = False,
    **fields: Any,
) -> CheckIn:
    """A check-in at SITE (at the site unless told) made at `at`, open unless `out` is given; a suspicious
    one was forwarded."""
    reasons = fields.pop("suspicion_reasons", ["forwarded"] if suspicious else [])
    async with db.session() as session:
        checkin = await checkin_db.create_checkin(
            session,
            staff_id=staff.id or 0,
            customer_id=customer.id if customer else None,
            checked_in_at=at,
            checked_out_at=out,
            latitude=SITE[0],
            longitude=SITE[1],
            verdict=verdict,
            suspicious=suspicious,
            suspicion_reasons=reasons,
            **fields,
        )
        assert checkin is not None, "the rep already has an open check-in"
        return checkin


async def make_visit(
    db: Database, staff: Staff, customer: Customer, at: datetime, **fields: Any
) -> VisitRecord:
    """A visit record filed at `at`: a resolved repair unless `fields` say otherwise."""
    values: dict[str, Any] = {"visit_type": "repair", "result": "resolved", "created_at": at, **fields}
    async with db.session() as session:
        visit = VisitRecord(staff_id=staff.id or 0, customer_id=customer.id or 0, visited_at=at, **values)
        session.add(visit)
        await session.flush()
        return visit


async def all_customers(db: Database) -> list[Customer]:
    """Every customer."""
    async with db.session() as session:
        return list((await session.exec(select(Customer))).all())


async def all_checkins(db: Database) -> list[CheckIn]:
    """Every check-in."""
    async with db.session() as session:
        return list((await session.exec(select(CheckIn))).all())


async def stored_visits(db: Database) -> Sequence[VisitRecord]:
    """Every visit record, oldest first."""
    async with db.session() as session:
        return (await session.exec(select(VisitRecord).order_by(col(VisitRecord.id)))).all()


async def track_points(session: AsyncSession, checkin_id: int) -> Sequence[TrackPoint]:
    """The live positions kept for a check-in, oldest first."""
    query = select(TrackPoint).where(TrackPoint.check_in_id == checkin_id).order_by(col(TrackPoint.at))
    return (await session.exec(query)).all()
