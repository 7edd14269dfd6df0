"""What a test does to the local Bot API server beyond being Telegram: make calls fail, users block the bot,
sends hit flood control, the network drop, and updates arrive (again)."""

from __future__ import annotations

import asyncio

from domain.clock import Clock

from .faults import Fault
from .models import JSON
from .state import ServerState


class ControlledState(ServerState):
    """The server's state with the switches tests flip."""

    def __init__(self, bot_id: int, bot_username: str, first_name: str, clock: Clock | None) -> None:
        super().__init__(bot_id, bot_username, first_name, clock)
        self._network_down = False
        self._down_event = asyncio.Event()

    # -- fault injection ---------------------------------------------------------------------
    def fail_next(
        self,
        method: str,
        error_code: int = 429,
        *,
        retry_after: int = 1,
        times: int = 1,
        chat_id: int | None = None,
        description: str | None = None,
        executed: bool = False,
    ) -> None:
        """Make the next `times` calls of `method` ("*" = any) fail with `error_code`.

        executed=True performs the call first and then fails: the message is sent but the bot
        never learns it (what a timeout after a successful send looks like).
        """
        self.faults.add(Fault(method.lower(), error_code, retry_after, times, chat_id, description, executed))

    def block(self, user_id: int, *, send_update: bool = False) -> None:
        """The user blocks the bot: sends to them answer 403. send_update also queues the
        my_chat_member update (status "kicked") that Telegram sends in that case."""
        self.blocked.add(user_id)
        if send_update and user_id in self.users:
            self._member_update(user_id, "member", "kicked")

    def unblock(self, user_id: int, *, send_update: bool = False) -> None:
        self.blocked.discard(user_id)
        if send_update and user_id in self.users:
            self._member_update(user_id, "kicked", "member")

    def _member_update(self, user_id: int, old: str, new: str) -> None:
        def member(status: str) -> JSON:
            data: JSON = {"status": status, "user": self.bot_user}
            if status == "kicked":
                data["until_date"] = 0
            return data

        self.enqueue_update(
            {
                "my_chat_member": {
                    "chat": self.chats[user_id].json,
                    "from": self.users[user_id],
                    "date": self.now(),
                    "old_chat_member": member(old),
                    "new_chat_member": member(new),
                }
            }
        )

    def set_rate_limit(
        self,
        global_per_second: float | None,
        per_chat_per_second: float | None = None,
        *,
        global_burst: float | None = None,
        per_chat_burst: float | None = None,
    ) -> None:
        """Token-bucket flood control on sends/edits (None disables a limit). Bursts default to
        one second's worth of tokens (at least 1)."""
        self.limiter.configure(global_per_second, per_chat_per_second, global_burst, per_chat_burst)

    @property
    def network_down(self) -> bool:
        return self._network_down

    @network_down.setter
    def network_down(self, value: bool) -> None:
        """While True every request's connection is reset (PTB raises NetworkError)."""
        self._network_down = value
        if value:
            self._down_event.set()
        else:
            self._down_event = asyncio.Event()

    # -- updates -----------------------------------------------------------------------------
    def enqueue_update(self, update: JSON) -> JSON:
        """Queue an update; an update_id is assigned unless present. Returns the update."""
        return self.updates.put(update)

    def duplicate_last_update(self) -> JSON:
        """Deliver the last delivered update again, with the same update_id."""
        return self.updates.duplicate_last()
