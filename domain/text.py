"""Rules for text people type, the same on every database."""

from __future__ import annotations

import re
from typing import Any

# C0 controls but tab, newline and carriage return; DEL and the C1 controls; lone UTF-16 surrogates. A NUL
# is refused by PostgreSQL ("invalid byte sequence for encoding UTF8: 0x00") and stored by SQLite, and none of
# these is anything a person meant to type: they come from copy-paste out of other apps.
CONTROL = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\x7f-\x9f\ud800-\udfff]")


def scrub(value: Any) -> Any:
    """`value` (a JSON-like tree) with every control character in its strings replaced by a space.

    A space, not nothing: each control character is one UTF-16 unit, like a space, so the offsets of the
    message's entities (links, phone numbers, bold) still point at the same text.
    """
    if isinstance(value, str):
        return CONTROL.sub(" ", value)
    if isinstance(value, dict):
        return {key: scrub(item) for key, item in value.items()}
    if isinstance(value, list):
        return [scrub(item) for item in value]
    return value
