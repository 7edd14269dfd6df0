"""Test data, written through the same storage functions the bot uses."""

from __future__ import annotations

from datetime import timedelta

from storage import staff as staff_db
from storage.db import Database
from storage.models import Role, Staff, Team


async def make_team(db: Database, name: str = "North", timezone: str = "Asia/Shanghai") -> Team:
    """A team (region)."""
    async with db.session() as session:
        return await staff_db.add_team(session, name=name, timezone=timezone)


async def make_staff(
    db: Database,
    telegram_id: int,
    *,
    role: Role = Role.REP,
    team: Team | None = None,
    name: str | None = None,
    language: str = "en",
    active: bool = True,
) -> Staff:
    """A registered person."""
    async with db.session() as session:
        person = await staff_db.add_staff(
            session,
            telegram_id=telegram_id,
            name=name or f"{role.value.title()} {telegram_id}",
            role=role,
            team_id=team.id if team else None,
            language=language,
        )
        person.active = active
        session.add(person)
        return person


async def make_invite(
    db: Database, *, role: Role = Role.REP, team: Team | None = None, ttl: timedelta = timedelta(days=7)
) -> str:
    """A fresh invite token."""
    async with db.session() as session:
        return await staff_db.create_invite(
            session, role=role, team_id=team.id if team else None, created_by_id=None, ttl=ttl
        )
