"""Records the server keeps: chats, bot-sent messages, callback answers, chat actions."""

from __future__ import annotations

import copy
from dataclasses import dataclass, field
from typing import Any, Literal

JSON = dict[str, Any]


class ApiError(Exception):
    """An error answer of the Bot API: {"ok": false, "error_code": N, "description": ...}."""

    def __init__(self, code: int, description: str, *, retry_after: int | None = None) -> None:
        super().__init__(description)
        self.code = code
        self.description = description
        self.retry_after = retry_after

    def to_json(self) -> JSON:
        body: JSON = {"ok": False, "error_code": self.code, "description": self.description}
        if self.retry_after is not None:
            body["parameters"] = {"retry_after": self.retry_after}
        return body


def bad_request(detail: str) -> ApiError:
    return ApiError(400, f"Bad Request: {detail}")


@dataclass
class ChatState:
    """A chat the server knows. Message ids are per chat, shared by user and bot messages."""

    id: int
    json: JSON  # the Chat object as it appears in messages
    started: bool = False  # private chats: the user has written to the bot
    bot_member: bool = True  # groups: leaveChat clears it
    next_message_id: int = 1
    # Current Message JSON of every message in the chat, user's and bot's, by message_id.
    messages: dict[int, JSON] = field(default_factory=dict)

    @property
    def type(self) -> str:
        return str(self.json["type"])

    def new_message_id(self) -> int:
        mid = self.next_message_id
        self.next_message_id += 1
        return mid


@dataclass
class SentMessage:
    """A message the bot sent; text/caption are the plain text the user sees after parsing."""

    message_id: int
    chat_id: int
    kind: Literal["text", "photo", "document", "venue"]
    date: int
    text: str | None = None
    raw_text: str | None = None  # as the bot sent it, before parse_mode
    parse_mode: str | None = None
    entities: list[JSON] = field(default_factory=list)
    caption: str | None = None
    raw_caption: str | None = None
    caption_entities: list[JSON] = field(default_factory=list)
    reply_markup: JSON | None = None  # any markup kind, as sent
    photo_file_id: str | None = None  # file_id of the largest size
    document_file_id: str | None = None
    media: Any = field(default=None, repr=False)  # the photo sizes list or the document object
    reply_to_message_id: int | None = None
    edit_date: int | None = None
    # Earlier versions, oldest first: {"date", "text", "entities", "caption", "reply_markup"}.
    edits: list[JSON] = field(default_factory=list)
    deleted: bool = False

    @property
    def shown_text(self) -> str:
        """Text or caption, whatever the user reads."""
        return self.text if self.text is not None else (self.caption or "")

    def inline_buttons(self) -> list[JSON]:
        markup = self.reply_markup or {}
        return [b for row in markup.get("inline_keyboard", []) for b in row]

    def snapshot(self) -> JSON:
        return {
            "date": self.edit_date or self.date,
            "text": self.text,
            "entities": copy.deepcopy(self.entities),
            "caption": self.caption,
            "reply_markup": copy.deepcopy(self.reply_markup),
        }


@dataclass
class CallbackAnswer:
    callback_query_id: str
    text: str | None
    show_alert: bool
    url: str | None = None
    cache_time: int | None = None


@dataclass
class ChatActionRecord:
    chat_id: int
    action: str
    date: int


@dataclass
class StoredFile:
    file_id: str
    file_unique_id: str
    file_path: str
    data: bytes
    mime_type: str | None = None
    file_name: str | None = None

    def file_json(self) -> JSON:
        return {
            "file_id": self.file_id,
            "file_unique_id": self.file_unique_id,
            "file_size": len(self.data),
            "file_path": self.file_path,
        }


def user_json(
    user_id: int,
    first_name: str,
    *,
    last_name: str | None = None,
    username: str | None = None,
    language_code: str | None = None,
    is_bot: bool = False,
) -> JSON:
    data: JSON = {"id": user_id, "is_bot": is_bot, "first_name": first_name}
    if last_name:
        data["last_name"] = last_name
    if username:
        data["username"] = username
    if language_code:
        data["language_code"] = language_code
    return data


def private_chat_json(user: JSON) -> JSON:
    chat: JSON = {"id": user["id"], "type": "private", "first_name": user["first_name"]}
    for key in ("last_name", "username"):
        if key in user:
            chat[key] = user[key]
    return chat
