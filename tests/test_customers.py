"""/customers (supervisors add and edit), end to end; importing files is in tests/test_customer_*."""

from __future__ import annotations

from bot.app import FieldApplication
from localbotapi.models import SentMessage
from localbotapi.server import LocalBotApiServer
from presentation.buttons import FormButton
from presentation.i18n import t
from storage.db import Database
from storage.models import Role
from tests.support.chat import edited
from tests.support.field import SITE, all_customers, make_customer
from tests.support.people import make_staff, make_team


def token_on(message: SentMessage) -> str:
    """The staleness token the bot put on `message`'s list and picker buttons, to forge one with it."""
    for button in message.inline_buttons():
        data = FormButton.unpack(button.get("callback_data"))
        if data is not None:
            return data.token
    raise AssertionError(f"no list or picker button on message {message.message_id}")


async def test_supervisor_adds_a_customer(
    app: FieldApplication, api: LocalBotApiServer, db: Database
) -> None:
    team = await make_team(db)
    await make_staff(db, 5001, team=team, role=Role.SUPERVISOR)
    await make_customer(db, team, "ACME Ltd")
    boss = api.user(5001, "Boss")

    await boss.send_command("/customers")
    listing = await boss.next_message()
    assert "Customers of North (1)" in listing.text and "ACME Ltd · site ±300 m" in listing.text
    await boss.press(listing, "➕ Add")
    assert "Question 1 of 7.\nCustomer name?" in (await boss.next_message()).text
    await boss.send_sticker()
    assert (await boss.next_message()).text == t("en", "common.text_expected")
    await boss.send_text("ACME Ltd")
    assert "already has a customer named ACME Ltd" in (await boss.next_message()).text
    await boss.send_text("Bright  <Star>\nMachinery")  # spaces and line breaks become one space
    ask_address = await boss.next_message()
    assert "Address?" in ask_address.text
    skip = next(b["callback_data"] for b in ask_address.inline_buttons() if b["text"] == "Skip")
    await boss.press(ask_address, "Skip")
    assert "Contact person?" in (await boss.next_message()).text
    # The same Skip again (a double press) does not skip the contact as well.
    again = await boss.press_raw(ask_address.message_id, skip)
    assert (await boss.callback_answer(again)).text == t("en", "common.stale_button")
    await boss.send_text("Mr Li")
    ask_phone = await boss.next_message()
    assert "Phone number?" in ask_phone.text
    await boss.send_command("/checkin")
    assert "in the middle of something else" in (await boss.next_message()).text
    await boss.send_text("call me")
    assert "does not look like a phone number" in (await boss.next_message()).text
    await boss.send_text("+86 138 0000 0000")
    assert "Send the site location" in (await boss.next_message()).text
    await boss.send_text("Nanjing Road")
    assert (await boss.next_message()).text == t("en", "forms.location_expected")
    await boss.send_location(0.0, 0.0)  # a phone without a GPS fix: refused, the step stays
    assert (await boss.next_message()).text == t("en", "forms.location_no_fix")
    await boss.send_venue(*SITE, "Bright Star", "1 Nanjing Rd")
    ask_radius = await boss.next_message()
    assert ask_radius.reply_markup is not None
    quick = ask_radius.reply_markup["inline_keyboard"][0]  # one row, as before the engine
    assert [b["text"] for b in quick] == ["100 m", "300 m", "500 m", "1000 m"]
    await boss.send_text("20")
    assert "from 50 to 3000" in (await boss.next_message()).text
    await boss.send_text("450")
    ask_key = await boss.next_message()
    assert "key account" in ask_key.text
    await boss.press(ask_key, "« Back")
    ask_radius = await boss.next_message()
    assert "Geofence radius" in ask_radius.text and "450" in ask_radius.text
    await boss.press(ask_radius, "1000 m")
    ask_key = await boss.next_message()
    assert "key account" in ask_key.text
    await boss.press(ask_key, "Yes")
    preview = await boss.next_message()
    assert "Please check" in preview.text
    assert "Bright <Star> Machinery" in preview.text and "Geofence: 1000 m" in preview.text
    assert "Address: —" in preview.text and "Key account (大客户): Yes" in preview.text
    await boss.press(preview, "✏️ Edit")
    await boss.wait_until(lambda: any(b["text"] == "Geofence radius" for b in preview.inline_buttons()))
    await boss.press(preview, "Geofence radius")
    assert "Geofence radius around the site" in (await boss.next_message()).text
    await boss.send_text("3000")
    fixed = await boss.next_message()
    assert "Geofence: 3000 m" in fixed.text
    await boss.press(fixed, "✅ Submit")
    assert (await boss.next_message()).text == "✅ Customer Bright <Star> Machinery saved."

    new = next(c for c in await all_customers(db) if c.name.startswith("Bright"))
    assert (new.address, new.contact, new.phone) == (None, "Mr Li", "+86 138 0000 0000")
    assert (new.latitude, new.longitude, new.radius_m, new.key_account, new.is_new) == (
        *SITE,
        3000,
        True,
        False,
    )
    assert new.team_id == team.id


async def test_rep_cannot_manage_customers(
    app: FieldApplication, api: LocalBotApiServer, db: Database
) -> None:
    team = await make_team(db)
    await make_staff(db, 5002, team=team)
    rep = api.user(5002, "Rep")
    await rep.send_command("/customers")
    assert "Only service managers and admins" in (await rep.next_message()).text
    query = await rep.press_raw(1, FormButton("customers", "add", "0", "0").pack())
    assert (await rep.callback_answer(query)).text == t("en", "common.stale_button")
    assert await all_customers(db) == []


async def test_supervisor_edits_one_field_in_chinese(
    app: FieldApplication, api: LocalBotApiServer, db: Database
) -> None:
    team, other = await make_team(db), await make_team(db, "South")
    await make_staff(db, 5003, team=team, role=Role.SUPERVISOR, language="zh")
    reported = await make_customer(db, team, "新客户甲", is_new=True)
    theirs = await make_customer(db, other, "别队客户")
    boss = api.user(5003, "经理", language_code="zh")

    await boss.send_command("/customers")
    listing = await boss.next_message()
    assert "🆕 新客户甲" in listing.text and "别队客户" not in listing.text
    await boss.press(listing, "✏️ 修改")
    listing = await edited(boss, listing, "要修改哪个客户")
    forged = FormButton("customers", "pick", str(theirs.id), token_on(listing)).pack()
    query = await boss.press_raw(listing.message_id, forged)
    assert (await boss.callback_answer(query)).text == t("zh", "common.not_yours")
    await boss.press(listing, "🆕 新客户甲")
    await edited(boss, listing, "要修改 新客户甲 的哪一项")
    await boss.press(listing, "签到范围半径")
    ask = await boss.next_message()
    assert "现场签到范围半径" in ask.text and "当前内容：\n300" in ask.text
    await boss.press(ask, "500 米")
    preview = await boss.next_message()
    assert "签到范围：500 米" in preview.text and "大客户：否" in preview.text
    await boss.press(preview, "✅ 提交")
    assert (await boss.next_message()).text == t("zh", "customers.saved", name="新客户甲")
    changed = next(c for c in await all_customers(db) if c.id == reported.id)
    assert (changed.radius_m, changed.is_new, changed.latitude) == (500, False, SITE[0])


async def test_admin_without_a_team_chooses_one(
    app: FieldApplication, api: LocalBotApiServer, db: Database
) -> None:
    await make_team(db, "North")
    south = await make_team(db, "South")
    await make_staff(db, 5004, role=Role.ADMIN)
    await make_customer(db, south, "Southern Mill", site=None)
    admin = api.user(5004, "Admin")
    await admin.send_command("/customers")
    ask = await admin.next_message()
    assert ask.text == "Which team's customers?"
    query = await admin.press_raw(
        ask.message_id, FormButton("customers", "team", "999", token_on(ask)).pack()
    )
    assert (await admin.callback_answer(query)).text == t("en", "common.not_yours")
    await admin.press(ask, "South")
    listing = await edited(admin, ask, "Customers of South (1)")
    assert "Southern Mill · no site location" in listing.text
    await admin.press(listing, "➕ Add")
    assert "Customer name?" in (await admin.next_message()).text
    await admin.send_text("Second Mill")
    question = await admin.next_message()
    for asked in ("Contact person?", "Phone number?", "Send the site location", "Geofence radius"):
        await admin.press(question, "Skip")
        question = await admin.next_message()
        assert asked in question.text
    await admin.press(question, "300 m")
    question = await admin.next_message()
    assert "key account" in question.text
    await admin.press(question, "No")
    preview = await admin.next_message()
    assert "Please check" in preview.text and "Site: —" in preview.text
    await admin.press(preview, "✅ Submit")
    assert (await admin.next_message()).text == t("en", "customers.saved", name="Second Mill")
    saved = next(c for c in await all_customers(db) if c.name == "Second Mill")
    assert (saved.team_id, saved.latitude, saved.radius_m, saved.key_account) == (south.id, None, 300, False)


async def test_back_from_the_chooser_shows_the_customer_and_cancel_saves_nothing(
    app: FieldApplication, api: LocalBotApiServer, db: Database
) -> None:
    team = await make_team(db)
    await make_staff(db, 5005, team=team, role=Role.SUPERVISOR)
    stored = await make_customer(db, team, "ACME Ltd", address="1 Main St", key_account=True)
    boss = api.user(5005, "Boss")
    await boss.send_command("/customers")
    listing = await boss.next_message()
    await boss.press(listing, "✏️ Edit")
    await boss.press(await edited(boss, listing, "Which customer"), "ACME Ltd")
    chooser = await edited(boss, listing, "What do you want to change for ACME Ltd?")
    back = next(b["callback_data"] for b in chooser.inline_buttons() if b["text"] == "« Back")
    assert FormButton.unpack(back) == FormButton("customers", "preview", "-", token_on(chooser))
    await boss.press(chooser, "« Back")
    preview = await boss.next_message()
    assert "Address: 1 Main St" in preview.text and "Key account (大客户): Yes" in preview.text
    assert f"Site: {SITE[0]:.5f}, {SITE[1]:.5f}" in preview.text and "Geofence: 300 m" in preview.text
    # The chooser's buttons went with it: pressing Back there again changes nothing.
    again = await boss.press_raw(chooser.message_id, back)
    assert (await boss.callback_answer(again)).text == t("en", "common.stale_button")
    await boss.press(preview, "Cancel")
    assert (await boss.next_message()).text == t("en", "common.cancelled")
    [unchanged] = await all_customers(db)
    assert (unchanged.id, unchanged.address, unchanged.key_account) == (stored.id, "1 Main St", True)


async def test_a_name_taken_meanwhile_is_asked_again(
    app: FieldApplication, api: LocalBotApiServer, db: Database
) -> None:
    team = await make_team(db)
    await make_staff(db, 5006, team=team, role=Role.SUPERVISOR)
    boss = api.user(5006, "Boss")
    await boss.send_command("/customers")
    await boss.press(await boss.next_message(), "➕ Add")
    await boss.next_message()
    await boss.send_text("Delta Works")
    question = await boss.next_message()
    for answer in ("Skip", "Skip", "Skip", "Skip", "500 m", "No"):
        await boss.press(question, answer)
        question = await boss.next_message()
    assert "Please check" in question.text and "Geofence: 500 m" in question.text
    # Another supervisor (or an import) saves a customer of that name before this one presses Submit.
    await make_customer(db, team, "Delta Works")
    submit = await boss.press(question, "✅ Submit")
    assert (await boss.callback_answer(submit)).text == t("en", "customers.name_taken_meanwhile")
    ask_name = await boss.next_message()
    assert "Customer name?" in ask_name.text and "Keep" not in str(ask_name.reply_markup)
    await boss.send_text("Delta Works East")
    preview = await boss.next_message()
    assert "Delta Works East" in preview.text and "Geofence: 500 m" in preview.text
    await boss.press(preview, "✅ Submit")
    assert (await boss.next_message()).text == "✅ Customer Delta Works East saved."
    stored = sorted((c.name, c.radius_m) for c in await all_customers(db))
    assert stored == [("Delta Works", 300), ("Delta Works East", 500)]
