"""Tables for issue 11: a team's working week and scoring settings, attendance marks, whereabouts
requests, scores per rep, month and item, the month's totals, and the KPI figures fieldbot cannot know.

Months are stored as their first day (a `date`); times are UTC like everywhere else.
"""

from __future__ import annotations

from datetime import date, datetime
from decimal import Decimal
from enum import StrEnum

from sqlalchemy import JSON, BigInteger, Column, Numeric, String, Text, UniqueConstraint
from sqlmodel import Field

from storage.table import Table
from storage.types import UTCDateTime


class Outcome(StrEnum):
    """How a whereabouts request ended."""

    FOUND = "found"
    NOT_FOUND = "not_found"


class TeamWorkSettings(Table, table=True):
    """A team's working week, scheme and scoring dates; a team without a row uses these defaults."""

    team_id: int = Field(foreign_key="team.id", unique=True)
    # 0 = Monday; Monday to Friday unless the team works Saturdays.
    weekdays: list[int] = Field(default_factory=lambda: [0, 1, 2, 3, 4], sa_type=JSON)
    scheme_key: str = Field(default="field_rep_monthly", sa_type=String(64))
    scoring_deadline_day: int = Field(default=5)
    hr_day: int = Field(default=7)
    locate_window_minutes: int = Field(default=15)
    # Wall-clock time in the team's zone; working hours end at Team.workday_end.
    workday_start: str = Field(default="08:30", sa_type=String(5))


class AttendanceMark(Table, table=True):
    """A supervisor's mark for one rep and day (training, office day, or a correction)."""

    __table_args__ = (UniqueConstraint("staff_id", "day"),)

    staff_id: int = Field(foreign_key="staff.id")
    day: date
    # A domain.attendance.Correction value, stored as a string like every vocabulary here.
    mark: str = Field(sa_type=String(16))
    # "training", "office", "correction", "absent" ...: training absences cost points on the scorecard.
    reason: str | None = Field(default=None, sa_type=String(32))
    set_by_id: int | None = Field(default=None, foreign_key="staff.id")
    set_at: datetime = Field(sa_type=UTCDateTime)


class LocateRequest(Table, table=True):
    """A supervisor's "where are you?" to one rep; unanswered by due_at means not found."""

    staff_id: int = Field(foreign_key="staff.id", index=True)
    asked_by_id: int | None = Field(default=None, foreign_key="staff.id")
    asked_at: datetime = Field(sa_type=UTCDateTime)
    due_at: datetime = Field(sa_type=UTCDateTime, index=True)
    answered_at: datetime | None = Field(default=None, sa_type=UTCDateTime)
    latitude: float | None = None
    longitude: float | None = None
    outcome: str | None = Field(default=None, sa_type=String(16))
    # The rep's message carrying the request, so the button can be taken away when it ends.
    message_id: int | None = Field(default=None, sa_column=Column(BigInteger, nullable=True))


class ScoreEntry(Table, table=True):
    """One item of one rep's month: automatic (recomputed) or judged (kept, with who and when)."""

    __table_args__ = (UniqueConstraint("staff_id", "month", "item_key"),)

    staff_id: int = Field(foreign_key="staff.id")
    month: date
    item_key: str = Field(sa_type=String(64))
    points: float | None = None
    auto: bool = Field(default=True)
    reason: str | None = Field(default=None, sa_type=Text)
    set_by_id: int | None = Field(default=None, foreign_key="staff.id")
    set_at: datetime = Field(sa_type=UTCDateTime)


class MonthScore(Table, table=True):
    """One rep's month: the scheme used, the parts, the total and the under-60 flag."""

    __table_args__ = (UniqueConstraint("staff_id", "month"),)

    staff_id: int = Field(foreign_key="staff.id")
    team_id: int | None = Field(default=None, foreign_key="team.id", index=True)
    month: date
    scheme_key: str = Field(sa_type=String(64))
    work_points: float | None = None
    attendance: float | None = None
    total: float | None = None
    flagged: bool = Field(default=False)
    submitted_at: datetime | None = Field(default=None, sa_type=UTCDateTime)
    submitted_by_id: int | None = Field(default=None, foreign_key="staff.id")


class KpiInput(Table, table=True):
    """Figures for the KPI scheme that fieldbot does not record, imported per rep and month."""

    __table_args__ = (UniqueConstraint("staff_id", "month"),)

    staff_id: int = Field(foreign_key="staff.id")
    month: date
    service_costs: Decimal | None = Field(default=None, sa_type=Numeric(14, 2))
    sales_revenue: Decimal | None = Field(default=None, sa_type=Numeric(14, 2))
    units_in_warranty: int | None = None
