"""The `fieldbot` command: run the bot (or the demo without a token), migrate, and admin tasks."""

from __future__ import annotations

import argparse
import asyncio
import sys
from collections.abc import Sequence
from datetime import timedelta

from sqlalchemy.exc import IntegrityError
from telegram import Update

from bot.logs import configure_logging
from bot.settings import Settings, SettingsError, load_settings
from storage import db as database
from storage import staff as staff_db
from storage.db import Database, SchemaOutdated
from storage.models import Role


def _parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(prog="fieldbot", description=__doc__)
    sub = parser.add_subparsers(dest="command")
    sub.add_parser("run", help="run the bot (the default; the demo when TELEGRAM_BOT_TOKEN is not set)")
    sub.add_parser("demo", help="play a short scripted session against a local Bot API server")

    db = sub.add_parser("db", help="database schema").add_subparsers(dest="db_command", required=True)
    db.add_parser("upgrade", help="bring the schema to the current version")
    db.add_parser("current", help="show the schema version")

    admin = sub.add_parser("admin", help="what an admin needs before the bot is usable").add_subparsers(
        dest="admin_command", required=True
    )
    team = admin.add_parser("add-team", help="create a team (region)")
    team.add_argument("name")
    team.add_argument("--timezone", default=None, help="IANA zone, default TIMEZONE")

    add = admin.add_parser("add-staff", help="register a person by Telegram id")
    add.add_argument("--telegram-id", type=int, required=True)
    add.add_argument("--name", required=True)
    add.add_argument("--role", choices=[r.value for r in Role], default=Role.REP.value)
    add.add_argument("--team", default=None, help="team name (created if missing)")
    add.add_argument("--phone", default=None)
    add.add_argument("--language", choices=["en", "zh"], default=None)

    invite = admin.add_parser("invite", help="make a single-use invite link")
    invite.add_argument("--role", choices=[r.value for r in Role], default=Role.REP.value)
    invite.add_argument("--team", default=None, help="team name")
    invite.add_argument("--bot-username", default=None, help="used when no token is configured")

    admin.add_parser("list-staff", help="list everyone registered")
    for verb in ("deactivate", "activate"):
        toggle = admin.add_parser(verb, help=f"{verb} a person")
        toggle.add_argument("--telegram-id", type=int, required=True)

    imports = sub.add_parser("import", help="load data from files").add_subparsers(
        dest="import_command", required=True
    )
    customers = imports.add_parser("customers", help="customers from CSV or .xlsx: all rows or none")
    customers.add_argument(
        "file",
        help="CSV (UTF-8, GBK, Big5 or Windows-1252; , ; or tab) or .xlsx with columns "
        "name,address,contact,phone,latitude,longitude,radius_m,key_account",
    )
    customers.add_argument("--team", required=True, help="team name")
    return parser


def main(argv: Sequence[str] | None = None) -> int:
    """Entry point of the console script."""
    args = _parser().parse_args(argv)
    try:
        settings = load_settings()
    except SettingsError as exc:
        print(f"fieldbot: {exc}", file=sys.stderr)
        return 2
    secrets = [s.get_secret_value() for s in (settings.telegram_bot_token, settings.webhook_secret) if s]
    configure_logging(settings.log_level, secrets)
    try:
        if args.command in (None, "run"):
            if settings.telegram_bot_token is None:
                print(
                    "TELEGRAM_BOT_TOKEN is not set: running the demo instead (see README).", file=sys.stderr
                )
                return _demo()
            return _run(settings)
        if args.command == "demo":
            return _demo()
        if args.command == "db":
            return asyncio.run(_db(settings, args))
        if args.command == "import":
            return asyncio.run(_import(settings, args))
        return asyncio.run(_admin(settings, args))
    except (SchemaOutdated, SettingsError) as exc:
        print(f"fieldbot: {exc}", file=sys.stderr)
        return 2
    except IntegrityError:
        # A unique name or Telegram id that is already taken: nothing was written.
        print("fieldbot: that team or person already exists; nothing was changed", file=sys.stderr)
        return 1


def _demo() -> int:
    import logging

    from bot.demo import run_demo

    # The demo prints the conversation; routine INFO lines would drown it.
    logging.getLogger().setLevel(logging.WARNING)
    return asyncio.run(run_demo())


def _run(settings: Settings) -> int:
    from bot.app import build_application

    asyncio.run(database.prepare(settings.database_url, auto_upgrade=settings.is_sqlite))
    app = build_application(settings)
    if settings.webhook_url:
        assert settings.webhook_secret is not None
        app.run_webhook(
            listen=settings.webhook_listen,
            port=settings.webhook_port,
            url_path="telegram",
            webhook_url=settings.webhook_url,
            secret_token=settings.webhook_secret.get_secret_value(),
            allowed_updates=Update.ALL_TYPES,
            bootstrap_retries=-1,
        )
    else:
        # bootstrap_retries=-1: a network outage at start is waited out instead of ending the process.
        app.run_polling(allowed_updates=Update.ALL_TYPES, bootstrap_retries=-1)
    return 0


async def _db(settings: Settings, args: argparse.Namespace) -> int:
    if args.db_command == "upgrade":
        await database.upgrade(settings.database_url)
    current = await database.current_revision(settings.database_url)
    print(
        f"schema at {current or 'nothing'} "
        f"(this version needs {database.head_revision(settings.database_url)})"
    )
    return 0


async def _admin(settings: Settings, args: argparse.Namespace) -> int:
    await database.prepare(settings.database_url, auto_upgrade=settings.is_sqlite)
    db = Database(settings.database_url)
    try:
        async with db.session() as session:
            if args.admin_command == "add-team":
                team = await staff_db.add_team(
                    session, name=args.name, timezone=args.timezone or settings.timezone
                )
                print(f"team {team.name!r} created (id {team.id}, {team.timezone})")
            elif args.admin_command == "add-staff":
                team_id = None
                if args.team:
                    found = await staff_db.team_by_name(session, args.team)
                    found = found or await staff_db.add_team(
                        session, name=args.team, timezone=settings.timezone
                    )
                    team_id = found.id
                person = await staff_db.add_staff(
                    session,
                    telegram_id=args.telegram_id,
                    name=args.name,
                    role=Role(args.role),
                    team_id=team_id,
                    phone=args.phone,
                    language=args.language or settings.default_language,
                )
                await staff_db.audit(
                    session, telegram_id=args.telegram_id, event="added_by_cli", detail=args.role
                )
                print(f"{person.name} added as {person.role} (telegram id {person.telegram_id})")
            elif args.admin_command == "invite":
                return await _cli_invite(session, settings, args)
            elif args.admin_command == "list-staff":
                teams = {team.id: team.name for team in await staff_db.list_teams(session)}
                for person in await staff_db.list_staff(session):
                    state = "active" if person.active else "inactive"
                    team_name = teams.get(person.team_id, "-") if person.team_id else "-"
                    print(f"{person.telegram_id}\t{person.role}\t{team_name}\t{state}\t{person.name}")
            else:
                active = args.admin_command == "activate"
                if not await staff_db.set_active(session, args.telegram_id, active):
                    print(f"fieldbot: no staff with telegram id {args.telegram_id}", file=sys.stderr)
                    return 1
                await staff_db.audit(session, telegram_id=args.telegram_id, event=args.admin_command)
                print(f"{args.telegram_id} {args.admin_command}d")
    finally:
        await db.dispose()
    return 0


async def _cli_invite(session: staff_db.AsyncSession, settings: Settings, args: argparse.Namespace) -> int:
    team_id = None
    if args.team:
        team = await staff_db.team_by_name(session, args.team)
        if team is None:
            print(f"fieldbot: no team named {args.team!r}", file=sys.stderr)
            return 1
        team_id = team.id
    elif args.role != Role.ADMIN:
        print("fieldbot: --team is required for reps and supervisors", file=sys.stderr)
        return 1
    token = await staff_db.create_invite(
        session,
        role=Role(args.role),
        team_id=team_id,
        created_by_id=None,
        ttl=timedelta(days=settings.invite_ttl_days),
    )
    username = args.bot_username or await _bot_username(settings)
    if username:
        print(f"https://t.me/{username}?start={token}")
    else:
        print(f"/start {token}    (give --bot-username to get a t.me link)")
    return 0


async def _bot_username(settings: Settings) -> str | None:
    if settings.telegram_bot_token is None:
        return None
    from telegram import Bot

    root = settings.telegram_api_base_url
    async with Bot(settings.telegram_bot_token.get_secret_value(), base_url=f"{root}/bot") as bot:
        return bot.username


async def _import(settings: Settings, args: argparse.Namespace) -> int:
    from bot.cli_import import import_customers_file

    return await import_customers_file(settings, args.file, args.team)


if __name__ == "__main__":
    sys.exit(main())
