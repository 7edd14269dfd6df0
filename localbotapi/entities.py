"""Message entities: UTF-16 offsets, clean-up after parsing, and Telegram's auto-detection.

Telegram measures entity offsets and lengths in UTF-16 code units (an emoji outside the BMP
counts 2), so every parser here tracks positions that way.
"""

from __future__ import annotations

import re
from typing import Any

Entity = dict[str, Any]

# Whitespace Telegram trims from both ends of a message text or caption.
_TRIM = " \t\n\r\x0b\x0c\u00a0\u2000\u2001\u2002\u2003\u2004\u2005\u2006\u2007\u2008\u2009\u200a\u200b"


class EntityParseError(ValueError):
    """Raised by the parsers; the server turns it into 400 "can't parse entities: ..."."""


def utf16_len(text: str) -> int:
    return len(text.encode("utf-16-le")) // 2


def byte_offset(text: str, index: int) -> int:
    """UTF-8 byte offset of text[index]; Telegram reports parse errors in bytes."""
    return len(text[:index].encode("utf-8"))


def finalize(text: str, entities: list[Entity]) -> tuple[str, list[Entity]]:
    """Trim surrounding whitespace like Telegram does and clip/drop entities accordingly."""
    stripped = text.strip(_TRIM)
    if not stripped:
        return "", []
    lead = utf16_len(text[: len(text) - len(text.lstrip(_TRIM))])
    total = utf16_len(stripped)
    result: list[Entity] = []
    for ent in entities:
        start = max(ent["offset"] - lead, 0)
        end = min(ent["offset"] + ent["length"] - lead, total)
        if end > start:
            result.append({**ent, "offset": start, "length": end - start})
    result.sort(key=lambda e: (e["offset"], -e["length"]))
    return stripped, result


# Auto-detected entities (Telegram adds these to every text, sent by users or by bots).
_AUTO_PATTERNS: list[tuple[str, re.Pattern[str]]] = [
    ("url", re.compile(r"(?<![\w@/])(?:https?|tg)://[^\s<>\"]+[^\s<>\".,;:!?)\]]")),
    ("email", re.compile(r"(?<![\w.+-])[\w.+-]+@[A-Za-z0-9-]+(?:\.[A-Za-z0-9-]+)*\.[A-Za-z]{2,}(?!\w)")),
    ("bot_command", re.compile(r"(?<![\w/])/[A-Za-z0-9_]{1,64}(?:@[A-Za-z0-9_]{3,32})?(?![\w/])")),
    ("mention", re.compile(r"(?<![\w@])@[A-Za-z0-9_]{4,32}(?!\w)")),
    ("hashtag", re.compile(r"(?<![\w#])#\w*[^\W\d]\w*")),
]
# Parsed entities inside which Telegram does not look for links, commands etc.
_OPAQUE = {"code", "pre", "text_link", "text_mention", "custom_emoji"}


def detect_entities(text: str, existing: list[Entity] | None = None) -> list[Entity]:
    """Return url/email/bot_command/mention/hashtag entities found in plain text."""
    existing = existing or []
    blocked = [(e["offset"], e["offset"] + e["length"]) for e in existing if e["type"] in _OPAQUE]
    found: list[Entity] = []
    taken: list[tuple[int, int]] = []
    for kind, pattern in _AUTO_PATTERNS:
        for match in pattern.finditer(text):
            start = utf16_len(text[: match.start()])
            end = start + utf16_len(match.group(0))
            if any(s < end and start < e for s, e in blocked + taken):
                continue
            taken.append((start, end))
            found.append({"type": kind, "offset": start, "length": end - start})
    return found


def merge_entities(parsed: list[Entity], auto: list[Entity]) -> list[Entity]:
    merged = parsed + auto
    merged.sort(key=lambda e: (e["offset"], -e["length"]))
    return merged


def validate_entities(text: str, entities: Any) -> list[Entity]:
    """Check an explicit `entities` list (used instead of parse_mode)."""
    if not isinstance(entities, list):
        raise EntityParseError("entities must be an array")
    total = utf16_len(text)
    result: list[Entity] = []
    for ent in entities:
        if not isinstance(ent, dict) or not isinstance(ent.get("type"), str):
            raise EntityParseError("entity must be an object with a type")
        offset, length = ent.get("offset"), ent.get("length")
        if not isinstance(offset, int) or not isinstance(length, int) or offset < 0 or length < 0:
            raise EntityParseError("entity offset and length must be non-negative integers")
        if length == 0 or offset >= total:
            continue  # Telegram silently drops empty and out-of-range entities
        result.append({**ent, "length": min(length, total - offset)})
    return result
