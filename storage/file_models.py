"""The photo store's table: one row per photo a record owns, with where its bytes are kept.

Telegram's file_ids work for one bot token only; the bytes in the project's own store outlive a new
token or a move of the bot. The row is written with the record (file_id only) and completed once the
bytes are downloaded, so filing never waits for, or is lost to, a download.
"""

from __future__ import annotations

from datetime import datetime
from enum import StrEnum

from sqlalchemy import String, UniqueConstraint
from sqlmodel import Field

from storage.table import Table
from storage.types import UTCDateTime


class Owner(StrEnum):
    """The kind of record a stored photo belongs to."""

    VISIT = "visit"
    CHECK_IN = "check_in"
    FEEDBACK = "feedback"
    WORK_ORDER = "work_order"  # the photos a supervisor attaches to a new order (handlers.order_form)


class Role(StrEnum):
    """What the photo is to its record."""

    PHOTO = "photo"
    DISPATCH_SHEET = "dispatch_sheet"


class StoredFile(Table, table=True):
    """A photo of a record: its Telegram file_id, and once downloaded its SHA-256, store path, size, type."""

    # One row per place in the record: filing the same record again (a replayed update) adds nothing.
    __table_args__ = (UniqueConstraint("owner", "owner_id", "role", "position"),)

    owner: str = Field(sa_type=String(16))
    owner_id: int = Field(index=True)
    role: str = Field(default=Role.PHOTO, sa_type=String(16))
    position: int = Field(default=0)
    # As received with the record; the record's own columns keep it too.
    file_id: str = Field(sa_type=String(200), index=True)
    # What Telegram returned when the bot last had to upload the bytes again (after a token change).
    sent_file_id: str | None = Field(default=None, sa_type=String(200), index=True)
    # Filled when the bytes are in the store; content-addressed, so equal photos share one path.
    sha256: str | None = Field(default=None, sa_type=String(64), index=True)
    path: str | None = Field(default=None, sa_type=String(300))
    size: int | None = None
    mime_type: str | None = Field(default=None, sa_type=String(100))
    stored_at: datetime | None = Field(default=None, sa_type=UTCDateTime)
    # Downloads still to do: due at this time (NULL once stored). Failures push it back.
    next_attempt_at: datetime | None = Field(default=None, sa_type=UTCDateTime, index=True)
    attempts: int = Field(default=0)
    last_error: str | None = Field(default=None, sa_type=String(200))
    created_at: datetime = Field(sa_type=UTCDateTime)
