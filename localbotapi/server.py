"""LocalBotApiServer: a local Telegram Bot API HTTP server for end-to-end tests.

Point PTB at it with
    ApplicationBuilder().token(tok).base_url(f"{server.base_url}/bot")
                        .base_file_url(f"{server.base_url}/file/bot")
"""

from __future__ import annotations

import asyncio
import contextlib
import re
from collections.abc import Awaitable, Callable
from types import TracebackType
from typing import TYPE_CHECKING, Any

from aiohttp import web

from domain.clock import Clock

from . import methods_bot as mb
from . import methods_edits as me
from . import methods_messages as mm
from .controls import ControlledState
from .models import JSON, ApiError
from .params import Params, read_params
from .state import ServerState

if TYPE_CHECKING:
    from .driver import GroupChat, TelegramUser

Method = Callable[[ServerState, Params], Awaitable[Any]]
TOKEN_RE = re.compile(r"^\d+:[A-Za-z0-9_-]{35,}$")

_METHODS: dict[str, Method] = {
    "getMe": mb.get_me, "getUpdates": mb.get_updates, "setWebhook": mb.set_webhook,
    "deleteWebhook": mb.delete_webhook, "getWebhookInfo": mb.get_webhook_info,
    "setMyCommands": mb.set_my_commands, "getMyCommands": mb.get_my_commands,
    "deleteMyCommands": mb.delete_my_commands, "setChatMenuButton": mb.set_chat_menu_button,
    "getChatMenuButton": mb.get_chat_menu_button, "leaveChat": mb.leave_chat, "getChat": mb.get_chat,
    "close": mb.ok, "logOut": mb.ok,
    "setMyDescription": mb.set_my_description, "getMyDescription": mb.get_my_description,
    "setMyShortDescription": mb.set_my_short_description,
    "getMyShortDescription": mb.get_my_short_description,
    "setMyName": mb.set_my_name, "getMyName": mb.get_my_name,
    "sendMessage": mm.send_message, "sendPhoto": mm.send_photo, "sendDocument": mm.send_document,
    "editMessageText": me.edit_message_text, "editMessageCaption": me.edit_message_caption,
    "editMessageReplyMarkup": me.edit_message_reply_markup, "deleteMessage": me.delete_message,
    "sendChatAction": me.send_chat_action, "answerCallbackQuery": me.answer_callback_query,
    "getFile": mm.get_file, "sendVenue": mm.send_venue,
}  # fmt: skip
# Method names are case-insensitive on Telegram.
_BY_LOWER = {name.lower(): (name, fn) for name, fn in _METHODS.items()}
# Calls that count against flood control when set_rate_limit() is active.
_RATE_LIMITED = {
    "sendMessage",
    "sendPhoto",
    "sendDocument",
    "sendVenue",
    "editMessageText",
    "editMessageCaption",
    "editMessageReplyMarkup",
}


def _error(err: ApiError) -> web.Response:
    return web.json_response(err.to_json(), status=err.code)


def _chat_id_of(params: Params) -> int | None:
    with contextlib.suppress(TypeError, ValueError):
        return int(params.get("chat_id"))
    return None


class LocalBotApiServer(ControlledState):
    def __init__(
        self,
        bot_id: int = 7000000001,
        bot_username: str = "fieldbot_test_bot",
        first_name: str = "fieldbot",
        *,
        privacy_mode: bool = True,
        clock: Clock | None = None,
    ) -> None:
        super().__init__(bot_id, bot_username, first_name, clock)
        self.privacy_mode = privacy_mode
        self._runner: web.AppRunner | None = None
        self._base_url = ""

    # -- lifecycle ---------------------------------------------------------------------------
    async def start(self, host: str = "127.0.0.1", port: int = 0) -> None:
        self.updates.closed = False
        app = web.Application(client_max_size=60 * 1024 * 1024)  # uploads up to 50 MB
        app.router.add_route("*", "/bot{token}/{method}", self._handle_api)
        app.router.add_route("GET", "/file/bot{token}/{file_path:.+}", self._handle_file)
        # handler_cancellation: a long poll whose client went away must not linger (and must
        # not hand out updates into a dead connection).
        self._runner = web.AppRunner(app, shutdown_timeout=0.5, handler_cancellation=True, access_log=None)
        await self._runner.setup()
        site = web.TCPSite(self._runner, host, port)
        await site.start()
        bound_port = self._runner.addresses[0][1]
        self._base_url = f"http://{host}:{bound_port}"

    async def stop(self) -> None:
        await self.updates.delete_webhook()
        self.updates.close()
        if self._runner is not None:
            await self._runner.cleanup()
            self._runner = None

    async def __aenter__(self) -> LocalBotApiServer:
        await self.start()
        return self

    async def __aexit__(
        self, exc_type: type[BaseException] | None, exc: BaseException | None, tb: TracebackType | None
    ) -> None:
        await self.stop()

    @property
    def base_url(self) -> str:
        """Root URL without trailing slash, e.g. http://127.0.0.1:41234."""
        if not self._base_url:
            raise RuntimeError("server not started")
        return self._base_url

    # -- HTTP --------------------------------------------------------------------------------
    def _drop_connection(self, request: web.Request) -> web.Response:
        """Simulate a network failure: the client sees the connection reset."""
        if request.transport is not None:
            request.transport.abort()
        return web.Response(status=502, text="Bad Gateway")

    async def _handle_api(self, request: web.Request) -> web.StreamResponse:
        if self._network_down:
            return self._drop_connection(request)
        if not TOKEN_RE.match(request.match_info["token"]):
            return _error(ApiError(401, "Unauthorized"))
        entry = _BY_LOWER.get(request.match_info["method"].lower())
        if entry is None:
            return _error(ApiError(404, "Not Found"))
        name, method = entry
        self.stats[name] += 1
        try:
            params = await read_params(request)
            chat_id = _chat_id_of(params)
            fault = self.faults.take(name, chat_id)
            if fault is not None and not fault.executed:
                raise fault.error()
            if name in _RATE_LIMITED:
                self.limiter.check(chat_id)
            if name == "getUpdates":
                result = await self._unless_network_drops(method(self, params))
                if result is _DROPPED:
                    return self._drop_connection(request)
            else:
                result = await method(self, params)
            if fault is not None:
                raise fault.error()
        except ApiError as err:
            if err.code == 429:
                self.stats["429"] += 1
            return _error(err)
        body: JSON = {"ok": True, "result": result}
        if isinstance(result, mb.Described):
            body = {"ok": True, "result": result.result, "description": result.description}
        return web.json_response(body)

    async def _unless_network_drops(self, call: Awaitable[Any]) -> Any:
        """Run a long poll but abandon it (nothing delivered) if the network goes down."""
        task = asyncio.ensure_future(call)
        down = asyncio.ensure_future(self._down_event.wait())
        try:
            await asyncio.wait({task, down}, return_when=asyncio.FIRST_COMPLETED)
        except asyncio.CancelledError:
            task.cancel()  # the client went away (handler_cancellation): end the poll with it
            raise
        finally:
            down.cancel()
        if not task.done():
            task.cancel()
            return _DROPPED
        return task.result()

    async def _handle_file(self, request: web.Request) -> web.StreamResponse:
        if self._network_down:
            return self._drop_connection(request)
        if not TOKEN_RE.match(request.match_info["token"]):
            return _error(ApiError(401, "Unauthorized"))
        stored = self.files.by_path(request.match_info["file_path"])
        if stored is None:
            return _error(ApiError(404, "Not Found"))
        return web.Response(body=stored.data, content_type=stored.mime_type or "application/octet-stream")

    # -- simulated people --------------------------------------------------------------------
    def user(
        self,
        user_id: int,
        first_name: str,
        *,
        last_name: str | None = None,
        username: str | None = None,
        language_code: str | None = "en",
        started: bool = False,
    ) -> TelegramUser:
        """A simulated person; private chat id == user_id. Until they write to the bot (or
        started=True) the bot gets 403 "bot can't initiate conversation with a user"."""
        from .driver import TelegramUser  # the driver builds on this module

        person = TelegramUser(
            self, user_id, first_name, last_name=last_name, username=username, language_code=language_code
        )
        if started:
            self.chats[user_id].started = True
        return person

    def group(self, chat_id: int, title: str, *, username: str | None = None) -> GroupChat:
        from .driver import GroupChat

        return GroupChat(self, chat_id, title, username=username)


_DROPPED = object()
