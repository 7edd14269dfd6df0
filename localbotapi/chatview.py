"""Reading a chat from the user's side: waiting for bot messages, keyboards, a transcript."""

from __future__ import annotations

from collections.abc import Callable
from typing import TYPE_CHECKING, Any

from .models import JSON, SentMessage

if TYPE_CHECKING:
    from .server import LocalBotApiServer


def _describe_markup(markup: JSON | None, *, as_seen: bool = False) -> str:
    if not markup:
        return ""
    if as_seen:
        # What the person sees: button labels only, inline or reply keyboard alike.
        rows = markup.get("inline_keyboard") or markup.get("keyboard") or []
        labels = [b if isinstance(b, str) else str(b.get("text")) for row in rows for b in row]
        return "  " + " ".join(f"[{label}]" for label in labels) if labels else ""
    if "inline_keyboard" in markup:
        labels = [
            f"{b.get('text')}({b.get('callback_data') or b.get('url') or '…'})"
            for row in markup["inline_keyboard"]
            for b in row
        ]
        return "  [inline: " + " | ".join(labels) + "]"
    if "keyboard" in markup:
        labels = [b if isinstance(b, str) else str(b.get("text")) for row in markup["keyboard"] for b in row]
        return "  [keyboard: " + " | ".join(labels) + "]"
    return "  [remove keyboard]" if markup.get("remove_keyboard") else "  [force reply]"


def describe_user_message(msg: JSON) -> str:
    if "text" in msg:
        return str(msg["text"])
    if "venue" in msg:
        venue = msg["venue"]
        return f"<venue {venue['title']!r}, {venue['address']!r}>"
    if "location" in msg:
        loc = msg["location"]
        extra = " forwarded" if "forward_origin" in msg else ""
        extra += f" live {loc['live_period']}s" if "live_period" in loc else ""
        return f"<location {loc['latitude']:.5f},{loc['longitude']:.5f}{extra}>"
    kind = next((k for k in ("contact", "photo", "document", "sticker", "voice") if k in msg), "message")
    caption = f" {msg['caption']!r}" if msg.get("caption") else ""
    return f"<{kind}>{caption}"


class ChatView:
    """Waiting helpers shared by a private chat (TelegramUser) and a GroupChat."""

    def __init__(self, server: LocalBotApiServer, chat_id: int) -> None:
        self.server = server
        self.chat_id = chat_id
        self._cursor = 0  # bot messages already returned by next_message()
        # (sort key, line): user-side events; bot messages come from server.sent.
        self._log: list[tuple[float, str]] = []

    @property
    def messages(self) -> list[SentMessage]:
        """Bot messages in this chat that still exist, oldest first."""
        return self.server.messages_for(self.chat_id)

    @property
    def last_message(self) -> SentMessage | None:
        msgs = self.messages
        return msgs[-1] if msgs else None

    def _log_event(self, line: str, message_id: float | None = None) -> None:
        chat = self.server.chats[self.chat_id]
        self._log.append((message_id if message_id is not None else chat.next_message_id - 0.5, line))

    async def next_message(self, timeout: float = 5.0) -> SentMessage:  # noqa: ASYNC109
        """The next bot message (a new send, not an edit) not yet returned; AssertionError with
        the transcript if none arrives within `timeout` seconds."""

        def ready() -> SentMessage | None:
            msgs = self.server.messages_for(self.chat_id, include_deleted=True)
            return msgs[self._cursor] if len(msgs) > self._cursor else None

        msg = await self.server.wait_for(ready, timeout)
        if msg is None:
            raise AssertionError(
                f"no new bot message in chat {self.chat_id} within {timeout}s\n{self.transcript()}"
            )
        self._cursor += 1
        return msg

    async def assert_no_message(self, within: float = 0.3) -> None:
        """Fail if the bot sends a new message to this chat within `within` seconds."""
        before = len(self.server.messages_for(self.chat_id, include_deleted=True))
        arrived = await self.server.wait_for(
            lambda: len(self.server.messages_for(self.chat_id, include_deleted=True)) > before, within
        )
        if arrived:
            raise AssertionError(f"unexpected bot message in chat {self.chat_id}\n{self.transcript()}")

    def skip_pending(self) -> None:
        """Mark every bot message so far as consumed."""
        self._cursor = len(self.server.messages_for(self.chat_id, include_deleted=True))

    async def wait_until(self, predicate: Callable[[], Any], timeout: float = 5.0) -> Any:  # noqa: ASYNC109
        """Wait until predicate() is truthy (re-checked on every bot action) and return it."""
        value = await self.server.wait_for(predicate, timeout)
        if not value:
            raise AssertionError(f"condition not met within {timeout}s\n{self.transcript()}")
        return value

    def reply_keyboard(self, message: SentMessage | None = None) -> list[list[JSON]]:
        """Rows of the reply keyboard currently shown (buttons as dicts, e.g. {"text": ..,
        "request_location": true}); [] if none was sent or it was removed."""
        candidates = [message] if message else list(reversed(self.messages))
        for msg in candidates:
            markup = msg.reply_markup or {}
            if "keyboard" in markup:
                return [[{"text": b} if isinstance(b, str) else b for b in row] for row in markup["keyboard"]]
            if markup.get("remove_keyboard"):
                return []
        return []

    def transcript(self, *, as_seen: bool = False) -> str:
        """The chat in order; `as_seen` shows buttons by their labels only (no callback data)."""
        entries = list(self._log)
        for msg in self.server.messages_for(self.chat_id, include_deleted=True):
            body = msg.text if msg.kind == "text" else f"<{msg.kind}> {msg.caption or ''}".rstrip()
            notes = f" (edited {len(msg.edits)}x)" if msg.edits else ""
            notes += " (deleted)" if msg.deleted else ""
            markup = _describe_markup(msg.reply_markup, as_seen=as_seen)
            entries.append((msg.message_id, f"#{msg.message_id} bot: {body}{markup}{notes}"))
        entries.sort(key=lambda e: e[0])
        lines = [line for _, line in entries] or ["(empty conversation)"]
        return f"--- transcript of chat {self.chat_id} ---\n" + "\n".join(lines)
