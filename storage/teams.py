"""Queries about teams: the default team, renaming, zones, the holiday calendar and team problems.

Callers pass the session in (and `now` where a time is stored); zone names are checked by the caller
with domain.zones before they reach here.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping, Sequence
from datetime import date, datetime
from typing import Any
from zoneinfo import ZoneInfo

from sqlalchemy import delete, func
from sqlalchemy.exc import IntegrityError
from sqlmodel import col, select
from sqlmodel.ext.asyncio.session import AsyncSession

from domain.zones import team_zone
from storage.compare_and_set import update_if
from storage.field_models import Holiday
from storage.models import Team
from storage.reminders import dialect_insert
from storage.team_models import MakeupWorkday, TeamProblem

NAME_MAX = 100  # Team.name is String(100)
ZONE_PROBLEM = "zone"


def table(model: Any) -> Any:
    """The Core table of a model (SQLModel's classes do not declare __table__ to type checkers)."""
    return model.__table__


async def zone_of_team(session: AsyncSession, team_id: int | None, default: str) -> ZoneInfo:
    """The zone of a person's team (`team_id`), else `default`: the one way handlers read it."""
    team = await session.get(Team, team_id) if team_id is not None else None
    return team_zone(team.timezone if team else None, default)


async def ensure_default_team(session: AsyncSession, *, name: str, timezone: str) -> Team | None:
    """Create the first team when there is none; None when teams exist, so every later start changes nothing.

    In a savepoint: a second process starting at the same moment loses on the unique name and finds it made.
    """
    if (await session.exec(select(Team.id).limit(1))).first() is not None:
        return None
    team = Team(name=name, timezone=timezone)
    try:
        async with session.begin_nested():
            session.add(team)
    except IntegrityError:
        return None
    return team


async def name_taken(session: AsyncSession, name: str, *, except_id: int | None = None) -> bool:
    """Whether another team already has this name (ignoring case: "north" and "North" would confuse)."""
    query = select(Team.id).where(func.lower(Team.name) == name.strip().lower())
    if except_id is not None:
        query = query.where(col(Team.id) != except_id)
    return (await session.exec(query)).first() is not None


async def rename_team(session: AsyncSession, team_id: int, name: str) -> bool:
    """Give a team a new name; False when there is no such team."""
    return await update_if(session, Team, col(Team.id) == team_id, name=name.strip())


async def set_zone(session: AsyncSession, team_id: int, timezone: str) -> bool:
    """Move a team to another (already validated) zone; a notice about its old zone may be given again."""
    moved = await update_if(session, Team, col(Team.id) == team_id, timezone=timezone)
    await clear_problems(session, team_id, [ZONE_PROBLEM])
    return moved


# Problems with a team's scheduled work (see jobs.team_guard).


async def known_problems(session: AsyncSession) -> dict[int, set[str]]:
    """Every team's problems the admins have already been told about."""
    rows = (await session.exec(select(TeamProblem.team_id, TeamProblem.problem))).all()
    known: dict[int, set[str]] = {}
    for team_id, problem in rows:
        known.setdefault(team_id, set()).add(problem)
    return known


async def claim_problem(session: AsyncSession, team_id: int, problem: str, now: datetime) -> bool:
    """Record that the admins are being told; True only for the call that recorded it."""
    insert = dialect_insert(session, table(TeamProblem)).values(
        team_id=team_id, problem=problem[:64], noticed_at=now
    )
    result = await session.exec(insert.on_conflict_do_nothing())
    return bool(result.rowcount)


async def clear_problems(session: AsyncSession, team_id: int, problems: Iterable[str]) -> None:
    """Forget problems that went away, so a recurrence is told again."""
    names = list(problems)
    if names:
        await session.exec(
            delete(TeamProblem).where(
                col(TeamProblem.team_id) == team_id, col(TeamProblem.problem).in_(names)
            )
        )


# The holiday calendar: days off (Holiday) and make-up working days (MakeupWorkday).


async def fill_calendar(
    session: AsyncSession, team_id: int, holidays: Mapping[date, str], workdays: Mapping[date, str]
) -> tuple[int, int]:
    """Add the days that are not there yet (days already stored keep their edited names); counts added."""
    added = []
    for model, days in ((Holiday, holidays), (MakeupWorkday, workdays)):
        if not days:
            added.append(0)
            continue
        rows = [{"team_id": team_id, "day": day, "name": name[:100]} for day, name in sorted(days.items())]
        insert = dialect_insert(session, table(model)).values(rows)
        result = await session.exec(insert.on_conflict_do_nothing(index_elements=["team_id", "day"]))
        added.append(max(result.rowcount or 0, 0))
    return added[0], added[1]


async def add_workday(session: AsyncSession, team_id: int, day: date, name: str | None) -> None:
    """Record a make-up working day by hand; a holiday on that day goes (a day is one or the other)."""
    await session.exec(delete(Holiday).where(col(Holiday.team_id) == team_id, col(Holiday.day) == day))
    insert = dialect_insert(session, table(MakeupWorkday)).values(team_id=team_id, day=day, name=name)
    await session.exec(insert.on_conflict_do_update(index_elements=["team_id", "day"], set_={"name": name}))


async def add_holiday(session: AsyncSession, team_id: int, day: date, name: str | None) -> None:
    """Declare a holiday by hand (declaring it again only renames it); a make-up working day on it goes."""
    await drop_workday(session, team_id, day)
    insert = dialect_insert(session, table(Holiday)).values(team_id=team_id, day=day, name=name)
    await session.exec(insert.on_conflict_do_update(index_elements=["team_id", "day"], set_={"name": name}))


async def drop_workday(session: AsyncSession, team_id: int, day: date) -> bool:
    """Forget a make-up working day (before the day is declared a holiday, or by hand)."""
    result = await session.exec(
        delete(MakeupWorkday).where(col(MakeupWorkday.team_id) == team_id, col(MakeupWorkday.day) == day)
    )
    return bool(result.rowcount)


async def remove_day(session: AsyncSession, team_id: int, day: date) -> bool:
    """Remove a holiday or a make-up working day; False when the day was neither."""
    holiday = await session.exec(
        delete(Holiday).where(col(Holiday.team_id) == team_id, col(Holiday.day) == day)
    )
    workday = await drop_workday(session, team_id, day)
    return bool(holiday.rowcount) or workday


async def calendar_of(
    session: AsyncSession, team_id: int, first: date, last: date
) -> tuple[Sequence[Holiday], Sequence[MakeupWorkday]]:
    """A team's holidays and make-up working days between two dates (inclusive), by date."""
    holidays = await session.exec(
        select(Holiday)
        .where(Holiday.team_id == team_id, Holiday.day >= first, Holiday.day <= last)
        .order_by(col(Holiday.day))
    )
    workdays = await session.exec(
        select(MakeupWorkday)
        .where(MakeupWorkday.team_id == team_id, MakeupWorkday.day >= first, MakeupWorkday.day <= last)
        .order_by(col(MakeupWorkday.day))
    )
    return holidays.all(), workdays.all()
