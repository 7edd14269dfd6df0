"""One-time tokens (an invite link, a customer's confirm-and-rate link): shown once, stored only hashed."""

from __future__ import annotations

import hashlib
import re
import secrets

# 32 random bytes -> 43 URL-safe characters: 256 bits, and valid as a t.me deep-link payload.
_SHAPE = re.compile(r"[A-Za-z0-9_-]{43}")


def new_token() -> str:
    """A fresh token, to hand out once."""
    return secrets.token_urlsafe(32)


def well_formed(token: str) -> bool:
    """Whether `token` could be one of ours; anything else is refused unread."""
    return _SHAPE.fullmatch(token) is not None


def hash_token(token: str) -> str:
    """The form a token is stored and looked up in, so a copy of the database opens no link."""
    return hashlib.sha256(token.encode()).hexdigest()
