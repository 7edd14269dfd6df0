"""Cutting long HTML messages to Telegram's limit, measured the way Telegram measures it.

Telegram counts the 4096 characters of a message in UTF-16 code units of the text after HTML parsing:
a tag counts nothing, `&amp;` counts one, an emoji outside the Basic Multilingual Plane counts two.
Report views, digests and the supervisors' lists all split with `split_html`, so they cut alike: at a
blank line in the second half of the message if there is one, else at a line end, else at a space,
else between two characters. Never inside a tag, an entity or an emoji sequence; tags a cut passes
through are closed at the end of one message and opened again at the start of the next.
"""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass
from enum import IntEnum

from telegram.constants import MessageLimit

# A tag (a quoted attribute value may hold ">"), an entity Telegram decodes, or one character. Other
# `&name;` sequences stay literal text in Telegram, so they are ordinary characters here too.
_ATOM = re.compile(
    r"<[^<>\"']*(?:(?:\"[^\"]*\"|'[^']*')[^<>\"']*)*>"
    r"|&(?:#\d{1,7}|#[xX][0-9a-fA-F]{1,6}|lt|gt|amp|quot);"
    r"|[\s\S]"
)
_TAG = re.compile(r"<(/?)([a-zA-Z][\w-]*)")
_NAMED = {"&lt;": "<", "&gt;": ">", "&amp;": "&", "&quot;": '"'}
# Characters that belong to the one before them: cutting before one would break an emoji or a letter.
# (Sk holds the skin-tone modifiers; Cf the zero-width joiner; Mn the variation selectors.)
_CLINGING = {"Mn", "Me", "Mc", "Cf", "Sk"}
_FLAGS = range(0x1F1E6, 0x1F200)
# What Telegram trims from both ends of a message; a message of nothing else is refused as empty.
_INVISIBLE = {"Zs", "Zl", "Zp", "Cc", "Cf", "Mn", "Me"}


class _Break(IntEnum):
    """Where a cut may go, weakest first."""

    CHARACTER = 0
    SPACE = 1
    LINE = 2
    PARAGRAPH = 3


@dataclass(frozen=True)
class _Atom:
    raw: str  # as written in the HTML
    text: str  # what the reader sees ("" for a tag)
    tag: str = ""  # lower-case tag name for tags
    closing: bool = False

    @property
    def units(self) -> int:
        return utf16_length(self.text)


def utf16_length(text: str) -> int:
    """Length in UTF-16 code units, as Telegram counts."""
    return len(text.encode("utf-16-le")) // 2


def _decode(entity: str) -> str:
    """What Telegram shows for an entity; an invalid code point stays literal, as Telegram keeps it."""
    if entity in _NAMED:
        return _NAMED[entity]
    body = entity[2:-1]
    code = int(body[1:], 16) if body[:1] in "xX" else int(body)
    return entity if code == 0 or code > 0x10FFFF or 0xD800 <= code <= 0xDFFF else chr(code)


def _atoms(html_text: str) -> list[_Atom]:
    atoms = []
    for raw in _ATOM.findall(html_text):
        if len(raw) > 1 and raw[0] == "<":
            match = _TAG.match(raw)
            name, closing = (match.group(2).lower(), bool(match.group(1))) if match else ("", False)
            atoms.append(_Atom(raw, "", name, closing))
        elif len(raw) > 1:
            atoms.append(_Atom(raw, _decode(raw)))
        else:
            atoms.append(_Atom(raw, raw))
    return atoms


def visible_text(html_text: str) -> str:
    """The text a reader sees: tags dropped, entities decoded."""
    return "".join(atom.text for atom in _atoms(html_text))


def visible_length(html_text: str) -> int:
    """What Telegram counts against its limit: UTF-16 code units of the text after HTML parsing."""
    return utf16_length(visible_text(html_text))


def _clings(char: str) -> bool:
    return unicodedata.category(char) in _CLINGING


def _break_before(before: str, after: str) -> _Break | None:
    """How good a cut is between two visible characters; None where it would split a cluster."""
    if before == "\n":
        return _Break.LINE
    if before.isspace():
        return _Break.SPACE
    if not after or _clings(after) or before == "\u200d" or (ord(before) in _FLAGS and ord(after) in _FLAGS):
        return None
    return _Break.CHARACTER


def _first_visible(atoms: list[_Atom], index: int) -> str:
    """The first visible character at or after `index` ("" at the end). A loop, not a slice of the rest:
    copying the rest of the text for every character made splitting quadratic (a 50,000-character digest
    held the event loop for 1.7 s)."""
    while index < len(atoms):
        if atoms[index].text:
            return atoms[index].text[0]
        index += 1
    return ""


def _cut(atoms: list[_Atom], start: int, limit: int) -> int:
    """Index of the first atom of the next message when a message starts at `start`."""
    used, end = 0, start
    best: dict[_Break, int] = {}  # the latest cut of each kind, in the second half of the message
    safe = 0  # the latest cut anywhere that splits no cluster
    last, previous = "", ""  # the last two visible characters so far
    while end < len(atoms) and used + atoms[end].units <= limit:
        atom = atoms[end]
        end += 1
        if not atom.text:
            continue
        used += atom.units
        previous, last = last, atom.text[-1]
        following = _first_visible(atoms, end)
        kind = _break_before(last, following)
        if kind is _Break.LINE and previous == "\n":
            kind = _Break.PARAGRAPH
        if kind is not None:
            safe = end
            if 2 * used >= limit:
                best[kind] = end
    if end == len(atoms):
        return end
    cut = best[max(best)] if best else safe or end
    # Closing tags stay with the text they close, opening tags go with the text they open.
    while cut < len(atoms) and atoms[cut].closing:
        cut += 1
    while cut - 1 > start and atoms[cut - 1].tag and not atoms[cut - 1].closing:
        cut -= 1
    return cut


def _balanced(pieces: list[list[_Atom]]) -> list[tuple[str, str]]:
    """(HTML, visible text) of each piece, with tags open across a cut closed and reopened."""
    result = []
    stack: list[_Atom] = []  # opening tags in force
    for piece in pieces:
        prefix = "".join(tag.raw for tag in stack)
        for atom in piece:
            if atom.tag and not atom.closing:
                stack.append(atom)
            elif atom.closing and stack and stack[-1].tag == atom.tag:
                stack.pop()
        suffix = "".join(f"</{tag.tag}>" for tag in reversed(stack))
        body = "".join(atom.raw for atom in piece)
        result.append((prefix + body + suffix, "".join(atom.text for atom in piece)))
    return result


def _blank(text: str) -> bool:
    return all(unicodedata.category(char) in _INVISIBLE for char in text)


def split_html(html_text: str, limit: int = MessageLimit.MAX_TEXT_LENGTH) -> list[str]:
    """Messages of at most `limit` visible UTF-16 units that together read as `html_text`.

    Only whitespace at a cut is lost (Telegram trims it anyway); a blank text gives no message."""
    if limit < 2:
        raise ValueError("limit must leave room for one emoji (2 UTF-16 units)")
    atoms = _atoms(html_text)
    pieces, start = [], 0
    while start < len(atoms):
        end = _cut(atoms, start, limit)
        pieces.append(atoms[start:end])
        start = end
    return [html for html, text in _balanced(pieces) if not _blank(text)]
