"""/weekly and /monthly end to end through the real bot and the local Bot API server."""

from __future__ import annotations

import asyncio
from datetime import timedelta

import pytest
from sqlmodel import select

from bot.app import FieldApplication
from localbotapi.driver import TelegramUser
from localbotapi.server import LocalBotApiServer
from presentation.buttons import AmendReport
from presentation.report_text import visit_label
from presentation.split import utf16_length
from storage.db import Database
from storage.models import ConversationRecord, UserDataRecord
from tests.conftest import RunningBot
from tests.support.field import make_customer, make_visit
from tests.support.paperwork import current_and_previous, local, reports_of, revisions_of
from tests.support.people import make_rep, make_staff, make_team


async def _nothing_in_progress(db: Database, telegram_id: int) -> bool:
    """True once no report conversation or draft is stored for the person (the flush follows the reply)."""
    for _ in range(50):
        async with db.session() as session:
            query = select(ConversationRecord).where(ConversationRecord.name == "reports")
            conversations = (await session.exec(query)).all()
            data = await session.get(UserDataRecord, telegram_id)
        if not conversations and (data is None or "reports" not in data.data.get("drafts", {})):
            return True
        await asyncio.sleep(0.1)
    return False


async def test_weekly_report_shows_the_weeks_visits_and_key_customers(
    app: FieldApplication, api: LocalBotApiServer, db: Database
) -> None:
    team = await make_team(db)
    rep = await make_staff(db, 3001, team=team)
    other = await make_staff(db, 3002, team=team)
    big = await make_customer(db, team, "Big <Steel> & Co", key_account=True)
    huge = await make_customer(db, team, "Huge Mining", key_account=True)
    small = await make_customer(db, team, "Small Farm")
    week, previous = current_and_previous("weekly", db.clock.now())
    await make_visit(db, rep, big, local(week.start, 0, 30), visit_type="warranty_repair", result="resolved")
    await make_visit(db, rep, big, local(week.start, 0, 40), visit_type="contract", result="resolved")
    await make_visit(
        db,
        rep,
        small,
        local(week.start, 0, 50),
        visit_type="installation",
        result="follow_up",
        follow_up=True,
    )
    await make_visit(db, rep, huge, local(previous.start, 9), visit_type="repair")  # last week: not listed
    await make_visit(db, other, huge, local(week.start, 0, 45))  # someone else's

    u = api.user(3001, "Li")
    await u.send_command("/weekly")
    overview = await u.next_message()
    assert "Weekly report" in overview.text and week.start.isoformat() in overview.text
    assert "Your visits (3)" in overview.text
    repair = visit_label("en", "type", "warranty_repair")
    installation = visit_label("en", "type", "installation")
    resolved, follow_up = visit_label("en", "result", "resolved"), visit_label("en", "result", "follow_up")
    assert f"Big <Steel> & Co ★ — {repair} — {resolved}" in overview.text
    assert f"Small Farm — {installation} — {follow_up}" in overview.text
    assert "Huge Mining" not in overview.text.split("Open follow-ups")[0]
    assert "Key customers visited (大客户走访): 1 of 2 ⚠️ the target is at least 2 a week" in overview.text
    assert "Open follow-ups (1)" in overview.text
    first = await u.next_message()
    assert "Question 1 of 4" in first.text and "Last week's summary" in first.text

    await u.send_text("Fixed 2 presses at <Big Steel>; trained operators.")
    ask_plan = await u.next_message()
    assert "Question 2 of 4" in ask_plan.text
    await u.send_text("Visit Huge Mining and Small Farm.")
    ask_market = await u.next_message()
    assert "Market information" in ask_market.text
    await u.send_text("Competitor cut prices by 5%.")
    ask_quality = await u.next_message()
    await u.press(ask_quality, "Skip")
    preview = await u.next_message()
    assert "Please check it" in preview.text
    assert "Fixed 2 presses at <Big Steel>; trained operators." in preview.text
    assert "Product quality issues\n— (skipped)" in preview.text
    await u.press(preview, "✅ Submit")
    done = await u.next_message()
    assert "filed. On time." in done.text
    assert u.reply_keyboard(done)[0][0]["text"] == "📍 Check in"

    [report] = await reports_of(db, rep)
    assert (report.kind, report.period_start, report.period_end, report.due_at) == (
        "weekly",
        week.start,
        week.end,
        week.due_at,
    )
    assert report.content == {
        "summary": "Fixed 2 presses at <Big Steel>; trained operators.",
        "plan": "Visit Huge Mining and Small Farm.",
        "market": "Competitor cut prices by 5%.",
        "quality": "",
    }
    assert (report.late, report.revision) == (False, 1)
    assert len(await revisions_of(db, report)) == 1
    assert await _nothing_in_progress(db, 3001)


async def test_monthly_report_in_chinese(app: FieldApplication, api: LocalBotApiServer, db: Database) -> None:
    team = await make_team(db)
    rep = await make_staff(db, 3101, team=team, language="zh")
    month, _ = current_and_previous("monthly", db.clock.now())
    u = api.user(3101, "王", language_code="zh-hans")
    await u.send_command("/monthly")
    ask = await u.next_message()
    assert "第 1 题，共 3 题" in ask.text and "本月工作总结" in ask.text
    assert f"{month.start.year}年{month.start.month:02d}月" in ask.text
    await u.send_text("完成 12 次维修，3 次安装调试。")
    assert "下月工作计划" in (await u.next_message()).text
    await u.send_text("走访 5 家大客户。")
    ask_proposals = await u.next_message()
    assert "对本地市场的建议" in ask_proposals.text
    assert "跳过" not in str(ask_proposals.reply_markup)  # proposals are required
    await u.press(ask_proposals, "« 返回")
    again = await u.next_message()
    assert "下月工作计划" in again.text and "走访 5 家大客户。" in again.text
    await u.press(again, "保留")
    await u.next_message()
    await u.send_text("建议增加本地备件库存。")
    preview = await u.next_message()
    assert "请核对后提交" in preview.text and "建议增加本地备件库存。" in preview.text
    await u.press(preview, "✅ 提交")
    done = await u.next_message()
    assert "月报已提交。按时提交。" in done.text
    [report] = await reports_of(db, rep)
    assert report.kind == "monthly" and report.period_start == month.start and report.due_at == month.due_at
    assert report.content == {
        "summary": "完成 12 次维修，3 次安装调试。",
        "plan": "走访 5 家大客户。",
        "proposals": "建议增加本地备件库存。",
    }


STEPS = [
    "choose",
    "summary",
    "plan",
    "market",
    "quality",
    "preview",
    "edit_menu",
    "edit_answer",
    "final_preview",
]


@pytest.mark.parametrize("restart_at", STEPS)
async def test_restart_at_every_step_loses_nothing(
    bot: RunningBot, api: LocalBotApiServer, db: Database, restart_at: str
) -> None:
    team = await make_team(db)
    rep = await make_rep(db, 3201, team, joined=db.clock.now() - timedelta(days=40))
    week, previous = current_and_previous("weekly", db.clock.now())
    u = api.user(3201, "Li")

    async def maybe_restart(step: str) -> None:
        if step == restart_at:
            await bot.restart()

    await u.send_command("/weekly")
    choose = await u.next_message()
    assert "which period?" in choose.text
    await maybe_restart("choose")
    await u.press(choose, f"week {week.start.isoformat()} – {week.end.isoformat()}")
    await u.next_message()  # the overview
    assert "Question 1 of 4" in (await u.next_message()).text
    await maybe_restart("summary")
    await u.send_text("Summary text")
    assert "Question 2 of 4" in (await u.next_message()).text
    await maybe_restart("plan")
    await u.send_text("Plan text")
    ask_market = await u.next_message()
    assert "Question 3 of 4" in ask_market.text
    await maybe_restart("market")
    await u.press(ask_market, "Skip")
    assert "Question 4 of 4" in (await u.next_message()).text
    await maybe_restart("quality")
    await u.send_text("Quality text")
    preview = await u.next_message()
    assert "Summary text" in preview.text and "Plan text" in preview.text and "Quality text" in preview.text
    await maybe_restart("preview")
    await u.press(preview, "✏️ Edit")
    await u.wait_until(lambda: "Next week's plan" in str(preview.reply_markup))
    await maybe_restart("edit_menu")
    await u.press(preview, "Next week's plan")
    ask_again = await u.next_message()
    assert "Current answer:\nPlan text" in ask_again.text
    await maybe_restart("edit_answer")
    await u.send_text("Plan text, edited")
    final = await u.next_message()
    assert "Plan text, edited" in final.text and "Summary text" in final.text
    await maybe_restart("final_preview")
    await u.press(final, "✅ Submit")
    assert "filed. On time." in (await u.next_message()).text

    [report] = await reports_of(db, rep)
    assert report.period_start == week.start != previous.start
    assert report.content == {
        "summary": "Summary text",
        "plan": "Plan text, edited",
        "market": "",
        "quality": "Quality text",
    }
    assert await _nothing_in_progress(db, 3201)


async def _file_weekly(u: TelegramUser) -> None:
    """File this week's report: S1, P1, M1, quality skipped."""
    await u.send_command("/weekly")
    await u.next_message()  # the overview
    await u.next_message()  # question 1
    for text in ("S1", "P1", "M1"):
        await u.send_text(text)
        ask = await u.next_message()
    await u.press(ask, "Skip")
    await u.press(await u.next_message(), "✅ Submit")
    assert "filed." in (await u.next_message()).text


async def test_amendment_creates_a_revision(
    app: FieldApplication, api: LocalBotApiServer, db: Database
) -> None:
    team = await make_team(db)
    rep = await make_staff(db, 3301, team=team)
    u = api.user(3301, "Li")
    await _file_weekly(u)
    [first] = await reports_of(db, rep)

    await u.send_command("/weekly")
    filed = await u.next_message()
    assert "Filed" in filed.text and "revision 1" in filed.text and "You can amend it until" in filed.text
    assert "S1" in filed.text
    # Pressed twice before the first is answered: the second simply opens the amendment again.
    await u.press(filed, "✏️ Amend")
    await u.press_raw(filed.message_id, AmendReport(first.id or 0).pack())
    await u.next_message()
    preview = await u.next_message()
    assert "Amending your Weekly report" in preview.text and "S1" in preview.text and "P1" in preview.text
    await u.press(preview, "✏️ Edit")
    await u.wait_until(lambda: any(b["text"] == "Next week's plan" for b in preview.inline_buttons()))
    await u.press(preview, "Next week's plan")
    ask = await u.next_message()
    assert "Current answer:\nP1" in ask.text
    await u.send_text("P2: also visit Big Steel")
    preview2 = await u.next_message()
    assert "P2: also visit Big Steel" in preview2.text and "S1" in preview2.text
    await u.press(preview2, "✅ Submit")
    assert "amended: this is revision 2" in (await u.next_message()).text

    [report] = await reports_of(db, rep)
    assert report.revision == 2 and report.content["plan"] == "P2: also visit Big Steel"
    assert report.submitted_at == first.submitted_at and report.updated_at > first.submitted_at
    assert report.late is False
    versions = await revisions_of(db, report)
    assert [(v.revision, v.content["plan"]) for v in versions] == [(1, "P1"), (2, "P2: also visit Big Steel")]


async def test_late_report_for_the_previous_week(
    app: FieldApplication, api: LocalBotApiServer, db: Database
) -> None:
    team = await make_team(db)
    rep = await make_rep(db, 3401, team, joined=db.clock.now() - timedelta(days=40))
    week, previous = current_and_previous("weekly", db.clock.now())
    u = api.user(3401, "Li")
    await u.send_text("📅 Weekly report")  # the main-menu button
    choose = await u.next_message()
    assert "has passed; it will be marked late" in choose.text
    await u.press(choose, f"⚠️ week {previous.start.isoformat()} – {previous.end.isoformat()} (late)")
    overview = await u.next_message()
    assert previous.start.isoformat() in overview.text and "Your visits (0)" in overview.text
    assert "Question 1 of 4" in (await u.next_message()).text
    for text in ("Late summary", "Late plan"):
        await u.send_text(text)
        ask = await u.next_message()
    await u.press(ask, "Skip")
    await u.press(await u.next_message(), "Skip")
    preview = await u.next_message()
    assert "has passed: this report will be marked late" in preview.text
    await u.press(preview, "✅ Submit")
    assert "Marked late: the deadline was" in (await u.next_message()).text
    [report] = await reports_of(db, rep)
    assert (report.period_start, report.late, report.due_at) == (previous.start, True, previous.due_at)
    assert report.submitted_at > report.due_at

    # Its deadline has passed: /weekly no longer offers it, and its Amend button (typed by hand) is refused.
    await u.send_command("/weekly")
    assert week.start.isoformat() in (await u.next_message()).text
    assert "Question 1 of 4" in (await u.next_message()).text
    await u.send_command("/cancel")
    assert "Cancelled" in (await u.next_message()).text
    query = await u.press_raw(u.last_message.message_id, AmendReport(report.id or 0).pack())
    answer = await u.callback_answer(query)
    assert answer.text is not None and "can no longer be amended" in answer.text
    assert (await reports_of(db, rep))[0].revision == 1


async def test_amendment_refused_once_the_deadline_passed(
    app: FieldApplication, api: LocalBotApiServer, db: Database
) -> None:
    team = await make_team(db)
    rep = await make_staff(db, 3501, team=team)
    u = api.user(3501, "Li")
    await _file_weekly(u)
    await u.send_command("/weekly")
    filed = await u.next_message()
    await u.press(filed, "✏️ Amend")
    preview = await u.next_message()
    # The clock is real: rather than wait for the deadline, move it to one second ago while the rep edits.
    async with db.session() as session:
        [report] = await reports_of(db, rep)
        report.due_at = db.clock.now() - timedelta(seconds=1)
        session.add(report)
    await u.press(preview, "✅ Submit")
    refused = await u.next_message()
    assert "has passed: it can no longer be amended" in refused.text
    [report] = await reports_of(db, rep)
    assert report.revision == 1 and len(await revisions_of(db, report)) == 1
    # The Amend button pressed again (a second client still shows it) is refused with the same clear answer.
    answer = await u.callback_answer(await u.press_raw(filed.message_id, AmendReport(report.id or 0).pack()))
    assert answer.text is not None and "can no longer be amended" in answer.text


async def test_bad_input_is_answered_and_the_step_kept(
    app: FieldApplication, api: LocalBotApiServer, db: Database
) -> None:
    team = await make_team(db)
    rep = await make_staff(db, 3601, team=team)
    intruder = await make_staff(db, 3602, team=team)
    u = api.user(3601, "Li")
    await u.send_command("/weekly")
    await u.next_message()  # the overview
    await u.next_message()  # question 1
    await u.send_photo()
    assert (await u.next_message()).text == "Please type your answer as text."
    await u.send_sticker()
    assert (await u.next_message()).text == "Please type your answer as text."
    await u.send_voice()
    assert (await u.next_message()).text == "Please type your answer as text."
    await u.send_text("长" * 2001)
    assert "at most 2000 characters, yours has 2001" in (await u.next_message()).text
    for command in ("/help", "/visit"):  # a plain command, and another feature's conversation
        await u.send_command(command)
        assert "Finish it, or send /cancel first" in (await u.next_message()).text
    # The limit counts as Telegram does, in UTF-16 units: the emoji is two.
    typed = "🔧 <b>not bold</b> & exactly the limit "
    await u.send_text(typed + "x" * (2000 - utf16_length(typed)))
    ask_plan = await u.next_message()
    assert "Question 2 of 4" in ask_plan.text
    await u.send_text("Plan")
    ask_market = await u.next_message()
    # An old button (Back on the plan question) no longer acts.
    stale = await u.callback_answer(await u.press(ask_plan, "« Back"))
    assert stale.text == "This button is no longer active."
    await u.press(ask_market, "Skip")
    await u.press(await u.next_message(), "Skip")
    preview = await u.next_message()
    assert "<b>not bold</b>" in preview.text
    await u.send_text("submit please")
    assert "choose with the buttons" in (await u.next_message()).text
    # Double Submit: both presses arrive before the first is answered; the report is filed once.
    first = await u.press(preview, "✅ Submit")
    second = await u.press(preview, "✅ Submit")
    assert "filed. On time." in (await u.next_message()).text
    assert (await u.callback_answer(second)).text == "This button is no longer active."
    await u.callback_answer(first)
    [report] = await reports_of(db, rep)
    assert utf16_length(report.content["summary"]) == 2000

    # Someone else's report id in a tampered Amend button opens nothing.
    other = api.user(3602, "Zhao")
    await other.send_command("/cancel")
    await other.next_message()
    answer = await other.callback_answer(
        await other.press_raw(other.last_message.message_id, AmendReport(report.id or 0).pack())
    )
    assert answer.text == "That is not yours to open."
    assert await reports_of(db, intruder) == []
    assert not any("went wrong" in (m.text or "") for m in [*u.messages, *other.messages])


async def test_four_long_answers_fit_in_a_preview_split_over_messages(
    app: FieldApplication, api: LocalBotApiServer, db: Database
) -> None:
    team = await make_team(db)
    rep = await make_staff(db, 3701, team=team)
    u = api.user(3701, "Li")
    await u.send_command("/weekly")
    await u.next_message()  # the overview
    await u.next_message()  # question 1
    answers = [letter * 1990 + " <&>" * 2 for letter in "ABCD"]
    for answer in answers[:3]:
        await u.send_text(answer)
        await u.next_message()
    await u.send_text(answers[3])
    pages = [await u.next_message()]
    while pages[-1].reply_markup is None:
        pages.append(await u.next_message())
    # 8000 characters of answers: split over as few messages as fit, the buttons under the last.
    assert len(pages) == 3 and all(len(page.text) <= 4096 for page in pages)
    assert "✅ Submit" in str(pages[-1].reply_markup)
    shown = "\n".join(page.text for page in pages)
    assert all(answer in shown for answer in answers)
    await u.press(pages[-1], "✅ Submit")
    assert "filed. On time." in (await u.next_message()).text
    [report] = await reports_of(db, rep)
    assert [report.content[name] for name in ("summary", "plan", "market", "quality")] == answers
