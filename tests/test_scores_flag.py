"""A month under 60 through the real bot: the supervisor scores Wang Wu's October (tests/test_scores.py's
month) with deductions, Wang is told and reads the flag in Chinese, the supervisor's team list shows it;
a month not over yet cannot be scored, and a rep cannot open the scoring list."""

from __future__ import annotations

from bot.app import FieldApplication
from localbotapi.server import LocalBotApiServer
from storage.db import Database
from tests.support.people import opened
from tests.support.score_story import october


async def test_a_month_under_60_is_flagged_for_the_rep_in_chinese_and_in_the_teams_list(
    app: FieldApplication, api: LocalBotApiServer, db: Database
) -> None:
    await october(db)
    boss, wang = api.user(9001, "Chen"), await opened(api, 9102, "Wang")
    await boss.send_command("/scoring", "2026-11")
    assert (await boss.next_message()).text == (
        "2026-11 is not over yet: a month is scored from the 1st of the next one."
    )
    await boss.send_command("/scoring")
    listing = await boss.next_message()
    # Wang: 21 absent days (attendance 16); work quality 0 and service-centre quality 0 with reasons:
    # daily work 100 − 30 = 70; 70 × 0.7 + 16 × 0.3 = 53.8, under 60.
    await boss.press(listing, "✏️ Wang Wu · 74.8")
    await boss.press(await boss.next_message(), "0")
    await boss.next_message()
    await boss.send_text("No visit records at all")
    await boss.press(await boss.next_message(), "0")
    await boss.next_message()
    await boss.send_text("Never at the service centre")
    for label in ("✅ 10 · full marks", "✅ 10 · full marks", "✅ 0 · none", "✅ Submit"):
        await boss.press(await boss.next_message(), label)
    assert (await boss.next_message()).text == (
        "✅ Wang Wu scored 53.8 for 2026-10.\n1 rep(s) of the team still to score: /scoring"
    )

    assert (await wang.next_message()).text == "🏅 你 2026-10 的考核表已出：53.8 分。发送 /score 查看每一项。"
    await wang.send_command("/score")
    card = (await wang.next_message()).text or ""
    assert card.startswith("🏅 Wang Wu 2026-10 考核表（现场服务代表月度考核）")
    assert "工作质量：0 / 10\n  −10：No visit records at all" in card
    assert "日常工作 70 × 70% + 出勤 16 × 30%\n月度得分：53.8\n⚠️ 低于60分：本月扣除30%绩效奖金。" in card
    assert "2026 年至今：53.8（1 个月的平均分）。" in card

    await boss.send_command("/score")
    team = await boss.next_message()
    assert team.text == "🏅 Team North, 2026-10\nLi Lei: 79.25 (not submitted)\nWang Wu: 53.8 ⚠️"
    await boss.press(team, "Li Lei")
    assert "Not submitted yet: judged items count full marks" in ((await boss.next_message()).text or "")
    # A rep cannot open the scoring list, nor another rep's card.
    await wang.send_command("/scoring")
    assert (await wang.next_message()).text == "只有主管和管理员可以评分。"
