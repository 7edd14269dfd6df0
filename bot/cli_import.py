"""`fieldbot import customers FILE --team NAME`: the same checks as an upload in the bot, worded for a
terminal, with a progress line every few thousand rows on big files."""

from __future__ import annotations

import html
import sys
import time

from bot.cli_read import command_database, read_input
from domain.clock import SystemClock
from domain.settings import Settings
from presentation.customer_text import result_problems
from storage.customer_import import BATCH, import_customers


def _progress(stage: str, done: int, total: int) -> None:
    """Only files of more than one batch call this, so small imports stay quiet."""
    print(f"fieldbot: {stage} {done:,} of {total:,} rows", file=sys.stderr, flush=True)


async def import_customers_file(settings: Settings, file: str, team: str) -> int:
    """Import FILE into the team; problems go to stderr one per line, and the exit status says which."""
    data = await read_input(file)
    if data is None:
        return 1
    started = time.monotonic()  # elapsed time for the operator, not a timestamp: no clock needed
    async with command_database(settings) as db:
        result = await import_customers(db, data, team_name=team, now=SystemClock().now(), progress=_progress)
    # The catalog escapes values for Telegram's HTML; a terminal shows them as typed.
    for line in result_problems("en", result):
        print(f"fieldbot: {html.unescape(line)}", file=sys.stderr)
    if result.problems:
        print(f"fieldbot: nothing imported ({len(result.problems)} problem(s))", file=sys.stderr)
        return 1
    took = f" in {time.monotonic() - started:.1f} s" if result.imported > BATCH else ""
    print(f"{result.imported} customer(s) imported into team {result.team!r}{took}")
    return 0
