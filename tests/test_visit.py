"""/visit end to end through the real bot: prefilled and chosen customers, skips, edit, photos, restart."""

from __future__ import annotations

from datetime import timedelta

from localbotapi.server import LocalBotApiServer
from presentation.i18n import t
from storage import visits as visits_db
from storage.db import Database
from storage.models import Role
from tests.conftest import RunningBot
from tests.support.chat import edit_part, reply, tap
from tests.support.field import make_checkin, make_customer, make_visit, stored_visits
from tests.support.people import make_staff, make_team


async def test_full_visit_prefilled_from_check_in(
    bot: RunningBot, api: LocalBotApiServer, db: Database
) -> None:
    team = await make_team(db)
    rep = await make_staff(db, 3001, team=team, name="Li Lei")
    acme = await make_customer(db, team, "ACME Ltd")
    checkin = await make_checkin(db, rep, acme, db.clock.now() - timedelta(minutes=45))
    u = api.user(3001, "Li")

    await u.send_command("/visit")
    ask_type = await u.next_message()
    assert "Visit at ACME Ltd, checked in at" in ask_type.text
    assert "45 min on site" in ask_type.text
    ask_model = await tap(u, ask_type, "Paid repair")
    assert ask_model.text == "Question 3 of 11.\nMachine model?"
    assert [b["text"] for b in ask_model.inline_buttons()] == ["« Back", "Cancel"]  # required: no Skip
    ask_serial = await reply(u, "XG-200")
    assert "Serial number" in ask_serial.text
    await reply(u, "SN-0042")
    await reply(u, "Spindle bearing noisy")
    await reply(u, "Replaced the bearing, tested 30 min")
    ask_result = await reply(u, "Bearing 6204 x1")
    ask_stars = await tap(u, ask_result, "✅ Resolved")
    ask_photos = await tap(u, ask_stars, "⭐5")
    assert "Send photos" in ask_photos.text
    await u.send_photo()
    first = await u.next_message()
    assert first.text == t("en", "forms.photo_added", count=1)
    await u.send_photo()
    second = await u.next_message()
    assert second.text == t("en", "forms.photo_added", count=2)
    ask_sheet = await tap(u, second, "Done")
    assert "signed by the customer" in ask_sheet.text
    await u.send_photo()
    preview = await u.next_message()
    for line in (
        "Customer: ACME Ltd",
        ", 45 min on site",
        "Type: Paid repair",
        "Machine model: XG-200",
        "Serial number: SN-0042",
        "Problem found: Spindle bearing noisy",
        "Work done: Replaced the bearing, tested 30 min",
        "Parts used: Bearing 6204 x1",
        "Result: ✅ Resolved",
        "Customer satisfaction: ⭐⭐⭐⭐⭐ (5/5)",
        "Photos: 2",
        "Signed dispatch sheet: ✅ photo attached",
    ):
        assert line in preview.text
    done = await tap(u, preview, "✅ Submit")
    assert done.text == "✅ Visit record filed for ACME Ltd."
    assert done.reply_markup is not None and "keyboard" in done.reply_markup  # main menu is back

    [visit] = await stored_visits(db)
    assert (visit.staff_id, visit.customer_id, visit.check_in_id) == (rep.id, acme.id, checkin.id)
    assert visit.visited_at == checkin.checked_in_at
    assert visit.minutes_on_site == 45
    assert (visit.visit_type, visit.machine_model, visit.serial_number) == (
        "paid_repair",
        "XG-200",
        "SN-0042",
    )
    assert (visit.problem, visit.parts_used, visit.result) == (
        "Spindle bearing noisy",
        "Bearing 6204 x1",
        "resolved",
    )
    assert visit.satisfaction == 5 and visit.follow_up is False
    assert len(visit.photo_file_ids) == 2 and visit.dispatch_sheet_file_id
    assert visit.dispatch_sheet_file_id not in visit.photo_file_ids


async def test_visit_choosing_a_customer_with_search(
    bot: RunningBot, api: LocalBotApiServer, db: Database
) -> None:
    team = await make_team(db)
    other_team = await make_team(db, "South")
    rep = await make_staff(db, 3002, team=team)
    await make_customer(db, team, "Alpha Mills")
    beta = await make_customer(db, team, "Beta Foods")
    gamma = await make_customer(db, team, "Gamma Steel")
    await make_customer(db, other_team, "Beta Brewing")
    # Yesterday's check-in and an older visit: the most recently seen customers come first.
    await make_checkin(
        db,
        rep,
        gamma,
        db.clock.now() - timedelta(days=1),
        out=db.clock.now() - timedelta(days=1) + timedelta(hours=1),
    )
    await make_visit(db, rep, beta, db.clock.now() - timedelta(days=3))
    u = api.user(3002, "Zhao")

    await u.send_command("/visit")
    ask_customer = await u.next_message()
    assert "Which customer" in ask_customer.text
    assert [b["text"] for b in ask_customer.inline_buttons()] == [
        "Gamma Steel",
        "Beta Foods",
        "Alpha Mills",
        "🔍 Search",
        "Cancel",
    ]
    ask_search = await tap(u, ask_customer, "🔍 Search")
    assert ask_search.text == "Type part of the customer's name:"
    nothing = await reply(u, "zeta")
    assert "No customer of your team matches “zeta”" in nothing.text
    results = await reply(u, "BETA")
    # Not the other team's Beta.
    assert [b["text"] for b in results.inline_buttons()] == ["Beta Foods", "« Back", "Cancel"]
    ask_type = await tap(u, results, "Beta Foods")
    assert "Customer: Beta Foods" in ask_type.text
    await tap(u, ask_type, "Contract maintenance")
    await reply(u, "PX-9")
    await reply(u, "PX9-777")
    await reply(u, "Quarterly service due")
    ask_parts = await reply(u, "Oil change, filters")
    ask_result = await tap(u, ask_parts, "Skip")
    ask_stars = await tap(u, ask_result, "📦 Waiting for parts")
    ask_photos = await tap(u, ask_stars, "⭐3")
    ask_sheet = await tap(u, ask_photos, "Done")
    preview = await tap(u, ask_sheet, "Skip")
    assert "Parts used: —" in preview.text and "Photos: 0" in preview.text
    assert "Signed dispatch sheet: — not attached" in preview.text
    assert "min on site" not in preview.text
    done = await tap(u, preview, "✅ Submit")
    assert "marked for follow-up" in done.text

    visit = (await stored_visits(db))[-1]
    assert (visit.customer_id, visit.check_in_id, visit.minutes_on_site) == (beta.id, None, None)
    assert (visit.parts_used, visit.photo_file_ids, visit.dispatch_sheet_file_id) == (None, [], None)
    assert (visit.result, visit.follow_up, visit.satisfaction) == ("waiting_parts", True, 3)
    # It is what the weekly report and the supervisor's view list as open follow-ups.
    async with db.session() as session:
        assert [v.id for v in await visits_db.open_follow_ups(session, team_id=team.id)] == [visit.id]
        assert [v.id for v in await visits_db.open_follow_ups(session, staff_id=rep.id)] == [visit.id]


async def test_regular_visit_skips_machine_and_edits_in_preview(
    bot: RunningBot, api: LocalBotApiServer, db: Database
) -> None:
    team = await make_team(db)
    rep = await make_staff(db, 3003, team=team)
    acme = await make_customer(db, team, "ACME Ltd")
    await make_checkin(db, rep, acme, db.clock.now() - timedelta(minutes=10))
    u = api.user(3003, "Wu")

    await u.send_command("/visit")
    ask_model = await tap(u, await u.next_message(), "Regular visit")
    assert [b["text"] for b in ask_model.inline_buttons()] == ["Skip", "« Back", "Cancel"]
    ask_problem = await tap(u, ask_model, "Skip")
    assert "What problem" in ask_problem.text  # no machine, so no serial number either
    await reply(u, "No problems, asked about usage")
    await reply(u, "Explained maintenance plan")
    ask_result = await tap(u, u.last_message, "Skip")  # type: ignore[arg-type]
    ask_stars = await tap(u, ask_result, "🔁 Follow-up needed")
    ask_photos = await tap(u, ask_stars, "⭐4")
    ask_sheet = await tap(u, ask_photos, "Done")
    preview = await tap(u, ask_sheet, "Skip")
    assert "Type: Regular visit" in preview.text and "Machine model: —" in preview.text

    # Change the problem text; the preview comes back with it.
    ask_problem = await edit_part(u, preview, "Problem found")
    assert "What problem" in ask_problem.text
    preview = await reply(u, "Customer plans a second line")
    assert "Problem found: Customer plans a second line" in preview.text
    assert "Work done: Explained maintenance plan" in preview.text
    # Turning it into a repair makes model and serial required: both are asked before the preview.
    ask_type = await edit_part(u, preview, "Type")
    ask_model = await tap(u, ask_type, "Warranty repair")
    assert ask_model.text.endswith("\nMachine model?")  # not "(press Skip …)", and not "— (skipped)"
    await reply(u, "XG-300")
    preview = await reply(u, "SN-9")
    assert "Type: Warranty repair" in preview.text and "Machine model: XG-300" in preview.text
    # Photos can be added from the preview too, and removed again.
    ask_photos = await edit_part(u, preview, "Photos")
    await u.send_photo()
    await u.send_photo()
    await u.next_message()
    two = await u.next_message()
    assert two.text == t("en", "forms.photo_added", count=2)
    ask_photos = await tap(u, two, "🗑 Remove photos")
    assert "Send photos" in ask_photos.text
    await u.send_photo()
    preview = await tap(u, await u.next_message(), "Done")
    assert "Photos: 1" in preview.text
    await tap(u, preview, "✅ Submit")

    [visit] = await stored_visits(db)
    assert (visit.visit_type, visit.machine_model, visit.serial_number) == (
        "warranty_repair",
        "XG-300",
        "SN-9",
    )
    assert visit.problem == "Customer plans a second line" and visit.follow_up is True
    assert len(visit.photo_file_ids) == 1


async def test_restart_mid_visit_continues_at_the_same_step(
    bot: RunningBot, api: LocalBotApiServer, db: Database
) -> None:
    team = await make_team(db)
    rep = await make_staff(db, 3004, team=team)
    acme = await make_customer(db, team, "ACME Ltd")
    await make_checkin(db, rep, acme, db.clock.now() - timedelta(minutes=30))
    u = api.user(3004, "Sun")

    await u.send_command("/visit")
    await tap(u, await u.next_message(), "Installation & commissioning")
    await reply(u, "XG-500")
    await reply(u, "SN-500")
    ask_work = await reply(u, "New machine delivered")
    assert ask_work.text == "Question 6 of 11.\nWhat work did you do?"

    await bot.restart()
    ask_parts = await reply(u, "Installed and trained two operators")
    assert "Which parts" in ask_parts.text
    ask_result = await tap(u, ask_parts, "Skip")
    ask_stars = await tap(u, ask_result, "✅ Resolved")
    await bot.restart()
    ask_photos = await tap(u, ask_stars, "⭐5")
    ask_sheet = await tap(u, ask_photos, "Done")
    await bot.restart()
    # /visit again resumes the same draft instead of starting over.
    await u.send_command("/visit")
    assert "Continuing your unfinished visit record" in (await u.next_message()).text
    ask_sheet = await u.next_message()
    assert "dispatch sheet" in ask_sheet.text
    preview = await tap(u, ask_sheet, "Skip")
    for line in (
        "Machine model: XG-500",
        "Problem found: New machine delivered",
        "Work done: Installed and trained two operators",
        "Customer satisfaction: ⭐⭐⭐⭐⭐",
    ):
        assert line in preview.text
    await tap(u, preview, "✅ Submit")
    [visit] = await stored_visits(db)
    assert visit.work_done == "Installed and trained two operators" and visit.machine_model == "XG-500"


async def test_chinese_regular_visit(bot: RunningBot, api: LocalBotApiServer, db: Database) -> None:
    team = await make_team(db, "华东区")
    await make_staff(db, 3005, team=team, language="zh")
    await make_customer(db, team, "上海机械厂")
    u = api.user(3005, "王", language_code="zh-hans")

    await u.send_text("📝 拜访纪实")  # the main-menu button
    ask_customer = await u.next_message()
    assert "拜访的是哪家客户" in ask_customer.text
    ask_type = await tap(u, ask_customer, "上海机械厂")
    assert "客户：上海机械厂" in ask_type.text
    ask_model = await tap(u, ask_type, "定期拜访")
    assert ask_model.text == "第 3 题，共 11 题。\n机器型号？（没有请点“跳过”）"
    await tap(u, ask_model, "跳过")
    await reply(u, "设备运行正常")
    ask_parts = await reply(u, "讲解保养要点")
    ask_result = await tap(u, ask_parts, "跳过")
    ask_stars = await tap(u, ask_result, "✅ 已解决")
    ask_photos = await tap(u, ask_stars, "⭐5")
    assert "请发送机器或作业照片" in ask_photos.text
    ask_sheet = await tap(u, ask_photos, "完成")
    preview = await tap(u, ask_sheet, "跳过")
    assert "拜访纪实 — 请核对" in preview.text
    assert "类型：定期拜访" in preview.text and "发现问题：设备运行正常" in preview.text
    done = await tap(u, preview, "✅ 提交")
    assert done.text == "✅ 已提交 上海机械厂 的拜访纪实。"
    [visit] = await stored_visits(db)
    assert (visit.visit_type, visit.machine_model, visit.follow_up) == ("regular", None, False)


async def test_supervisor_without_customers_and_rep_without_team(
    bot: RunningBot, api: LocalBotApiServer, db: Database
) -> None:
    team = await make_team(db)
    await make_staff(db, 3006, team=team, role=Role.SUPERVISOR)
    await make_staff(db, 3007)
    boss, loner = api.user(3006, "Boss"), api.user(3007, "Loner")
    await boss.send_command("/visit")
    assert "no customers yet" in (await boss.next_message()).text
    await loner.send_command("/visit")
    assert "not assigned to a team" in (await loner.next_message()).text
