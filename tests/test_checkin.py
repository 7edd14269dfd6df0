"""/checkin and /checkout end to end through the real bot and the local Bot API server."""

from __future__ import annotations

from dataclasses import replace
from datetime import timedelta

from bot.app import FieldApplication
from domain.geo import Verdict
from localbotapi.driver import TelegramUser
from localbotapi.models import SentMessage
from localbotapi.server import LocalBotApiServer
from presentation.buttons import CheckOut, FormButton
from presentation.i18n import t
from storage.db import Database
from storage.field_models import Customer
from storage.models import Role
from tests.support.chat import showing
from tests.support.field import SITE, all_checkins, all_customers, make_checkin, make_customer, north_of
from tests.support.people import make_staff, make_team


async def test_checkin_at_site_with_photo(
    app: FieldApplication, api: LocalBotApiServer, db: Database
) -> None:
    team = await make_team(db)
    await make_staff(db, 3001, team=team)
    await make_customer(db, team, "ACME Ltd")
    await make_customer(db, team, "Far Away Co", site=north_of(*SITE, 5000))
    rep = api.user(3001, "Li")

    await rep.send_command("/checkin")
    ask = await rep.next_message()
    assert "live location" in ask.text
    assert rep.reply_keyboard(ask)[0][0]["request_location"] is True
    await rep.send_text("here I am")
    assert "send your current location" in (await rep.next_message()).text

    await rep.send_location(*north_of(*SITE, 120), horizontal_accuracy=20)
    assert "Location received" in (await rep.next_message()).text
    offer = await rep.next_message()
    assert offer.text == "Question 1 of 2.\nWhich customer are you at?"
    labels = [b["text"] for b in offer.inline_buttons()]
    assert labels == ["ACME Ltd · 120 m", "Far Away Co · 4.9 km", "🆕 New customer", "Cancel"]
    await rep.press(offer, "ACME Ltd · 120 m")
    ask_photo = await rep.next_message()
    assert ask_photo.text == "Question 2 of 2.\nAdd a photo of the site?"
    await rep.send_sticker()
    assert (await rep.next_message()).text == t("en", "forms.photo_expected")
    await rep.send_photo()
    preview = await rep.next_message()
    assert preview.text.startswith("Check in at ACME Ltd (120 m from its site) at")
    assert preview.text.endswith("📷 With a photo of the site.")
    assert [b["text"] for b in preview.inline_buttons()] == ["✏️ Edit", "✅ Check in", "Cancel"]
    assert await all_checkins(db) == []  # nothing is filed before the rep confirms
    await rep.press(preview, "✅ Check in")
    done = await rep.next_message()
    assert "You are at the site (120 m)" in done.text and "Photo saved" in done.text
    assert rep.reply_keyboard(done)[0][0]["text"] == "📍 Check in"

    [checkin] = await all_checkins(db)
    assert checkin.verdict == Verdict.AT_SITE and checkin.checked_out_at is None
    assert 115 < (checkin.distance_m or 0) < 125 and checkin.accuracy_m == 20
    assert checkin.photo_file_id and not checkin.live and not checkin.suspicious


async def test_refused_locations_and_poor_accuracy(
    app: FieldApplication, api: LocalBotApiServer, db: Database
) -> None:
    team = await make_team(db)
    await make_staff(db, 3002, team=team)
    await make_customer(db, team)
    rep = api.user(3002, "Wu")
    await rep.send_command("/checkin")
    await rep.next_message()

    await rep.send_location(*SITE, forwarded=True)
    assert "forwarded from someone else" in (await rep.next_message()).text
    await rep.send_venue(*SITE, "ACME", "1 Nanjing Rd")
    assert "picked from a list" in (await rep.next_message()).text
    await rep.send_location(*SITE, date=api.now() - 300)
    assert "more than 2 minutes old" in (await rep.next_message()).text
    # A phone without a GPS fix sends (0, 0); a tampered client can send a place that does not exist.
    await rep.send_location(0.0, 0.0)
    assert (await rep.next_message()).text == t("en", "checkin.location_no_fix")
    await rep.send_location(91.0, 200.0)
    assert (await rep.next_message()).text == t("en", "checkin.location_out_of_range")
    await rep.send_voice()
    assert "send your current location" in (await rep.next_message()).text
    await rep.send_command("/weekly")
    assert "in the middle of something else" in (await rep.next_message()).text
    assert await all_checkins(db) == []

    await rep.send_location(*SITE, horizontal_accuracy=250)
    warned = await rep.next_message()
    assert "only accurate to about 250 m" in warned.text
    offer = await rep.next_message()
    await rep.send_text("ACME")
    assert "choose with the buttons" in (await rep.next_message()).text
    await rep.press(offer, "ACME Ltd · 0 m")
    await rep.press(await rep.next_message(), "Skip")
    preview = await rep.next_message()
    assert preview.text.endswith("No photo of the site.")
    await rep.press(preview, "✅ Check in")
    await showing(rep, "You are at the site")
    [checkin] = await all_checkins(db)
    assert checkin.accuracy_m == 250 and checkin.verdict == Verdict.AT_SITE


async def test_outside_and_unverified_in_chinese(
    app: FieldApplication, api: LocalBotApiServer, db: Database
) -> None:
    team = await make_team(db)
    await make_staff(db, 3003, team=team, language="zh")
    await make_customer(db, team, "东方机械", site=north_of(*SITE, 2000))
    await make_customer(db, team, "无坐标客户", site=None)
    rep = api.user(3003, "张", language_code="zh")

    await rep.send_command("/checkin")
    assert "实时位置" in (await rep.next_message()).text
    await rep.send_location(*SITE, horizontal_accuracy=10)
    await rep.next_message()
    offer = await rep.next_message()
    assert [b["text"] for b in offer.inline_buttons()][:2] == ["东方机械 · 2.0 公里", "无坐标客户"]
    await rep.press(offer, "东方机械 · 2.0 公里")
    await rep.press(await rep.next_message(), "跳过")
    preview = await rep.next_message()
    assert "距客户现场 2.0 公里" in preview.text and "无现场照片" in preview.text
    await rep.press(preview, "✅ 签到")
    done = await rep.next_message()
    assert "你距离客户现场 2.0 公里" in done.text and "离开时请发送 /checkout" in done.text
    [checkin] = await all_checkins(db)
    assert checkin.verdict == Verdict.OUTSIDE and 1990 < (checkin.distance_m or 0) < 2010

    await rep.send_command("/checkout")
    assert "已签退" in (await rep.next_message()).text
    await rep.send_command("/checkin")
    await rep.next_message()
    await rep.send_location(*SITE)
    await rep.next_message()
    offer = await rep.next_message()
    await rep.press(offer, "无坐标客户")
    await rep.press(await rep.next_message(), "跳过")
    await rep.press(await showing(rep, "该客户还没有现场位置"), "✅ 签到")
    await showing(rep, "本次签到未核实")
    checkins = await all_checkins(db)
    assert sorted(c.verdict for c in checkins) == [Verdict.OUTSIDE, Verdict.UNVERIFIED]


async def test_new_customer_during_checkin_is_flagged_for_the_supervisor(
    app: FieldApplication, api: LocalBotApiServer, db: Database
) -> None:
    team = await make_team(db)
    await make_staff(db, 3004, team=team)
    await make_staff(db, 3005, team=team, role=Role.SUPERVISOR)
    await make_customer(db, team, "ACME Ltd")
    rep = api.user(3004, "Zhou")

    # A location sent outside any conversation starts the check-in at the location step.
    spot = north_of(*SITE, 3000)
    await rep.send_location(*spot, horizontal_accuracy=15)
    assert "Location received" in (await rep.next_message()).text
    offer = await rep.next_message()
    await rep.press(offer, "🆕 New customer")
    assert (await rep.next_message()).text.startswith("Question 2 of 3.\nName of the new customer?")
    await rep.send_photo()
    assert (await rep.next_message()).text == t("en", "common.text_expected")
    await rep.send_text("ACME Ltd")
    assert "already exists" in (await rep.next_message()).text
    await rep.send_text("x" * 101)
    assert "at most 100 characters" in (await rep.next_message()).text
    await rep.send_text("  Golden <Bridge>   & Co  ")
    await rep.press(await rep.next_message(), "Skip")
    preview = await rep.next_message()
    assert "Add Golden <Bridge> & Co as a new customer with its site here" in preview.text
    await rep.press(preview, "✅ Check in")
    done = await rep.next_message()
    assert "Checked in at Golden <Bridge> & Co" in done.text and "All set" in done.text

    new = next(c for c in await all_customers(db) if c.is_new)
    assert (new.name, new.latitude, new.longitude, new.team_id) == (
        "Golden <Bridge> & Co",
        spot[0],
        spot[1],
        team.id,
    )
    [checkin] = await all_checkins(db)
    assert checkin.customer_id == new.id and checkin.verdict == Verdict.UNVERIFIED

    boss = api.user(3005, "Boss")
    await boss.send_command("/customers")
    listing = await boss.next_message()
    assert "🆕 Golden <Bridge> & Co" in listing.text and "🆕 ACME" not in listing.text


async def test_one_open_checkin_and_time_on_site(
    app: FieldApplication, api: LocalBotApiServer, db: Database
) -> None:
    team = await make_team(db)
    rep_row = await make_staff(db, 3006, team=team)
    acme = await make_customer(db, team, "ACME")
    await make_checkin(db, rep_row, acme, db.clock.now() - timedelta(minutes=85, seconds=20))
    rep = api.user(3006, "Qian")

    await rep.send_command("/checkin")
    offer = await rep.next_message()
    assert "already checked in at ACME since" in offer.text
    await rep.send_location(*SITE)  # a bare location while checked in says the same
    assert "already checked in" in (await rep.next_message()).text
    await rep.press(offer, "🚪 Check out")
    done = await rep.next_message()
    assert done.text == "Checked out. You spent 1 h 25 min at ACME."
    [checkin] = await all_checkins(db)
    assert checkin.checked_out_at is not None and not checkin.auto_closed

    await rep.send_command("/checkout")
    assert "not checked in" in (await rep.next_message()).text
    await rep.press_raw(offer.message_id, CheckOut().pack())  # the old button again: nothing more happens
    assert "not checked in" in (await rep.next_message()).text


async def test_customer_of_another_team_cannot_be_chosen(
    app: FieldApplication, api: LocalBotApiServer, db: Database
) -> None:
    team, other_team = await make_team(db), await make_team(db, "South")
    await make_staff(db, 3007, team=team)
    await make_customer(db, team, "Mine")
    theirs = await make_customer(db, other_team, "Theirs")
    rep = api.user(3007, "Sun")
    await rep.send_command("/checkin")
    await rep.next_message()
    await rep.send_location(*SITE)
    await rep.next_message()
    offer = await rep.next_message()
    assert "Theirs" not in str(offer.inline_buttons())
    # The list's own button, its customer swapped for another team's: the team is checked, not the button.
    mine = FormButton.unpack(offer.inline_buttons()[0]["callback_data"])
    assert mine is not None
    query = await rep.press_raw(offer.message_id, replace(mine, arg=str(theirs.id)).pack())
    answer = await rep.callback_answer(query)
    assert "not in your team's list" in (answer.text or "")
    query = await rep.press_raw(offer.message_id, replace(mine, token="0" * 8).pack())
    assert (await rep.callback_answer(query)).text == t("en", "common.stale_button")
    assert await all_checkins(db) == []
    await rep.send_command("/cancel")
    assert "Cancelled" in (await rep.next_message()).text


async def test_menu_button_back_edit_cancel_and_double_press(
    app: FieldApplication, api: LocalBotApiServer, db: Database
) -> None:
    team = await make_team(db)
    await make_staff(db, 3008, team=team, language="zh")
    await make_customer(db, team, "ACME")
    rep = api.user(3008, "Lin", language_code="zh")

    await rep.send_text("📍 签到")
    assert rep.reply_keyboard(await rep.next_message())[0][0]["text"] == "📍 发送我的位置"
    await rep.send_location(*SITE)
    await rep.next_message()
    first_offer = await rep.next_message()
    new_customer = next(b for b in first_offer.inline_buttons() if b["text"] == "🆕 新客户")
    await rep.press(first_offer, "🆕 新客户")
    ask_name = await rep.next_message()
    assert "新客户的名称" in ask_name.text
    await rep.press(ask_name, "« 返回")
    offer = await rep.next_message()
    assert "你在哪个客户这里" in offer.text
    await rep.press(offer, "ACME · 0 米")
    ask_photo = await rep.next_message()
    assert ask_photo.text == "第 2 题，共 2 题。\n要添加一张现场照片吗？"
    # A button of the earlier list is no longer active, wherever the rep is now.
    query = await rep.press_raw(first_offer.message_id, new_customer["callback_data"])
    assert (await rep.callback_answer(query)).text == "此按钮已失效。"
    await rep.send_text("y" * 5000)
    assert (await rep.next_message()).text == t("zh", "forms.photo_expected")
    await rep.press(ask_photo, "« 返回")  # back from the photo to the list
    await rep.press(await rep.next_message(), "ACME · 0 米")
    await rep.press(await rep.next_message(), "跳过")
    preview = await rep.next_message()
    await rep.press(preview, "取消")
    assert (await rep.next_message()).text == t("zh", "common.cancelled")
    assert await all_checkins(db) == []

    # Again, changing the customer from the preview, then a double press of the confirmation.
    await rep.send_location(*SITE)
    await rep.next_message()
    await rep.press(await rep.next_message(), "ACME · 0 米")
    await rep.press(await rep.next_message(), "跳过")
    preview = await rep.next_message()
    await rep.press(preview, "✏️ 修改")
    parts = await rep.wait_until(lambda: _with_button(rep, preview, "客户"))
    assert [b["text"] for b in parts.inline_buttons()] == ["客户", "现场照片", "« 返回"]
    await rep.press(parts, "客户")
    offer = await rep.next_message()
    assert [b["text"] for b in offer.inline_buttons()][-2:] == ["« 返回", "取消"]
    await rep.press(offer, "« 返回")
    preview = await rep.next_message()
    confirm = next(b for b in preview.inline_buttons() if b["text"] == "✅ 签到")
    await rep.press(preview, "✅ 签到")
    await showing(rep, "你在客户现场")
    query = await rep.press_raw(preview.message_id, confirm["callback_data"])  # a double press
    assert (await rep.callback_answer(query)).text == "此按钮已失效。"
    [checkin] = await all_checkins(db)
    assert checkin.photo_file_id is None and checkin.checked_out_at is None


def _with_button(rep: TelegramUser, message: SentMessage, label: str) -> SentMessage | None:
    """`message` once the bot has put a button labelled `label` under it."""
    current = rep.server.find_sent(message.chat_id, message.message_id)
    return current if current and any(b["text"] == label for b in current.inline_buttons()) else None


async def test_confirmation_checks_again_what_changed_since_the_preview(
    app: FieldApplication, api: LocalBotApiServer, db: Database
) -> None:
    team, south = await make_team(db), await make_team(db, "South")
    rep_row = await make_staff(db, 3009, team=team)
    acme = await make_customer(db, team, "ACME Ltd")
    rep = api.user(3009, "Hu")
    await rep.send_location(*SITE)
    await rep.next_message()
    await rep.press(await rep.next_message(), "ACME Ltd · 0 m")
    await rep.press(await rep.next_message(), "Skip")
    preview = await rep.next_message()

    # The customer moves to another team before the rep confirms: asked again, nothing filed.
    async with db.session() as session:
        moved = await session.get(Customer, acme.id)
        assert moved is not None
        moved.team_id = south.id
        session.add(moved)
    query = await rep.press(preview, "✅ Check in")
    assert (await rep.callback_answer(query)).text == t("en", "checkin.customer_unknown")
    offer = await rep.next_message()
    assert [b["text"] for b in offer.inline_buttons()] == ["🆕 New customer", "« Back", "Cancel"]
    assert await all_checkins(db) == []

    # A new customer instead; meanwhile the rep checked in elsewhere (another phone): nothing more is kept.
    await rep.press(offer, "🆕 New customer")
    assert "Name of the new customer?" in (await rep.next_message()).text
    await rep.send_text("Bright Tools")
    preview = await rep.next_message()  # the photo was answered already: straight to the preview
    assert "Add Bright Tools as a new customer" in preview.text
    await make_checkin(db, rep_row, acme, db.clock.now())
    await rep.press(preview, "✅ Check in")
    told = await rep.next_message()
    assert "already checked in at ACME Ltd" in told.text and "/checkout first" in told.text
    assert len(await all_checkins(db)) == 1
    assert [c.name for c in await all_customers(db)] == ["ACME Ltd"]
