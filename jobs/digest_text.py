"""Building the digest texts, and splitting long HTML messages to fit Telegram's 4096 characters.

Shared by the digest job and the /stats, /team and /missing commands, so the figures read the same way
everywhere. Every user-typed value goes through t(), which escapes it.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from datetime import datetime

from bot.i18n import CATALOGS, Raw, t
from storage.stats import CheckInCounts

# Atoms never cut: a whole tag, a whole entity, or one character.
_ATOM = re.compile(r"<[^<>]*>|&#?\w+;|[\s\S]")
_TAG = re.compile(r"<(/?)([a-zA-Z][\w-]*)[^>]*>")
EXCERPT = 120


def _cut_long_line(line: str, size: int) -> list[str]:
    """Pieces of one over-long line, each at most `size`, cut at a space when one is near, never in a tag."""
    atoms = _ATOM.findall(line)
    pieces: list[str] = []
    current: list[str] = []
    length, last_space = 0, -1
    for atom in atoms:
        if length + len(atom) > size and current:
            cut = last_space + 1 if last_space >= len(current) // 2 else len(current)
            pieces.append("".join(current[:cut]))
            current = current[cut:]
            length = sum(len(a) for a in current)
            last_space = max((i for i, a in enumerate(current) if a == " "), default=-1)
        current.append(atom)
        length += len(atom)
        if atom == " ":
            last_space = len(current) - 1
    if current:
        pieces.append("".join(current))
    return pieces


def _balance(chunks: list[str]) -> list[str]:
    """Close tags left open at the end of a chunk and reopen them at the start of the next."""
    balanced: list[str] = []
    stack: list[tuple[str, str]] = []  # (name, opening tag as written)
    for chunk in chunks:
        prefix = "".join(tag for _, tag in stack)
        for match in _TAG.finditer(chunk):
            closing, name = match.group(1), match.group(2).lower()
            if not closing:
                stack.append((name, match.group(0)))
            elif stack and stack[-1][0] == name:
                stack.pop()
        suffix = "".join(f"</{name}>" for name, _ in reversed(stack))
        balanced.append(prefix + chunk + suffix)
    return balanced


def _pack(text: str, room: int) -> list[str]:
    """Lines packed greedily into chunks of at most `room` characters, before tags are balanced."""
    segments: list[tuple[str, str]] = []  # (separator before, text)
    for line in text.split("\n"):
        pieces = _cut_long_line(line, room) if len(line) > room else [line]
        segments.extend(("\n" if i == 0 else "", piece) for i, piece in enumerate(pieces))
    chunks, current = [], ""
    for index, (separator, piece) in enumerate(segments):
        joined = piece if index == 0 or not current else current + separator + piece
        if len(joined) > room and current:
            chunks.append(current)
            current = piece
        else:
            current = joined
    chunks.append(current)
    return [chunk for chunk in _balance([c.strip("\n") for c in chunks]) if chunk.strip()]


def split_message(text: str, limit: int = 4096) -> list[str]:
    """Split HTML text into messages of at most `limit` characters, on line boundaries where possible,
    never inside a tag or an entity, with tags a cut goes through closed and reopened."""
    if len(text) <= limit:
        return [text]
    room = limit
    while True:
        chunks = _pack(text, room)
        # Reopened and closed tags make a chunk longer than what was packed: pack tighter by the excess.
        excess = max(len(chunk) for chunk in chunks) - limit
        if excess <= 0 or room <= limit // 2:
            return chunks
        room = max(limit // 2, room - excess)


def excerpt(text: str, size: int = EXCERPT) -> str:
    """The first line of user-typed text, shortened for a one-line digest entry (escaped later by t())."""
    first = " ".join(text.split())
    return first if len(first) <= size else first[: size - 1] + "…"


def ago(lang: str, then: datetime, now: datetime) -> Raw:
    """ "25 min ago", "3 h ago", "2 d ago"."""
    minutes = max(0, int((now - then).total_seconds() // 60))
    if minutes < 60:
        return t(lang, "digests.ago.minutes", n=minutes)
    if minutes < 24 * 60:
        return t(lang, "digests.ago.hours", n=minutes // 60)
    return t(lang, "digests.ago.days", n=minutes // (24 * 60))


def label(lang: str, prefix: str, value: str | None) -> str:
    """A catalog label for a stored vocabulary value, or the value itself if the catalog lacks it."""
    key = f"{prefix}.{value}"
    catalog = CATALOGS.get(lang, CATALOGS["en"])
    return catalog.get(key) or CATALOGS["en"].get(key) or str(value or "")


def percent(lang: str, value: float | None) -> str:
    """A rate as "85%", or a dash when nothing was due."""
    return t(lang, "digests.rate_none") if value is None else f"{round(value * 100)}%"


def rep_line(lang: str, name: str, counts: CheckInCounts, visits: int) -> Raw:
    """One rep's check-ins and visits on one line."""
    return t(
        lang,
        "digests.rep_line",
        name=name,
        total=counts.total,
        at_site=counts.at_site,
        outside=counts.outside,
        suspicious=counts.suspicious,
        visits=visits,
    )


def join_lines(lines: Sequence[str]) -> Raw:
    """Lines of already-built HTML as one text."""
    return Raw("\n".join(lines))
