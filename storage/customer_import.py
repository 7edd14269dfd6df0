"""Import a team's customers from a CSV or .xlsx file: every row is checked first, then all are
inserted in one transaction, or none.

Columns: name,address,contact,phone,latitude,longitude,radius_m,key_account. Only `name` must have a
value; latitude and longitude come together; radius_m defaults to 300 and must be 50 to 3000.
Problems are returned as keys with values (presentation.locales.customer_import words them in each language).
"""

from __future__ import annotations

import asyncio
from dataclasses import dataclass, field
from datetime import datetime
from typing import Any

from sqlalchemy import insert
from sqlmodel import select
from sqlmodel.ext.asyncio.session import AsyncSession

from domain.geo import valid_coordinates
from storage import customers as customer_db
from storage import staff as staff_db
from storage.checked_table import Problem, Progress, check_table
from storage.customers import LIMITS, RADIUS_DEFAULT, RADIUS_MAX, RADIUS_MIN
from storage.db import Database
from storage.field_models import Customer
from storage.models import Team

COLUMNS = ("name", "address", "contact", "phone", "latitude", "longitude", "radius_m", "key_account")
_TRUE = {"1", "yes", "y", "true", "是", "大客户"}
_FALSE = {"", "0", "no", "n", "false", "否"}
MAX_ROWS = 50_000
# Inserted in batches inside the one transaction, so progress can be shown and memory stays flat.
BATCH = 2_000
# Values quoted back in a problem are cut: one bad cell must not make the answer unreadable.
QUOTE_MAX = 40


@dataclass
class ImportResult:
    """What an import did: rows inserted, or the problems that stopped it (numbered as in the file)."""

    imported: int = 0
    team: str = ""
    unit: str = "line"
    problems: list[Problem] = field(default_factory=list)


def _quote(text: str) -> str:
    return text if len(text) <= QUOTE_MAX else text[: QUOTE_MAX - 1] + "…"


def _number(text: str, column: str, problems: list[tuple[str, dict[str, Any]]]) -> float | None:
    try:
        # "31,2304": a semicolon CSV from a European Excel writes decimal commas.
        return float(text.replace(",", ".") if text.count(",") == 1 and "." not in text else text)
    except ValueError:
        problems.append(("not_number", {"column": column, "value": _quote(text)}))
        return None


def _check_row(values: dict[str, str], problems: list[tuple[str, dict[str, Any]]]) -> dict[str, Any]:
    """One row as Customer fields; problems are appended as (key, values)."""
    row: dict[str, Any] = {}
    for column, limit in LIMITS.items():
        value = values[column]
        problem = customer_db.text_problem(column, value) if value else None
        if problem == "too_long":
            problems.append(("too_long", {"column": column, "limit": limit}))
        elif problem is not None:
            key = "bad_phone" if column == "phone" else "bad_text"
            problems.append((key, {"column": column, "value": _quote(value)}))
        row[column] = value or None
    if not values["name"]:
        problems.append(("name_empty", {}))
    lat_text, lon_text = values["latitude"], values["longitude"]
    row["latitude"] = row["longitude"] = None
    if bool(lat_text) != bool(lon_text):
        problems.append(("half_coordinates", {}))
    elif lat_text:
        lat, lon = _number(lat_text, "latitude", problems), _number(lon_text, "longitude", problems)
        if lat is not None and lon is not None:
            if valid_coordinates(lat, lon):
                row["latitude"], row["longitude"] = lat, lon
            else:
                problems.append(("no_such_place", {"lat": lat, "lon": lon}))
    radius = values["radius_m"]
    if not radius:
        row["radius_m"] = RADIUS_DEFAULT
    elif radius.isdigit() and RADIUS_MIN <= int(radius) <= RADIUS_MAX:
        row["radius_m"] = int(radius)
    else:
        problems.append(("bad_radius", {"value": _quote(radius), "min": RADIUS_MIN, "max": RADIUS_MAX}))
    flag = values["key_account"].lower()
    if flag not in _TRUE | _FALSE:
        problems.append(("bad_key_account", {"value": _quote(values["key_account"])}))
    row["key_account"] = flag in _TRUE
    return row


def parse_customers(
    data: bytes, progress: Progress | None = None
) -> tuple[list[dict[str, Any]], list[Problem], str]:
    """Check a whole file: the rows as Customer fields (with "_line"), the problems, and the unit
    ("line" or "row") the numbers count in."""
    seen: dict[str, int] = {}

    def check(values: dict[str, str], line: int) -> tuple[dict[str, Any], list[tuple[str, dict[str, Any]]]]:
        found: list[tuple[str, dict[str, Any]]] = []
        row = _check_row(values, found)
        if row["name"] and row["name"] in seen:
            found.append(("duplicate", {"name": row["name"], "first": seen[row["name"]]}))
        elif row["name"]:
            seen[row["name"]] = line
        return row, found

    return check_table(data, COLUMNS, check, max_rows=MAX_ROWS, progress=progress, every=BATCH)


async def import_customers(
    db: Database,
    data: bytes,
    *,
    team_name: str | None = None,
    team_id: int | None = None,
    now: datetime,
    progress: Progress | None = None,
) -> ImportResult:
    """Import the file's customers into one team (by name from the CLI, by id from the bot): all or none."""
    # Checking 20,000 rows takes a moment of CPU: in a thread, so the bot keeps answering others.
    rows, problems, unit = await asyncio.to_thread(parse_customers, data, progress)
    async with db.session() as session:
        if team_id is not None:
            team = await staff_db.team_by_id(session, team_id)
        else:
            team = await staff_db.team_by_name(session, team_name or "")
        if team is None or team.id is None:
            return ImportResult(problems=[Problem(0, "no_team", {"team": team_name or team_id})])
        problems.extend(await _names_taken(session, team, rows))
        if problems:
            problems.sort(key=lambda problem: problem.line)
            return ImportResult(team=team.name, unit=unit, problems=problems)
        for start in range(0, len(rows), BATCH):
            # One multi-row INSERT per batch: building and flushing 20,000 ORM objects took 10 s.
            batch = [
                {**{k: v for k, v in row.items() if k != "_line"}, "team_id": team.id, "created_at": now}
                for row in rows[start : start + BATCH]
            ]
            await session.exec(insert(Customer), params=batch)
            if progress is not None and len(rows) > BATCH:
                progress("imported", min(start + BATCH, len(rows)), len(rows))
    return ImportResult(imported=len(rows), team=team.name, unit=unit)


async def _names_taken(session: AsyncSession, team: Team, rows: list[dict[str, Any]]) -> list[Problem]:
    """Rows whose name the team already has: one query, not one per row (files have thousands)."""
    existing = set((await session.exec(select(Customer.name).where(Customer.team_id == team.id))).all())
    return [
        Problem(row["_line"], "name_taken", {"team": team.name, "name": row["name"]})
        for row in rows
        if row["name"] in existing
    ]
