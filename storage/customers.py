"""Queries about customers and their sites: the one module every flow looks a team's customers up in.
Callers pass the session in; an id from a button is only ever trusted through `customer_in_team`."""

from __future__ import annotations

import re
from collections.abc import Sequence
from datetime import UTC, datetime
from typing import Any

from sqlalchemy import func
from sqlmodel import col, select
from sqlmodel.ext.asyncio.session import AsyncSession

from domain.geo import distance_m
from storage.field_models import CheckIn, Customer, VisitRecord
from storage.models import Staff

RADIUS_DEFAULT, RADIUS_MIN, RADIUS_MAX = 300, 50, 3000
# What a person may type per field; the columns are a little wider (see storage.field_models).
LIMITS = {"name": 100, "address": 200, "contact": 64, "phone": 32}
# Fields a supervisor may change on an existing customer, in the order they are asked for.
FIELDS = ("name", "address", "contact", "phone", "location", "radius_m", "key_account")
# The Customer columns behind them.
COLUMNS = ("name", "address", "contact", "phone", "latitude", "longitude", "radius_m", "key_account")
PHONE_SHAPE = re.compile(r"^[0-9+()\-\s]{3,32}$")
_CONTROL = re.compile(r"[\x00-\x1f\x7f]")


def text_problem(field: str, value: str) -> str | None:
    """What is wrong with a typed name, address, contact or phone: "too_long", "invalid", or None."""
    if len(value) > LIMITS[field]:
        return "too_long"
    if not value or _CONTROL.search(value) or (field == "phone" and not PHONE_SHAPE.match(value)):
        return "invalid"
    return None


async def list_customers(session: AsyncSession, team_id: int) -> Sequence[Customer]:
    """A team's customers: new ones (to review) first, then by name."""
    query = (
        select(Customer)
        .where(Customer.team_id == team_id)
        .order_by(col(Customer.is_new).desc(), col(Customer.name))
    )
    return (await session.exec(query)).all()


async def customer_in_team(session: AsyncSession, customer_id: int, team_id: int | None) -> Customer | None:
    """The customer if it belongs to `team_id`; None otherwise (ids in buttons are never trusted)."""
    if team_id is None:
        return None
    customer = await session.get(Customer, customer_id)
    return customer if customer is not None and customer.team_id == team_id else None


async def name_taken(session: AsyncSession, team_id: int, name: str, *, except_id: int | None = None) -> bool:
    """Whether another customer of the team already has this name (names are unique per team)."""
    query = select(Customer.id).where(Customer.team_id == team_id, Customer.name == name)
    if except_id is not None:
        query = query.where(Customer.id != except_id)
    return (await session.exec(query)).first() is not None


async def add_customer(
    session: AsyncSession, *, team_id: int, name: str, created_by_id: int | None = None, **fields: Any
) -> Customer:
    """Create a customer; `fields` are other Customer columns (address, ..., key_account, is_new)."""
    customer = Customer(team_id=team_id, name=name, created_by_id=created_by_id, **fields)
    session.add(customer)
    await session.flush()
    return customer


async def add_named_at_check_in(
    session: AsyncSession, staff: Staff, name: str, latitude: float, longitude: float
) -> Customer:
    """A customer a rep names while checking in: its site where they stand, flagged new until a supervisor
    edits it (`update_customer`)."""
    return await add_customer(
        session,
        team_id=staff.team_id or 0,
        name=name,
        created_by_id=staff.id,
        latitude=latitude,
        longitude=longitude,
        is_new=True,
    )


async def update_customer(session: AsyncSession, customer: Customer, **fields: Any) -> Customer:
    """Change some fields of a customer; a supervisor's edit also marks a rep-added customer reviewed."""
    for name, value in fields.items():
        setattr(customer, name, value)
    customer.is_new = False
    session.add(customer)
    await session.flush()
    return customer


async def nearest_customers(
    session: AsyncSession, team_id: int, lat: float, lon: float, *, limit: int = 5
) -> list[tuple[Customer, float | None]]:
    """Up to `limit` customers of a team, nearest site first; customers without a site fill the rest.

    Teams have hundreds of customers at most, so ranking in Python is cheaper than a spatial index.
    """
    customers = (await session.exec(select(Customer).where(Customer.team_id == team_id))).all()
    located = sorted(
        (
            (c, distance_m(lat, lon, c.latitude, c.longitude))
            for c in customers
            if c.latitude is not None and c.longitude is not None
        ),
        key=lambda pair: pair[1],
    )
    ranked: list[tuple[Customer, float | None]] = list(located[:limit])
    unlocated = sorted(
        (c for c in customers if c.latitude is None or c.longitude is None), key=lambda c: c.name
    )
    ranked.extend((c, None) for c in unlocated[: limit - len(ranked)])
    return ranked


async def latest_customers(session: AsyncSession, team_id: int, *, limit: int = 8) -> Sequence[Customer]:
    """The team's customers, most recently added first."""
    query = (
        select(Customer)
        .where(Customer.team_id == team_id)
        .order_by(col(Customer.created_at).desc(), col(Customer.id).desc())
        .limit(limit)
    )
    return (await session.exec(query)).all()


async def recent_customers(session: AsyncSession, team_id: int, *, limit: int = 8) -> list[Customer]:
    """The team's customers most recently checked in at or visited by anyone in the team, then by name."""
    last_check_in = (
        select(CheckIn.customer_id, func.max(CheckIn.checked_in_at))
        .join(Customer, col(Customer.id) == CheckIn.customer_id)
        .where(Customer.team_id == team_id)
        .group_by(col(CheckIn.customer_id))
    )
    last_visit = (
        select(VisitRecord.customer_id, func.max(VisitRecord.visited_at))
        .join(Customer, col(Customer.id) == VisitRecord.customer_id)
        .where(Customer.team_id == team_id)
        .group_by(col(VisitRecord.customer_id))
    )
    latest: dict[int, Any] = {}
    for query in (last_check_in, last_visit):
        for customer_id, at in (await session.exec(query)).all():
            if customer_id is not None and at is not None:
                latest[customer_id] = max(latest.get(customer_id, ""), _sortable(at))
    recent = sorted(latest, key=lambda customer_id: latest[customer_id], reverse=True)[:limit]
    found = (await session.exec(select(Customer).where(col(Customer.id).in_(recent)))).all() if recent else []
    by_id = {customer.id: customer for customer in found}
    chosen = [by_id[customer_id] for customer_id in recent if customer_id in by_id]
    if len(chosen) < limit:
        # Fill up with customers nobody has been to yet, by name.
        rest = select(Customer).where(Customer.team_id == team_id, col(Customer.id).not_in(recent))
        chosen += (await session.exec(rest.order_by(col(Customer.name)).limit(limit - len(chosen)))).all()
    return chosen


def _sortable(at: Any) -> str:
    """An aggregate time as a sortable UTC string (SQLite may hand aggregates back as text)."""
    value = at if isinstance(at, datetime) else datetime.fromisoformat(str(at))
    if value.tzinfo is not None:
        value = value.astimezone(UTC).replace(tzinfo=None)
    return value.isoformat()


async def search_customers(
    session: AsyncSession, team_id: int, text: str, *, limit: int = 8
) -> Sequence[Customer]:
    """The team's customers whose name contains `text` (case-insensitive), by name."""
    pattern = "%" + text.replace("\\", "\\\\").replace("%", "\\%").replace("_", "\\_") + "%"
    query = (
        select(Customer)
        .where(Customer.team_id == team_id, col(Customer.name).ilike(pattern, escape="\\"))
        .order_by(col(Customer.name))
        .limit(limit)
    )
    return (await session.exec(query)).all()
