"""Tables about teams beyond the team row: make-up working days (on the calendar base they share with
holidays), and problems the admins were told about."""

from __future__ import annotations

from datetime import date, datetime

from sqlalchemy import String, UniqueConstraint
from sqlmodel import Field

from storage.table import Table
from storage.types import UTCDateTime


class TeamDay(Table):
    """A date in a team's calendar, with the name people know it by (a holiday, a make-up working day)."""

    team_id: int = Field(foreign_key="team.id", index=True)
    day: date
    name: str | None = Field(default=None, sa_type=String(100))


class MakeupWorkday(TeamDay, table=True):
    """A make-up working day (调休上班): a weekend day the team works because a public holiday moved it.

    Nothing treats weekends as days off yet (reports fall due on any day; only holidays excuse them),
    so these rows change no deadline today; they are kept for attendance, which must count them.
    """

    __table_args__ = (UniqueConstraint("team_id", "day"),)


class TeamProblem(Table, table=True):
    """A problem one team's scheduled work ran into, claimed when the admins are told, so they are told
    once per team and problem rather than at every run; deleted when the problem goes away."""

    __table_args__ = (UniqueConstraint("team_id", "problem"),)

    team_id: int = Field(foreign_key="team.id", index=True)
    # "zone", or "<job>:<exception class>"
    problem: str = Field(sa_type=String(64))
    noticed_at: datetime = Field(sa_type=UTCDateTime)
