"""`fieldbot export --month 2026-11 --out FILE.xlsx [--team NAME] [--lang zh|en]`: the month's HR workbook
on the server, with FILE-<sheet>.csv beside it, and a progress bar on stderr (one step per team)."""

from __future__ import annotations

import argparse
import asyncio
import sys
from datetime import date
from pathlib import Path

from bot.cli_read import command_database, read_input
from domain.clock import SystemClock
from domain.settings import Settings
from presentation.i18n import LANGUAGES
from presentation.score_workbook import month_files
from storage import db as database
from storage import score_kpi_import
from storage.db import Database
from storage.staff import team_by_name

BAR = 30


def add_parser(sub: argparse._SubParsersAction[argparse.ArgumentParser]) -> None:
    """The `export` command's arguments."""
    parser = sub.add_parser("export", help="a month's HR workbook (XLSX, and one CSV per sheet beside it)")
    parser.add_argument("--month", required=True, help="the month, YYYY-MM (e.g. 2026-11)")
    parser.add_argument("--out", required=True, help="the .xlsx file to write")
    parser.add_argument("--team", help="only this team (default: every team)")
    parser.add_argument("--lang", choices=LANGUAGES, help="headers' language (default: DEFAULT_LANGUAGE)")


def _bar(done: int, total: int) -> None:
    filled = BAR * done // max(total, 1)
    end = "\n" if done >= total else ""
    print(
        f"\rfieldbot: [{'#' * filled}{'.' * (BAR - filled)}] {done}/{total} team(s)",
        end=end,
        file=sys.stderr,
        flush=True,
    )


def _month(text: str) -> tuple[int, int] | None:
    year, _, month = text.partition("-")
    if len(year) != 4 or not year.isdigit() or not month.isdigit() or not 1 <= int(month) <= 12:
        return None
    return int(year), int(month)


async def export_month(settings: Settings, args: argparse.Namespace) -> int:
    """Write the workbook and its CSV files; one line on stderr naming the cause and the fix otherwise."""
    parsed = _month(args.month)
    if parsed is None:
        print(
            f"fieldbot: --month {args.month!r} is not a month; use YYYY-MM, e.g. --month 2026-11",
            file=sys.stderr,
        )
        return 2
    out = Path(args.out)
    try:
        await asyncio.to_thread(lambda: out.open("ab").close())  # fail before the work, not after it
    except OSError as exc:
        print(
            f"fieldbot: cannot write {out}: {exc.strerror}; choose a file in a folder you can write to",
            file=sys.stderr,
        )
        return 1
    await database.prepare(settings.database_url, auto_upgrade=settings.is_sqlite)
    db = Database(settings.database_url)
    try:
        team_ids = None
        if args.team:
            async with db.session() as session:
                team = await team_by_name(session, args.team)
            if team is None or team.id is None:
                print(
                    f"fieldbot: no team named {args.team!r}; see `fieldbot admin list-staff`", file=sys.stderr
                )
                return 1
            team_ids = [team.id]
        files = await month_files(
            db,
            date(*parsed, 1),
            team_ids=team_ids,
            lang=args.lang or settings.default_language,
            now=SystemClock().now(),
            default_zone=settings.timezone,
            progress=_bar,
        )
    finally:
        await db.dispose()
    await asyncio.to_thread(out.write_bytes, files.xlsx)
    for name, data in files.csv.items():
        await asyncio.to_thread((out.parent / f"{out.stem}-{name.rsplit('-', 1)[-1]}").write_bytes, data)
    print(f"{out}: {files.reps} rep(s), {files.sheets} sheets; CSV files beside it as {out.stem}-<sheet>.csv")
    return 0


def add_kpi_parser(imports: argparse._SubParsersAction[argparse.ArgumentParser]) -> None:
    """Declare `fieldbot import kpi-inputs`."""
    parser = imports.add_parser(
        "kpi-inputs", help="KPI figures per rep and month (CSV or .xlsx): all rows or none"
    )
    parser.add_argument("file", help=f"columns {','.join(score_kpi_import.COLUMNS)}")


async def import_kpi_file(settings: Settings, file: str) -> int:
    """Import FILE; each problem on stderr in one line (the first 20), nothing stored if there is one."""
    data = await read_input(file)
    if data is None:
        return 1
    parsed = score_kpi_import.parse(data)
    async with command_database(settings) as db, db.session() as session:
        problems = await score_kpi_import.store(session, parsed)  # writes only when there is none
    for line in problems[: score_kpi_import.MAX_PROBLEMS]:
        print(f"fieldbot: {line}", file=sys.stderr)
    if problems:
        more = len(problems) - score_kpi_import.MAX_PROBLEMS
        extra = f", {more} more not shown" if more > 0 else ""
        print(f"fieldbot: nothing imported ({len(problems)} problem(s){extra})", file=sys.stderr)
        return 1
    print(f"{len(parsed.rows)} KPI row(s) imported")
    return 0
