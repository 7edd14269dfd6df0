"""Everything the fake Telegram knows: chats, messages, files, commands, and the update queue."""

from __future__ import annotations

import asyncio
from collections import Counter
from collections.abc import Callable
from typing import Any

from domain.clock import Clock, SystemClock

from .faults import FaultInjector, RateLimiter
from .files import FileStore
from .models import (
    JSON,
    ApiError,
    CallbackAnswer,
    ChatActionRecord,
    ChatState,
    SentMessage,
    bad_request,
    private_chat_json,
    user_json,
)
from .updates import Signal, UpdateQueue
from .validation import message_markup_json

_SCOPE_TYPES = {
    "default",
    "all_private_chats",
    "all_group_chats",
    "all_chat_administrators",
    "chat",
    "chat_administrators",
    "chat_member",
}
ScopeKey = tuple[str, int | None, int | None]


class ServerState:
    def __init__(self, bot_id: int, bot_username: str, first_name: str, clock: Clock | None = None) -> None:
        # The same clock the bot under test reads, so message dates and the bot's "now" agree on any date.
        self.clock: Clock = clock or SystemClock()
        self.bot_user: JSON = user_json(bot_id, first_name, username=bot_username, is_bot=True)
        # Bots have privacy mode on by default: in groups they only see commands, mentions
        # and replies to their own messages.
        self.privacy_mode = True
        self.chats: dict[int, ChatState] = {}
        self.users: dict[int, JSON] = {}
        self.sent: list[SentMessage] = []
        self._sent_index: dict[tuple[int, int], SentMessage] = {}
        self.files = FileStore()
        self.callback_answers: list[CallbackAnswer] = []
        self.open_callback_queries: dict[str, JSON] = {}
        self.chat_actions: list[ChatActionRecord] = []
        self.bot_texts: dict[str, str] = {}  # setMyDescription & co, keyed by "method:lang"
        self.menu_buttons: dict[int | None, JSON] = {}
        self.blocked: set[int] = set()
        # Calls per canonical method name, plus "429", "webhook_deliveries", "webhook_failures".
        self.stats: Counter[str] = Counter()
        self.faults = FaultInjector()
        self.limiter = RateLimiter()
        self.updates = UpdateQueue(self.now, self.stats)
        self._commands: dict[tuple[ScopeKey, str], list[JSON]] = {}
        self._changed = Signal()

    # -- clock -------------------------------------------------------------------------------
    def now(self) -> int:
        """Server time as unix seconds (what `date` fields carry)."""
        return int(self.clock.now().timestamp())

    # -- waiting -----------------------------------------------------------------------------
    def notify(self) -> None:
        """Wake everyone waiting for bot output (sends, edits, deletes, answers)."""
        self._changed.fire()

    async def wait_for(self, predicate: Callable[[], Any], timeout: float = 5.0) -> Any:  # noqa: ASYNC109
        """Wait until predicate() is truthy and return its value; None on timeout.

        Wakes at once on bot output; the predicate may also look at state the server does not
        see (the bot's database, handler side effects), so it is re-checked every 10 ms too.
        """
        loop = asyncio.get_running_loop()
        deadline = loop.time() + timeout
        while True:
            value = predicate()
            if value:
                return value
            remaining = deadline - loop.time()
            if remaining <= 0:
                return None
            await self._changed.wait(min(remaining, 0.01))

    # -- chats -------------------------------------------------------------------------------
    def register_user(self, user: JSON) -> ChatState:
        self.users[user["id"]] = user
        if user["id"] not in self.chats:
            self.chats[user["id"]] = ChatState(user["id"], private_chat_json(user))
        return self.chats[user["id"]]

    def register_group(self, chat_id: int, title: str, username: str | None = None) -> ChatState:
        kind = "supergroup" if str(chat_id).startswith("-100") else "group"
        data: JSON = {"id": chat_id, "type": kind, "title": title}
        if username:
            data["username"] = username
        chat = self.chats.setdefault(chat_id, ChatState(chat_id, data))
        chat.json = data
        return chat

    def resolve_chat(self, value: Any) -> ChatState:
        """chat_id may be an integer or "@username" of a public group/channel."""
        if isinstance(value, str) and value.startswith("@"):
            for known in self.chats.values():
                if known.type != "private" and known.json.get("username", "").lower() == value[1:].lower():
                    return known
            raise bad_request("chat not found")
        if value is None or value == "":
            raise bad_request("chat_id is empty")
        try:
            chat_id = int(value)
        except (TypeError, ValueError):
            raise bad_request("chat not found") from None
        chat = self.chats.get(chat_id)
        if chat is None:
            raise bad_request("chat not found")
        return chat

    def chat_for_send(self, value: Any) -> ChatState:
        """Resolve a chat the bot wants to write to, with Telegram's 403 answers."""
        chat = self.resolve_chat(value)
        if chat.type == "private":
            if chat.id in self.blocked:
                raise ApiError(403, "Forbidden: bot was blocked by the user")
            if not chat.started:
                raise ApiError(403, "Forbidden: bot can't initiate conversation with a user")
        elif not chat.bot_member:
            raise ApiError(403, f"Forbidden: bot is not a member of the {chat.type} chat")
        return chat

    # -- messages ----------------------------------------------------------------------------
    def record_sent(self, sent: SentMessage) -> JSON:
        self.sent.append(sent)
        self._sent_index[(sent.chat_id, sent.message_id)] = sent
        self.notify()
        return self.render(sent)

    def find_sent(self, chat_id: int, message_id: int | None) -> SentMessage | None:
        if message_id is None:
            return None
        sent = self._sent_index.get((chat_id, message_id))
        return sent if sent is not None and not sent.deleted else None

    def message_json(self, chat: ChatState, message_id: int) -> JSON | None:
        """Current JSON of any message in the chat (bot's or user's)."""
        sent = self.find_sent(chat.id, message_id)
        return self.render(sent) if sent else chat.messages.get(message_id)

    def render(self, sent: SentMessage, *, with_reply: bool = True) -> JSON:
        """The Message object Telegram returns for a bot message, in its current state."""
        chat = self.chats[sent.chat_id]
        msg: JSON = {
            "message_id": sent.message_id,
            "from": self.bot_user,
            "chat": chat.json,
            "date": sent.date,
        }
        if sent.edit_date:
            msg["edit_date"] = sent.edit_date
        if with_reply and sent.reply_to_message_id is not None:
            replied = self.find_sent(chat.id, sent.reply_to_message_id)
            target = (
                self.render(replied, with_reply=False)
                if replied
                else chat.messages.get(sent.reply_to_message_id)
            )
            if target:
                msg["reply_to_message"] = target
        if sent.kind == "text":
            msg["text"] = sent.text
            if sent.entities:
                msg["entities"] = sent.entities
        else:
            msg[sent.kind] = sent.media
            if sent.caption:
                msg["caption"] = sent.caption
                if sent.caption_entities:
                    msg["caption_entities"] = sent.caption_entities
        markup = message_markup_json(sent.reply_markup)
        if markup:
            msg["reply_markup"] = markup
        return msg

    def messages_for(self, chat_id: int, *, include_deleted: bool = False) -> list[SentMessage]:
        return [m for m in self.sent if m.chat_id == chat_id and (include_deleted or not m.deleted)]

    # -- commands ----------------------------------------------------------------------------
    def scope_key(self, scope: Any) -> ScopeKey:
        if scope is None:
            return ("default", None, None)
        if hasattr(scope, "to_dict"):  # a PTB BotCommandScope passed by a test
            scope = scope.to_dict()
        if not isinstance(scope, dict) or scope.get("type") not in _SCOPE_TYPES:
            raise bad_request("can't parse BotCommandScope JSON object")
        kind = str(scope["type"])
        chat_id = self.resolve_chat(scope.get("chat_id")).id if kind.startswith("chat") else None
        user_id = int(scope["user_id"]) if kind == "chat_member" else None
        return (kind, chat_id, user_id)

    def set_commands(self, scope: Any, language_code: str, commands: list[JSON]) -> None:
        key = (self.scope_key(scope), language_code)
        if commands:
            self._commands[key] = commands
        else:
            self._commands.pop(key, None)

    def commands(self, scope: Any = None, language_code: str = "") -> list[JSON]:
        """Commands set for exactly this scope and language (Telegram does the fallback in the
        client, not in getMyCommands)."""
        return list(self._commands.get((self.scope_key(scope), language_code), []))
