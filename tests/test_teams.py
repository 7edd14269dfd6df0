"""Teams without a shell: a fresh install's default team, and /teams (create, rename, zone) end to end."""

from __future__ import annotations

from sqlmodel import select

from localbotapi.server import LocalBotApiServer
from presentation.buttons import FormButton
from presentation.i18n import t
from storage.db import Database
from storage.models import Role, Team
from tests.conftest import ADMIN_ID, RunningBot
from tests.support.chat import edited, showing
from tests.support.people import make_staff, make_team


async def all_teams(db: Database) -> list[tuple[str, str]]:
    """(name, zone) of every team, by id."""
    async with db.session() as session:
        return [
            (team.name, team.timezone) for team in (await session.exec(select(Team).order_by(Team.id))).all()
        ]


async def test_a_fresh_install_starts_with_one_team_and_the_admin_invites_into_it(
    bot: RunningBot, api: LocalBotApiServer, db: Database
) -> None:
    assert await all_teams(db) == [("Shanghai", "Asia/Shanghai")]
    await bot.restart()
    assert await all_teams(db) == [("Shanghai", "Asia/Shanghai")]

    admin = api.user(ADMIN_ID, "Boot", last_name="Strap")
    await admin.send_command("/invite")
    await admin.press(await admin.next_message(), "Field service rep")
    ask_team = await showing(admin, "Which team")
    assert [b["text"] for b in ask_team.inline_buttons()] == ["Shanghai", "Cancel"]
    await admin.press(ask_team, "Shanghai")
    await edited(admin, ask_team, "start=")


async def test_admin_creates_renames_and_moves_a_team_with_bad_answers_explained(
    bot: RunningBot, api: LocalBotApiServer, db: Database
) -> None:
    admin = api.user(ADMIN_ID, "Boss")
    await admin.send_command("/teams")
    listing = await admin.next_message()
    assert "Teams</b> (1)" not in listing.text  # HTML is rendered, not shown
    assert "Teams (1)" in listing.text and "Shanghai · Asia/Shanghai · 0 people" in listing.text
    await admin.press(listing, "➕ New team")
    await edited(admin, listing, "Type the team's name (1 to 100 characters)")

    await admin.send_sticker()
    assert (await admin.next_message()).text == t("en", "teams.expected_name")
    await admin.send_text("x" * 101)
    assert (await admin.next_message()).text == t("en", "teams.invalid_name", limit=100)
    await admin.send_text("shanghai")
    assert (
        await admin.next_message()
    ).text == "There is already a team called shanghai. Please type another name."
    await admin.send_text("  North   <B>  ")
    ask_zone = await admin.next_message()
    assert "Type the time zone as an IANA name" in ask_zone.text
    assert [b["text"] for b in ask_zone.inline_buttons()][:3] == [
        "Asia/Shanghai",
        "Asia/Urumqi",
        "Asia/Hong_Kong",
    ]

    await admin.send_text("Mars/Base")
    refused = await admin.next_message()
    assert refused.text.startswith("I do not know the time zone Mars/Base.")
    assert "Asia/Urumqi" in [b["text"] for b in refused.inline_buttons()]
    assert await all_teams(db) == [("Shanghai", "Asia/Shanghai")]
    await admin.send_text("Europe/Berlin")
    card = await admin.next_message()
    assert card.text.startswith(
        "✅ Team North <B> created (Europe/Berlin). Invite people into it with /invite."
    )
    assert "Time zone: Europe/Berlin" in card.text
    assert await all_teams(db) == [("Shanghai", "Asia/Shanghai"), ("North <B>", "Europe/Berlin")]

    await admin.press(card, "✏️ Rename")
    await edited(admin, card, "Type the new name for North <B>")
    await admin.send_text("Nord")
    renamed = await admin.next_message()
    assert renamed.text.startswith("✅ The team is now called Nord.")
    await admin.press(renamed, "🕒 Time zone")
    await edited(admin, renamed, "Type the time zone")
    await admin.press(renamed, "Asia/Urumqi")
    moved = await edited(admin, renamed, "✅ Team Nord now runs on Asia/Urumqi time")
    assert "Time zone: Asia/Urumqi" in moved.text
    assert await all_teams(db) == [("Shanghai", "Asia/Shanghai"), ("Nord", "Asia/Urumqi")]

    # Back to the list, which counts each team's people, then leave; an old button afterwards is answered,
    # not silently ignored.
    async with db.session() as session:
        nord = (await session.exec(select(Team).where(Team.name == "Nord"))).one()
    for telegram_id in (7101, 7102):
        await make_staff(db, telegram_id, team=nord)
    await admin.press(moved, "« Back")
    listing = await edited(admin, moved, "Teams (2)")
    assert "Nord · Asia/Urumqi · 2 people" in listing.text and "Asia/Shanghai · 0 people" in listing.text
    await admin.press(listing, "Cancel")  # the one /cancel of every flow: buttons go, "Cancelled" is showing
    assert (await admin.next_message()).text == t("en", "common.cancelled")
    query = await admin.press_raw(listing.message_id, FormButton("teams", "new", "-", "0").pack())
    assert (await admin.callback_answer(query)).text == t("en", "common.stale_button")


async def test_in_chinese_a_bad_zone_keeps_the_step_and_a_button_fixes_it(
    app: object, api: LocalBotApiServer, db: Database
) -> None:
    team = await make_team(db, "华东", timezone="Asia/Shanghai")
    await make_staff(db, 7001, role=Role.ADMIN, name="王管理", language="zh")
    admin = api.user(7001, "王", language_code="zh-hans")
    await admin.send_command("/teams")
    listing = await admin.next_message()
    assert "团队（2）" in listing.text and "华东 · Asia/Shanghai · 0 人" in listing.text
    await admin.press(listing, "华东")
    card = await edited(admin, listing, "时区：Asia/Shanghai")
    await admin.press(card, "🕒 时区")
    await edited(admin, card, "请输入 IANA 时区名称")
    await admin.send_text("UTC+8")
    refused = await admin.next_message()
    assert refused.text.startswith("无法识别时区 UTC+8。")
    await admin.send_voice()
    assert (await admin.next_message()).text == t("zh", "teams.expected_zone")
    await admin.press(refused, "Asia/Urumqi")
    await edited(admin, refused, "✅ 团队 华东 现在使用 Asia/Urumqi 时间")
    async with db.session() as session:
        stored = await session.get(Team, team.id)
    assert stored is not None and stored.timezone == "Asia/Urumqi"


async def test_supervisors_and_reps_are_refused(app: object, api: LocalBotApiServer, db: Database) -> None:
    team = await make_team(db)
    await make_staff(db, 7002, role=Role.SUPERVISOR, team=team)
    await make_staff(db, 7003, role=Role.REP, team=team, language="zh")
    for telegram_id, expected in (
        (7002, "Only admins can manage teams."),
        (7003, "只有管理员可以管理团队。"),
    ):
        person = api.user(telegram_id, "Someone")
        await person.send_command("/teams")
        assert (await person.next_message()).text == expected
    assert len(await all_teams(db)) == 2
