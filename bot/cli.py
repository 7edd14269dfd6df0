"""The `fieldbot` command: run the bot (or the demo without a token), migrate, and admin tasks.

Every failure an operator can cause or fix (a setting, the database, the token) ends the command with
one line naming the cause and the fix; the traceback is logged at DEBUG only.
"""

from __future__ import annotations

import argparse
import asyncio
import logging
import sys
from collections.abc import Sequence
from importlib.metadata import PackageNotFoundError, version

from telegram.error import InvalidToken

from bot import cli_admin, cli_export, cli_orders
from bot.instance import AnotherCopyRunning
from bot.startup import StartupError, token_rejected
from domain.settings import Settings, SettingsError, load_settings
from presentation.logs import configure_logging
from storage import db as database
from storage.db import SchemaOutdated
from storage.db_errors import DatabaseUnavailable

log = logging.getLogger("fieldbot")

NO_TOKEN = (
    "TELEGRAM_BOT_TOKEN is not set, and `fieldbot run` needs it: put TELEGRAM_BOT_TOKEN=<token from "
    "@BotFather> in .env or the environment (bare `fieldbot` plays the offline demo instead)"
)


def _version() -> str:
    try:
        return version("fieldbot")
    except PackageNotFoundError:  # run from a checkout that was never installed
        return "unknown (not installed)"


def _parser() -> tuple[argparse.ArgumentParser, dict[str, argparse.ArgumentParser]]:
    parser = argparse.ArgumentParser(prog="fieldbot", description=__doc__.splitlines()[0])
    parser.add_argument("--version", action="version", version=f"fieldbot {_version()}")
    sub = parser.add_subparsers(dest="command", metavar="COMMAND", title="commands")
    sub.add_parser("run", help="run the bot (needs TELEGRAM_BOT_TOKEN)")
    sub.add_parser("demo", help="play a short scripted session against a local Bot API server")

    db_parser = sub.add_parser("db", help="database schema")
    db = db_parser.add_subparsers(dest="db_command", metavar="COMMAND", title="commands")
    db.add_parser("upgrade", help="bring the schema to the current version")
    db.add_parser("current", help="show the schema version")

    admin_parser = cli_admin.add_parser(sub)

    import_parser = sub.add_parser("import", help="load data from files")
    imports = import_parser.add_subparsers(dest="import_command", metavar="COMMAND", title="commands")
    customers = imports.add_parser("customers", help="customers from CSV or .xlsx: all rows or none")
    customers.add_argument(
        "file",
        help="CSV (UTF-8, GBK, Big5 or Windows-1252; , ; or tab) or .xlsx with columns "
        "name,address,contact,phone,latitude,longitude,radius_m,key_account",
    )
    customers.add_argument("--team", required=True, help="team name")
    cli_orders.add_import_parser(imports)
    cli_export.add_kpi_parser(imports)
    cli_export.add_parser(sub)
    return parser, {"db": db_parser, "admin": admin_parser, "import": import_parser}


def main(argv: Sequence[str] | None = None) -> int:
    """Entry point of the console script."""
    parser, groups = _parser()
    args = parser.parse_args(argv)
    group = groups.get(args.command or "")
    if group is not None and getattr(args, f"{args.command}_command") is None:
        # `fieldbot admin` alone: show what it can do rather than argparse's "required: admin_command".
        group.print_help(sys.stderr)
        return 2
    try:
        settings = load_settings()
    except SettingsError as exc:
        print(f"fieldbot: {exc}", file=sys.stderr)
        return 2
    secrets = [s.get_secret_value() for s in (settings.telegram_bot_token, settings.webhook_secret) if s]
    configure_logging(settings.log_level, secrets)
    try:
        return _dispatch(settings, args)
    except (SchemaOutdated, SettingsError, DatabaseUnavailable, StartupError, AnotherCopyRunning) as exc:
        return _stop(str(exc), exc)
    except InvalidToken as exc:  # the invite command asks the Bot API for the bot's name
        return _stop(token_rejected(settings.telegram_api_base_url, exc), exc)
    except KeyboardInterrupt:
        return 130


def _stop(line: str, exc: BaseException) -> int:
    log.debug("stopping because of", exc_info=exc)
    print(f"fieldbot: {line}", file=sys.stderr)
    return 2


def _dispatch(settings: Settings, args: argparse.Namespace) -> int:
    if args.command is None and settings.telegram_bot_token is None:
        # Only the bare command falls back to the demo: a service running `fieldbot run` without its token
        # must fail visibly, not look healthy.
        print("TELEGRAM_BOT_TOKEN is not set: running the demo instead (see README).", file=sys.stderr)
        return _demo()
    if args.command in (None, "run"):
        if settings.telegram_bot_token is None:
            print(f"fieldbot: {NO_TOKEN}", file=sys.stderr)
            return 2
        from bot.startup import serve

        return serve(settings)
    if args.command == "demo":
        return _demo()
    if args.command == "db":
        return asyncio.run(_db(settings, args))
    if args.command == "import":
        return asyncio.run(_import(settings, args))
    if args.command == "export":
        return asyncio.run(cli_export.export_month(settings, args))
    return asyncio.run(cli_admin.run(settings, args))


def _demo() -> int:
    from bot.demo import run_demo

    # The demo prints the conversation; routine INFO lines would drown it.
    logging.getLogger().setLevel(logging.WARNING)
    return asyncio.run(run_demo())


async def _db(settings: Settings, args: argparse.Namespace) -> int:
    if args.db_command == "upgrade":
        await database.upgrade(settings.database_url)
    current = await database.current_revision(settings.database_url)
    print(
        f"schema at {current or 'nothing'} "
        f"(this version needs {database.head_revision(settings.database_url)})"
    )
    return 0


async def _import(settings: Settings, args: argparse.Namespace) -> int:
    if args.import_command == "orders":
        return await cli_orders.import_orders_file(settings, args.file, args.team)
    if args.import_command == "kpi-inputs":
        return await cli_export.import_kpi_file(settings, args.file)
    from bot.cli_import import import_customers_file

    return await import_customers_file(settings, args.file, args.team)


if __name__ == "__main__":
    sys.exit(main())
