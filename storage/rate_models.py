"""The two on-time rate tables (报表上交及时率), per rep and per team, on one shared base.

Both hold the same counts for one schedule kind and closed period; `RateCounts` declares them once and
`in_periods` is the one way the rates job picks a team's rows of some periods in either table.
"""

from __future__ import annotations

from collections.abc import Sequence
from datetime import date, datetime
from typing import Any

from sqlalchemy import ColumnElement, String, UniqueConstraint, and_
from sqlmodel import Field

from storage.table import Table
from storage.types import UTCDateTime, stamped

# The columns the rates job computes, in the order its INSERT ... SELECT writes them after each table's own.
COUNTS = ("expected", "on_time", "late", "missing", "on_time_rate", "computed_at")


class RateCounts(Table):
    """What both rate tables keep per closed period; `on_time_rate` is on_time / expected (None: none due)."""

    kind: str = Field(sa_type=String(16))
    period_start: date
    period_end: date
    expected: int = 0
    on_time: int = 0
    late: int = 0
    missing: int = 0
    on_time_rate: float | None = None
    computed_at: datetime = stamped()

    @classmethod
    def in_periods(cls, team_id: int, kind: str, starts: Sequence[date]) -> ColumnElement[bool]:
        """SQL condition: the team's rows of `kind` for periods starting on `starts`."""
        table: Any = cls.__table__  # type: ignore[attr-defined]
        return and_(table.c.team_id == team_id, table.c.kind == kind, table.c.period_start.in_(starts))


class OnTimeRate(RateCounts, table=True):
    """报表上交及时率 per rep, schedule kind and closed period."""

    __table_args__ = (UniqueConstraint("staff_id", "kind", "period_start"),)

    # No index on staff_id alone: the unique key starts with it (migration 0006).
    staff_id: int = Field(foreign_key="staff.id")
    team_id: int | None = Field(default=None, foreign_key="team.id", index=True)


class TeamOnTimeRate(RateCounts, table=True):
    """报表上交及时率 per team, schedule kind and closed period."""

    __table_args__ = (UniqueConstraint("team_id", "kind", "period_start"),)

    team_id: int = Field(foreign_key="team.id", index=True)
    # The deadline the period was rated against: a changed schedule shows as a different one (0006).
    due_at: datetime | None = Field(default=None, sa_type=UTCDateTime)
