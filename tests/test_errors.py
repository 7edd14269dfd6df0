"""Unexpected errors: logged without the token, admins told, the user reassured."""

from __future__ import annotations

import logging

import pytest

from bot.app import FieldApplication
from localbotapi.server import LocalBotApiServer
from storage.db import Database
from storage.models import Role
from tests.conftest import ADMIN_ID, TOKEN
from tests.support.people import make_staff, make_team


async def test_unexpected_error_is_reported_and_the_user_told_their_data_is_safe(
    app: FieldApplication, api: LocalBotApiServer, db: Database, caplog: pytest.LogCaptureFixture
) -> None:
    team = await make_team(db)
    await make_staff(db, 6001, team=team, name="Rep Sun")
    await make_staff(db, 6002, role=Role.ADMIN, name="Admin Lin")  # an admin the settings do not name
    admin = api.user(ADMIN_ID, "Admin", started=True)
    registered_admin = api.user(6002, "Lin", started=True)
    rep = api.user(6001, "Sun")
    # The reply to /help fails with an error Telegram could give; nothing in our code catches it.
    api.fail_next("sendMessage", 400, description=f"Bad Request: chat {TOKEN} broke", chat_id=6001)
    with caplog.at_level(logging.ERROR):
        await rep.send_command("/help")
        told = await rep.next_message()
    assert "What you entered so far is saved" in told.text
    notice = await admin.next_message()
    assert notice.text.startswith("⚠️ fieldbot error while handling update")
    assert "BadRequest" in notice.text
    assert TOKEN not in notice.text and TOKEN.split(":")[1] not in notice.text
    assert (await registered_admin.next_message()).text == notice.text
    assert "unhandled error" in caplog.text
    assert TOKEN.split(":")[1] not in caplog.text
