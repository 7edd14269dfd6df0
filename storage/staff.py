"""Queries about teams, staff, invites and the audit trail. Callers pass the session in."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import timedelta

from sqlalchemy import func, update
from sqlmodel import col, select
from sqlmodel.ext.asyncio.session import AsyncSession

from domain.tokens import hash_token, new_token, well_formed
from storage.compare_and_set import update_if
from storage.models import AuditEntry, Invite, Role, Staff, Team
from storage.one_time import usable
from storage.types import session_now


@dataclass(frozen=True)
class Recipient:
    """Someone to write to: their chat and language, and who they are when they are staff in the database
    (an admin id from the settings who never wrote to the bot is only a chat)."""

    staff_id: int | None
    telegram_id: int
    name: str
    language: str

    @classmethod
    def of(cls, person: Staff) -> Recipient:
        """A member of staff as a recipient."""
        return cls(person.id, person.telegram_id, person.name, person.language)


async def staff_by_telegram_id(session: AsyncSession, telegram_id: int) -> Staff | None:
    """The staff member using this Telegram account, active or not."""
    result = await session.exec(select(Staff).where(Staff.telegram_id == telegram_id))
    return result.first()


async def list_staff(session: AsyncSession, *, team_id: int | None = None) -> Sequence[Staff]:
    """Everyone, or one team, ordered by team and name."""
    query = select(Staff).order_by(col(Staff.team_id), col(Staff.name))
    if team_id is not None:
        query = query.where(Staff.team_id == team_id)
    return (await session.exec(query)).all()


async def supervisors_of(session: AsyncSession, team_id: int | None) -> Sequence[Staff]:
    """Active supervisors of a team."""
    if team_id is None:
        return []
    query = (
        select(Staff)
        .where(Staff.team_id == team_id, Staff.role == Role.SUPERVISOR, col(Staff.active).is_(True))
        .order_by(col(Staff.id))
    )
    return (await session.exec(query)).all()


async def admin_telegram_ids(session: AsyncSession) -> list[int]:
    """Telegram ids of active admins registered in the database."""
    query = select(Staff.telegram_id).where(Staff.role == Role.ADMIN, col(Staff.active).is_(True))
    return list((await session.exec(query)).all())


async def add_team(session: AsyncSession, *, name: str, timezone: str) -> Team:
    """Create a team (region)."""
    team = Team(name=name.strip(), timezone=timezone)
    session.add(team)
    await session.flush()
    return team


async def team_by_name(session: AsyncSession, name: str) -> Team | None:
    """The team with this exact name."""
    return (await session.exec(select(Team).where(Team.name == name.strip()))).first()


async def team_by_id(session: AsyncSession, team_id: int) -> Team | None:
    """The team with this id."""
    return await session.get(Team, team_id)


async def list_teams(session: AsyncSession) -> Sequence[Team]:
    """All teams by name."""
    return (await session.exec(select(Team).order_by(col(Team.name)))).all()


async def headcounts(session: AsyncSession) -> dict[int | None, int]:
    """How many people each team has (deactivated included), in one query: team id -> count."""
    query = select(Staff.team_id, func.count()).group_by(col(Staff.team_id))
    return {team_id: int(count) for team_id, count in (await session.exec(query)).all()}


async def add_staff(
    session: AsyncSession,
    *,
    telegram_id: int,
    name: str,
    role: Role,
    team_id: int | None,
    language: str = "zh",
    phone: str | None = None,
) -> Staff:
    """Register a person directly (the admin CLI's way, before anyone can send invites)."""
    staff = Staff(
        telegram_id=telegram_id, name=name, role=role, team_id=team_id, language=language, phone=phone
    )
    session.add(staff)
    await session.flush()
    return staff


async def set_active(session: AsyncSession, telegram_id: int, active: bool) -> bool:
    """Activate or deactivate someone; False when there is no such person."""
    return await update_if(session, Staff, col(Staff.telegram_id) == telegram_id, active=active)


async def set_language(session: AsyncSession, staff_id: int, language: str) -> None:
    """Remember the language a person chose."""
    await session.exec(update(Staff).where(col(Staff.id) == staff_id).values(language=language))


async def create_invite(
    session: AsyncSession, *, role: Role, team_id: int | None, created_by_id: int | None, ttl: timedelta
) -> str:
    """A new single-use invite; returns the token (shown once, never stored in clear)."""
    token = new_token()
    session.add(
        Invite(
            token_hash=hash_token(token),
            role=role,
            team_id=team_id,
            created_by_id=created_by_id,
            expires_at=session_now(session) + ttl,
        )
    )
    await session.flush()
    return token


async def claim_invite(session: AsyncSession, token: str, telegram_id: int) -> Invite | None:
    """The invite behind `token` if this person may register with it, claiming it for them.

    Expired, used, malformed and unknown tokens, and tokens already claimed by someone else, all give
    None: the caller answers them all the same way so the answer reveals nothing.
    """
    if not well_formed(token):
        return None
    # One conditional UPDATE, so two people racing for one link cannot both win it.
    claimed = await update_if(
        session,
        Invite,
        col(Invite.token_hash) == hash_token(token),
        usable(Invite, session_now(session)),
        (col(Invite.claimed_by).is_(None)) | (col(Invite.claimed_by) == telegram_id),
        claimed_by=telegram_id,
    )
    if not claimed:
        return None
    return (await session.exec(select(Invite).where(Invite.token_hash == hash_token(token)))).first()


async def pending_invite_for(session: AsyncSession, telegram_id: int) -> Invite | None:
    """An invite this person claimed and has not finished registering with yet."""
    query = select(Invite).where(Invite.claimed_by == telegram_id, usable(Invite, session_now(session)))
    return (await session.exec(query)).first()


async def complete_registration(
    session: AsyncSession, *, invite_id: int, telegram_id: int, name: str, phone: str | None, language: str
) -> Staff | None:
    """Turn a claimed invite into a staff member; None if the invite is no longer valid."""
    now = session_now(session)
    claimed = (col(Invite.id) == invite_id, col(Invite.claimed_by) == telegram_id, usable(Invite, now))
    used = await update_if(session, Invite, *claimed, used_at=now)
    if not used or await staff_by_telegram_id(session, telegram_id) is not None:
        return None
    invite = await session.get(Invite, invite_id)
    assert invite is not None
    return await add_staff(
        session,
        telegram_id=telegram_id,
        name=name,
        role=Role(invite.role),
        team_id=invite.team_id,
        language=language,
        phone=phone,
    )


async def audit(session: AsyncSession, *, telegram_id: int | None, event: str, detail: str = "") -> None:
    """Write one audit line. `detail` must never hold what a stranger typed."""
    session.add(AuditEntry(telegram_id=telegram_id, event=event, detail=detail[:200]))


async def has_audit(session: AsyncSession, *, telegram_id: int, event: str) -> bool:
    """Whether an audit line of this kind exists for this id (used for one-time notes)."""
    query = select(AuditEntry.id).where(AuditEntry.telegram_id == telegram_id, AuditEntry.event == event)
    return (await session.exec(query)).first() is not None


async def inviter_of(session: AsyncSession, invite_id: int) -> Staff | None:
    """Who created an invite, to tell them it was used."""
    invite = await session.get(Invite, invite_id)
    if invite is None or invite.created_by_id is None:
        return None
    return await session.get(Staff, invite.created_by_id)


async def mark_unreachable(
    session: AsyncSession, *, staff_id: int | None = None, telegram_id: int | None = None
) -> bool:
    """Telegram answered 403: the person blocked the bot. True only for the call that set the flag,
    so whoever gets True is the one who tells the supervisors."""
    where = col(Staff.id) == staff_id if staff_id is not None else col(Staff.telegram_id) == telegram_id
    return await update_if(session, Staff, where, col(Staff.unreachable).is_(False), unreachable=True)


async def mark_reachable(session: AsyncSession, staff_id: int) -> None:
    """The person wrote to the bot again (or unblocked it): messages reach them once more."""
    await session.exec(update(Staff).where(col(Staff.id) == staff_id).values(unreachable=False))
