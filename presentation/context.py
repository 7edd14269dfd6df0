"""The callback context fieldbot's handlers receive: PTB's, plus who is asking and in which language."""

from __future__ import annotations

from datetime import datetime
from typing import Any

from telegram.ext import Application, CallbackContext, ExtBot

from domain.clock import Clock
from domain.settings import Settings
from storage.db import Database
from storage.models import Staff


class FieldContext(CallbackContext[ExtBot[None], dict[str, Any], dict[str, Any], dict[str, Any]]):
    """One per update. `staff` and `lang` are filled in by the access gate before any feature runs."""

    def __init__(
        self,
        application: Application[Any, Any, Any, Any, Any, Any],
        chat_id: int | None = None,
        user_id: int | None = None,
    ) -> None:
        super().__init__(application=application, chat_id=chat_id, user_id=user_id)
        self.staff: Staff | None = None
        self.lang: str = application.bot_data["settings"].default_language

    @property
    def db(self) -> Database:
        """The database, built once at start."""
        return self.bot_data["db"]

    @property
    def clock(self) -> Clock:
        """The one clock, passed to build_application; never read the wall clock in a handler or job."""
        return self.bot_data["clock"]

    def now(self) -> datetime:
        """The current instant (aware, UTC) by the application's clock."""
        return self.clock.now()

    @property
    def settings(self) -> Settings:
        """Settings, read once at start."""
        return self.bot_data["settings"]

    @property
    def me(self) -> Staff:
        """The registered person this update is from (handlers behind the gate only)."""
        if self.staff is None:
            raise RuntimeError("handler reached without a registered staff member")
        return self.staff

    def draft(self, name: str) -> dict[str, Any]:
        """The answers typed so far in conversation `name`; persisted after every update."""
        if self.user_data is None:
            raise RuntimeError("drafts need an update from a user")
        drafts: dict[str, Any] = self.user_data.setdefault("drafts", {})
        return drafts.setdefault(name, {})

    def drop_draft(self, name: str) -> None:
        """Forget a conversation's answers once it is filed or cancelled."""
        drafts = self.user_data.get("drafts", {}) if self.user_data is not None else {}
        drafts.pop(name, None)
        if not drafts and self.user_data is not None:
            self.user_data.pop("drafts", None)
