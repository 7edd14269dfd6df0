"""Queries about customers and their sites. Callers pass the session in."""

from __future__ import annotations

import re
from collections.abc import Sequence
from typing import Any

from sqlmodel import col, select
from sqlmodel.ext.asyncio.session import AsyncSession

from domain.geo import distance_m
from storage.field_models import Customer

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
