"""Who gets in, what strangers leave behind, and the per-role menu: through the real bot."""

from __future__ import annotations

import asyncio
from datetime import timedelta

import pytest
from sqlmodel import col, select

from bot.app import FieldApplication
from localbotapi.server import LocalBotApiServer
from presentation.buttons import FormButton
from storage import staff as staff_db
from storage.db import Database
from storage.models import AuditEntry, ConversationRecord, InboxUpdate, Role, Staff, UserDataRecord
from tests.conftest import ADMIN_ID
from tests.support.people import make_invite, make_staff, make_team

REFUSAL_EN = "Sorry, fieldbot is only for registered after-sales service staff."
REFUSAL_ZH = "抱歉，fieldbot 仅供已注册的售后服务人员使用。"


async def _rows(db: Database, model: type) -> list:
    async with db.session() as session:
        return list((await session.exec(select(model))).all())


async def test_strangers_are_refused_whatever_they_send_and_leave_only_an_audit_line(
    app: FieldApplication, api: LocalBotApiServer, db: Database
) -> None:
    stranger = api.user(3001, "Nobody")
    await stranger.send_text("hello, my customer list: ACME 13800000000")
    assert (await stranger.next_message()).text.startswith(REFUSAL_EN)
    await stranger.send_photo(caption="secret drawing")
    assert (await stranger.next_message()).text.startswith(REFUSAL_EN)
    await stranger.send_location(31.2, 121.4)
    assert (await stranger.next_message()).text.startswith(REFUSAL_EN)
    await stranger.send_command("/invite")
    assert (await stranger.next_message()).text.startswith(REFUSAL_EN)
    query = await stranger.press_raw(1, FormButton("invite", "role", "admin", "0").pack())
    answer = await stranger.callback_answer(query)
    assert answer.text.startswith(REFUSAL_EN)

    zh_stranger = api.user(3002, "某人", language_code="zh-hans")
    await zh_stranger.send_text("你好")
    assert (await zh_stranger.next_message()).text.startswith(REFUSAL_ZH)

    await api.wait_for(lambda: False, 0.2)  # let the last flush land
    audit = [a for a in await _rows(db, AuditEntry) if a.telegram_id in (3001, 3002)]
    assert len(audit) == 6 and {a.event for a in audit} == {"refused"}
    assert all("ACME" not in a.detail and "secret" not in a.detail for a in audit)
    assert await _rows(db, UserDataRecord) == [] and await _rows(db, ConversationRecord) == []
    assert all(row.payload == {} for row in await _rows(db, InboxUpdate))
    assert await _rows(db, Staff) == []


@pytest.mark.parametrize(
    "token",
    [
        "A" * 65,  # longer than any deep-link payload
        "abc+def/ghi" + "x" * 32,  # characters a deep link cannot carry
        "Z" * 43,  # well-formed but never issued
    ],
)
async def test_malformed_and_unknown_tokens_get_the_same_refusal(
    app: FieldApplication, api: LocalBotApiServer, db: Database, token: str
) -> None:
    user = api.user(3010, "Guess")
    await user.send_command("/start", token)
    assert (await user.next_message()).text.startswith(REFUSAL_EN)
    await user.send_text("Guess Who")  # no registration was opened, so this is refused too
    assert (await user.next_message()).text.startswith(REFUSAL_EN)
    assert await _rows(db, Staff) == []


async def test_expired_replayed_and_other_peoples_tokens_are_refused(
    app: FieldApplication, api: LocalBotApiServer, db: Database
) -> None:
    team = await make_team(db)
    expired = await make_invite(db, team=team, ttl=timedelta(seconds=-1))
    user = api.user(3020, "Late")
    await user.send_command("/start", expired)
    assert (await user.next_message()).text.startswith(REFUSAL_EN)

    # Someone opens a fresh link first: it is theirs, a second person cannot use it.
    token = await make_invite(db, team=team)
    first = api.user(3021, "First")
    await first.send_command("/start", token)
    assert "Welcome to fieldbot" in (await first.next_message()).text
    second = api.user(3022, "Second")
    await second.send_command("/start", token)
    assert (await second.next_message()).text.startswith(REFUSAL_EN)

    # The first person finishes; replaying the used link afterwards is refused.
    await first.press(first.last_message, "Keep this name")
    await first.next_message()
    await first.send_text("Skip")
    assert "You are registered as First" in (await first.next_message()).text
    third = api.user(3023, "Third")
    await third.send_command("/start", token)
    assert (await third.next_message()).text.startswith(REFUSAL_EN)
    names = {s.name for s in await _rows(db, Staff)}
    assert names == {"First"}


async def test_deactivated_staff_are_refused(
    app: FieldApplication, api: LocalBotApiServer, db: Database
) -> None:
    team = await make_team(db)
    await make_staff(db, 3030, team=team, active=False)
    user = api.user(3030, "Gone")
    await user.send_command("/help")
    assert (await user.next_message()).text.startswith(REFUSAL_EN)


async def test_in_groups_the_bot_says_once_that_it_works_in_private(
    app: FieldApplication, api: LocalBotApiServer, db: Database
) -> None:
    team = await make_team(db)
    await make_staff(db, 3040, team=team)
    group = api.group(-100500, "North team")
    member = api.user(3040, "Rep")
    await member.send_command_in(group, "/help")
    note = await group.next_message()
    assert note.text == "I only work in private chats. Please message me directly."
    await member.send_text_in(group, "anyone at ACME today?")
    await member.send_command_in(group, "/checkin")
    await asyncio.sleep(0.5)
    assert len(group.messages) == 1


async def test_help_and_command_menu_follow_the_role(
    app: FieldApplication, api: LocalBotApiServer, db: Database
) -> None:
    team = await make_team(db)
    token = await make_invite(db, team=team, role=Role.SUPERVISOR)
    boss = api.user(3050, "Boss")
    await boss.send_command("/start", token)
    await boss.press(await boss.next_message(), "Keep this name")
    await boss.next_message()
    await boss.send_contact("+8613900000000")
    await boss.next_message()
    menu = await api.wait_for(lambda: api.commands(scope={"type": "chat", "chat_id": 3050}), 5)
    names = [c["command"] for c in menu]
    assert "invite" in names and "missing" in names and "checkin" not in names
    await boss.send_command("/help")
    assert "/invite" in (await boss.next_message()).text

    await make_staff(db, 3051, team=team, role=Role.REP)  # added like the admin CLI does: no registration
    rep = api.user(3051, "Rep")
    await rep.send_command("/help")
    text = (await rep.next_message()).text
    assert "/checkin" in text and "/invite" not in text
    rep_menu = [c["command"] for c in api.commands(scope={"type": "chat", "chat_id": 3051})]
    assert rep_menu[:2] == ["checkin", "checkout"] and "invite" not in rep_menu
    await rep.send_command("/invite")
    assert (await rep.next_message()).text == "You are not allowed to do that."
    # A rep pressing a forged invite button gets nothing either.
    query = await rep.press_raw(
        rep.last_message.message_id, FormButton("invite", "role", "admin", "0").pack()
    )
    assert (await rep.callback_answer(query)).text == "This button is no longer active."

    default = [c["command"] for c in api.commands()]
    assert default == ["start", "help"]


async def test_a_redelivered_update_is_handled_once(
    app: FieldApplication, api: LocalBotApiServer, db: Database
) -> None:
    team = await make_team(db)
    token = await make_invite(db, team=team)
    user = api.user(3060, "Twice")
    await user.send_command("/start", token)
    await user.next_message()
    await user.send_text("Wang Twice")
    await user.next_message()
    api.duplicate_last_update()
    await asyncio.sleep(0.5)
    assert len(user.messages) == 2  # no second phone prompt, no "please use the buttons"
    async with db.session() as session:
        row = (await session.exec(select(InboxUpdate).order_by(col(InboxUpdate.update_id).desc()))).first()
    assert row is not None and row.done_at is not None


async def test_typed_names_are_shown_exactly_as_typed(
    app: FieldApplication, api: LocalBotApiServer, db: Database
) -> None:
    team = await make_team(db)
    token = await make_invite(db, team=team)
    user = api.user(3070, "X")
    await user.send_command("/start", token)
    await user.next_message()
    tricky = "<b>Li</b> & _*[Lei]"
    await user.send_text(tricky)
    assert tricky in (await user.next_message()).text
    await user.send_text("Skip")
    done = await user.next_message()
    assert f"You are registered as {tricky} (Field service rep)" in done.text
    async with db.session() as session:
        person = (await session.exec(select(Staff).where(Staff.telegram_id == 3070))).one()
    assert person.name == tricky


async def test_registration_in_chinese_and_switching_language(
    app: FieldApplication, api: LocalBotApiServer, db: Database
) -> None:
    team = await make_team(db)
    token = await make_invite(db, team=team)
    user = api.user(3080, "李", last_name="雷", language_code="zh-hans")
    await user.send_command("/start", token)
    ask = await user.next_message()
    assert "欢迎使用 fieldbot" in ask.text
    await user.press(ask, "保留此名字")
    phone = await user.next_message()
    assert "分享" in phone.text
    await user.send_sticker()
    assert (await user.next_message()).text == "请使用下面的按钮：分享手机号，或跳过。"
    await user.send_text("跳过")
    assert "注册成功" in (await user.next_message()).text

    await user.send_command("/language")
    choose = await user.next_message()
    await user.press(choose, "English")
    await user.wait_until(
        lambda: (
            "Language set to English." in choose.text
            or any("Language set to English." in m.text for m in user.messages)
        )
    )
    await user.send_command("/help")
    assert "Commands:" in (await user.next_message()).text
    menu = await api.wait_for(lambda: api.commands(scope={"type": "chat", "chat_id": 3080}) or None, 5)
    assert any(c["description"] == "Check in at a customer site" for c in menu)


async def test_someone_marked_unreachable_is_reachable_again_once_they_write(
    app: FieldApplication, api: LocalBotApiServer, db: Database
) -> None:
    team = await make_team(db)
    person = await make_staff(db, 3090, team=team)
    async with db.session() as session:
        assert await staff_db.mark_unreachable(session, staff_id=person.id)
        assert not await staff_db.mark_unreachable(
            session, staff_id=person.id
        )  # only the first call flips it
    user = api.user(3090, "Back")
    await user.send_command("/help")
    await user.next_message()
    async with db.session() as session:
        again = (await session.exec(select(Staff).where(Staff.telegram_id == 3090))).one()
    assert again.unreachable is False


async def test_admin_ids_from_settings_are_admins_from_the_first_message(
    app: FieldApplication, api: LocalBotApiServer, db: Database
) -> None:
    await make_team(db, "West")
    admin = api.user(ADMIN_ID, "Boot", last_name="Strap")
    await admin.send_command("/invite")
    ask_role = await admin.next_message()
    assert "Who are you inviting?" in ask_role.text
    assert [b["text"] for b in ask_role.inline_buttons()][:3] == [
        "Field service rep",
        "Service manager",
        "Admin",
    ]
    async with db.session() as session:
        person = (await session.exec(select(Staff).where(Staff.telegram_id == ADMIN_ID))).one()
    assert (person.role, person.name, person.active) == ("admin", "Boot Strap", True)
