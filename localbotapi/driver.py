"""Simulated Telegram users: each action queues the Update a real client would cause. What they type and
press is localbotapi.person; here are groups and what people attach (contacts, locations, files)."""

from __future__ import annotations

import copy
from typing import TYPE_CHECKING

from .chatview import ChatView
from .files import image_size, photo_sizes, tiny_png
from .models import JSON, user_json
from .person import Person

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


class TelegramUser(Person):
    """A person in a private chat with the bot (chat id == user id)."""

    # -- attachments -------------------------------------------------------------------------
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

    def __repr__(self) -> str:
        return f"TelegramUser({self.id}, {self.first_name!r})"
