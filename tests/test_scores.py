"""Monthly scorecards end to end, with hand-computed answers: Li Lei's October 2026 on the seed scheme
(field_rep_monthly), scored by the supervisor through the real bot with a restart in the middle, then
read by Li with /score and by the supervisor as the team's month.

Li's October (the clock stands at 2026-11-18 in Shanghai; October has 22 Monday-Friday workdays):
- attendance: a check-in every workday but the 2nd (a team holiday: H, not absent), the 14th (half a day of
  leave and no check-in: absent, half a day counts whole), the 16th (marked absent from training) and the
  21st (nothing): 3 absent days, 100 − 3 × 4 = 88;
- whereabouts: found once, not found twice: 10 − 2 × 2 = 6;
- complaints against him: one: 10 − 5 = 5;
- reports: four weekly periods ending in October, on time, missed, missed, on time: (2 not on time + 1
  for the second miss in a row) of 4 lost: 10 × (1 − 3/4) = 2.5;
- training: one absence: 10 − 3 = 7;
- quality feedback: a batch problem filed 2 h after the visit (on time), a critical one 30 h after (late):
  10 × 1/2 = 5;
- judged: work quality 10, service-centre quality 18 (reason "Slow paperwork"), dealers 10, service
  activities 10, special deductions 0.
Daily work: 10 + 6 + 5 + 18 + 10 + 2.5 + 7 + 10 + 5 + 0 = 73.5; month: 73.5 × 0.7 + 88 × 0.3 = 77.85.
Before the supervisor judges, the judged items count full marks: 75.5 × 0.7 + 26.4 = 79.25.
"""

from __future__ import annotations

from sqlmodel import col, select

from localbotapi.server import LocalBotApiServer
from storage.db import Database
from storage.models import Staff
from storage.score_models import MonthScore, ScoreEntry
from tests.conftest import RunningBot
from tests.support.score_story import october


async def _entries(db: Database, staff: Staff) -> dict[str, ScoreEntry]:
    async with db.session() as session:
        rows = await session.exec(select(ScoreEntry).where(col(ScoreEntry.staff_id) == staff.id))
        return {row.item_key: row for row in rows}


async def _month(db: Database, staff: Staff) -> MonthScore:
    async with db.session() as session:
        return (await session.exec(select(MonthScore).where(col(MonthScore.staff_id) == staff.id))).one()


async def test_a_supervisor_scores_a_month_through_a_restart_and_the_rep_reads_why(
    bot: RunningBot, api: LocalBotApiServer, db: Database
) -> None:
    _, boss_row, li, _ = await october(db)
    boss, rep = api.user(9001, "Chen"), api.user(9101, "Li")

    await boss.send_command("/scoring")
    listing = await boss.next_message()
    assert listing.text == (
        "📝 Score team North for 2026-10: pick a rep. Judged items start at full marks; a deduction asks "
        "for a reason. Deadline: 2026-11-05."
    )
    # Wang did nothing: 21 workdays absent, 100 − 84 = 16; no report was due (none rated), so every item
    # is full: 100 × 0.7 + 16 × 0.3 = 74.8.
    assert [b["text"] for b in listing.inline_buttons()] == ["✏️ Li Lei · 79.25", "✏️ Wang Wu · 74.8"]
    auto = await _entries(db, li)
    assert {key: entry.points for key, entry in auto.items()} == {
        "whereabouts": 6,
        "complaints": 5,
        "reports": 2.5,
        "training": 7,
        "quality_feedback": 5,
    }
    assert all(entry.auto and entry.set_by_id is None for entry in auto.values())
    assert (await _month(db, li)).attendance == 88

    await boss.press(listing, "✏️ Li Lei · 79.25")
    ask = await boss.next_message()
    assert ask.text == (
        "Question 1 of 5.\nLi Lei, 2026-10\nWork quality (at most 10). Full marks unless you take points off."
    )
    assert [b["text"] for b in ask.inline_buttons()] == [
        "✅ 10 · full marks",
        "9",
        "8",
        "7",
        "5",
        "0",
        "Cancel",
    ]
    await boss.press(ask, "✅ 10 · full marks")
    ask = await boss.next_message()
    assert "Service-centre work quality (at most 20)" in (ask.text or "")
    await boss.press(ask, "18")
    why = await boss.next_message()
    assert "Why 18 for Service-centre work quality? One line; Li Lei will read it." in (why.text or "")
    await bot.restart()  # a deploy in the middle: the draft is kept
    await boss.send_text("Slow <b>paperwork</b>")
    ask = await boss.next_message()
    assert "Dealers' opinion" in (ask.text or "")
    await boss.press(ask, "✅ 10 · full marks")
    activities = await boss.next_message()
    await boss.press(activities, "✅ 10 · full marks")
    special = await boss.next_message()
    assert (special.text or "").startswith(
        "Question 6 of 6.\nLi Lei, 2026-10\nSpecial deductions: none unless"
    )
    await bot.restart()
    await boss.press(special, "✅ 0 · none")
    preview = await boss.next_message()
    shown = preview.text or ""
    assert "Service-centre work quality: 18 / 20\n  −2: Slow <b>paperwork</b>" in shown
    assert "Whereabouts: 6 / 10\n  −4: not found 2 time(s) when your supervisor asked where you were" in shown
    assert (
        "Visit reports, monthly plan and summary on time: 2.5 / 10\n"
        "  −7.5: 2 of 4 reports on time, 2 missing (2 in a row)" in shown
    )
    assert "Daily work 73.5 × 70 % + attendance 88 × 30 %\nMonth: 77.85" in shown
    await boss.press(preview, "✅ Submit")
    done = await boss.next_message()
    assert done.text == "✅ Li Lei scored 77.85 for 2026-10.\n1 rep(s) of the team still to score: /scoring"

    judged = await _entries(db, li)
    assert (judged["service_centre_quality"].points, judged["service_centre_quality"].reason) == (
        18,
        "Slow <b>paperwork</b>",
    )
    assert (
        judged["service_centre_quality"].set_by_id == boss_row.id
        and not judged["service_centre_quality"].auto
    )
    assert judged["work_quality"].points == 10 and judged["work_quality"].reason is None
    month = await _month(db, li)
    assert (month.work_points, month.attendance, month.total, month.flagged) == (73.5, 88, 77.85, False)
    assert month.submitted_by_id == boss_row.id and month.submitted_at is not None

    # Recomputing keeps the judged values (a second /scoring recomputes the automatic items).
    await boss.send_command("/scoring")
    again = await boss.next_message()
    assert [b["text"] for b in again.inline_buttons()] == ["✅ Li Lei · 77.85", "✏️ Wang Wu · 74.8"]
    assert (await _entries(db, li))["service_centre_quality"].points == 18

    await rep.send_command("/score")
    card = (await rep.next_message()).text or ""
    assert card.startswith("🏅 Scorecard of Li Lei, 2026-10 (Field service representative, monthly)")
    assert "User complaints: 5 / 10\n  −5: 1 complaint(s) against you" in card
    assert "Internal training: 7 / 10\n  −3: 1 training absence(s)" in card
    assert (
        "Quality information fed back on time: 5 / 10\n  −5: 50% of batch/critical quality problems" in card
    )
    assert "Month: 77.85" in card and "Scored by Boss Chen on 2026-11-18." in card
    assert "Year 2026 so far: 77.85 (mean of 1 month(s))." in card
    assert "Under 60" not in card
