"""What the scheduled sends claimed: one row per reminder and per digest, whose unique keys make each go out
at most once (claimed before sending, so a restart or two racing runs never send one twice)."""

from __future__ import annotations

from datetime import date, datetime

from sqlalchemy import String, UniqueConstraint
from sqlmodel import Field

from storage.table import Table
from storage.types import UTCDateTime, stamped


class ReminderLog(Table, table=True):
    """One row per message a schedule job meant to send; the unique key is what makes sending at most once."""

    __table_args__ = (UniqueConstraint("staff_id", "kind", "period_start", "stage"),)

    staff_id: int = Field(foreign_key="staff.id", index=True)
    kind: str = Field(sa_type=String(16))
    period_start: date
    # "before:1440", "before:120", "late", "missing_list" ...
    stage: str = Field(sa_type=String(32))
    claimed_at: datetime = stamped()
    sent_at: datetime | None = Field(default=None, sa_type=UTCDateTime)
    status: str = Field(default="pending", sa_type=String(16))


class DigestLog(Table, table=True):
    """Digests already sent, so a restart or a second run never sends one twice."""

    __table_args__ = (UniqueConstraint("team_id", "recipient_id", "kind", "period_key"),)

    team_id: int = Field(foreign_key="team.id")
    recipient_id: int = Field(foreign_key="staff.id")
    kind: str = Field(sa_type=String(16))
    period_key: str = Field(sa_type=String(32))
    sent_at: datetime = stamped()
