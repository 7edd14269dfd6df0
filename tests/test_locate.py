"""/locate (去向) end to end: the supervisor asks, the rep shares a location with the button; answered at
14 min 59 s is found, at 15 min 01 s not found; nobody answering is settled by the job exactly once, also
across a restart; a rep on leave and everyone after hours are not asked, and the supervisor hears why.
The clock starts at Wednesday 2026-11-18 10:00 in Shanghai."""

from __future__ import annotations

from datetime import date, datetime, timedelta

import pytest
from sqlmodel import select

from bot.app import FieldApplication
from domain.clock import SettableClock
from jobs.whereabouts import expire_and_tell
from localbotapi.driver import TelegramUser
from localbotapi.server import LocalBotApiServer
from presentation.buttons import LocateWho
from presentation.i18n import t
from storage import whereabouts as whereabouts_db
from storage.db import Database
from storage.models import Role, Staff, Team
from storage.score_models import LocateRequest
from tests.conftest import RunningBot
from tests.support.chat import edited
from tests.support.paperwork import add_leave
from tests.support.people import make_rep, make_staff, make_team

SITE = (31.2304, 121.4737)


@pytest.fixture
def clock(start_at: datetime) -> SettableClock:
    """A clock that stands still between the test's moves, so 14 min 59 s means exactly that."""
    return SettableClock(start_at, ticking=False)


async def _team(db: Database) -> tuple[Team, Staff, Staff]:
    """North: supervisor Boss Chen (9001), reps Li Lei (9101) and Wang Wu (9102, Chinese)."""
    north = await make_team(db)
    await make_staff(db, 9001, role=Role.SUPERVISOR, team=north, name="Boss Chen")
    li = await make_rep(db, 9101, north, name="Li Lei")
    wang = await make_rep(db, 9102, north, name="Wang Wu", language="zh")
    return north, li, wang


async def _requests(db: Database) -> list[LocateRequest]:
    async with db.session() as session:
        return list((await session.exec(select(LocateRequest).order_by(LocateRequest.id))).all())  # type: ignore[arg-type]


async def _ask_li(boss: TelegramUser, rep: TelegramUser) -> None:
    """The supervisor picks Li from /locate; Li gets the question with the share-location button."""
    await boss.send_command("/locate")
    pick = await boss.next_message()
    assert pick.text == "Whom do you want to locate? They get 15 min to share their location."
    assert [b["text"] for b in pick.inline_buttons()] == ["👥 The whole team", "Li Lei", "Wang Wu"]
    await boss.press(pick, "Li Lei")
    await edited(boss, pick, "📍 Asked Li Lei: they have until 10:15 to answer.")
    asked = await rep.next_message()
    assert asked.text == (
        "📍 Your supervisor Boss Chen asks where you are. Please tap the button below within 15 min "
        "to share your location."
    )
    assert asked.reply_markup is not None
    [[button]] = asked.reply_markup["keyboard"]
    assert button == {"text": "📍 Share my location", "request_location": True}


async def test_answered_at_14_min_59_s_is_found(
    app: FieldApplication, api: LocalBotApiServer, db: Database, clock: SettableClock
) -> None:
    _north, li, _wang = await _team(db)
    boss, rep = api.user(9001, "Chen"), api.user(9101, "Li", started=True)
    await _ask_li(boss, rep)

    # Someone else's pin forwarded says nothing about where Li is: refused, the question stays open.
    await rep.send_location(*SITE, forwarded=True)
    assert (await rep.next_message()).text == t("en", "checkin.forwarded")
    assert [r.outcome for r in await _requests(db)] == [None]

    clock.advance(timedelta(minutes=14, seconds=59))
    await rep.send_location(*SITE)
    assert (await rep.next_message()).text == "✅ Thanks, your location was sent to Boss Chen."
    assert (await boss.next_message()).text == "📍 Li Lei shared their location at 10:14: found."
    pin = await boss.next_message()
    assert (pin.kind, pin.media["title"], pin.media["location"]) == (
        "venue",
        "Li Lei",
        {"latitude": SITE[0], "longitude": SITE[1]},
    )
    [request] = await _requests(db)
    assert (request.staff_id, request.outcome, request.latitude) == (li.id, "found", SITE[0])
    # The location answered the question: it did not start a check-in.
    await rep.assert_no_message()
    # Nothing is left for the job to settle.
    assert await expire_and_tell(app.bot, db, app.bot_data["settings"], clock.now() + timedelta(hours=1)) == 0
    assert await _counts(db) == {li.id: (1, 0)}


async def _counts(db: Database) -> dict[int, tuple[int, int]]:
    """(found, not found) per rep of North in November."""
    async with db.session() as session:
        team = (await session.exec(select(Team).where(Team.name == "North"))).one()
        return await whereabouts_db.month_counts(session, team.id or 0, date(2026, 11, 1))


async def test_answered_at_15_min_01_s_is_not_found(
    app: FieldApplication, api: LocalBotApiServer, db: Database, clock: SettableClock
) -> None:
    _north, li, _wang = await _team(db)
    boss, rep = api.user(9001, "Chen"), api.user(9101, "Li", started=True)
    await _ask_li(boss, rep)

    clock.advance(timedelta(minutes=15, seconds=1))
    await rep.send_location(*SITE)
    assert (await rep.next_message()).text == (
        "Your location arrived after the 15 min, so this time it counts as not found."
    )
    assert (await boss.next_message()).text == (
        "📍 Li Lei shared their location at 10:15, after the 15 min: not found."
    )
    [request] = await _requests(db)
    assert (request.outcome, request.answered_at) == ("not_found", clock.now())
    assert await _counts(db) == {li.id: (0, 1)}


async def test_no_answer_is_settled_once_by_the_job_also_after_a_restart(
    bot: RunningBot, api: LocalBotApiServer, db: Database, clock: SettableClock
) -> None:
    _north, li, wang = await _team(db)
    boss, rep, other = (
        api.user(9001, "Chen"),
        api.user(9101, "Li", started=True),
        api.user(9102, "Wang", started=True),
    )
    await boss.send_command("/locate")
    pick = await boss.next_message()
    await boss.press(pick, "👥 The whole team")
    await edited(boss, pick, "📍 Asked Wang Wu: they have until 10:15 to answer.")
    await rep.next_message()
    assert (
        await other.next_message()
    ).text == "📍 你的主管 Boss Chen 询问你的去向。请在 15 分钟内点击下方按钮发送你的位置。"

    # Nobody answers. At 15:00 exactly the window is still open; the job settles nothing.
    assert bot.app is not None
    settings = bot.app.bot_data["settings"]
    assert await expire_and_tell(bot.app.bot, db, settings, clock.now() + timedelta(minutes=15)) == 0
    # The bot stops and comes back after the window: the job, rebuilt at start, settles both once.
    await bot.stop()
    clock.advance(timedelta(minutes=16))
    await bot.start()
    told = await boss.next_message(timeout=10)
    assert told.text in {
        "❌ Li Lei did not share a location within 15 min of 10:00: not found.",
        "❌ Wang Wu did not share a location within 15 min of 10:00: not found.",
    }
    await boss.next_message()
    assert (
        await rep.next_message()
    ).text == "⌛ The 15 min to answer your supervisor are over: counted as not found."
    assert (await other.next_message()).text == "⌛ 回复主管的 15 分钟已过：记为未找到。"
    assert bot.app is not None
    assert await expire_and_tell(bot.app.bot, db, settings, clock.now()) == 0
    await boss.assert_no_message()
    assert [r.outcome for r in await _requests(db)] == ["not_found", "not_found"]
    assert await _counts(db) == {li.id: (0, 1), wang.id: (0, 1)}

    # A location sent a minute later is kept with the expired request, which stays not found.
    clock.advance(timedelta(minutes=1))
    await rep.send_location(*SITE)
    assert "counts as not found" in ((await rep.next_message()).text or "")
    assert await _counts(db) == {li.id: (0, 1), wang.id: (0, 1)}


async def test_a_rep_on_leave_is_not_asked(
    app: FieldApplication, api: LocalBotApiServer, db: Database
) -> None:
    _north, li, wang = await _team(db)
    await add_leave(db, wang, date(2026, 11, 17), date(2026, 11, 19))
    # Zhao never opened a chat with the bot: Telegram refuses the question, so Zhao is not counted.
    zhao = await make_rep(db, 9103, _north, name="Zhao Yun")
    api.user(9103, "Zhao")
    boss, rep, other = (
        api.user(9001, "Chen"),
        api.user(9101, "Li", started=True),
        api.user(9102, "Wang", started=True),
    )

    await boss.send_command("/locate", "all")
    answer = (await boss.next_message()).text or ""
    assert answer.splitlines() == [
        "📍 Asked Li Lei: they have until 10:15 to answer.",
        "Wang Wu is on leave today: not asked.",
        "Zhao Yun has blocked fieldbot: not asked.",
    ]
    await rep.next_message()
    await other.assert_no_message()
    assert [r.staff_id for r in await _requests(db)] == [li.id]
    async with db.session() as session:
        assert (await session.get(Staff, zhao.id)).unreachable  # type: ignore[union-attr]

    # Asking again while Li's request is open does not ask (or count) twice.
    await boss.send_command("/locate", "all")
    assert "Li Lei was already asked and has until 10:15 to answer." in (
        (await boss.next_message()).text or ""
    )
    assert len(await _requests(db)) == 1


async def test_after_hours_nobody_is_asked(
    app: FieldApplication, api: LocalBotApiServer, db: Database, clock: SettableClock
) -> None:
    await _team(db)
    boss, rep = api.user(9001, "Chen"), api.user(9101, "Li", started=True)
    clock.advance(timedelta(hours=9, minutes=30))  # 19:30, after the team's 19:00 end of day

    await boss.send_command("/locate", "all")
    assert (await boss.next_message()).text == (
        "It is 19:30, outside working hours (08:30–19:00): nobody was asked."
    )
    await rep.assert_no_message()
    assert await _requests(db) == []

    # A rep cannot ask.
    await rep.send_command("/locate")
    assert (await rep.next_message()).text == "Only supervisors and admins can ask where reps are."


async def test_another_teams_supervisor_cannot_locate_by_a_forged_button(
    app: FieldApplication, api: LocalBotApiServer, db: Database
) -> None:
    """The team on a button is checked again on every press: South's supervisor pressing North's buttons (or a
    rep pressing any) asks nobody and stores nothing."""
    north, li, _wang = await _team(db)
    south = await make_team(db, "South")
    await make_staff(db, 9002, role=Role.SUPERVISOR, team=south, name="Boss Zhou")
    await make_rep(db, 9201, south, name="Sun Qi")
    other, rep = api.user(9002, "Zhou"), api.user(9101, "Li", started=True)
    await other.send_command("/locate")
    own = await other.next_message()
    assert [b["text"] for b in own.inline_buttons()] == ["👥 The whole team", "Sun Qi"]

    for whom in (li.id or 0, 0):
        pressed = await other.press_raw(own.message_id, LocateWho(north.id or 0, whom).pack())
        answer = await other.callback_answer(pressed)
        assert (answer.text, answer.show_alert) == (t("en", "locate.not_yours"), True)
    await rep.send_command("/start")
    await rep.next_message()
    pressed = await rep.press_raw(own.message_id, LocateWho(north.id or 0, 0).pack())
    assert (await rep.callback_answer(pressed)).text == t("en", "locate.not_yours")
    assert await _requests(db) == []
    assert "Li Lei" not in other.transcript()
