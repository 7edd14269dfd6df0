"""Work orders from a CSV or .xlsx file (`fieldbot import orders`) or the command line (`fieldbot admin
add-order`): every row is checked first, then all are created in one transaction, or none.

Columns: customer,contact_name,contact_phone,product_model,serial_number,fault,category,priority. The
customer is named as the team has it; `fault` and `category` must have a value; priority defaults to
normal. Categories and priorities are taken as stored (paid_repair), in words (paid repair) or in Chinese
(有偿维修), since service desks keep their sheets in either. Problems are catalog keys with values
(presentation.locales.order_import words them).
"""

from __future__ import annotations

import asyncio
import re
from datetime import datetime
from typing import Any

from sqlmodel import col, select

from domain.orders import OrderCategory, OrderSource, Priority
from storage import orders as orders_db
from storage import staff as staff_db
from storage.checked_table import Problem, Progress, check_table
from storage.customer_import import ImportResult
from storage.customers import PHONE_SHAPE
from storage.db import Database
from storage.field_models import Customer

COLUMNS = (
    "customer",
    "contact_name",
    "contact_phone",
    "product_model",
    "serial_number",
    "fault",
    "category",
    "priority",
)
LIMITS = {
    "customer": 100,
    "contact_name": 64,
    "contact_phone": 32,
    "product_model": 100,
    "serial_number": 100,
}
FAULT_MAX = 2000
# One file is a day's or a week's requests; more at once is more likely a wrong file. Each order is made
# with its targets and timeline by storage.orders (about 5-15 ms each), so 1,000 take seconds.
MAX_ROWS = 1_000
PROGRESS_EVERY = 200
QUOTE_MAX = 40
_CONTROL = re.compile(r"[\x00-\x1f\x7f]")

CATEGORY_WORDS: dict[str, OrderCategory] = {
    **{c.value: c for c in OrderCategory},
    **{c.value.replace("_", " "): c for c in OrderCategory},
    "warranty": OrderCategory.WARRANTY_REPAIR,
    "免费保修": OrderCategory.WARRANTY_REPAIR,
    "保修": OrderCategory.WARRANTY_REPAIR,
    "有偿维修": OrderCategory.PAID_REPAIR,
    "合同服务": OrderCategory.CONTRACT_SERVICE,
    "安装调试": OrderCategory.INSTALLATION,
    "installation and commissioning": OrderCategory.INSTALLATION,
    "commissioning": OrderCategory.INSTALLATION,
    "维护保养": OrderCategory.MAINTENANCE,
    "保养": OrderCategory.MAINTENANCE,
    "maintenance visit": OrderCategory.MAINTENANCE,
}
PRIORITY_WORDS: dict[str, Priority] = {
    "": Priority.NORMAL,
    "normal": Priority.NORMAL,
    "普通": Priority.NORMAL,
    "urgent": Priority.URGENT,
    "紧急": Priority.URGENT,
}


def _quote(text: str) -> str:
    return text if len(text) <= QUOTE_MAX else text[: QUOTE_MAX - 1] + "…"


def check_row(values: dict[str, str]) -> tuple[dict[str, Any], list[tuple[str, dict[str, Any]]]]:
    """One order's values as create_order fields (customer by name), and what is wrong with them."""
    problems: list[tuple[str, dict[str, Any]]] = []
    row: dict[str, Any] = {}
    for column, limit in LIMITS.items():
        value = values.get(column, "")
        if len(value) > limit:
            problems.append(("too_long", {"column": column, "limit": limit}))
        elif value and (
            _CONTROL.search(value) or (column == "contact_phone" and not PHONE_SHAPE.match(value))
        ):
            problems.append(("bad_text", {"column": column, "value": _quote(value)}))
        row[column] = value or None
    if not values.get("customer"):
        problems.append(("empty", {"column": "customer"}))
    fault = values.get("fault", "")
    if not fault:
        problems.append(("empty", {"column": "fault"}))
    elif len(fault) > FAULT_MAX:
        problems.append(("too_long", {"column": "fault", "limit": FAULT_MAX}))
    row["fault"] = fault
    category = CATEGORY_WORDS.get(values.get("category", "").lower())
    if category is None:
        problems.append(("bad_category", {"value": _quote(values.get("category", ""))}))
    row["category"] = category
    priority = PRIORITY_WORDS.get(values.get("priority", "").lower())
    if priority is None:
        problems.append(("bad_priority", {"value": _quote(values.get("priority", ""))}))
    row["priority"] = priority or Priority.NORMAL
    return row, problems


def parse_orders(data: bytes) -> tuple[list[dict[str, Any]], list[Problem], str]:
    """Check a whole file: the rows (with "_line"), the problems, and the unit ("line" or "row")."""
    return check_table(
        data, COLUMNS, lambda values, _line: check_row(values), max_rows=MAX_ROWS, prefix="order."
    )


async def import_orders(
    db: Database,
    data: bytes,
    *,
    team_name: str,
    source: OrderSource = OrderSource.CSV,
    now: datetime,
    progress: Progress | None = None,
) -> ImportResult:
    """Create the file's orders in the team: all or none. `imported` counts them; none are assigned."""
    rows, problems, unit = await asyncio.to_thread(parse_orders, data)
    result, _ = await create_orders(
        db, rows, problems, team_name=team_name, source=source, unit=unit, now=now, progress=progress
    )
    return result


async def create_orders(
    db: Database,
    rows: list[dict[str, Any]],
    problems: list[Problem],
    *,
    team_name: str,
    source: OrderSource,
    unit: str = "line",
    now: datetime,
    progress: Progress | None = None,
) -> tuple[ImportResult, list[int]]:
    """Create checked rows in the team once every customer is found (the result and the new orders' ids);
    otherwise the problems, and nothing is created."""
    async with db.session() as session:
        team = await staff_db.team_by_name(session, team_name)
        if team is None or team.id is None:
            return ImportResult(problems=[Problem(0, "order.no_team", {"team": team_name})]), []
        names = {row["customer"] for row in rows if row["customer"]}
        # One query for every customer the file names, not one per row.
        found = await session.exec(
            select(Customer.name, Customer.id).where(
                col(Customer.team_id) == team.id, col(Customer.name).in_(sorted(names))
            )
        )
        ids = {name: customer_id for name, customer_id in found.all() if customer_id is not None}
        problems = problems + [
            Problem(row["_line"], "order.unknown_customer", {"name": row["customer"], "team": team.name})
            for row in rows
            if row["customer"] and row["customer"] not in ids
        ]
        if problems:
            problems.sort(key=lambda problem: problem.line)
            return ImportResult(team=team.name, unit=unit, problems=problems), []
        created: list[int] = []
        for row in rows:
            fields = {k: v for k, v in row.items() if k not in ("_line", "customer")}
            order = await orders_db.create_order(
                session,
                team_id=team.id,
                customer_id=ids[row["customer"]],
                created_by_id=None,
                source=source,
                now=now,
                **fields,
            )
            created.append(order.id or 0)
            if progress is not None and len(rows) > PROGRESS_EVERY and len(created) % PROGRESS_EVERY == 0:
                progress("imported", len(created), len(rows))
    return ImportResult(imported=len(rows), team=team.name, unit=unit), created
