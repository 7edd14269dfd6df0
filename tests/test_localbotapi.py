"""The local Bot API server must look like Telegram to python-telegram-bot."""

from __future__ import annotations

import asyncio
import datetime as dtm
import html
from collections.abc import AsyncIterator
from typing import Any

import aiohttp
import pytest
from aiohttp import web
from telegram import (
    Bot,
    BotCommand,
    BotCommandScopeChat,
    InlineKeyboardButton,
    InlineKeyboardMarkup,
    KeyboardButton,
    MenuButtonCommands,
    MessageOriginUser,
    ReplyKeyboardMarkup,
    ReplyKeyboardRemove,
    Update,
)
from telegram.constants import ChatAction, ParseMode
from telegram.error import (
    BadRequest,
    Conflict,
    EndPointNotFound,
    Forbidden,
    InvalidToken,
    NetworkError,
    RetryAfter,
)
from telegram.ext import (
    Application,
    ApplicationBuilder,
    CallbackQueryHandler,
    CommandHandler,
    ContextTypes,
    MessageHandler,
    filters,
)

from localbotapi import LocalBotApiServer, tiny_png

TOKEN = "7000000001:AAH" + "x" * 32
ANN = 1001


@pytest.fixture
async def server() -> AsyncIterator[LocalBotApiServer]:
    async with LocalBotApiServer() as srv:
        yield srv


@pytest.fixture
async def bot(server: LocalBotApiServer) -> AsyncIterator[Bot]:
    root = server.base_url
    async with Bot(TOKEN, base_url=f"{root}/bot", base_file_url=f"{root}/file/bot") as b:
        yield b


class Seen:
    """Updates as PTB parsed them in the application's handlers."""

    def __init__(self) -> None:
        self.updates: list[Update] = []


@pytest.fixture
async def app(
    server: LocalBotApiServer,
) -> AsyncIterator[tuple[Application[Any, Any, Any, Any, Any, Any], Seen]]:
    seen = Seen()
    application = (
        ApplicationBuilder()
        .token(TOKEN)
        .base_url(f"{server.base_url}/bot")
        .base_file_url(f"{server.base_url}/file/bot")
        .build()
    )

    async def start(update: Update, context: ContextTypes.DEFAULT_TYPE) -> None:
        seen.updates.append(update)
        assert update.effective_message and update.effective_user
        name = html.escape(update.effective_user.first_name)
        keyboard = InlineKeyboardMarkup(
            [
                [
                    InlineKeyboardButton("Yes", callback_data="answer:yes"),
                    InlineKeyboardButton("No", callback_data="answer:no"),
                ]
            ]
        )
        await update.effective_message.reply_text(
            f"Hello <b>{name}</b>", parse_mode=ParseMode.HTML, reply_markup=keyboard
        )

    async def echo(update: Update, context: ContextTypes.DEFAULT_TYPE) -> None:
        seen.updates.append(update)
        assert update.message and update.message.text
        await update.message.reply_text(f"echo: {update.message.text}")

    async def pressed(update: Update, context: ContextTypes.DEFAULT_TYPE) -> None:
        seen.updates.append(update)
        query = update.callback_query
        assert query and query.data
        await query.answer(f"got {query.data}")
        await query.edit_message_text(f"You said {query.data.split(':')[1]}")

    async def anything(update: Update, context: ContextTypes.DEFAULT_TYPE) -> None:
        seen.updates.append(update)

    application.add_handler(CommandHandler("start", start))
    application.add_handler(MessageHandler(filters.TEXT & ~filters.COMMAND, echo))
    application.add_handler(CallbackQueryHandler(pressed))
    application.add_handler(MessageHandler(filters.ALL, anything))
    await application.initialize()
    await application.start()
    assert application.updater
    await application.updater.start_polling(poll_interval=0, timeout=1)
    yield application, seen
    await application.updater.stop()
    await application.stop()
    await application.shutdown()


async def started_user(server: LocalBotApiServer, bot: Bot, user_id: int = ANN, name: str = "Ann") -> Any:
    """A user who has written to the bot (so the bot may write to them); the update is consumed."""
    user = server.user(user_id, name)
    await user.send_text("hi")
    updates = await bot.get_updates()
    await bot.get_updates(offset=updates[-1].update_id + 1)
    return user


async def test_get_me_and_bad_token(server: LocalBotApiServer, bot: Bot) -> None:
    me = await bot.get_me()
    assert (me.id, me.username, me.is_bot) == (7000000001, "fieldbot_test_bot", True)
    with pytest.raises(EndPointNotFound):
        await bot.do_api_request("noSuchMethod")
    with pytest.raises(InvalidToken):
        async with Bot("123:short", base_url=f"{server.base_url}/bot"):
            pass


async def test_raw_http_encodings(server: LocalBotApiServer) -> None:
    server.user(ANN, "Ann", started=True)
    root = f"{server.base_url}/bot{TOKEN}"
    async with aiohttp.ClientSession() as http:
        async with http.get(f"{root}/GETME") as resp:  # method names are case-insensitive
            assert (await resp.json())["result"]["username"] == "fieldbot_test_bot"
        payload = {"chat_id": str(ANN), "text": "123", "reply_markup": '{"remove_keyboard": true}'}
        async with http.post(f"{root}/sendMessage", json=payload) as resp:
            body = await resp.json()
            assert body["ok"] and body["result"]["text"] == "123"
        async with http.get(f"{root}/sendMessage", params={"chat_id": ANN, "text": "true"}) as resp:
            assert (await resp.json())["result"]["text"] == "true"  # strings are never JSON-decoded
        async with http.get(f"{server.base_url}/botnot-a-token/getMe") as resp:
            assert resp.status == 401
        async with http.get(f"{root}/fooBar") as resp:
            assert (resp.status, (await resp.json())["description"]) == (404, "Not Found")


async def test_echo_roundtrip_via_polling(server: LocalBotApiServer, app: Any) -> None:
    _, seen = app
    weird = server.user(ANN, "<b> & _*[")
    await weird.send_command("start")
    greeting = await weird.next_message()
    assert greeting.text == "Hello <b> & _*["  # HTML-escaped by the bot, shown exactly as typed
    assert greeting.entities == [{"type": "bold", "offset": 6, "length": 9}]
    await weird.send_text("ping")
    assert (await weird.next_message()).text == "echo: ping"
    assert seen.updates[0].message.text == "/start"
    with pytest.raises(AssertionError, match="transcript"):
        await weird.next_message(timeout=0.05)


async def test_html_parsing(server: LocalBotApiServer, bot: Bot) -> None:
    await started_user(server, bot)
    source = (
        '<b>bold</b> &lt;x&gt; &amp; &#8364; <a href="https://e.com">link</a> '
        '<pre><code class="language-py">x = 1</code></pre>'
    )
    msg = await bot.send_message(ANN, source, parse_mode="HTML")
    assert msg.text == "bold <x> & € link x = 1"
    assert [(e.type, e.offset, e.length) for e in msg.entities] == [
        ("bold", 0, 4),
        ("text_link", 13, 4),
        ("pre", 18, 5),
    ]
    assert msg.entities[2].language == "py"
    assert server.sent[-1].raw_text.startswith("<b>bold</b>")
    for broken in ("<b>unclosed", "a < b", "line<br>break", "<b>x</i>", "<span>x</span>"):
        with pytest.raises(BadRequest, match="Can't parse entities"):
            await bot.send_message(ANN, broken, parse_mode="HTML")


async def test_markdown_is_refused(server: LocalBotApiServer, bot: Bot) -> None:
    await started_user(server, bot)
    for mode in (ParseMode.MARKDOWN_V2, ParseMode.MARKDOWN):
        with pytest.raises(BadRequest, match=r"(?i)unsupported parse_mode"):
            await bot.send_message(ANN, "*b*", parse_mode=mode)
    assert not [m for m in server.sent if m.raw_text == "*b*"]


async def test_text_and_caption_limits(server: LocalBotApiServer, bot: Bot) -> None:
    await started_user(server, bot)
    assert len((await bot.send_message(ANN, "a" * 4096)).text) == 4096
    assert len((await bot.send_message(ANN, "<b>" + "a" * 4096 + "</b>", parse_mode="HTML")).text) == 4096
    with pytest.raises(BadRequest, match="Message is too long"):
        await bot.send_message(ANN, "a" * 4097)
    with pytest.raises(BadRequest, match="Message text is empty"):
        await bot.send_message(ANN, "  \n ")
    with pytest.raises(BadRequest, match="Message caption is too long"):
        await bot.send_photo(ANN, tiny_png(), caption="c" * 1025)


async def test_callback_data_is_limited_in_bytes(server: LocalBotApiServer, bot: Bot) -> None:
    await started_user(server, bot)

    def kb(data: str) -> InlineKeyboardMarkup:
        return InlineKeyboardMarkup([[InlineKeyboardButton("x", callback_data=data)]])

    await bot.send_message(ANN, "ok", reply_markup=kb("a" * 64))
    await bot.send_message(ANN, "ok", reply_markup=kb("签" * 21))  # 63 bytes
    for too_long in ("a" * 65, "签" * 22):  # 65 and 66 bytes (only 22 characters)
        with pytest.raises(BadRequest, match="Button_data_invalid"):
            await bot.send_message(ANN, "no", reply_markup=kb(too_long))


async def test_edit_delete_and_chat_errors(server: LocalBotApiServer, bot: Bot) -> None:
    await started_user(server, bot)
    kb = InlineKeyboardMarkup([[InlineKeyboardButton("A", callback_data="a")]])
    msg = await bot.send_message(ANN, "<b>Hi</b>", parse_mode="HTML", reply_markup=kb)
    with pytest.raises(BadRequest, match="Message is not modified"):
        await bot.edit_message_text("<b>Hi</b>", ANN, msg.message_id, parse_mode="HTML", reply_markup=kb)
    edited = await bot.edit_message_text("Hi", ANN, msg.message_id)  # no markup: keyboard goes away
    assert edited.edit_date is not None and edited.reply_markup is None
    record = server.messages_for(ANN)[-1]
    assert record.text == "Hi" and record.edits[0]["reply_markup"] == kb.to_dict()
    with pytest.raises(BadRequest, match="Message to edit not found"):
        await bot.edit_message_text("x", ANN, 9999)
    assert await bot.delete_message(ANN, msg.message_id)
    assert server.sent[-1].deleted
    with pytest.raises(BadRequest, match="Message to delete not found"):
        await bot.delete_message(ANN, msg.message_id)
    with pytest.raises(BadRequest, match="Chat not found"):
        await bot.send_message(424242, "who?")
    server.user(2002, "Bob")  # exists but never wrote to the bot
    with pytest.raises(Forbidden, match="can't initiate"):
        await bot.send_message(2002, "hello")


async def test_press_gives_callback_query(server: LocalBotApiServer, app: Any) -> None:
    _, seen = app
    ann = server.user(ANN, "Ann")
    await ann.send_command("start")
    greeting = await ann.next_message()
    query = await ann.press(greeting, "Yes")
    answer = await ann.callback_answer(query)
    assert answer.text == "got answer:yes"
    await ann.wait_until(lambda: greeting.text == "You said yes")
    parsed = seen.updates[-1].callback_query
    assert parsed.data == "answer:yes" and parsed.message.message_id == greeting.message_id
    assert parsed.from_user.id == ANN
    with pytest.raises(AssertionError, match="buttons"):
        await ann.press(greeting, "Maybe")  # the edit removed the keyboard


async def test_locations_forwarded_live_and_venue(
    server: LocalBotApiServer, app: Any, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("PTB_TIMEDELTA", "true")
    _, seen = app
    ann = server.user(ANN, "Ann")
    count = 0

    async def next_update() -> Update:
        nonlocal count
        count += 1
        await ann.wait_until(lambda: len(seen.updates) >= count)
        return seen.updates[count - 1]

    await ann.send_location(52.5, 13.4, forwarded=True)
    fwd = (await next_update()).message
    assert isinstance(fwd.forward_origin, MessageOriginUser) and fwd.forward_origin.sender_user.id != ANN
    live = await ann.send_location(52.5, 13.4, horizontal_accuracy=20, live_period=900)
    assert (await next_update()).message.location.live_period == dtm.timedelta(seconds=900)
    await ann.move_live_location(live, 52.501, 13.401, horizontal_accuracy=8)
    moved = await next_update()
    assert moved.edited_message is not None and moved.edited_message.message_id == live["message_id"]
    assert moved.edited_message.location.latitude == pytest.approx(52.501)
    assert moved.edited_message.edit_date is not None
    await ann.send_venue(52.5, 13.4, "Depot", "Main St 1")
    venue = (await next_update()).message
    assert venue.venue.title == "Depot" and venue.location is not None  # filters.LOCATION matches venues


async def test_photos_documents_and_get_file(server: LocalBotApiServer, bot: Bot) -> None:
    ann = await started_user(server, bot)
    sent = await bot.send_photo(ANN, tiny_png(200, 100), caption="<i>report</i>", parse_mode="HTML")
    assert sent.caption == "report" and sent.photo[-1].width == 200 and len(sent.photo) == 2
    assert server.sent[-1].kind == "photo" and server.sent[-1].photo_file_id == sent.photo[-1].file_id
    again = await bot.send_photo(ANN, sent.photo[-1].file_id)  # re-send by file_id
    assert again.photo[-1].file_id == sent.photo[-1].file_id
    with pytest.raises(BadRequest, match="Image_process_failed"):
        await bot.send_photo(ANN, b"not an image")
    doc = await bot.send_document(ANN, b"a,b\n1,2\n", filename="visits.csv")
    assert doc.document.file_name == "visits.csv" and doc.document.mime_type == "text/csv"
    photo_msg = await ann.send_photo(caption="meter")
    file = await bot.get_file(photo_msg["photo"][-1]["file_id"])
    assert bytes(await file.download_as_bytearray()) == tiny_png()
    user_doc = await ann.send_document(b"%PDF-1.4 fake", "a.pdf", "application/pdf")
    doc_file = await bot.get_file(user_doc["document"]["file_id"])
    assert doc_file.file_path.endswith(".pdf")
    assert bytes(await doc_file.download_as_bytearray()) == b"%PDF-1.4 fake"
    with pytest.raises(BadRequest, match="Invalid file_id"):
        await bot.get_file("nope")


async def test_flood_control_and_server_errors(
    server: LocalBotApiServer, bot: Bot, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("PTB_TIMEDELTA", "true")
    await started_user(server, bot)
    server.fail_next("sendMessage", 429, retry_after=3)
    with pytest.raises(RetryAfter) as caught:
        await bot.send_message(ANN, "x")
    assert caught.value.retry_after == dtm.timedelta(seconds=3)
    await bot.send_message(ANN, "now it works")
    server.fail_next("sendmessage", 502)
    with pytest.raises(NetworkError, match="Bad Gateway"):
        await bot.send_message(ANN, "x")
    server.fail_next("sendMessage", 500, executed=True)  # sent, but the bot never learns it
    with pytest.raises(NetworkError):
        await bot.send_message(ANN, "lost answer")
    assert server.sent[-1].text == "lost answer"
    server.set_rate_limit(None, per_chat_per_second=1)
    await bot.send_message(ANN, "first")
    with pytest.raises(RetryAfter):
        await bot.send_message(ANN, "second")
    assert server.stats["429"] == 2 and server.stats["sendMessage"] == 6
    server.set_rate_limit(None)
    server.network_down = True
    with pytest.raises(NetworkError):
        await bot.send_message(ANN, "x")
    server.network_down = False
    await bot.send_message(ANN, "back")


async def test_blocked_user_gives_forbidden(server: LocalBotApiServer, bot: Bot) -> None:
    await started_user(server, bot)
    server.block(ANN)
    with pytest.raises(Forbidden, match="bot was blocked by the user"):
        await bot.send_message(ANN, "x")
    server.unblock(ANN)
    await bot.send_message(ANN, "x")


async def test_webhook_delivery_with_secret_and_retry(server: LocalBotApiServer, bot: Bot) -> None:
    received: list[tuple[str | None, dict[str, Any]]] = []
    got_two = asyncio.Event()

    async def hook(request: web.Request) -> web.Response:
        received.append((request.headers.get("X-Telegram-Bot-Api-Secret-Token"), await request.json()))
        if len(received) >= 2:
            got_two.set()
        return web.Response(status=500 if len(received) == 1 else 200)  # first delivery fails

    receiver = web.Application()
    receiver.router.add_post("/hook", hook)
    runner = web.AppRunner(receiver)
    await runner.setup()
    site = web.TCPSite(runner, "127.0.0.1", 0)
    await site.start()
    url = f"http://127.0.0.1:{runner.addresses[0][1]}/hook"
    try:
        assert await bot.set_webhook(url, secret_token="s3cr3t-T0ken")
        with pytest.raises(Conflict):
            await bot.get_updates()
        await server.user(ANN, "Ann").send_text("via webhook")
        await asyncio.wait_for(got_two.wait(), 3)
        assert [secret for secret, _ in received] == ["s3cr3t-T0ken"] * 2
        assert received[0][1] == received[1][1]  # retried with the same update_id
        assert Update.de_json(received[1][1], bot).message.text == "via webhook"
        info = await bot.get_webhook_info()
        assert info.url == url and "500" in (info.last_error_message or "") and info.pending_update_count == 0
        assert await bot.delete_webhook()
        assert await bot.get_updates() == ()
    finally:
        await runner.cleanup()


async def test_commands_per_scope(server: LocalBotApiServer, bot: Bot) -> None:
    server.user(ANN, "Ann")
    await bot.set_my_commands([BotCommand("start", "Start"), BotCommand("help", "Help")])
    await bot.set_my_commands([BotCommand("checkin", "Check in")], scope=BotCommandScopeChat(ANN))
    await bot.set_my_commands([BotCommand("start", "Starten")], language_code="de")
    chat_cmds = await bot.get_my_commands(scope=BotCommandScopeChat(ANN))
    assert [c.command for c in chat_cmds] == ["checkin"]
    assert [c.command for c in await bot.get_my_commands()] == ["start", "help"]
    chat_scope = {"type": "chat", "chat_id": ANN}
    assert server.commands(chat_scope) == [{"command": "checkin", "description": "Check in"}]
    assert server.commands(language_code="de")[0]["description"] == "Starten"
    await bot.delete_my_commands(scope=BotCommandScopeChat(ANN))
    assert await bot.get_my_commands(scope=BotCommandScopeChat(ANN)) == ()
    with pytest.raises(BadRequest):
        await bot.set_my_commands([BotCommand("Bad-Name", "x")])


async def test_duplicate_update_keeps_update_id(server: LocalBotApiServer, app: Any) -> None:
    _, seen = app
    ann = server.user(ANN, "Ann")
    await ann.send_text("once")
    await ann.next_message()
    server.duplicate_last_update()
    await ann.next_message()  # PTB processes the redelivery like a new update
    ids = [u.update_id for u in seen.updates]
    assert len(ids) == 2 and ids[0] == ids[1]


async def test_get_updates_offset_and_long_poll(server: LocalBotApiServer, bot: Bot) -> None:
    ann = server.user(ANN, "Ann")
    await ann.send_text("one")
    await ann.send_text("two")
    first = await bot.get_updates(timeout=0)
    assert [u.message.text for u in first] == ["one", "two"]
    assert [u.message.text for u in await bot.get_updates(offset=first[-1].update_id)] == ["two"]
    poll = asyncio.create_task(bot.get_updates(offset=first[-1].update_id + 1, timeout=5))
    await asyncio.sleep(0.05)
    await ann.send_text("three")
    got = await asyncio.wait_for(poll, 2)
    assert [u.message.text for u in got] == ["three"] and got[0].update_id == first[-1].update_id + 1


async def test_group_and_reply_keyboards(server: LocalBotApiServer, app: Any) -> None:
    application, _ = app
    group = server.group(-100123, "Field team")
    ann = server.user(ANN, "Ann")
    await ann.send_command_in(group, "start", mention=True)
    reply = await group.next_message()
    assert reply.text == "Hello Ann" and reply.chat_id == -100123
    await ann.send_text_in(group, "just chatting")  # privacy mode: the bot never sees this
    await group.assert_no_message(within=0.1)
    await ann.send_text_in(group, "answering you", reply_to=reply)  # replies to the bot do arrive
    assert (await group.next_message()).text == "echo: answering you"
    await ann.send_text("hi")
    await ann.next_message()
    bot = application.bot
    await bot.send_message(
        ANN,
        "Share your location",
        reply_markup=ReplyKeyboardMarkup(
            [[KeyboardButton("📍 Send location", request_location=True)], ["Cancel"]]
        ),
    )
    rows = ann.reply_keyboard()
    assert rows[0][0] == {"text": "📍 Send location", "request_location": True}
    assert rows[1][0]["text"] == "Cancel"
    sent = await bot.send_message(ANN, "Thanks", reply_markup=ReplyKeyboardRemove())
    assert sent.reply_markup is None and ann.reply_keyboard() == []
    assert "bot: Thanks" in ann.transcript()


async def test_chat_info_menu_button_and_actions(server: LocalBotApiServer, bot: Bot) -> None:
    await started_user(server, bot)
    group = server.group(-100777, "Depot crew", username="depot_crew")
    info = await bot.get_chat(ANN)
    assert info.type == "private" and info.first_name == "Ann"
    assert (await bot.get_chat("@depot_crew")).title == "Depot crew"
    assert await bot.set_chat_menu_button(ANN, MenuButtonCommands())
    assert isinstance(await bot.get_chat_menu_button(ANN), MenuButtonCommands)
    assert await bot.send_chat_action(ANN, ChatAction.TYPING)
    assert [(a.chat_id, a.action) for a in server.chat_actions] == [(ANN, "typing")]
    assert await bot.leave_chat(group.chat_id)
    with pytest.raises(Forbidden, match="not a member"):
        await bot.send_message(group.chat_id, "still here?")
