"""Fault injection and flood control (HTTP 429) for tests."""

from __future__ import annotations

import math
import time
from dataclasses import dataclass

from .models import ApiError

DEFAULT_DESCRIPTIONS = {
    400: "Bad Request",
    401: "Unauthorized",
    403: "Forbidden: bot was blocked by the user",
    404: "Not Found",
    409: "Conflict: terminated by other getUpdates request; make sure that only one bot instance is running",
    500: "Internal Server Error",
    502: "Bad Gateway",
    503: "Service Unavailable",
    504: "Gateway Timeout",
}


def too_many_requests(retry_after: int) -> ApiError:
    return ApiError(429, f"Too Many Requests: retry after {retry_after}", retry_after=retry_after)


@dataclass
class Fault:
    method: str  # lower-case method name, or "*" for any method
    error_code: int
    retry_after: int
    remaining: int
    chat_id: int | None
    description: str | None
    executed: bool  # perform the call, then answer with the error (the answer got "lost")

    def error(self) -> ApiError:
        if self.error_code == 429:
            err = too_many_requests(self.retry_after)
            if self.description:
                err.description = self.description
            return err
        text = self.description or DEFAULT_DESCRIPTIONS.get(self.error_code, "Internal Server Error")
        return ApiError(self.error_code, text)


class FaultInjector:
    def __init__(self) -> None:
        self._faults: list[Fault] = []

    def add(self, fault: Fault) -> None:
        self._faults.append(fault)

    def clear(self) -> None:
        self._faults.clear()

    def take(self, method: str, chat_id: int | None) -> Fault | None:
        """Consume one matching fault for this call, if any (first registered wins)."""
        for fault in self._faults:
            if fault.method not in ("*", method.lower()):
                continue
            if fault.chat_id is not None and fault.chat_id != chat_id:
                continue
            fault.remaining -= 1
            if fault.remaining <= 0:
                self._faults.remove(fault)
            return fault
        return None


class TokenBucket:
    def __init__(self, rate: float, capacity: float) -> None:
        self.rate = rate
        self.capacity = capacity
        self.tokens = capacity
        self.stamp = time.monotonic()

    def wait_time(self, now: float) -> float:
        """Seconds until one token is available (0 if available now)."""
        self.tokens = min(self.capacity, self.tokens + max(0.0, now - self.stamp) * self.rate)
        self.stamp = max(self.stamp, now)
        return 0.0 if self.tokens >= 1 else (1 - self.tokens) / self.rate

    def take(self) -> None:
        self.tokens -= 1


class RateLimiter:
    """Global and per-chat token buckets; a call over either limit gets 429 + retry_after."""

    def __init__(self) -> None:
        self.global_rate: float | None = None
        self.chat_rate: float | None = None
        self.global_burst: float | None = None
        self.chat_burst: float | None = None
        self._global: TokenBucket | None = None
        self._chats: dict[int, TokenBucket] = {}

    def configure(
        self,
        global_rate: float | None,
        chat_rate: float | None,
        global_burst: float | None,
        chat_burst: float | None,
    ) -> None:
        self.global_rate, self.chat_rate = global_rate, chat_rate
        self.global_burst, self.chat_burst = global_burst, chat_burst
        self._global = None
        if global_rate:
            self._global = TokenBucket(global_rate, global_burst or max(1.0, global_rate))
        self._chats.clear()

    def check(self, chat_id: int | None) -> None:
        """Consume a token from each applicable bucket or raise 429 without consuming any."""
        now = time.monotonic()
        buckets: list[TokenBucket] = [self._global] if self._global else []
        if self.chat_rate and chat_id is not None:
            bucket = self._chats.get(chat_id)
            if bucket is None:
                capacity = self.chat_burst or max(1.0, self.chat_rate)
                bucket = self._chats[chat_id] = TokenBucket(self.chat_rate, capacity)
            buckets.append(bucket)
        wait = max((b.wait_time(now) for b in buckets), default=0.0)
        if wait > 0:
            # Telegram only ever answers whole seconds, at least 1.
            raise too_many_requests(max(1, math.ceil(wait)))
        for bucket in buckets:
            bucket.take()
