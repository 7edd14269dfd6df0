"""What a simulated person types and presses: text, commands (also in groups) and inline buttons; each
queues the Update a real client would cause. Attachments are the driver's (localbotapi.driver)."""

from __future__ import annotations

import secrets
from typing import TYPE_CHECKING

from .chatview import ChatView, describe_user_message
from .entities import detect_entities, utf16_len
from .models import JSON, CallbackAnswer, SentMessage, user_json

if TYPE_CHECKING:
    from .driver import GroupChat
    from .server import LocalBotApiServer


class Person(ChatView):
    """A person in a private chat with the bot (chat id == user id): what they type and press."""

    def __init__(
        self,
        server: LocalBotApiServer,
        user_id: int,
        first_name: str,
        *,
        last_name: str | None = None,
        username: str | None = None,
        language_code: str | None = "en",
    ) -> None:
        super().__init__(server, user_id)
        self.id = user_id
        self.user: JSON = user_json(
            user_id, first_name, last_name=last_name, username=username, language_code=language_code
        )
        server.register_user(self.user)

    @property
    def first_name(self) -> str:
        return str(self.user["first_name"])

    # -- plumbing ----------------------------------------------------------------------------
    def _send(
        self, fields: JSON, *, view: ChatView | None = None, date: int | None = None, deliver: bool = True
    ) -> JSON:
        view = view or self
        chat = self.server.chats[view.chat_id]
        msg: JSON = {
            "message_id": chat.new_message_id(),
            "from": self.user,
            "chat": chat.json,
            "date": date if date is not None else self.server.now(),
            **fields,
        }
        chat.messages[msg["message_id"]] = msg
        if chat.type == "private":
            chat.started = True
            # Writing to a blocked bot is impossible; the client's "Restart" unblocks it.
            self.server.blocked.discard(self.id)
        view._log_event(
            f"#{msg['message_id']} {self.first_name}: {describe_user_message(msg)}", msg["message_id"]
        )
        if deliver:
            self.server.enqueue_update({"message": msg})
        return msg

    def _reply(self, fields: JSON, view: ChatView, reply_to: SentMessage | JSON | None) -> JSON:
        if reply_to is not None:
            mid = reply_to.message_id if isinstance(reply_to, SentMessage) else int(reply_to["message_id"])
            replied = self.server.message_json(self.server.chats[view.chat_id], mid)
            if replied is None:
                raise AssertionError(f"message {mid} to reply to does not exist in chat {view.chat_id}")
            fields["reply_to_message"] = replied
        return fields

    @staticmethod
    def _text_fields(text: str) -> JSON:
        fields: JSON = {"text": text}
        entities = detect_entities(text)
        if entities:
            fields["entities"] = entities
        return fields

    @staticmethod
    def _command_fields(command: str, payload: str | None, mention: str | None) -> JSON:
        cmd = "/" + command.lstrip("/") + (f"@{mention}" if mention else "")
        text = cmd + (f" {payload}" if payload else "")
        return {"text": text, "entities": [{"type": "bot_command", "offset": 0, "length": utf16_len(cmd)}]}

    # -- messages ----------------------------------------------------------------------------
    async def send_text(
        self, text: str, *, reply_to: SentMessage | JSON | None = None, date: int | None = None
    ) -> JSON:
        """Plain text (optionally a reply, e.g. to a ForceReply prompt); url/mention/hashtag/
        bot_command entities are detected like Telegram does."""
        return self._send(self._reply(self._text_fields(text), self, reply_to), date=date)

    async def send_command(
        self, command: str, payload: str | None = None, *, date: int | None = None
    ) -> JSON:
        """ "/command payload" with the bot_command entity PTB's CommandHandler needs."""
        return self._send(self._command_fields(command, payload, None), date=date)

    async def send_text_in(
        self, group: GroupChat, text: str, *, reply_to: SentMessage | JSON | None = None
    ) -> JSON:
        """Write in a group. With privacy mode on (the default for bots) Telegram delivers only
        commands, @mentions of the bot and replies to the bot's messages; other messages are
        recorded in the chat but never reach the bot."""
        fields = self._reply(self._text_fields(text), group, reply_to)
        replied_from = fields.get("reply_to_message", {}).get("from", {}).get("id")
        visible = (
            not self.server.privacy_mode
            or text.startswith("/")
            or f"@{self.server.bot_user['username']}".lower() in text.lower()
            or replied_from == self.server.bot_user["id"]
        )
        return self._send(fields, view=group, deliver=visible)

    async def send_command_in(
        self, group: GroupChat, command: str, payload: str | None = None, *, mention: bool = False
    ) -> JSON:
        """In groups clients often send /command@botname; mention=True does that."""
        bot = self.server.bot_user["username"] if mention else None
        return self._send(self._command_fields(command, payload, bot), view=group)

    # -- inline buttons ----------------------------------------------------------------------
    def _callback(self, chat_id: int, message: JSON, data: str) -> JSON:
        query: JSON = {
            "id": str(secrets.randbelow(10**19)),
            "from": self.user,
            "message": message,
            "chat_instance": str(abs(hash((self.id, chat_id))) % 10**19),
            "data": data,
        }
        self.server.open_callback_queries[query["id"]] = query
        self.server.enqueue_update({"callback_query": query})
        return query

    async def press(self, message: SentMessage | JSON | int, button: str) -> JSON:
        """Press the inline button whose text or callback_data is `button`; returns the
        callback_query. Fails with the list of buttons if there is no such button."""
        chat_id = (
            message.chat_id
            if isinstance(message, SentMessage)
            else (message["chat"]["id"] if isinstance(message, dict) else self.chat_id)
        )
        mid = (
            message.message_id
            if isinstance(message, SentMessage)
            else (message["message_id"] if isinstance(message, dict) else message)
        )
        sent = self.server.find_sent(chat_id, mid)
        if sent is None:
            raise AssertionError(f"bot message {mid} not found in chat {chat_id} (deleted?)")
        buttons = sent.inline_buttons()
        match = next((b for b in buttons if b.get("text") == button), None) or next(
            (b for b in buttons if b.get("callback_data") == button), None
        )
        if match is None or "callback_data" not in match:
            listing = ", ".join(
                f"{b.get('text')!r}->{b.get('callback_data') or b.get('url')!r}" for b in buttons
            )
            raise AssertionError(f"no callback button {button!r} on message {mid}; buttons: [{listing}]")
        view = self if chat_id == self.chat_id else None
        if view:
            view._log_event(f"   {self.first_name} pressed {match['text']!r} on #{mid}")
        return self._callback(chat_id, self.server.render(sent), str(match["callback_data"]))

    async def press_raw(self, message_id: int, data: str, *, chat: GroupChat | None = None) -> JSON:
        """A callback query with arbitrary (e.g. tampered or stale) data for message_id."""
        chat_id = chat.chat_id if chat else self.chat_id
        chat_state = self.server.chats[chat_id]
        message = self.server.message_json(chat_state, message_id) or {
            # InaccessibleMessage: what Telegram sends when the message is gone (date == 0).
            "chat": chat_state.json,
            "message_id": message_id,
            "date": 0,
        }
        return self._callback(chat_id, message, data)

    async def callback_answer(self, query: JSON, timeout: float = 5.0) -> CallbackAnswer:  # noqa: ASYNC109
        """Wait for the bot's answerCallbackQuery to this query."""
        answers = self.server.callback_answers
        answer = await self.wait_until(
            lambda: next((a for a in answers if a.callback_query_id == query["id"]), None), timeout
        )
        assert isinstance(answer, CallbackAnswer)
        return answer

    def user_json(self) -> JSON:
        return dict(self.user)
