"""/visit with everything a person can get wrong: wrong kinds of message, huge and HTML-ish text,
old, doubled and tampered buttons. The visit stays where it was and nothing reaches the error handler."""

from __future__ import annotations

import asyncio
from datetime import timedelta

from localbotapi.driver import TelegramUser
from localbotapi.server import LocalBotApiServer
from presentation.buttons import FormButton, ShowVisit
from presentation.i18n import t
from storage.db import Database
from storage.models import Role
from tests.conftest import ADMIN_ID, RunningBot
from tests.support.chat import reply, tap, token_of
from tests.support.field import make_checkin, make_customer, make_visit, stored_visits
from tests.support.people import make_staff, make_team

BUTTONS = "Please choose with the buttons above, or send /cancel."
TEXT = "Please type your answer as text."
PHOTO = t("en", "forms.photo_expected")
STALE = "This button is no longer active."


def _visit_button(action: str, arg: str, token: str) -> str:
    """The data of a /visit engine button, as a forged or replayed press would carry it."""
    return FormButton("visit", action, arg, token).pack()


async def _alert(u: TelegramUser, message_id: int, data: str) -> str:
    """Press a raw button and return the alert the bot answers with."""
    answer = await u.callback_answer(await u.press_raw(message_id, data))
    assert answer.show_alert
    return answer.text or ""


# A person's updates beyond a burst of 30 are dropped (domain.flood): each test stays within one burst.
async def test_bad_input_at_the_typed_and_chosen_steps(
    bot: RunningBot, api: LocalBotApiServer, db: Database
) -> None:
    team = await make_team(db)
    rep = await make_staff(db, 4001, team=team)
    acme = await make_customer(db, team, "ACME Ltd")
    await make_checkin(db, rep, acme, db.clock.now() - timedelta(minutes=20))
    u = api.user(4001, "Li")

    await u.send_command("/visit")
    ask_type = await u.next_message()
    type_token = token_of(ask_type)
    assert (await reply(u, "paid repair please")).text == BUTTONS
    await u.send_photo()
    assert (await u.next_message()).text == BUTTONS
    ask_model = await tap(u, ask_type, "Paid repair")
    # Back and forth keeps the answers; an old button of an earlier step is refused.
    again = await tap(u, ask_model, "« Back")
    assert "What kind of visit" in again.text
    assert await _alert(u, ask_type.message_id, _visit_button("choose", "contract", type_token)) == STALE
    ask_model = await tap(u, again, "Paid repair")
    token = token_of(ask_model)

    for send in (u.send_sticker, u.send_voice, u.send_photo):
        await send()
        assert (await u.next_message()).text == TEXT
    # A repair needs the machine: a forged Skip is refused like any button the question does not have.
    assert await _alert(u, ask_model.message_id, _visit_button("skip", "model", token)) == STALE
    too_long = await reply(u, "X" * 5000)
    assert too_long.text == "That is too long: at most 100 characters, yours has 5000. Please shorten it."
    assert (await reply(u, "   ")).text == TEXT
    await u.send_command("/help")
    assert "You are in the middle of something else" in (await u.next_message()).text
    ask_serial = await reply(u, "XG-200")
    assert "Serial number" in ask_serial.text
    await reply(u, "SN-1")
    assert "at most 1000 characters" in (await reply(u, "y" * 5000)).text
    await reply(u, "Noise")
    ask_parts = await reply(u, "Fixed")
    ask_result = await tap(u, ask_parts, "Skip")
    assert (await reply(u, "resolved")).text == BUTTONS
    forged = _visit_button("choose", "done", token_of(ask_result))
    assert await _alert(u, ask_result.message_id, forged) == STALE
    ask_stars = await tap(u, ask_result, "✅ Resolved")
    assert await _alert(u, ask_stars.message_id, _visit_button("choose", "9", token_of(ask_stars))) == STALE
    ask_photos = await tap(u, ask_stars, "⭐2")
    assert "Send photos" in ask_photos.text
    assert api.messages_for(ADMIN_ID) == []
    assert "something went wrong" not in u.transcript()


async def test_bad_input_at_the_photo_steps_and_the_preview(
    bot: RunningBot, api: LocalBotApiServer, db: Database
) -> None:
    team = await make_team(db)
    rep = await make_staff(db, 4005, team=team)
    acme = await make_customer(db, team, "ACME Ltd")
    await make_checkin(db, rep, acme, db.clock.now() - timedelta(minutes=20))
    u = api.user(4005, "Li")

    await u.send_command("/visit")
    ask_problem = await tap(u, await tap(u, await u.next_message(), "Regular visit"), "Skip")
    await reply(u, "<b>&_*[")
    ask_parts = await reply(u, "Fixed 🔧 *really*")
    ask_photos = await tap(u, await tap(u, await tap(u, ask_parts, "Skip"), "✅ Resolved"), "⭐2")
    assert "What problem" in ask_problem.text and "Send photos" in ask_photos.text
    assert (await reply(u, "here is a photo")).text == PHOTO
    await u.send_sticker()
    assert (await u.next_message()).text == PHOTO
    ask_sheet = await tap(u, ask_photos, "Done")
    await u.send_voice()
    assert (await u.next_message()).text == PHOTO
    preview = await tap(u, ask_sheet, "Skip")
    assert "Problem found: <b>&_*[" in preview.text
    assert "Work done: Fixed 🔧 *really*" in preview.text
    assert (await reply(u, "submit")).text == BUTTONS

    # Double press of Submit files one record; pressing it again later only gets "no longer active".
    submit = _visit_button("submit", "-", token_of(preview))
    await u.press(preview, "✅ Submit")
    second = await u.press_raw(preview.message_id, submit)
    assert "Visit record filed" in (await u.next_message()).text
    assert (await u.callback_answer(second)).text == STALE
    assert await _alert(u, preview.message_id, submit) == STALE
    await asyncio.sleep(0.2)
    [visit] = await stored_visits(db)
    assert visit.problem == "<b>&_*[" and visit.satisfaction == 2
    assert api.messages_for(ADMIN_ID) == []
    assert "something went wrong" not in u.transcript()


async def test_tampered_customer_ids_are_refused(
    bot: RunningBot, api: LocalBotApiServer, db: Database
) -> None:
    team, other = await make_team(db), await make_team(db, "South")
    await make_staff(db, 4002, team=team)
    ours = await make_customer(db, team, "Ours Ltd")
    theirs = await make_customer(db, other, "Theirs Ltd")
    u = api.user(4002, "Zhou")

    await u.send_command("/visit")
    ask_customer = await u.next_message()
    token = token_of(ask_customer)
    # Another team's customer, one that does not exist, an id beyond any column's range.
    for customer_id in (theirs.id or 0, 999999, 2**40):
        data = FormButton("visit", "pick", str(customer_id), token).pack()
        assert await _alert(u, ask_customer.message_id, data) == "That is not yours to open."
    # Buttons of another (older) visit draft do not work either, nor malformed ones.
    for data in (
        FormButton("visit", "pick", str(ours.id), "000000").pack(),
        FormButton("visit", "pick", "abc", token).pack(),
    ):
        assert await _alert(u, ask_customer.message_id, data) == STALE
    assert (await u.send_sticker()) and (await u.next_message()).text == TEXT
    ask_type = await tap(u, ask_customer, "Ours Ltd")
    assert "Customer: Ours Ltd" in ask_type.text
    cancelled = await u.send_command("/cancel")
    assert cancelled and (await u.next_message()).text == t("en", "common.cancelled")
    assert await stored_visits(db) == []
    assert api.messages_for(ADMIN_ID) == []


async def test_visit_waits_while_another_conversation_is_open(
    bot: RunningBot, api: LocalBotApiServer, db: Database
) -> None:
    team = await make_team(db)
    await make_staff(db, 4003, team=team)
    await make_customer(db, team, "ACME Ltd")
    u = api.user(4003, "Qian")

    await u.send_command("/feedback")
    await u.next_message()
    await u.send_command("/visit")
    assert "You are in the middle of something else" in (await u.next_message()).text
    await u.send_command("/cancel")
    await u.next_message()
    await u.send_command("/visit")
    ask_customer = await u.next_message()
    assert "Which customer" in ask_customer.text
    # And the other way round: /feedback in the middle of a visit record.
    await u.send_command("/feedback")
    assert "You are in the middle of something else" in (await u.next_message()).text
    assert "Customer: ACME Ltd" in (await tap(u, ask_customer, "ACME Ltd")).text


async def test_longest_answers_still_fit_the_preview(
    bot: RunningBot, api: LocalBotApiServer, db: Database
) -> None:
    team = await make_team(db)
    rep = await make_staff(db, 4004, team=team)
    acme = await make_customer(db, team, "A&B <Machinery> " + "x" * 84)
    await make_checkin(db, rep, acme, db.clock.now() - timedelta(minutes=5))
    u = api.user(4004, "Feng")

    await u.send_command("/visit")
    await tap(u, await u.next_message(), "Paid repair")
    for answer in ("<" * 100, "&" * 100, "&<>" * 333 + "&", "<b>" * 333 + "x"):
        await reply(u, answer)
    ask_result = await reply(u, "&" * 500)
    ask_photos = await tap(u, await tap(u, ask_result, "✅ Resolved"), "⭐1")
    preview = await tap(u, await tap(u, ask_photos, "Done"), "Skip")
    assert "Problem found: " + "&<>" * 333 + "&" in preview.text
    assert "Parts used: " + "&" * 500 in preview.text
    await tap(u, preview, "✅ Submit")
    [visit] = await stored_visits(db)
    assert visit.work_done == "<b>" * 333 + "x" and visit.machine_model == "<" * 100


async def test_forged_visits_buttons_open_nothing(
    bot: RunningBot, api: LocalBotApiServer, db: Database
) -> None:
    north, south = await make_team(db), await make_team(db, "South")
    await make_staff(db, 4006, team=north, role=Role.SUPERVISOR)
    southern = await make_staff(db, 4007, team=south)
    theirs = await make_visit(db, southern, await make_customer(db, south, "Delta"), db.clock.now())
    boss = api.user(4006, "Boss")

    await boss.send_command("/visits")
    listing = await boss.next_message()
    assert listing.text == "No visit records yet."  # of their team: the southern one is not listed
    for visit_id, alert in (
        (theirs.id or 0, "That visit record is not from your team."),
        (10**11, "That visit record no longer exists."),  # beyond the column's range: no database error
    ):
        answer = await boss.callback_answer(
            await boss.press_raw(listing.message_id, ShowVisit(visit_id).pack())
        )
        assert answer.show_alert and answer.text == alert
    assert api.messages_for(ADMIN_ID) == []
