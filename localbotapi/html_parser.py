"""parse_mode=HTML, following the rules of Telegram's server (tdlib's parse_html).

Only `<` and `&` are special. Unknown tags, mismatched or unclosed tags and a bare `<` are
errors, reported like Telegram ("Unsupported start tag "br" at byte offset 5").
Unknown `&name;` sequences stay literal text; only &lt; &gt; &amp; &quot; and numeric
references are decoded.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field

from .entities import Entity, EntityParseError, byte_offset, utf16_len

_SIMPLE_TAGS = {
    "b": "bold", "strong": "bold",
    "i": "italic", "em": "italic",
    "u": "underline", "ins": "underline",
    "s": "strikethrough", "strike": "strikethrough", "del": "strikethrough",
    "tg-spoiler": "spoiler", "code": "code", "pre": "pre",
}  # fmt: skip
_SUPPORTED = {*_SIMPLE_TAGS, "a", "span", "blockquote", "tg-emoji"}
_NAMED = {"lt": "<", "gt": ">", "amp": "&", "quot": '"'}
_ENTITY_RE = re.compile(r"&(?:#(\d{1,7})|#[xX]([0-9a-fA-F]{1,6})|([a-zA-Z]+));")
_USER_LINK = re.compile(r"^tg://user\?id=(\d+)$")


@dataclass
class _Open:
    tag: str
    attrs: dict[str, str]
    offset: int  # UTF-16 offset in the output text
    children: list[Entity] = field(default_factory=list)


def _decode_entity(text: str, i: int) -> tuple[str, int] | None:
    """Decode an HTML entity at text[i] == '&'; return (char, chars consumed) or None."""
    match = _ENTITY_RE.match(text, i)
    if not match:
        return None
    dec, hexa, name = match.groups()
    if name is not None:
        if name not in _NAMED:
            return None
        return _NAMED[name], match.end() - i
    code = int(dec) if dec is not None else int(hexa, 16)
    if code == 0 or code > 0x10FFFF or 0xD800 <= code <= 0xDFFF:
        return None
    return chr(code), match.end() - i


def _parse_attrs(text: str, i: int, tag: str, tag_start: int) -> tuple[dict[str, str], int]:
    """Parse attributes of a start tag from text[i]; return (attrs, index after '>')."""
    attrs: dict[str, str] = {}
    n = len(text)
    while True:
        while i < n and text[i].isspace():
            i += 1
        if i >= n:
            raise EntityParseError(f"Unclosed start tag at byte offset {byte_offset(text, tag_start)}")
        if text[i] == ">":
            return attrs, i + 1
        name_start = i
        while i < n and (text[i].isalnum() or text[i] in "-_"):
            i += 1
        name = text[name_start:i].lower()
        if not name:
            raise EntityParseError(
                f'Empty attribute name in the tag "{tag}" at byte offset {byte_offset(text, i)}'
            )
        while i < n and text[i].isspace():
            i += 1
        if i < n and text[i] != "=":
            attrs[name] = ""  # a bare attribute like <blockquote expandable>
            continue
        if i >= n:
            raise EntityParseError(f"Unclosed start tag at byte offset {byte_offset(text, tag_start)}")
        i += 1
        while i < n and text[i].isspace():
            i += 1
        if i < n and text[i] in "\"'":
            quote = text[i]
            end = text.find(quote, i + 1)
            if end < 0:
                raise EntityParseError(
                    f'Unclosed end of attribute value in the tag "{tag}" at byte offset '
                    f"{byte_offset(text, i)}"
                )
            raw, i = text[i + 1 : end], end + 1
        else:
            val_start = i
            while i < n and not text[i].isspace() and text[i] != ">":
                i += 1
            raw = text[val_start:i]
        attrs[name] = _decode_all(raw)


def _decode_all(raw: str) -> str:
    out: list[str] = []
    i = 0
    while i < len(raw):
        decoded = _decode_entity(raw, i) if raw[i] == "&" else None
        if decoded:
            out.append(decoded[0])
            i += decoded[1]
        else:
            out.append(raw[i])
            i += 1
    return "".join(out)


def _entity_for(node: _Open, end: int) -> list[Entity]:
    """Build the entities produced by a closed tag (may be none, e.g. an empty <b></b>)."""
    length = end - node.offset
    if length <= 0:
        return []
    base: Entity = {"offset": node.offset, "length": length}
    if node.tag in _SIMPLE_TAGS:
        kind = _SIMPLE_TAGS[node.tag]
        if kind == "pre":
            # <pre><code class="language-x">..</code></pre> sets the language of the pre entity.
            for child in node.children:
                if child["type"] == "code" and child.get("_language") and child["offset"] == node.offset:
                    node.children.remove(child)  # merged into the pre entity
                    return [{"type": "pre", **base, "language": child["_language"]}]
        ent: Entity = {"type": kind, **base}
        lang = node.attrs.get("class", "")
        if kind == "code" and lang.startswith("language-") and len(lang) > 9:
            ent["_language"] = lang[9:]
        return [ent]
    if node.tag == "span":
        return [{"type": "spoiler", **base}]
    if node.tag == "blockquote":
        kind = "expandable_blockquote" if "expandable" in node.attrs else "blockquote"
        return [{"type": kind, **base}]
    if node.tag == "tg-emoji":
        return [{"type": "custom_emoji", **base, "custom_emoji_id": node.attrs.get("emoji-id", "")}]
    href = node.attrs.get("href", "")
    if not href:
        return []
    user = _USER_LINK.match(href)
    if user:
        return [
            {
                "type": "text_mention",
                **base,
                "user": {"id": int(user.group(1)), "is_bot": False, "first_name": ""},
            }
        ]
    return [{"type": "text_link", **base, "url": href}]


def parse_html(text: str) -> tuple[str, list[Entity]]:
    out: list[str] = []
    pos16 = 0
    stack: list[_Open] = []
    entities: list[Entity] = []
    i, n = 0, len(text)
    while i < n:
        c = text[i]
        if c == "&":
            decoded = _decode_entity(text, i)
            chunk, step = decoded if decoded else ("&", 1)
            out.append(chunk)
            pos16 += utf16_len(chunk)
            i += step
            continue
        if c != "<":
            out.append(c)
            pos16 += utf16_len(c)
            i += 1
            continue
        tag_start = i
        if i + 1 < n and text[i + 1] == "/":
            close = text.find(">", i)
            if close < 0:
                raise EntityParseError(f"Unclosed end tag at byte offset {byte_offset(text, tag_start)}")
            name = text[i + 2 : close].strip().lower()
            if not stack:
                raise EntityParseError(f"Unexpected end tag at byte offset {byte_offset(text, tag_start)}")
            top = stack.pop()
            if name != top.tag:
                raise EntityParseError(
                    f"Unmatched end tag at byte offset {byte_offset(text, tag_start)}, "
                    f'expected "</{top.tag}>", found "</{name}>"'
                )
            new = _entity_for(top, pos16)
            (stack[-1].children if stack else entities).extend(top.children + new)
            i = close + 1
            continue
        j = i + 1
        while j < n and not text[j].isspace() and text[j] not in "<>/":
            j += 1
        tag = text[i + 1 : j].lower()
        if tag not in _SUPPORTED:
            raise EntityParseError(
                f'Unsupported start tag "{tag}" at byte offset {byte_offset(text, tag_start)}'
            )
        attrs, i = _parse_attrs(text, j, tag, tag_start)
        if tag == "span" and attrs.get("class") != "tg-spoiler":
            raise EntityParseError(
                f'Tag "span" must have class "tg-spoiler" at byte offset {byte_offset(text, tag_start)}'
            )
        stack.append(_Open(tag, attrs, pos16))
    if stack:
        raise EntityParseError(f'Can\'t find end tag corresponding to start tag "{stack[-1].tag}"')
    for ent in entities:
        ent.pop("_language", None)
    return "".join(out), entities
