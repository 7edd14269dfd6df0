"""Teams and the people in them, written through the same storage functions the bot uses."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

from sqlalchemy import update
from sqlmodel import select

from localbotapi.driver import TelegramUser
from localbotapi.server import LocalBotApiServer
from storage import staff as staff_db
from storage.db import Database
from storage.models import Role, Staff, Team

# Long before any period a test looks at, so every earlier report is expected of a rep who joined then.
LONG_AGO = datetime(2020, 1, 1, tzinfo=UTC)


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
    """A person who registered just now."""
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


async def make_rep(
    db: Database,
    telegram_id: int,
    team: Team,
    *,
    joined: datetime = LONG_AGO,
    role: Role = Role.REP,
    language: str = "en",
    active: bool = True,
    name: str | None = None,
) -> Staff:
    """A member of `team` who registered at `joined` (long ago unless told)."""
    person = await make_staff(
        db, telegram_id, role=role, team=team, language=language, active=active, name=name
    )
    await backdate(db, person, joined)
    person.created_at = joined
    return person


async def backdate(db: Database, person: Staff, when: datetime) -> None:
    """Pretend someone registered at `when` (reports due before that are not expected of them)."""
    async with db.session() as session:
        await session.exec(update(Staff).where(Staff.id == person.id).values(created_at=when))  # type: ignore[arg-type]


async def make_invite(
    db: Database, *, role: Role = Role.REP, team: Team | None = None, ttl: timedelta = timedelta(days=7)
) -> str:
    """A fresh invite token."""
    async with db.session() as session:
        return await staff_db.create_invite(
            session, role=role, team_id=team.id if team else None, created_by_id=None, ttl=ttl
        )


async def staff_row(db: Database, telegram_id: int) -> Staff:
    """A person as stored now."""
    async with db.session() as session:
        person = (await session.exec(select(Staff).where(Staff.telegram_id == telegram_id))).first()
        assert person is not None
        return person


async def opened(api: LocalBotApiServer, telegram_id: int, name: str) -> TelegramUser:
    """A person who has opened a chat with the bot (Telegram refuses messages to anyone else)."""
    user = api.user(telegram_id, name)
    await user.send_command("/help")
    await user.next_message()
    user.skip_pending()
    return user
