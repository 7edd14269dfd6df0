"""`fieldbot import kpi-inputs FILE`: the KPI figures fieldbot does not record (service costs, sales
revenue, units in warranty) per rep and month, from a CSV or .xlsx. Every row is checked first; the file
is imported whole (each rep's month replaced) or not at all."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from decimal import Decimal, InvalidOperation
from typing import Any

from sqlmodel import col, select
from sqlmodel.ext.asyncio.session import AsyncSession

from storage.encodings import Undecodable
from storage.models import Staff
from storage.reminders import dialect_insert
from storage.score_models import KpiInput
from storage.tabular import read_table
from storage.teams import table

COLUMNS = ("telegram_id", "month", "service_costs", "sales_revenue", "units_in_warranty")
MAX_PROBLEMS = 20


@dataclass
class KpiImport:
    """What a file held: the rows to store, or the problems (one line each, with the fix)."""

    rows: list[dict[str, Any]]
    problems: list[str]


def _month(text: str) -> date | None:
    try:
        return date.fromisoformat(text.strip() + "-01")
    except ValueError:
        return None


def _amount(text: str) -> Decimal | None:
    try:
        value = Decimal(text.replace(",", "").strip())
    except InvalidOperation:
        return None
    return value if value >= 0 else None


def parse(data: bytes) -> KpiImport:
    """The rows of the file, or why not (telegram ids are checked against staff in `store`)."""
    try:
        sheet = read_table(data, COLUMNS)
    except Undecodable:
        return KpiImport(
            [], ['the file is neither UTF-8/GBK CSV nor .xlsx; save it as "CSV UTF-8" and retry']
        )
    header = [name.strip().lower() for name in sheet.header]
    missing = [name for name in COLUMNS if name not in header]
    if missing:
        return KpiImport(
            [], [f"columns missing: {', '.join(missing)}; the header must be {','.join(COLUMNS)}"]
        )
    rows, problems = [], []
    for number, cells in sheet.rows:
        values = dict(zip(header, cells, strict=False))
        where = f"{sheet.unit} {number}"
        month, costs = _month(values.get("month", "")), _amount(values.get("service_costs", ""))
        revenue, units = _amount(values.get("sales_revenue", "")), values.get("units_in_warranty", "").strip()
        telegram = values.get("telegram_id", "").strip()
        if not telegram.isdigit():
            problems.append(f"{where}: telegram_id {telegram!r} is not a number")
        elif month is None:
            problems.append(
                f"{where}: month {values.get('month')!r} is not a month; write YYYY-MM, e.g. 2026-11"
            )
        elif costs is None or revenue is None or not units.isdigit():
            problems.append(
                f"{where}: service_costs, sales_revenue and units_in_warranty must be numbers ≥ 0"
            )
        else:
            rows.append(
                {
                    "telegram_id": int(telegram),
                    "month": month,
                    "service_costs": costs,
                    "sales_revenue": revenue,
                    "units_in_warranty": int(units),
                    "where": where,
                }
            )
    return KpiImport(rows, problems)


async def store(session: AsyncSession, parsed: KpiImport) -> list[str]:
    """Store every row (a rep's month replaced), or nothing: the problems, e.g. unknown telegram ids."""
    ids = {row["telegram_id"] for row in parsed.rows}
    found = await session.exec(select(Staff.telegram_id, Staff.id).where(col(Staff.telegram_id).in_(ids)))
    staff = {telegram_id: staff_id for telegram_id, staff_id in found}
    problems = [
        f"{row['where']}: no staff with telegram id {row['telegram_id']}; see `fieldbot admin list-staff`"
        for row in parsed.rows
        if row["telegram_id"] not in staff
    ]
    if problems or parsed.problems:
        return [*parsed.problems, *problems]
    values = [
        {"staff_id": staff[row["telegram_id"]], **{k: row[k] for k in COLUMNS[1:]}} for row in parsed.rows
    ]
    if values:
        insert = dialect_insert(session, table(KpiInput))
        changed = {name: insert.excluded[name] for name in COLUMNS[2:]}
        await session.exec(
            insert.on_conflict_do_update(index_elements=["staff_id", "month"], set_=changed), params=values
        )
    return []
