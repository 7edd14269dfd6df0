"""/customers (supervisors add and edit), end to end; importing files is in tests/test_customer_*."""

from __future__ import annotations

from bot.app import FieldApplication
from bot.i18n import t
from localbotapi.server import LocalBotApiServer
from storage.db import Database
from storage.models import Role
from tests.factories import make_staff, make_team
from tests.factories_checkin import SITE, all_customers, edited, make_customer, said


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
    await said(boss, "Customer name?")
    await boss.send_sticker()
    assert "type the customer's name" in (await boss.next_message()).text
    await boss.send_text("ACME Ltd")
    assert "already has a customer named ACME Ltd" in (await boss.next_message()).text
    await boss.send_text("Bright <Star> Machinery")
    ask_address = await boss.next_message()
    assert "Address?" in ask_address.text
    await boss.press(ask_address, "Skip")
    await edited(boss, ask_address, "Contact person?")
    # The same Skip again (a double press) does not skip the contact as well.
    again = await boss.press_raw(ask_address.message_id, "cu:skip:address")
    assert "no longer active" in ((await boss.callback_answer(again)).text or "")
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
    assert "send the site as a location" in (await boss.next_message()).text
    await boss.send_location(0.0, 0.0)  # a phone without a GPS fix: refused, the step stays
    assert (await boss.next_message()).text == t("en", "customers.location_no_fix")
    await boss.send_venue(*SITE, "Bright Star", "1 Nanjing Rd")
    ask_radius = await boss.next_message()
    assert [b["text"] for b in ask_radius.inline_buttons()][:4] == ["100 m", "300 m", "500 m", "1000 m"]
    await boss.send_text("20")
    assert "from 50 to 3000" in (await boss.next_message()).text
    await boss.send_text("450")
    ask_key = await boss.next_message()
    await boss.press(ask_key, "« Back")
    await edited(boss, ask_key, "Geofence radius")
    await boss.press(ask_key, "1000 m")
    await edited(boss, ask_key, "key account")
    await boss.press(ask_key, "Yes")
    preview = await edited(boss, ask_key, "Please check")
    assert "Bright <Star> Machinery" in preview.text and "Geofence: 1000 m" in preview.text
    assert "Address: —" in preview.text and "Key account (大客户): Yes" in preview.text
    await boss.press(preview, "✏️ Edit")
    await edited(boss, preview, "What do you want to change")
    await boss.press(preview, "Geofence radius")
    await edited(boss, preview, "Geofence radius around the site")
    await boss.send_text("3000")
    fixed = await boss.next_message()
    assert "Geofence: 3000 m" in fixed.text
    await boss.press(fixed, "✅ Submit")
    await said(boss, "Customer Bright <Star> Machinery saved")

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
    query = await rep.press_raw(1, "cu:add")
    assert "no longer active" in ((await rep.callback_answer(query)).text or "")
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
    await edited(boss, listing, "要修改哪个客户")
    query = await boss.press_raw(listing.message_id, f"cu:pick:{theirs.id}")
    assert (await boss.callback_answer(query)).text == t("zh", "common.not_yours")
    await boss.press(listing, "🆕 新客户甲")
    await edited(boss, listing, "要修改 新客户甲 的哪一项")
    await boss.press(listing, "签到范围半径")
    await edited(boss, listing, "现场签到范围半径")
    await boss.press(listing, "500 米")
    await edited(boss, listing, "签到范围：500 米")
    await boss.press(listing, "✅ 提交")
    await edited(boss, listing, "客户 新客户甲 已保存")
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
    query = await admin.press_raw(ask.message_id, "cu:team:999")
    assert (await admin.callback_answer(query)).text == t("en", "common.not_yours")
    await admin.press(ask, "South")
    listing = await edited(admin, ask, "Customers of South (1)")
    assert "Southern Mill · no site location" in listing.text
    await admin.press(listing, "➕ Add")
    await edited(admin, listing, "Customer name?")
    await admin.send_text("Second Mill")
    skip = await admin.next_message()
    for question in ("Contact person?", "Phone number?", "Send the site location"):
        await admin.press(skip, "Skip")
        await edited(admin, skip, question)
    await admin.press(skip, "Skip")
    await edited(admin, skip, "Geofence radius")
    await admin.press(skip, "300 m")
    await edited(admin, skip, "key account")
    await admin.press(skip, "No")
    await edited(admin, skip, "Please check")
    await admin.press(skip, "✅ Submit")
    await edited(admin, skip, "Customer Second Mill saved")
    saved = next(c for c in await all_customers(db) if c.name == "Second Mill")
    assert (saved.team_id, saved.latitude, saved.radius_m, saved.key_account) == (south.id, None, 300, False)
