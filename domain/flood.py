"""Each person's rate: a burst passes, then updates are dropped with one "slow down" until they slow down.

A token bucket per person: BURST updates at once (an album of ten photos, a few quick answers), then RATE
a second. Time here is the event loop's monotonic clock: this measures how fast someone sends, not what
day it is, so it is not the injected Clock (which tests hold still).
"""

from __future__ import annotations

import asyncio
from dataclasses import dataclass
from enum import Enum

BURST = 30
RATE = 2.0  # updates a second, sustained
# Forgetting people who stopped writing keeps memory bounded; a full bucket is what a new one starts with.
FORGET_AFTER = 600.0


class Verdict(Enum):
    """What to do with one update."""

    PASS = "pass"
    DROP_AND_WARN = "drop_and_warn"  # the first one dropped: say "slow down" once
    DROP = "drop"


@dataclass
class _Bucket:
    tokens: float
    at: float
    warned: bool = False


class FloodGuard:
    """Token buckets by person."""

    def __init__(self, burst: int = BURST, rate: float = RATE) -> None:
        self.burst, self.rate = burst, rate
        self._buckets: dict[int, _Bucket] = {}
        self._swept_at = 0.0

    def check(self, person: int) -> Verdict:
        """Take one token for `person`'s update, or say why not."""
        now = asyncio.get_running_loop().time()
        self._sweep(now)
        bucket = self._buckets.get(person)
        if bucket is None:
            bucket = self._buckets[person] = _Bucket(tokens=float(self.burst), at=now)
        bucket.tokens = min(float(self.burst), bucket.tokens + (now - bucket.at) * self.rate)
        bucket.at = now
        if bucket.warned and bucket.tokens >= self.burst / 2:
            bucket.warned = False  # they slowed down: next time they overdo it, say so again
        if bucket.tokens >= 1:
            bucket.tokens -= 1
            return Verdict.PASS
        if bucket.warned:
            return Verdict.DROP
        bucket.warned = True
        return Verdict.DROP_AND_WARN

    def _sweep(self, now: float) -> None:
        if now - self._swept_at < FORGET_AFTER:
            return
        self._swept_at = now
        idle = [p for p, b in self._buckets.items() if now - b.at > FORGET_AFTER]
        for person in idle:
            del self._buckets[person]
