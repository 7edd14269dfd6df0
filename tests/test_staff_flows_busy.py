"""The staff-management commands open no second flow over an open one: the gate's busy guard answers them."""

from __future__ import annotations

from bot.app import FieldApplication
from localbotapi.server import LocalBotApiServer
from storage.db import Database
from storage.models import Role
from tests.support.actor import Actor
from tests.support.chat import edited
from tests.support.people import make_staff, make_team


async def test_customers_teams_and_invite_wait_until_the_open_flow_is_finished_or_cancelled(
    app: FieldApplication, api: LocalBotApiServer, db: Database
) -> None:
    await make_staff(db, 7101, role=Role.ADMIN, team=await make_team(db))
    admin = Actor(api.user(7101, "Admin"))
    ask_role = await admin.say("/invite")
    for command in ("/customers", "/teams"):
        assert (await admin.say(command)).text == admin.text("common.finish_first")
    assert (await admin.tap(ask_role, "common.cancel")).text == admin.text("common.cancelled")

    listing = await admin.say("/teams")
    for command in ("/customers", "/invite"):
        assert (await admin.say(command)).text == admin.text("common.finish_first")
    await admin.user.press(listing, admin.text("teams.new"))
    await edited(admin.user, listing, "Type the team's name")
    assert (await admin.say("/cancel")).text == admin.text("common.cancelled")

    assert "Customers of North (0)" in (await admin.say("/customers")).shown_text
    assert (await admin.say("/teams")).text == admin.text("common.finish_first")
