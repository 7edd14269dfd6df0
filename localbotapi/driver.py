"""Simulated Telegram users: each action queues the Update a real client would cause."""

from __future__ import annotations

import copy
import secrets
from typing import TYPE_CHECKING

from .chatview import ChatView, describe_user_message
from .entities import detect_entities, utf16_len
from .files import image_size, photo_sizes, tiny_png
from .models import JSON, CallbackAnswer, SentMessage, user_json

if TYPE_CHECKING:
    from .server import LocalBotApiServer

# A 1x1 WebP (VP8X header) used as sticker bytes.
_STICKER = b"RIFF\x1a\x00\x00\x00WEBPVP8X\x0a\x00\x00\x00\x00\x00\x00\x00\xff\x01\x00\xff\x01\x00"


class GroupChat(ChatView):
    """A group the bot is a member of; users write there with user.send_text_in(group, ...)."""

    def __init__(self, server: LocalBotApiServer, chat_id: int, title: str, *, username: str | None = None):
        super().__init__(server, chat_id)
        self.title = title
        server.register_group(chat_id, title, username)


class TelegramUser(ChatView):
    """A person in a private chat with the bot (chat id == user id)."""

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

    async def send_contact(
        self, phone_number: str, *, own: bool = True, first_name: str | None = None
    ) -> JSON:
        """own=True: the user shares their own number (contact.user_id == their id), as the
        request_contact keyboard button does."""
        contact: JSON = {"phone_number": phone_number}
        if own:
            contact.update(first_name=self.first_name, user_id=self.id)
            if "last_name" in self.user:
                contact["last_name"] = self.user["last_name"]
        else:
            contact["first_name"] = first_name or "Contact"
        return self._send({"contact": contact})

    async def send_location(
        self,
        lat: float,
        lon: float,
        *,
        horizontal_accuracy: float | None = None,
        live_period: int | None = None,
        forwarded: bool | TelegramUser = False,
        date: int | None = None,
    ) -> JSON:
        """A location pin; live_period makes it live; forwarded=True (or another user) makes it a
        forwarded message with forward_origin of type "user"."""
        location: JSON = {"latitude": lat, "longitude": lon}
        if horizontal_accuracy is not None:
            location["horizontal_accuracy"] = horizontal_accuracy
        if live_period is not None:
            location["live_period"] = live_period
        fields: JSON = {"location": location}
        if forwarded:
            sender = (
                forwarded.user
                if isinstance(forwarded, TelegramUser)
                else user_json(self.id + 1_000_000, "Someone", username="someone_else")
            )
            when = (date if date is not None else self.server.now()) - 3600
            fields["forward_origin"] = {"type": "user", "date": when, "sender_user": sender}
            # Legacy fields Telegram still sends; PTB keeps them in api_kwargs.
            fields["forward_from"] = sender
            fields["forward_date"] = when
        return self._send(fields, date=date)

    async def send_venue(self, lat: float, lon: float, title: str, address: str) -> JSON:
        """A place picked from a list; Telegram sets both `venue` and `location`."""
        location = {"latitude": lat, "longitude": lon}
        return self._send(
            {"venue": {"location": location, "title": title, "address": address}, "location": dict(location)}
        )

    async def move_live_location(
        self,
        message: JSON | int,
        lat: float,
        lon: float,
        *,
        horizontal_accuracy: float | None = None,
        at: int | None = None,
    ) -> JSON:
        """Move a live location: an edited_message update with the same message_id."""
        chat = self.server.chats[self.chat_id]
        mid = message if isinstance(message, int) else int(message["message_id"])
        current = chat.messages.get(mid)
        if current is None or "live_period" not in current.get("location", {}):
            raise AssertionError(f"message {mid} is not a live location of {self.first_name}")
        edit_date = at if at is not None else self.server.now()
        if edit_date > current["date"] + current["location"]["live_period"]:
            raise AssertionError(f"live period of message {mid} has expired")
        edited = copy.deepcopy(current)
        edited["location"].update(latitude=lat, longitude=lon)
        edited["location"].pop("horizontal_accuracy", None)
        if horizontal_accuracy is not None:
            edited["location"]["horizontal_accuracy"] = horizontal_accuracy
        edited["edit_date"] = edit_date
        chat.messages[mid] = edited
        self._log_event(f"   {self.first_name} moved live location #{mid} to {lat:.5f},{lon:.5f}")
        self.server.enqueue_update({"edited_message": edited})
        return edited

    async def send_photo(self, data: bytes | None = None, caption: str | None = None) -> JSON:
        """A compressed photo (no EXIF survives on Telegram); its bytes are downloadable via getFile."""
        data = data if data is not None else tiny_png()
        size = image_size(data)
        if size is None:
            raise ValueError("send_photo needs PNG/JPEG/GIF/WebP bytes")
        stored = self.server.files.add(data, "photos", mime_type="image/jpeg")
        fields: JSON = {"photo": photo_sizes(self.server.files, stored, size)}
        if caption:
            fields["caption"] = caption
        return self._send(fields)

    async def send_document(self, data: bytes, file_name: str, mime_type: str) -> JSON:
        stored = self.server.files.add(data, "documents", file_name=file_name, mime_type=mime_type)
        return self._send(
            {
                "document": {
                    "file_id": stored.file_id,
                    "file_unique_id": stored.file_unique_id,
                    "file_name": file_name,
                    "mime_type": mime_type,
                    "file_size": len(data),
                }
            }
        )

    async def send_sticker(self, emoji: str = "👍") -> JSON:
        stored = self.server.files.add(_STICKER, "stickers", mime_type="image/webp")
        return self._send(
            {
                "sticker": {
                    "file_id": stored.file_id,
                    "file_unique_id": stored.file_unique_id,
                    "width": 512,
                    "height": 512,
                    "is_animated": False,
                    "is_video": False,
                    "type": "regular",
                    "emoji": emoji,
                    "file_size": len(_STICKER),
                }
            }
        )

    async def send_voice(self, duration: int = 2) -> JSON:
        data = b"OggS" + bytes(60)
        stored = self.server.files.add(data, "voice", mime_type="audio/ogg")
        return self._send(
            {
                "voice": {
                    "file_id": stored.file_id,
                    "file_unique_id": stored.file_unique_id,
                    "duration": duration,
                    "mime_type": "audio/ogg",
                    "file_size": len(data),
                }
            }
        )

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

    def __repr__(self) -> str:
        return f"TelegramUser({self.id}, {self.first_name!r})"
