"""/feedback: answers that change which questions apply, and the main menu in the middle of the flow."""

from __future__ import annotations

from bot.app import FieldApplication
from localbotapi.server import LocalBotApiServer
from presentation.i18n import t
from storage.db import Database
from tests.support.chat import edit, said
from tests.support.flows import file_feedback
from tests.support.paperwork import all_feedback
from tests.support.people import make_staff, make_team


async def test_changing_the_kind_asks_the_category_only_a_complaint_has(
    app: FieldApplication, api: LocalBotApiServer, db: Database
) -> None:
    team = await make_team(db)
    await make_staff(db, 3001, team=team)
    rep = api.user(3001, "Li")
    preview = await file_feedback(rep, kind="Suggestion", product="XG-200")
    assert "Complaint about" not in preview.text

    # Now a complaint: its category was never asked, so it is asked before the preview comes back.
    await edit(rep, preview, "Kind")
    await rep.press(await said(rep, "What do you want to report?"), "Customer complaint")
    await rep.press(await said(rep, "What is the complaint about?"), "Damaged packaging")
    preview = await said(rep, "Please check before submitting")
    assert "Kind: Customer complaint" in preview.text
    assert "Complaint about: Damaged packaging → Warehouse and transport" in preview.text
    assert "Product model: XG-200" in preview.text  # the other answers are kept

    # Market information after all: the category no longer shows, and nothing is routed.
    await edit(rep, preview, "Kind")
    await rep.press(await said(rep, "What do you want to report?"), "Market information")
    preview = await said(rep, "Please check before submitting")
    assert "Complaint about" not in preview.text
    await rep.press(preview, "✅ Submit")
    filed = await said(rep, "Thank you. Feedback #")
    assert "routed" not in filed.text
    [stored] = await all_feedback(db)
    assert (stored.kind, stored.complaint_category, stored.routed_to) == ("market", None, None)
    assert stored.product_model == "XG-200"


async def test_a_main_menu_button_is_not_an_answer(
    app: FieldApplication, api: LocalBotApiServer, db: Database
) -> None:
    team = await make_team(db)
    await make_staff(db, 3001, team=team)
    rep = api.user(3001, "Li")
    await rep.send_command("/feedback")
    await rep.press(await said(rep, "What do you want to report?"), "Product quality problem")
    await said(rep, "Which product model?")
    # The reply keyboard stays on screen; its buttons open other features, they are not a product model.
    for menu in ("menu.weekly", "menu.stats"):
        await rep.send_text(t("en", menu))
        assert (await rep.next_message()).text == t("en", "common.finish_first")
    await rep.send_text("XG-200")
    await said(rep, "Describe it")
    # Its own menu button starts the feedback afresh, as the command does.
    await rep.send_text(t("en", "menu.feedback"))
    await said(rep, "What do you want to report?")
    await rep.send_command("/cancel")
    await said(rep, "Cancelled. Nothing was saved.")
    assert await all_feedback(db) == []


async def test_photos_sent_by_mistake_are_removed_from_the_preview(
    app: FieldApplication, api: LocalBotApiServer, db: Database
) -> None:
    team = await make_team(db)
    await make_staff(db, 3001, team=team)
    rep = api.user(3001, "Li")
    preview = await file_feedback(rep, kind="Product quality problem", photos=2)
    assert "Photos: 2" in preview.text
    await edit(rep, preview, "Photos")
    ask_photos = await said(rep, "Send photos")
    await rep.press(ask_photos, t("en", "forms.photos_clear"))
    ask_again = await said(rep, "Send photos")
    assert t("en", "forms.photos_clear") not in [b["text"] for b in ask_again.inline_buttons()]
    await rep.send_photo()
    await said(rep, "Photo 1 added")
    await rep.press(ask_again, t("en", "forms.done"))
    preview = await said(rep, "Please check before submitting")
    assert "Photos: 1" in preview.text
    await rep.press(preview, "✅ Submit")
    await said(rep, "is filed")
    [stored] = await all_feedback(db)
    assert len(stored.photo_file_ids) == 1
