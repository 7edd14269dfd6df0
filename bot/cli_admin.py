"""`fieldbot admin ...`: teams, staff and invites from the command line, before anyone can use the bot."""

from __future__ import annotations

import argparse
import sys
from collections.abc import Sequence
from datetime import timedelta

from sqlalchemy.exc import IntegrityError

from bot import cli_orders
from domain.settings import Settings
from domain.zones import UnknownZone, parse_zone
from storage import db as database
from storage import staff as staff_db
from storage.db import Database
from storage.models import Role, Staff, Team

ADD_TEAM = "fieldbot admin add-team NAME"
ADD_STAFF = "fieldbot admin add-staff --telegram-id N --name NAME --role rep --team TEAM"


def add_parser(sub: argparse._SubParsersAction[argparse.ArgumentParser]) -> argparse.ArgumentParser:
    """Declare `fieldbot admin` and its sub-commands; returns the parser so bare `admin` can show it."""
    parser = sub.add_parser("admin", help="what an admin needs before the bot is usable")
    admin = parser.add_subparsers(dest="admin_command", metavar="COMMAND", title="commands")
    team = admin.add_parser("add-team", help="create a team (region)")
    team.add_argument("name")
    team.add_argument("--timezone", default=None, help="IANA zone, default TIMEZONE")

    add = admin.add_parser("add-staff", help="register a person by Telegram id")
    add.add_argument("--telegram-id", type=int, required=True)
    add.add_argument("--name", required=True)
    add.add_argument("--role", choices=[r.value for r in Role], default=Role.REP.value)
    add.add_argument("--team", default=None, help="name of an existing team")
    add.add_argument("--phone", default=None)
    add.add_argument("--language", choices=["en", "zh"], default=None)

    invite = admin.add_parser("invite", help="make a single-use invite link")
    invite.add_argument("--role", choices=[r.value for r in Role], default=Role.REP.value)
    invite.add_argument("--team", default=None, help="team name")
    invite.add_argument("--bot-username", default=None, help="used when no token is configured")

    admin.add_parser("list-staff", help="list everyone registered")
    cli_orders.add_parser(admin)
    for verb in ("deactivate", "activate"):
        toggle = admin.add_parser(verb, help=f"{verb} a person")
        toggle.add_argument("--telegram-id", type=int, required=True)
    return parser


class _Refused(Exception):
    """A sub-command refused in one line (what is wrong and what exists); nothing was changed."""


def _fail(message: str, code: int = 1) -> int:
    print(f"fieldbot: {message}", file=sys.stderr)
    return code


async def run(settings: Settings, args: argparse.Namespace) -> int:
    """Run one admin sub-command against the configured database."""
    await database.prepare(settings.database_url, auto_upgrade=settings.is_sqlite)
    db = Database(settings.database_url)
    try:
        if args.admin_command == "add-order":
            return await cli_orders.add_order(db, args)
        async with db.session() as session:
            if args.admin_command == "add-team":
                return await _add_team(session, settings, args)
            if args.admin_command == "add-staff":
                return await _add_staff(session, settings, args)
            if args.admin_command == "invite":
                return await _invite(session, settings, args)
            if args.admin_command == "list-staff":
                return await _list_staff(session)
            return await _toggle(session, args)
    except _Refused as exc:
        return _fail(str(exc))
    except IntegrityError:
        # Someone else created the same team or person between our check and the insert; rolled back.
        return _fail("that team or person was just created elsewhere; nothing was changed")
    finally:
        await db.dispose()


async def _add_team(session: staff_db.AsyncSession, settings: Settings, args: argparse.Namespace) -> int:
    zone = args.timezone or settings.timezone
    try:
        parse_zone(zone)
    except UnknownZone as exc:
        return _fail(f"--timezone: {exc}", 2)
    existing = await staff_db.team_by_name(session, args.name)
    if existing is not None:
        found = f"{existing.name!r} already exists (id {existing.id}, {existing.timezone})"
        return _fail(f"team {found}; nothing was changed")
    team = await staff_db.add_team(session, name=args.name, timezone=zone)
    print(f"team {team.name!r} created (id {team.id}, {team.timezone})")
    return 0


async def _add_staff(session: staff_db.AsyncSession, settings: Settings, args: argparse.Namespace) -> int:
    team_id = await _team_id(session, args.team)
    existing = await staff_db.staff_by_telegram_id(session, args.telegram_id)
    if existing is not None:
        who = await _describe(session, existing)
        return _fail(f"telegram id {args.telegram_id} is already registered: {who}; nothing was changed")
    person = await staff_db.add_staff(
        session,
        telegram_id=args.telegram_id,
        name=args.name,
        role=Role(args.role),
        team_id=team_id,
        phone=args.phone,
        language=args.language or settings.default_language,
    )
    await staff_db.audit(session, telegram_id=args.telegram_id, event="added_by_cli", detail=args.role)
    print(f"{person.name} added as {person.role} (telegram id {person.telegram_id})")
    return 0


async def _invite(session: staff_db.AsyncSession, settings: Settings, args: argparse.Namespace) -> int:
    team_id = await _team_id(session, args.team)
    if team_id is None and args.role != Role.ADMIN:
        return _fail("--team is required for reps and supervisors")
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


async def _list_staff(session: staff_db.AsyncSession) -> int:
    people = await staff_db.list_staff(session)
    if not people:
        print(f"no staff yet; add one with `{ADD_STAFF}`")
        return 0
    teams = _names(await staff_db.list_teams(session))
    print("telegram id\trole\tteam\tstate\tname")
    for person in people:
        state = "active" if person.active else "inactive"
        team_name = teams.get(person.team_id, "-") if person.team_id else "-"
        print(f"{person.telegram_id}\t{person.role}\t{team_name}\t{state}\t{person.name}")
    return 0


async def _toggle(session: staff_db.AsyncSession, args: argparse.Namespace) -> int:
    active = args.admin_command == "activate"
    if not await staff_db.set_active(session, args.telegram_id, active):
        return _fail(f"no staff with telegram id {args.telegram_id}")
    await staff_db.audit(session, telegram_id=args.telegram_id, event=args.admin_command)
    print(f"{args.telegram_id} {args.admin_command}d")
    return 0


async def _bot_username(settings: Settings) -> str | None:
    """The bot's username for a t.me link, asked of the Bot API. When it cannot be asked, one line says why
    and None is returned: the invite is stored already and still works as a /start command."""
    if settings.telegram_bot_token is None:
        return None
    # Imported here: the other admin commands never talk to the Bot API and start faster without these.
    from telegram import Bot
    from telegram.error import InvalidToken, NetworkError, TelegramError

    from bot.startup import network_cause, shown_url, token_rejected
    from bot.transport import AiohttpRequest
    from presentation.logs import redact

    root = settings.telegram_api_base_url
    request = AiohttpRequest(read_timeout=settings.request_timeout)
    token = settings.telegram_bot_token.get_secret_value()
    # Both clients given: without the second, PTB builds its httpx one, which fails on a SOCKS proxy.
    bot = Bot(token, base_url=f"{root}/bot", request=request, get_updates_request=AiohttpRequest())
    try:
        await bot.initialize()
        return bot.username
    except InvalidToken as exc:
        cause = token_rejected(root, exc)
    except NetworkError as exc:  # a proxy the client cannot use included: its text names the fix
        cause = f"the Bot API server at {shown_url(root)} did not answer getMe ({network_cause(exc)})"
    except TelegramError as exc:
        cause = f"the Bot API server at {shown_url(root)} answered getMe with {redact(str(exc))!r}"
    finally:
        await request.shutdown()
    _fail(f"{cause}; the invite is made: give it as the /start command below, or use --bot-username NAME")
    return None


def _names(teams: Sequence[Team]) -> dict[int | None, str]:
    return {team.id: team.name for team in teams}


async def _team_id(session: staff_db.AsyncSession, name: str | None) -> int | None:
    """The id of the team given by --team (None without one); an unknown name is refused with what exists."""
    if not name:
        return None
    team = await staff_db.team_by_name(session, name)
    if team is None:
        raise _Refused(await _no_such_team(session, name))
    return team.id


async def _no_such_team(session: staff_db.AsyncSession, name: str) -> str:
    teams = sorted(_names(await staff_db.list_teams(session)).values())
    if not teams:
        return f"no team named {name!r}, and no teams yet; create it with `{ADD_TEAM}`"
    listed = ", ".join(repr(team) for team in teams)
    return f"no team named {name!r}; existing teams: {listed} (or create it with `{ADD_TEAM}`)"


async def _describe(session: staff_db.AsyncSession, person: Staff) -> str:
    team = await staff_db.team_by_id(session, person.team_id) if person.team_id else None
    state = "active" if person.active else "inactive"
    return f"{person.name} ({person.role}, team {team.name if team else '-'}, {state})"
