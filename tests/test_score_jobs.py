"""The scoring and HR jobs through the running bot: from the 1st (in the team's zone) the supervisor gets
the scoring list for the month before, once, also across a restart; the day before the deadline at 09:00
a reminder while reps are left; on the HR day (the 7th) each admin receives the workbook once."""

from __future__ import annotations

import io
from datetime import datetime, timedelta

import pytest
from openpyxl import load_workbook

from bot.app import FieldApplication
from domain.clock import SettableClock
from jobs import hr_export, scoring
from localbotapi.server import LocalBotApiServer
from storage.db import Database
from storage.models import Role
from tests.conftest import RunningBot
from tests.support.paperwork import SHANGHAI
from tests.support.people import make_rep, make_staff, make_team, opened
from tests.support.score_story import october


@pytest.fixture
def start_at() -> datetime:
    """The last evening of October in Shanghai: September's scoring is long over, October's not begun."""
    return datetime(2026, 10, 31, 23, 0, tzinfo=SHANGHAI)


async def _run(app: FieldApplication, name: str) -> None:
    assert app.job_queue is not None
    [job] = app.job_queue.get_jobs_by_name(name)
    await job.run(app)


async def test_the_scoring_list_on_the_first_a_reminder_before_the_deadline_and_the_workbook_on_the_seventh(
    bot: RunningBot, api: LocalBotApiServer, db: Database, clock: SettableClock
) -> None:
    await october(db)
    await make_staff(db, 9900, role=Role.ADMIN, name="HR Zhao", language="zh")
    await make_rep(db, 9201, await make_team(db, "West", "Asia/Urumqi"), name="Zhou Qi")
    boss, admin = await opened(api, 9001, "Chen"), await opened(api, 9900, "Zhao")
    assert bot.app is not None

    await _run(bot.app, scoring.JOB_NAME)
    await boss.assert_no_message()

    clock.set(datetime(2026, 11, 1, 0, 10, tzinfo=SHANGHAI))
    await _run(bot.app, scoring.JOB_NAME)
    listing = await boss.next_message()
    assert (listing.text or "").startswith("📝 Score team North for 2026-10: pick a rep.")
    assert [b["text"] for b in listing.inline_buttons()] == ["✏️ Li Lei · 79.25", "✏️ Wang Wu · 74.8"]
    await _run(bot.app, scoring.JOB_NAME)
    app = await bot.restart()
    await _run(app, scoring.JOB_NAME)
    await boss.assert_no_message()  # once, whatever the runs and restarts

    # Li is scored from the list; Wang is left.
    await boss.press(listing, "✏️ Li Lei · 79.25")
    for full in ("10", "20", "10", "10"):
        await boss.press(await boss.next_message(), f"✅ {full} · full marks")
    await boss.press(await boss.next_message(), "✅ 0 · none")
    await boss.press(await boss.next_message(), "✅ Submit")
    assert (await boss.next_message()).text == (
        "✅ Li Lei scored 79.25 for 2026-10.\n1 rep(s) of the team still to score: /scoring"
    )

    clock.set(datetime(2026, 11, 4, 8, 59, tzinfo=SHANGHAI))
    await _run(app, scoring.JOB_NAME)
    await boss.assert_no_message()
    clock.advance(timedelta(minutes=1))
    await _run(app, scoring.JOB_NAME)
    assert (await boss.next_message()).text == (
        "⏰ 1 rep(s) of team North still to score for 2026-10; the deadline is 2026-11-05: /scoring"
    )
    await _run(app, scoring.JOB_NAME)
    await boss.assert_no_message()

    clock.set(datetime(2026, 11, 7, 8, 0, tzinfo=SHANGHAI))
    await _run(app, hr_export.JOB_NAME)
    await admin.assert_no_message()
    clock.set(datetime(2026, 11, 7, 9, 5, tzinfo=SHANGHAI))
    await _run(app, hr_export.JOB_NAME)
    book = await admin.next_message()
    # North and the default team (Shanghai) share the day and the zone: one workbook for both.
    assert book.caption == "📊 2026-10 人事表格（North, Shanghai 团队），请于8日前交人事部。"
    csvs = await admin.next_message()
    assert csvs.kind == "document" and csvs.media["file_name"].endswith("-csv.zip")
    stored = api.files.get(book.document_file_id or "")
    assert stored is not None
    card = load_workbook(io.BytesIO(stored.data))["考核表"]
    assert [c.value for c in card[2]][-5:] == [75.5, 88, 79.25, "否", "是"]  # Li, submitted
    await _run(app, hr_export.JOB_NAME)
    app = await bot.restart()
    await _run(app, hr_export.JOB_NAME)
    await admin.assert_no_message()
    # Urumqi is two hours behind Shanghai: its team's workbook comes at 09:00 there, on its own.
    clock.set(datetime(2026, 11, 7, 11, 0, tzinfo=SHANGHAI))
    await _run(app, hr_export.JOB_NAME)
    west = await admin.next_message()
    assert west.caption == "📊 2026-10 人事表格（West 团队），请于8日前交人事部。"
    await admin.next_message()  # its CSV files
    west_book = api.files.get(west.document_file_id or "")
    assert west_book is not None
    rows = list(load_workbook(io.BytesIO(west_book.data))["考核表"].iter_rows(min_row=2, values_only=True))
    assert [row[:2] for row in rows] == [("West", "Zhou Qi")]
    await _run(app, hr_export.JOB_NAME)
    await admin.assert_no_message()
