"""Work orders from the command line: `fieldbot admin add-order ...` for one request the service desk took
by phone, and `fieldbot import orders FILE --team NAME` for a sheet of them (all rows or none). Both check
values the same way and print one line per problem, naming the fix; the orders wait as "new" for a
supervisor to dispatch them in the bot."""

from __future__ import annotations

import argparse
import html
import sys

from bot.cli_read import command_database, read_input
from domain.clock import SystemClock
from domain.orders import OrderSource
from domain.settings import Settings
from storage.checked_table import Problem
from storage.customer_import import ImportResult
from storage.db import Database
from storage.order_import import check_row, create_orders, import_orders

# A wrong file (every row naming an unknown customer) would otherwise print thousands of lines.
SHOWN_PROBLEMS = 20
FILE_HELP = (
    "CSV (UTF-8, GBK, Big5 or Windows-1252; , ; or tab) or .xlsx with columns "
    "customer,contact_name,contact_phone,product_model,serial_number,fault,category,priority"
)


def add_parser(admin: argparse._SubParsersAction[argparse.ArgumentParser]) -> None:
    """Declare `fieldbot admin add-order`."""
    order = admin.add_parser("add-order", help="create a work order (报修单) for a team's customer")
    order.add_argument("--team", required=True, help="team name")
    order.add_argument("--customer", required=True, help="the customer's name as the team has it")
    order.add_argument(
        "--category", required=True, help="warranty_repair, paid_repair, contract_service, ..."
    )
    order.add_argument("--fault", required=True, help="the fault as the customer describes it")
    order.add_argument("--priority", default="normal", help="normal or urgent")
    order.add_argument("--contact-name", default="")
    order.add_argument("--contact-phone", default="")
    order.add_argument("--model", default="", help="product model")
    order.add_argument("--serial", default="", help="serial number")


def add_import_parser(imports: argparse._SubParsersAction[argparse.ArgumentParser]) -> None:
    """Declare `fieldbot import orders`."""
    orders = imports.add_parser("orders", help="work orders from CSV or .xlsx: all rows or none")
    orders.add_argument("file", help=FILE_HELP)
    orders.add_argument("--team", required=True, help="team name")


def _progress(stage: str, done: int, total: int) -> None:
    """Only files of more than a few hundred rows call this, so small imports stay quiet."""
    print(f"fieldbot: {stage} {done:,} of {total:,} work orders", file=sys.stderr, flush=True)


def _report(result: ImportResult) -> bool:
    """Print the problems (a terminal shows values as typed, not escaped for Telegram); True if none."""
    from presentation.customer_text import result_problems  # the bot's wording, loaded only when needed

    for line in result_problems("en", result, SHOWN_PROBLEMS):
        print(f"fieldbot: {html.unescape(line)}", file=sys.stderr)
    return not result.problems


async def add_order(db: Database, args: argparse.Namespace) -> int:
    """Create one order from the arguments."""
    values = {
        "customer": args.customer,
        "contact_name": args.contact_name,
        "contact_phone": args.contact_phone,
        "product_model": args.model,
        "serial_number": args.serial,
        "fault": args.fault,
        "category": args.category,
        "priority": args.priority,
    }
    values = {key: " ".join(str(value).split()) for key, value in values.items()}
    row, found = check_row(values)
    row["_line"] = 0  # problems of the command line have no line to point at
    problems = [Problem(0, f"order.{key}", found_values) for key, found_values in found]
    result, created = await create_orders(
        db, [row], problems, team_name=args.team, source=OrderSource.CLI, now=SystemClock().now()
    )
    if not _report(result):
        return 1
    print(
        f"work order #{created[0]} for {args.customer!r} created in team {result.team!r}; "
        "dispatch it with /orders in the bot"
    )
    return 0


async def import_orders_file(settings: Settings, file: str, team: str) -> int:
    """Import FILE's orders into the team; problems go to stderr one per line, the exit status says which."""
    data = await read_input(file)
    if data is None:
        return 1
    async with command_database(settings) as db:
        result = await import_orders(db, data, team_name=team, now=SystemClock().now(), progress=_progress)
    if not _report(result):
        print(f"fieldbot: nothing imported ({len(result.problems)} problem(s))", file=sys.stderr)
        return 1
    print(f"{result.imported} work order(s) imported into team {result.team!r}; dispatch them with /orders")
    return 0
