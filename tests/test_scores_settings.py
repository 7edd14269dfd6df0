"""A team's scoring settings through /scoring: shown, the scheme switched to the KPI sheet (the next
scoring list scores by it), the deadline and HR days changed, a wrong value answered with the usage."""

from __future__ import annotations

from sqlmodel import select

from bot.app import FieldApplication
from localbotapi.server import LocalBotApiServer
from storage.db import Database
from storage.score_models import MonthScore, TeamWorkSettings
from tests.support.score_story import october


async def test_a_supervisor_sets_the_teams_scheme_and_days(
    app: FieldApplication, api: LocalBotApiServer, db: Database
) -> None:
    await october(db)
    boss = api.user(9001, "Chen")
    await boss.send_command("/scoring", "settings")
    assert (await boss.next_message()).text == (
        "Team North scores by Field service representative, monthly; scoring is due on day 5 of the next "
        "month and the HR workbook goes out on day 7."
    )
    await boss.send_command("/scoring", "deadline 40")
    assert (await boss.next_message()).text == (
        "Usage: /scoring settings, /scoring scheme KEY (one of after_sales_kpi, field_rep_monthly), "
        "/scoring deadline 5 or /scoring hr 7 (a day from 1 to 28)."
    )
    await boss.send_command("/scoring", "scheme after_sales_kpi")
    assert (await boss.next_message()).text == "✅ Team North now scores by After-sales KPI sheet."
    await boss.send_command("/scoring", "deadline 4")
    assert (await boss.next_message()).text == "✅ Team North: scoring is due on day 4 of the next month."
    await boss.send_command("/scoring", "hr 6")
    assert (
        await boss.next_message()
    ).text == "✅ Team North: the HR workbook goes out on day 6 of the next month."
    async with db.session() as session:
        [stored] = (await session.exec(select(TeamWorkSettings))).all()
    assert (stored.scheme_key, stored.scoring_deadline_day, stored.hr_day) == ("after_sales_kpi", 4, 6)

    # The KPI sheet has no judged item: a rep's button shows what was computed; due on the 4th now.
    await boss.send_command("/scoring")
    listing = await boss.next_message()
    assert (listing.text or "").endswith("Deadline: 2026-11-04.")
    async with db.session() as session:
        schemes = {row.scheme_key for row in (await session.exec(select(MonthScore))).all()}
    assert schemes == {"after_sales_kpi"}
    # Li on the KPI sheet: nothing to measure for five KPIs (left out of the weights), one complaint 60
    # (weight 10), reports 2 of 4 on time: 60 × 0.5 / 0.9 = 33.33 (weight 10): (600 + 333.3) / 20 = 46.67.
    await boss.press(listing, "✏️ Li Lei · 46.67")
    check = await boss.next_message()
    assert check.text == (
        "Question 1 of 1.\nLi Lei, 2026-10\n"
        "Every item of After-sales KPI sheet is computed from what fieldbot recorded."
    )
    await boss.press(check, "✅ Show the scorecard")
    preview = await boss.next_message()
    assert "Customer complaints (target 0): 60 (weight 10 %)" in (preview.text or "")
    assert (preview.text or "").endswith(
        "Month: 46.67\n⚠️ Under 60: this month costs 30 % of the performance bonus."
    )
    await boss.press(preview, "✅ Submit")
    assert (await boss.next_message()).text == (
        "✅ Li Lei scored 46.67 for 2026-10.\n1 rep(s) of the team still to score: /scoring"
    )
