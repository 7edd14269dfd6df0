"""Tables for the field work (customers, check-ins, visit records, reports, feedback) and for the
scheduled work (report schedules, leave, holidays); the on-time rates are in storage.rate_models, the
reminder and digest logs in storage.log_models.

Free text is `Text`; lengths users may type are enforced in the handlers with a clear message.
"""

from __future__ import annotations

from datetime import date, datetime
from typing import Any

from sqlalchemy import JSON, BigInteger, Column, Index, String, Text, UniqueConstraint, text
from sqlmodel import Field

from domain.geo import Verdict
from storage.table import Table
from storage.team_models import TeamDay
from storage.types import UTCDateTime, stamped


class Customer(Table, table=True):
    """A customer and its site, owned by one team."""

    __table_args__ = (UniqueConstraint("team_id", "name"),)

    team_id: int = Field(foreign_key="team.id", index=True)
    name: str = Field(sa_type=String(100))
    address: str | None = Field(default=None, sa_type=String(200))
    contact: str | None = Field(default=None, sa_type=String(64))
    phone: str | None = Field(default=None, sa_type=String(32))
    latitude: float | None = None
    longitude: float | None = None
    radius_m: int = Field(default=300)
    key_account: bool = Field(default=False)
    # Added by a rep during a check-in: a supervisor should look at it.
    is_new: bool = Field(default=False)
    created_by_id: int | None = Field(default=None, foreign_key="staff.id")
    created_at: datetime = stamped()


class CheckIn(Table, table=True):
    """A rep's arrival at a customer site, and (once checked out) how long they stayed."""

    __table_args__ = (
        # At most one open check-in per rep, enforced by the database even if two updates race.
        Index(
            "uq_check_in_open_per_staff",
            "staff_id",
            unique=True,
            sqlite_where=text("checked_out_at IS NULL"),
            postgresql_where=text("checked_out_at IS NULL"),
        ),
    )

    staff_id: int = Field(foreign_key="staff.id", index=True)
    customer_id: int | None = Field(default=None, foreign_key="customer.id", index=True)
    checked_in_at: datetime = stamped(index=True)
    latitude: float
    longitude: float
    accuracy_m: float | None = None
    distance_m: float | None = None
    verdict: str = Field(default=Verdict.UNVERIFIED, sa_type=String(16))
    live: bool = Field(default=False)
    # The live-location message whose edits are this check-in's track.
    live_message_id: int | None = Field(default=None, sa_column=Column(BigInteger, nullable=True))
    suspicious: bool = Field(default=False)
    suspicion_reasons: list[str] = Field(default_factory=list, sa_type=JSON)
    photo_file_id: str | None = Field(default=None, sa_type=String(200))
    checked_out_at: datetime | None = Field(default=None, sa_type=UTCDateTime)
    auto_closed: bool = Field(default=False)


class TrackPoint(Table, table=True):
    """One live-location position received while checked in."""

    check_in_id: int = Field(foreign_key="check_in.id", index=True)
    at: datetime = Field(sa_type=UTCDateTime)
    latitude: float
    longitude: float
    accuracy_m: float | None = None


class VisitRecord(Table, table=True):
    """客户拜访纪实 / 维修派工单: what was found and done at a customer."""

    staff_id: int = Field(foreign_key="staff.id", index=True)
    customer_id: int = Field(foreign_key="customer.id", index=True)
    check_in_id: int | None = Field(default=None, foreign_key="check_in.id")
    visited_at: datetime = Field(sa_type=UTCDateTime, index=True)
    minutes_on_site: int | None = None
    visit_type: str = Field(sa_type=String(32))
    machine_model: str | None = Field(default=None, sa_type=String(100))
    serial_number: str | None = Field(default=None, sa_type=String(100))
    problem: str = Field(default="", sa_type=Text)
    work_done: str = Field(default="", sa_type=Text)
    parts_used: str | None = Field(default=None, sa_type=Text)
    result: str = Field(sa_type=String(16))
    satisfaction: int | None = None
    photo_file_ids: list[str] = Field(default_factory=list, sa_type=JSON)
    dispatch_sheet_file_id: str | None = Field(default=None, sa_type=String(200))
    follow_up: bool = Field(default=False, index=True)
    created_at: datetime = stamped()


class Report(Table, table=True):
    """One weekly or monthly (or daily) report per rep and period; amendments add revisions."""

    __table_args__ = (
        UniqueConstraint("staff_id", "kind", "period_start"),
        # The rates job's five-minute run finds filings made after a period was rated (migration 0006).
        Index("ix_report_kind_period_submitted", "kind", "period_start", "submitted_at"),
    )

    staff_id: int = Field(foreign_key="staff.id", index=True)
    kind: str = Field(sa_type=String(16))
    period_start: date
    period_end: date
    due_at: datetime = Field(sa_type=UTCDateTime)
    # First filing decides on time or late; amendments do not change it.
    submitted_at: datetime = Field(sa_type=UTCDateTime)
    updated_at: datetime = stamped()
    late: bool = Field(default=False)
    revision: int = Field(default=1)
    content: dict[str, Any] = Field(default_factory=dict, sa_type=JSON)


class ReportRevision(Table, table=True):
    """Every version of a report, with the time it was saved."""

    __table_args__ = (UniqueConstraint("report_id", "revision"),)

    report_id: int = Field(foreign_key="report.id", index=True)
    revision: int
    content: dict[str, Any] = Field(default_factory=dict, sa_type=JSON)
    saved_at: datetime = stamped()


class Feedback(Table, table=True):
    """Quality feedback, a customer complaint, market information or a suggestion."""

    staff_id: int = Field(foreign_key="staff.id", index=True)
    team_id: int | None = Field(default=None, foreign_key="team.id", index=True)
    kind: str = Field(sa_type=String(16))
    customer_id: int | None = Field(default=None, foreign_key="customer.id")
    product_model: str | None = Field(default=None, sa_type=String(100))
    description: str = Field(default="", sa_type=Text)
    photo_file_ids: list[str] = Field(default_factory=list, sa_type=JSON)
    severity: str = Field(default="normal", sa_type=String(16))
    complaint_category: str | None = Field(default=None, sa_type=String(16))
    routed_to: str | None = Field(default=None, sa_type=String(32))
    created_at: datetime = stamped(index=True)
    acknowledged_at: datetime | None = Field(default=None, sa_type=UTCDateTime)
    acknowledged_by_id: int | None = Field(default=None, foreign_key="staff.id")
    resolved_at: datetime | None = Field(default=None, sa_type=UTCDateTime)
    resolved_by_id: int | None = Field(default=None, foreign_key="staff.id")
    escalated_at: datetime | None = Field(default=None, sa_type=UTCDateTime)


class ReportSchedule(Table, table=True):
    """When a team's reports are due. Deadlines are wall-clock times in the team's time zone."""

    __table_args__ = (UniqueConstraint("team_id", "kind"),)

    team_id: int = Field(foreign_key="team.id", index=True)
    kind: str = Field(sa_type=String(16))
    # Weekly: 0 = Monday. Monthly: day of month, clamped to the month's last day.
    weekday: int | None = None
    day_of_month: int | None = None
    due_time: str = Field(default="10:00", sa_type=String(5))
    grace_minutes: int = Field(default=0)
    reminder_offsets_minutes: list[int] = Field(default_factory=lambda: [1440, 120], sa_type=JSON)
    active: bool = Field(default=True)


class Leave(Table, table=True):
    """A person on leave: no reports are expected of them for these days (inclusive)."""

    staff_id: int = Field(foreign_key="staff.id", index=True)
    start_date: date
    end_date: date
    reason: str | None = Field(default=None, sa_type=String(200))
    # A half-day leave is a day of leave of its own (start_date == end_date); attendance counts it whole.
    half_day: bool = Field(default=False)


class Holiday(TeamDay, table=True):
    """A day off for a whole team."""

    __table_args__ = (UniqueConstraint("team_id", "day"),)
