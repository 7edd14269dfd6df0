"""Test data for customers and check-ins, written through the bot's own storage functions."""

from __future__ import annotations

import math
from datetime import datetime
from typing import Any

from domain.geo import EARTH_RADIUS_M
from localbotapi.chatview import ChatView
from localbotapi.models import SentMessage
from storage import checkins as checkin_db
from storage import customers as customer_db
from storage.db import Database
from storage.field_models import CheckIn, Customer
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
    """A customer of `team`, with a site unless site=None."""
    lat, lon = site if site else (None, None)
    async with db.session() as session:
        return await customer_db.add_customer(
            session, team_id=team.id or 0, name=name, latitude=lat, longitude=lon, **fields
        )


async def make_checkin(
    db: Database, staff: Staff, customer: Customer, at: datetime, **fields: Any
) -> CheckIn:
    """An open check-in made at `at`."""
    lat, lon = SITE
    async with db.session() as session:
        checkin = await checkin_db.create_checkin(
            session,
            staff_id=staff.id,
            customer_id=customer.id,
            checked_in_at=at,
            latitude=lat,
            longitude=lon,
            **fields,
        )
        assert checkin is not None
        return checkin


async def said(user: ChatView, text: str, timeout: float = 5.0) -> SentMessage:  # noqa: ASYNC109
    """The bot message that shows `text` (sent or edited into it), waiting for it."""

    def find() -> SentMessage | None:
        return next((m for m in reversed(user.messages) if text in m.shown_text), None)

    return await user.wait_until(find, timeout)  # type: ignore[no-any-return]


async def all_checkins(db: Database) -> list[CheckIn]:
    """Every check-in."""
    from sqlmodel import select

    async with db.session() as session:
        return list((await session.exec(select(CheckIn))).all())


async def all_customers(db: Database) -> list[Customer]:
    """Every customer."""
    from sqlmodel import select

    async with db.session() as session:
        return list((await session.exec(select(Customer))).all())


async def edited(user: ChatView, message: SentMessage, text: str) -> SentMessage:
    """`message` once the bot has edited `text` into it."""

    def find() -> SentMessage | None:
        current = user.server.find_sent(message.chat_id, message.message_id)
        return current if current is not None and text in current.shown_text else None

    return await user.wait_until(find)  # type: ignore[no-any-return]
