"""The one clock fieldbot reads. Product code asks a `Clock` it was given, never the wall clock, so that
tests (and the demo) can choose the date: a month's last day, a Monday morning, 29 February, a DST day."""

from __future__ import annotations

import time
from datetime import UTC, datetime, timedelta
from typing import Protocol


class Clock(Protocol):
    """Where "now" comes from."""

    def now(self) -> datetime:
        """The current instant, timezone-aware, in UTC."""
        ...


class SystemClock:
    """The real time: what production runs on."""

    def now(self) -> datetime:
        return datetime.now(UTC)


class SettableClock:
    """A clock that starts at a chosen instant and then runs at real speed (or stands still when
    `ticking=False`); tests and the demo move it with `advance` and `set`.

    It ticks by default because the bot's own waits (a location's age, a reminder's grace) are measured
    against message dates that the local Bot API server stamps from this same clock.
    """

    def __init__(self, start: datetime, *, ticking: bool = True) -> None:
        if start.tzinfo is None:
            raise ValueError("SettableClock needs an aware datetime")
        self._start = start.astimezone(UTC)
        self._mark = time.monotonic()
        self._ticking = ticking

    def now(self) -> datetime:
        if not self._ticking:
            return self._start
        return self._start + timedelta(seconds=time.monotonic() - self._mark)

    def set(self, instant: datetime) -> None:
        """Jump to `instant` (aware); the clock keeps ticking from there if it was ticking."""
        if instant.tzinfo is None:
            raise ValueError("SettableClock needs an aware datetime")
        self._start = instant.astimezone(UTC)
        self._mark = time.monotonic()

    def advance(self, delta: timedelta) -> None:
        """Move forward (or back, with a negative delta) by `delta`."""
        self.set(self.now() + delta)
