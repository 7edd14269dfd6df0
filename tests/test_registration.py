"""Registration by invite, end to end through the real bot and the local Bot API server."""

from __future__ import annotations

import re

from sqlmodel import select

from bot.app import FieldApplication
from localbotapi.server import LocalBotApiServer
from storage.db import Database
from storage.models import Role, Staff
from tests.conftest import ADMIN_ID
from tests.support.people import make_staff, make_team

LINK = re.compile(r"https://t\.me/fieldbot_test_bot\?start=([A-Za-z0-9_-]+)")


async def _staff(db: Database, telegram_id: int) -> Staff | None:
    async with db.session() as session:
        return (await session.exec(select(Staff).where(Staff.telegram_id == telegram_id))).first()


async def test_admin_invites_a_rep_who_registers(
    app: FieldApplication, api: LocalBotApiServer, db: Database
) -> None:
    team = await make_team(db, "East China")
    await make_staff(db, ADMIN_ID, role=Role.ADMIN, name="Admin Wang")
    admin = api.user(ADMIN_ID, "Wang")

    await admin.send_command("/invite")
    ask_role = await admin.next_message()
    assert "Who are you inviting?" in ask_role.text
    await admin.press(ask_role, "Field service rep")
    ask_team = await admin.wait_until(lambda: "Which team" in admin.last_message.text and admin.last_message)
    await admin.press(ask_team, "East China")
    link_message = await admin.wait_until(lambda: LINK.search(admin.last_message.text) and admin.last_message)
    token = LINK.search(link_message.text).group(1)  # type: ignore[union-attr]
    assert len(token) == 43

    rep = api.user(2001, "Li", last_name="Lei")
    await rep.send_command("/start", token)
    confirm = await rep.next_message()
    assert "Li Lei" in confirm.text
    await rep.press(confirm, "Keep this name")
    ask_phone = await rep.next_message()
    keyboard = rep.reply_keyboard(ask_phone)
    assert keyboard[0][0]["request_contact"] is True
    await rep.send_contact("+8613800000000")
    done = await rep.next_message()
    assert "You are registered as Li Lei (Field service rep)" in done.text
    menu = [button["text"] for row in rep.reply_keyboard(done) for button in row]
    assert menu == [
        "📍 Check in", "📝 Visit record", "📅 Weekly report", "⚠️ Feedback", "📊 My stats", "🛠 My orders"
    ]  # fmt: skip

    person = await _staff(db, 2001)
    assert person is not None
    assert (person.role, person.team_id, person.phone, person.active) == (
        "rep",
        team.id,
        "+8613800000000",
        True,
    )
    notice = await admin.wait_until(
        lambda: "has registered" in admin.last_message.text and admin.last_message
    )
    assert notice.text == "Li Lei has registered as Field service rep."

    # The link is single use: a replay by the same person or anyone else is refused.
    other = api.user(2002, "Zhao")
    await other.send_command("/start", token)
    assert "only for registered" in (await other.next_message()).text
    assert await _staff(db, 2002) is None
