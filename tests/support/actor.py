"""One simulated person talking to the bot: tap, say, send a location, expect a text by its catalog key."""

from __future__ import annotations

from typing import Any

from localbotapi.driver import TelegramUser
from localbotapi.models import SentMessage
from presentation.i18n import CATALOGS, t


class Actor:
    """A person in a story: each method is one thing they do, and returns what the bot answered.

    `actions` counts what the person did (each tap, typed answer or location), so a story can say how
    much tapping a flow costs. Anything else is the driver's (`actor.wait_until`, `actor.transcript()`).
    """

    def __init__(self, user: TelegramUser, language: str = "en") -> None:
        self.user, self.language, self.actions = user, language, 0

    def __getattr__(self, name: str) -> Any:
        return getattr(self.user, name)

    def text(self, key_or_text: str, **values: Any) -> str:
        """The catalog text of `key_or_text` in this person's language, or the text itself if no key."""
        if key_or_text in CATALOGS["en"]:
            return t(self.language, key_or_text, **values)
        return key_or_text

    async def say(self, text: str) -> SentMessage:
        """Type `text` (a /command is sent as one); the bot's next message."""
        self.actions += 1
        await (self.user.send_command(text) if text.startswith("/") else self.user.send_text(text))
        return await self.user.next_message()

    async def tap(self, message: SentMessage, label: str) -> SentMessage:
        """Press the button `label` (a catalog key or its text) under `message`; the bot's next message."""
        self.actions += 1
        await self.user.press(message, self.text(label))
        return await self.user.next_message()

    async def send_location(self, lat: float, lon: float, **fields: Any) -> SentMessage:
        """Share a location (live with live_period=...); the bot's next message."""
        self.actions += 1
        await self.user.send_location(lat, lon, **fields)
        return await self.user.next_message()

    async def expect(self, key_or_text: str, **values: Any) -> SentMessage:
        """The bot's next message, which must show the catalog text of `key_or_text` (or that text)."""
        message = await self.user.next_message()
        wanted = self.text(key_or_text, **values)
        assert wanted in message.shown_text, f"expected {wanted!r}\n{self.user.transcript()}"
        return message
