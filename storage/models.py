"""The foundation's tables: teams, staff, invites, the audit trail and what keeps updates safe.

Roles and other small vocabularies are stored as short strings (validated by the enums here) rather
than database enums, so adding a value never needs a migration that PostgreSQL and SQLite disagree on.
"""

from __future__ import annotations

from datetime import datetime
from enum import StrEnum
from typing import Any

from sqlalchemy import JSON, BigInteger, Column, String, UniqueConstraint
from sqlmodel import Field, SQLModel

from domain.settings import DEFAULT_TIMEZONE
from storage.table import Table
from storage.types import UTCDateTime, stamped


class Role(StrEnum):
    """What a person does; decides which commands they get and what they may see."""

    REP = "rep"
    SUPERVISOR = "supervisor"
    ADMIN = "admin"


class Team(Table, table=True):
    """A team or region, with the time zone its deadlines and digests are in."""

    name: str = Field(sa_type=String(100), unique=True)
    timezone: str = Field(default=DEFAULT_TIMEZONE, sa_type=String(64))
    # Open check-ins are closed (and flagged) at the end of the working day; daily digests go out at
    # digest_time. Both are wall-clock times in the team's zone.
    workday_end: str = Field(default="19:00", sa_type=String(5))
    digest_time: str = Field(default="19:00", sa_type=String(5))
    created_at: datetime = stamped()


class Staff(Table, table=True):
    """A registered person, linked to exactly one Telegram account."""

    # Telegram ids need up to 52 bits: BIGINT on PostgreSQL.
    telegram_id: int = Field(sa_column=Column(BigInteger, unique=True, nullable=False))
    name: str = Field(sa_type=String(64))
    phone: str | None = Field(default=None, sa_type=String(32))
    role: str = Field(default=Role.REP, sa_type=String(16))
    team_id: int | None = Field(default=None, foreign_key="team.id", index=True)
    language: str = Field(default="zh", sa_type=String(8))
    active: bool = Field(default=True)
    # Set when Telegram answers 403: the person blocked the bot, so messages to them cannot arrive.
    unreachable: bool = Field(default=False)
    created_at: datetime = stamped()


class Invite(Table, table=True):
    """A single-use registration link. Only a hash of the token is stored, so a leaked database
    does not hand out working links."""

    token_hash: str = Field(sa_type=String(64), unique=True)
    role: str = Field(sa_type=String(16))
    team_id: int | None = Field(default=None, foreign_key="team.id")
    created_by_id: int | None = Field(default=None, foreign_key="staff.id")
    created_at: datetime = stamped()
    expires_at: datetime = Field(sa_type=UTCDateTime)
    # The first person to open the link claims it; only they can finish registering with it.
    claimed_by: int | None = Field(default=None, sa_column=Column(BigInteger, nullable=True))
    used_at: datetime | None = Field(default=None, sa_type=UTCDateTime)


class AuditEntry(Table, table=True):
    """One line per security-relevant event (refusals, registrations, role changes)."""

    at: datetime = stamped(index=True)
    telegram_id: int | None = Field(default=None, sa_column=Column(BigInteger, nullable=True))
    event: str = Field(sa_type=String(32))
    detail: str = Field(default="", sa_type=String(200))


class InboxUpdate(SQLModel, table=True):
    """Every update as received, until it has been fully handled.

    Telegram delivers updates at least once and PTB confirms them before they are handled. Keeping
    them here gives both deduplication (by update_id) and replay after a crash.
    """

    __tablename__ = "inbox_update"

    update_id: int = Field(sa_column=Column(BigInteger, primary_key=True, autoincrement=False))
    payload: dict[str, Any] = Field(sa_type=JSON)
    received_at: datetime = stamped()
    done_at: datetime | None = Field(default=None, sa_type=UTCDateTime, index=True)


class ConversationRecord(Table, table=True):
    """Where each person is in each conversation (PTB ConversationHandler state)."""

    __table_args__ = (UniqueConstraint("name", "key"),)

    name: str = Field(sa_type=String(64))
    key: str = Field(sa_type=String(128))
    state: Any = Field(default=None, sa_type=JSON)


class UserDataRecord(SQLModel, table=True):
    """Per-person working data: the answers typed so far in unfinished conversations."""

    __tablename__ = "user_data_record"

    user_id: int = Field(sa_column=Column(BigInteger, primary_key=True, autoincrement=False))
    data: dict[str, Any] = Field(default_factory=dict, sa_type=JSON)
    updated_at: datetime = stamped()


# The field-work, scheduling, photo-store and team-calendar tables live in their own modules to keep each
# readable; importing them here registers them on the same metadata for Alembic.
from storage import (  # noqa: E402, F401
    field_models,
    file_models,
    instance_lock,
    log_models,
    notice_models,
    order_models,
    rate_models,
    score_models,
    team_models,
)
