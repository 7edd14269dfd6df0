"""One clock: the bot files by the clock it was given, whatever the machine's clock says."""

from __future__ import annotations

import re
from datetime import UTC, date, datetime
from pathlib import Path

import time_machine
from sqlmodel import select

from localbotapi.server import LocalBotApiServer
from presentation.i18n import t
from storage.db import Database
from storage.field_models import Report
from tests.conftest import TEST_START, RunningBot
from tests.support.people import make_staff, make_team


async def test_the_bot_never_reads_the_wall_clock(
    bot: RunningBot, api: LocalBotApiServer, db: Database
) -> None:
    """With the machine's clock moved years away, the bot still files for the injected clock's month."""
    del bot
    team = await make_team(db)
    rep = await make_staff(db, 8301, team=team)
    user = api.user(8301, "Zhao")
    with time_machine.travel(datetime(2031, 6, 15, 12, 0, tzinfo=UTC), tick=True):
        await user.send_command("/monthly")
        await user.next_message()
        for answer in ("Summary.", "Plan.", "Proposals."):
            await user.send_text(answer)
            await user.next_message()
        await user.press(user.last_message, "✅ Submit")
        assert t("en", "reports.on_time") in (await user.next_message()).text
    async with db.session() as session:
        report = (await session.exec(select(Report).where(Report.staff_id == rep.id))).one()
    # conftest's TEST_START is 18 November 2026.
    assert (report.period_start, report.late) == (date(2026, 11, 1), False)
    assert report.submitted_at.date() == TEST_START.date()


WALL_CLOCK = re.compile(r"datetime\.(now|utcnow|today)\(|date\.today\(\)|time\.time\(\)")


def test_product_code_has_one_clock() -> None:
    """Only domain/clock.py may read the machine's time; everything else is handed a Clock."""
    root = Path(__file__).resolve().parent.parent
    offenders = [
        f"{path.relative_to(root)}:{number}"
        for package in ("domain", "bot", "handlers", "storage", "jobs", "localbotapi")
        for path in (root / package).rglob("*.py")
        if path != root / "domain" / "clock.py"
        for number, line in enumerate(path.read_text(encoding="utf-8").splitlines(), 1)
        if WALL_CLOCK.search(line)
    ]
    assert offenders == []
