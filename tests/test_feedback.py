"""/feedback from the rep's side, end to end through the real bot and the local Bot API server."""

from __future__ import annotations

from datetime import timedelta

import pytest

from bot.app import FieldApplication
from localbotapi.server import LocalBotApiServer
from presentation.i18n import t
from storage.db import Database
from storage.models import Role
from tests.conftest import RunningBot
from tests.support.chat import edit, forged, said
from tests.support.field import make_customer
from tests.support.flows import file_feedback
from tests.support.paperwork import all_feedback
from tests.support.people import make_staff, make_team, opened

DONE = t("en", "forms.done")


async def test_each_kind_is_filed_and_stored(
    app: FieldApplication, api: LocalBotApiServer, db: Database
) -> None:
    team = await make_team(db)
    me = await make_staff(db, 3001, team=team)
    rep = api.user(3001, "Li")
    kinds = [
        ("Product quality problem", "quality"),
        ("Market information", "market"),
        ("Suggestion", "suggestion"),
    ]
    for label, _kind in kinds:
        preview = await file_feedback(rep, kind=label, product="XG-200", description=f"About {label}")
        assert f"Kind: {label}" in preview.text
        assert "Product model: XG-200" in preview.text
        await rep.press(preview, "✅ Submit")
        filed = await said(rep, "Thank you. Feedback #")
        assert "routed" not in filed.text
        assert rep.reply_keyboard(filed)[1][1]["text"] == "⚠️ Feedback"  # back to the main menu
        assert "supervisor" not in filed.text  # normal severity: nobody is interrupted

    stored = await all_feedback(db)
    assert [(f.kind, f.description, f.severity, f.routed_to) for f in stored] == [
        (kind, f"About {label}", "normal", None) for label, kind in kinds
    ]
    assert all(f.staff_id == me.id and f.team_id == team.id and f.product_model == "XG-200" for f in stored)


@pytest.mark.parametrize(
    ("category", "code", "department"),
    [
        ("Product quality or function", "product", ("technical", "Technical department")),
        ("Damaged packaging", "packaging", ("warehouse", "Warehouse and transport")),
        ("Staff attitude or negligence", "staff", ("service", "Service management")),
        ("Dealer or retailer", "dealer", ("sales", "Sales department")),
    ],
)
async def test_complaint_is_routed_by_category(
    app: FieldApplication,
    api: LocalBotApiServer,
    db: Database,
    category: str,
    code: str,
    department: tuple[str, str],
) -> None:
    team = await make_team(db)
    await make_staff(db, 3001, team=team)
    rep = api.user(3001, "Li")
    preview = await file_feedback(rep, kind="Customer complaint", category=category)
    assert f"Complaint about: {category} → {department[1]}" in preview.text
    await rep.press(preview, "✅ Submit")
    filed = await said(rep, "is filed and routed to")
    # Every complaint reaches the supervisors (here: the admins, the team has no supervisor).
    assert filed.text.endswith(f"routed to: {department[1]}.\nYour supervisor has been told.")
    [stored] = await all_feedback(db)
    assert (stored.kind, stored.complaint_category, stored.routed_to) == ("complaint", code, department[0])


async def test_customer_product_photos_edit_and_exact_text(
    app: FieldApplication, api: LocalBotApiServer, db: Database
) -> None:
    team = await make_team(db)
    other_team = await make_team(db, "South")
    await make_staff(db, 3001, team=team)
    start = db.clock.now() - timedelta(days=30)
    names = [f"Customer {i}" for i in range(10)]
    for i, name in enumerate(names):
        await make_customer(db, team, name, created_at=start + timedelta(days=i))
    foreign = await make_customer(db, other_team, "Not Ours Ltd")
    rep = api.user(3001, "Li")
    tricky = "Seal <b>broken</b> & *bold* _x_ `code` <script>alert(1)</script> 🔧"

    await rep.send_command("/feedback")
    await rep.press(await said(rep, "What do you want to report?"), "Product quality problem")
    ask_customer = await said(rep, "Which customer")
    labels = [b["text"] for b in ask_customer.inline_buttons()]
    # Most recent first, at most 8, then Skip, Back and Cancel.
    assert labels == [*reversed(names[2:]), "Skip", "« Back", "Cancel"]
    # A tampered button naming another team's customer is refused and nothing moves on: it was never
    # offered, so it is answered as every button not on the current prompt is.
    query = await rep.press_raw(ask_customer.message_id, forged(ask_customer, "choose", str(foreign.id)))
    assert (await rep.callback_answer(query)).text == "This button is no longer active."
    await rep.press(ask_customer, "Customer 9")
    await said(rep, "Which product model?")
    await rep.send_text("XG-200 <v2>")
    await said(rep, "Describe it")
    await rep.send_text(tricky)
    ask_photos = await said(rep, "Send photos")
    await rep.send_photo()
    await said(rep, "Photo 1 added")
    await rep.send_photo()
    await said(rep, "Photo 2 added")
    await rep.press(ask_photos, DONE)
    await rep.press(await said(rep, "How serious is it?"), "Normal")
    preview = await said(rep, "Please check before submitting")
    assert "Customer: Customer 9" in preview.text
    assert "Product model: XG-200 <v2>" in preview.text
    assert "Photos: 2" in preview.text
    assert preview.text.endswith(tricky)  # formatting characters shown exactly as typed

    # Edit: change the description, the preview comes straight back.
    await edit(rep, preview, "Description")
    assert "Current answer:\n" in (await said(rep, "Describe it")).text
    await rep.send_text("Seal broken on 3 units")
    preview = await said(rep, "Please check before submitting")
    assert preview.text.endswith("Description:\nSeal broken on 3 units")
    assert "Photos: 2" in preview.text
    # Edit photos, then Back: the old photos are kept.
    await edit(rep, preview, "Photos")
    await rep.press(await said(rep, "Send photos"), "« Back")
    preview = await said(rep, "Please check before submitting")
    assert "Photos: 2" in preview.text
    await rep.press(preview, "✅ Submit")
    await said(rep, "is filed")

    [stored] = await all_feedback(db)
    assert stored.description == "Seal broken on 3 units"
    assert stored.product_model == "XG-200 <v2>"
    assert len(stored.photo_file_ids) == 2
    assert stored.customer_id is not None and stored.customer_id != foreign.id


async def test_back_goes_one_step_back_and_cancel_saves_nothing(
    app: FieldApplication, api: LocalBotApiServer, db: Database
) -> None:
    team = await make_team(db)
    await make_staff(db, 3001, team=team)
    rep = api.user(3001, "Li")
    await rep.send_command("/feedback")
    await rep.press(await said(rep, "What do you want to report?"), "Customer complaint")
    await rep.press(await said(rep, "What is the complaint about?"), "Damaged packaging")
    ask_product = await said(rep, "Which product model?")
    await rep.press(ask_product, "« Back")
    ask_category = await said(rep, "What is the complaint about?")
    await rep.press(ask_category, "« Back")
    ask_kind = await said(rep, "What do you want to report?")
    assert "« Back" not in [b["text"] for b in ask_kind.inline_buttons()]  # the first step has none
    await rep.press(ask_kind, "Cancel")
    cancelled = await said(rep, "Cancelled. Nothing was saved.")
    assert rep.reply_keyboard(cancelled)[0][0]["text"] == "📍 Check in"
    assert await all_feedback(db) == []


async def test_bad_input_at_each_step(app: FieldApplication, api: LocalBotApiServer, db: Database) -> None:
    team = await make_team(db)
    await make_staff(db, 3001, team=team)
    rep = api.user(3001, "Li")

    await rep.send_command("/feedback")
    ask_kind = await said(rep, "What do you want to report?")
    await rep.send_text("quality")
    await said(rep, "Please choose with the buttons above")
    await rep.send_sticker()
    await said(rep, "Please choose with the buttons above")
    await rep.send_command("/language")  # another command: finish this first
    await said(rep, "You are in the middle of something else")
    # A tampered kind is refused, the step stays.
    query = await rep.press_raw(ask_kind.message_id, forged(ask_kind, "choose", "nonsense"))
    assert (await rep.callback_answer(query)).text == "This button is no longer active."
    market = forged(ask_kind, "choose", "market")
    await rep.press(ask_kind, "Product quality problem")
    ask_product = await said(rep, "Which product model?")
    # The kind button pressed again (double press): refused, nothing changes.
    query = await rep.press_raw(ask_kind.message_id, market)
    assert (await rep.callback_answer(query)).text == "This button is no longer active."

    late_skip = forged(ask_product, "skip", "product_model")
    await rep.send_text("M" * 150)
    await said(rep, "at most 100 characters, yours has 150")
    await rep.send_voice()
    await said(rep, "Please type your answer as text.")
    await rep.send_text("XG-200")
    await said(rep, "Describe it")
    # The product step's Skip, pressed late, must not move anything.
    query = await rep.press_raw(ask_product.message_id, late_skip)
    assert (await rep.callback_answer(query)).text == "This button is no longer active."
    await rep.send_sticker()
    await said(rep, "Please type your answer as text.")
    await rep.send_photo()
    await said(rep, "Please type your answer as text.")
    await rep.send_text("x" * 3000)
    await said(rep, "at most 2000 characters, yours has 3000")
    leaks = await rep.send_text("Leaks")
    ask_photos = await said(rep, "Send photos")
    # The photo step's hint is the one every flow's photo step gives.
    await rep.send_text("no photos")
    await said(rep, t("en", "forms.photo_expected"))
    await rep.send_sticker()
    await said(rep, t("en", "forms.photo_expected"))
    # The rep edits the description sent earlier: an edit is not an answer to this step, nothing happens.
    api.enqueue_update({"edited_message": {**leaks, "text": "Leaks badly", "edit_date": api.now()}})
    await rep.assert_no_message(0.3)
    await rep.press(ask_photos, DONE)
    ask_severity = await said(rep, "How serious is it?")
    await rep.send_text("critical!")
    await said(rep, "Please choose with the buttons above")
    await rep.press(ask_severity, "Normal")
    preview = await said(rep, "Please check before submitting")
    await rep.send_text("ok submit")
    await said(rep, "Please choose with the buttons above")
    submit = forged(preview, "submit")
    await rep.press(preview, "✅ Submit")
    await said(rep, "is filed")
    # Submit pressed twice: the second press files nothing.
    query = await rep.press_raw(preview.message_id, submit)
    assert (await rep.callback_answer(query)).text == "This button is no longer active."
    assert len(await all_feedback(db)) == 1


async def test_chinese_flow_with_the_menu_button(
    app: FieldApplication, api: LocalBotApiServer, db: Database
) -> None:
    team = await make_team(db, "华东")
    await make_staff(db, 3001, team=team, language="zh", name="李雷")
    rep = api.user(3001, "李", language_code="zh-hans")
    await rep.send_text("⚠️ 反馈")
    await rep.press(await said(rep, "你要反馈什么？"), "客户投诉")
    await rep.press(await said(rep, "投诉属于哪一类？"), "包装破损")
    await rep.press(await said(rep, "产品型号是什么？"), "跳过")
    await said(rep, "请描述情况")
    await rep.send_text("到货时纸箱破损，3 台设备外壳划伤")
    await rep.press(await said(rep, "如有照片请发送"), t("zh", "forms.done"))
    await rep.press(await said(rep, "严重程度如何？"), "一般")
    preview = await said(rep, "提交前请核对")
    assert "类型：客户投诉" in preview.text
    assert "投诉类别：包装破损 → 仓储运输" in preview.text
    assert "产品型号：—" in preview.text
    await rep.press(preview, "✅ 提交")
    filed = await said(rep, "已提交，已转交：仓储运输。")
    assert rep.reply_keyboard(filed)[1][1]["text"] == "⚠️ 反馈"
    [stored] = await all_feedback(db)
    assert (stored.routed_to, stored.description) == ("warehouse", "到货时纸箱破损，3 台设备外壳划伤")


async def test_draft_survives_a_restart(bot: RunningBot, api: LocalBotApiServer, db: Database) -> None:
    team = await make_team(db)
    await make_staff(db, 3001, team=team)
    rep = api.user(3001, "Li")
    await rep.send_command("/feedback")
    await rep.press(await said(rep, "What do you want to report?"), "Suggestion")
    await said(rep, "Which product model?")
    await rep.send_text("XG-200")  # the product step: the typed answer is written before the restart
    await said(rep, "Describe it")
    await bot.restart()
    await rep.send_text("Offer a longer warranty")
    await rep.press(await said(rep, "Send photos"), DONE)
    await rep.press(await said(rep, "How serious is it?"), "Normal")
    preview = await said(rep, "Please check before submitting")
    assert "Product model: XG-200" in preview.text
    await rep.press(preview, "✅ Submit")
    await said(rep, "is filed")
    [stored] = await all_feedback(db)
    assert (stored.kind, stored.product_model, stored.description) == (
        "suggestion",
        "XG-200",
        "Offer a longer warranty",
    )


async def test_supervisor_filing_is_not_their_own_acknowledger(
    app: FieldApplication, api: LocalBotApiServer, db: Database
) -> None:
    team = await make_team(db)
    await make_staff(db, 4001, team=team, role=Role.SUPERVISOR, name="Boss Wang")
    await make_staff(db, 4002, team=team, role=Role.SUPERVISOR, name="Boss Zhao")
    boss, other = api.user(4001, "Wang"), await opened(api, 4002, "Zhao")
    preview = await file_feedback(boss, kind="Product quality problem", severity="Batch quality problem")
    await boss.press(preview, "✅ Submit")
    await said(boss, "is filed")
    await boss.assert_no_message(0.3)  # no notice to themselves
    await said(other, "Batch quality problem")
