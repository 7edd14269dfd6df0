"""Import a team's customers from CSV: every row is checked first, then all are inserted in one transaction.

Columns: name,address,contact,phone,latitude,longitude,radius_m,key_account. Only `name` must have a
value; latitude and longitude come together; radius_m defaults to 300 and must be 50 to 3000.
"""

from __future__ import annotations

import asyncio
import csv
import io
import re
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from bot.geo import valid_coordinates
from storage import customers as customer_db
from storage import staff as staff_db
from storage.customers import LIMITS, RADIUS_DEFAULT, RADIUS_MAX, RADIUS_MIN
from storage.db import Database

COLUMNS = ("name", "address", "contact", "phone", "latitude", "longitude", "radius_m", "key_account")
_TRUE = {"1", "yes", "y", "true", "是", "大客户"}
_FALSE = {"", "0", "no", "n", "false", "否"}
MAX_ROWS = 10_000


@dataclass
class ImportResult:
    """What an import did: rows inserted, or the errors that stopped it (line numbers as in the file)."""

    imported: int = 0
    errors: list[str] = field(default_factory=list)


def _decode(data: bytes) -> str:
    """UTF-8 (with or without Excel's BOM), else GB18030, which Chinese Excel saves by default."""
    try:
        return data.decode("utf-8-sig")
    except UnicodeDecodeError:
        return data.decode("gb18030")


def _number(text: str, what: str, errors: list[str]) -> float | None:
    try:
        return float(text)
    except ValueError:
        errors.append(f"{what} {text!r} is not a number")
        return None


def _check_row(raw: dict[str, str], errors: list[str]) -> dict[str, Any]:
    """One row as Customer fields; problems are appended to `errors`."""
    values = {key: " ".join((raw.get(key) or "").split()) for key in COLUMNS}
    row: dict[str, Any] = {}
    for key, limit in LIMITS.items():
        value = values[key]
        problem = customer_db.text_problem(key, value) if value else None
        if problem == "too_long":
            errors.append(f"{key} is longer than {limit} characters")
        elif problem is not None:
            errors.append(
                f"{key} {value!r} is not valid"
                + (" (digits, spaces, + - ( ) only)" if key == "phone" else "")
            )
        row[key] = value or None
    if not values["name"]:
        errors.append("name is empty")
    lat_text, lon_text = values["latitude"], values["longitude"]
    row["latitude"] = row["longitude"] = None
    if bool(lat_text) != bool(lon_text):
        errors.append("latitude and longitude must both be given or both be empty")
    elif lat_text:
        lat, lon = _number(lat_text, "latitude", errors), _number(lon_text, "longitude", errors)
        if lat is not None and lon is not None:
            if valid_coordinates(lat, lon):
                row["latitude"], row["longitude"] = lat, lon
            else:
                errors.append(f"coordinates {lat}, {lon} do not exist")
    radius = values["radius_m"]
    if not radius:
        row["radius_m"] = RADIUS_DEFAULT
    elif radius.isdigit() and RADIUS_MIN <= int(radius) <= RADIUS_MAX:
        row["radius_m"] = int(radius)
    else:
        errors.append(f"radius_m {radius!r} must be a whole number from {RADIUS_MIN} to {RADIUS_MAX}")
    flag = values["key_account"].lower()
    if flag not in _TRUE | _FALSE:
        errors.append(f"key_account {values['key_account']!r} must be yes or no")
    row["key_account"] = flag in _TRUE
    return row


def parse_customers_csv(data: bytes) -> tuple[list[dict[str, Any]], list[str]]:
    """Check a whole file; the rows as Customer fields, and one message per problem ("line 3: ...")."""
    try:
        text = _decode(data)
    except UnicodeDecodeError:
        return [], ["the file is neither UTF-8 nor GB18030 text"]
    reader = csv.DictReader(io.StringIO(text, newline=""))
    header = [(name or "").strip().lower() for name in reader.fieldnames or []]
    missing = [c for c in COLUMNS if c not in header]
    if missing:
        return [], [f"line 1: missing column(s) {', '.join(missing)}; expected {','.join(COLUMNS)}"]
    reader.fieldnames = header
    rows: list[dict[str, Any]] = []
    errors: list[str] = []
    seen: dict[str, int] = {}
    for raw in reader:
        line = reader.line_num
        if len(rows) >= MAX_ROWS:
            errors.append(f"line {line}: more than {MAX_ROWS} rows; split the file")
            break
        if not any((value or "").strip() for value in raw.values() if isinstance(value, str)):
            continue  # blank lines, common at the end of spreadsheet exports
        problems: list[str] = []
        row = _check_row(raw, problems)
        if row["name"] and row["name"] in seen:
            problems.append(f"name {row['name']!r} already appears on line {seen[row['name']]}")
        elif row["name"]:
            seen[row["name"]] = line
        errors.extend(f"line {line}: {problem}" for problem in problems)
        row["_line"] = line
        rows.append(row)
    if not rows and not errors:
        errors.append("the file has no customer rows")
    return rows, errors


async def import_customers(db: Database, path: Path, team_name: str) -> ImportResult:
    """Import `path` into the team `team_name`: everything or nothing."""
    try:
        data = await asyncio.to_thread(path.read_bytes)  # a big file must not stall the event loop
    except OSError as exc:
        return ImportResult(errors=[f"cannot read {path}: {exc.strerror}"])
    rows, errors = parse_customers_csv(data)
    async with db.session() as session:
        team = await staff_db.team_by_name(session, team_name)
        if team is None or team.id is None:
            return ImportResult(errors=[f"no team named {team_name!r}"])
        for row in rows:
            if row["name"] and await customer_db.name_taken(session, team.id, row["name"]):
                errors.append(
                    f"line {row['_line']}: team {team.name} already has a customer named {row['name']!r}"
                )
        if errors:
            return ImportResult(errors=sorted(errors, key=_line_of))
        for row in rows:
            fields = {k: v for k, v in row.items() if k not in ("_line", "name")}
            await customer_db.add_customer(session, team_id=team.id, name=row["name"], **fields)
    return ImportResult(imported=len(rows))


def _line_of(message: str) -> int:
    match = re.match(r"line (\d+):", message)
    return int(match.group(1)) if match else 0
