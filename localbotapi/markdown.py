"""parse_mode=MarkdownV2 and legacy Markdown, after tdlib's parse_markdown_v2 / parse_markdown.

MarkdownV2: outside code every one of _*[]()~`>#+-=|{}.! must be escaped with a backslash,
otherwise Telegram rejects the whole message ("Character '.' is reserved ..."). Inside code and
pre only ` and \\ are special; inside the (...) of a link only ) and \\.
"""

from __future__ import annotations

from dataclasses import dataclass

from .entities import Entity, EntityParseError, byte_offset, utf16_len

RESERVED_V2 = "_*[]()~`>#+-=|{}.!"
_TYPE_NAMES = {
    "bold": "Bold", "italic": "Italic", "underline": "Underline", "strikethrough": "Strikethrough",
    "spoiler": "Spoiler", "text_link": "TextUrl", "code": "Code", "pre": "Pre",
    "custom_emoji": "CustomEmoji",
}  # fmt: skip


@dataclass
class _Open:
    kind: str
    offset: int  # UTF-16 offset in the output
    begin: int  # index into the output chunks (link text for [..] without (url))
    byte_pos: int
    language: str = ""


def _at(text: str, i: int) -> str:
    return text[i] if 0 <= i < len(text) else ""


def _reserved(ch: str) -> EntityParseError:
    return EntityParseError(f"Character '{ch}' is reserved and must be escaped with the preceding '\\'")


def _skip_pre_header(text: str, i: int) -> tuple[int, str]:
    """After an opening ```: read an optional language and skip one newline."""
    end = i
    while end < len(text) and not text[end].isspace() and text[end] != "`":
        end += 1
    language = ""
    if end != i and end < len(text) and text[end] != "`":
        language, i = text[i:end], end
    if _at(text, i) in ("\n", "\r"):
        i += 2 if _at(text, i + 1) in ("\n", "\r") and text[i] != text[i + 1] else 1
    return i, language


def _is_end(kind: str, text: str, i: int) -> bool:
    c, nxt = text[i], _at(text, i + 1)
    return {
        "bold": c == "*",
        "italic": c == "_" and nxt != "_",
        "underline": c == "_" and nxt == "_",
        "strikethrough": c == "~",
        "spoiler": c == "|" and nxt == "|",
        "code": c == "`",
        "pre": text.startswith("```", i),
        "text_link": c == "]",
        "custom_emoji": c == "]",
    }[kind]


def parse_markdown_v2(text: str) -> tuple[str, list[Entity]]:
    out: list[str] = []
    pos16 = 0
    stack: list[_Open] = []
    entities: list[Entity] = []
    quote_start: int | None = None  # open blockquote (lines starting with '>')

    def emit(chunk: str) -> None:
        nonlocal pos16
        out.append(chunk)
        pos16 += utf16_len(chunk)

    i, n = 0, len(text)
    while i < n:
        c = text[i]
        if c == "\\" and 0 < ord(_at(text, i + 1) or "\0") <= 126:
            emit(text[i + 1])
            i += 2
            continue
        in_code = bool(stack) and stack[-1].kind in ("code", "pre")
        if c == "\n" and not in_code and quote_start is not None and _at(text, i + 1) != ">":
            entities.append({"type": "blockquote", "offset": quote_start, "length": pos16 - quote_start})
            quote_start = None
        if c not in ("`" if in_code else RESERVED_V2):
            emit(c)
            i += 1
            continue
        if c == ">" and not stack and (i == 0 or text[i - 1] == "\n"):
            if quote_start is None:
                quote_start = pos16
            i += 1
            continue
        if stack and _is_end(stack[-1].kind, text, i):
            top = stack.pop()
            ent: Entity = {"type": top.kind, "offset": top.offset, "length": pos16 - top.offset}
            if top.kind in ("underline", "spoiler"):
                i += 1
            elif top.kind == "pre":
                i += 2
                if top.language:
                    ent["language"] = top.language
            elif top.kind in ("text_link", "custom_emoji"):
                url, i = _link_target(text, i, "".join(out[top.begin :]))
                if top.kind == "custom_emoji":
                    ent["custom_emoji_id"] = url.rpartition("id=")[2]
                elif url.startswith("tg://user?id=") and url[13:].isdigit():
                    ent["type"] = "text_mention"
                    ent["user"] = {"id": int(url[13:]), "is_bot": False, "first_name": ""}
                else:
                    ent["url"] = url
                    if not _valid_url(url):
                        ent["length"] = 0  # Telegram drops links with invalid URLs
            if ent["length"] > 0:
                entities.append(ent)
            i += 1
            continue
        start = i
        kind, language = "", ""
        if c == "_":
            kind = "underline" if _at(text, i + 1) == "_" else "italic"
            i += 1 if kind == "underline" else 0
        elif c == "*":
            kind = "bold"
        elif c == "~":
            kind = "strikethrough"
        elif c == "|" and _at(text, i + 1) == "|":
            kind, i = "spoiler", i + 1
        elif c == "[":
            kind = "text_link"
        elif c == "!" and _at(text, i + 1) == "[":
            kind, i = "custom_emoji", i + 1
        elif c == "`":
            if text.startswith("```", i):
                kind = "pre"
                i, language = _skip_pre_header(text, i + 3)
                i -= 1
            else:
                kind = "code"
        else:
            raise _reserved(c)
        stack.append(_Open(kind, pos16, len(out), byte_offset(text, start), language))
        i += 1
    if stack:
        top = stack[-1]
        name = _TYPE_NAMES[top.kind]
        raise EntityParseError(f"Can't find end of {name} entity at byte offset {top.byte_pos}")
    if quote_start is not None and pos16 > quote_start:
        entities.append({"type": "blockquote", "offset": quote_start, "length": pos16 - quote_start})
    return "".join(out), entities


def _link_target(text: str, i: int, link_text: str) -> tuple[str, int]:
    """text[i] is the closing ']'; read '(url)' if present. Return (url, index of last char)."""
    if _at(text, i + 1) != "(":
        return link_text, i
    i += 2
    begin = i
    url: list[str] = []
    while i < len(text) and text[i] != ")":
        if text[i] == "\\" and 0 < ord(_at(text, i + 1) or "\0") <= 126:
            url.append(text[i + 1])
            i += 2
            continue
        url.append(text[i])
        i += 1
    if i >= len(text):
        raise EntityParseError(f"Can't find end of a URL at byte offset {byte_offset(text, begin)}")
    return "".join(url), i


def _valid_url(url: str) -> bool:
    if not url or any(ch.isspace() for ch in url):
        return False
    return "://" in url or "." in url


def parse_markdown(text: str) -> tuple[str, list[Entity]]:
    """Legacy Markdown: *bold* _italic_ `code` ```pre``` [text](url), no nesting."""
    out: list[str] = []
    pos16 = 0
    entities: list[Entity] = []
    i, n = 0, len(text)
    while i < n:
        c = text[i]
        if c == "\\" and _at(text, i + 1) in ("_", "*", "`", "["):
            out.append(text[i + 1])
            pos16 += 1
            i += 2
            continue
        if c not in "_*`[":
            out.append(c)
            pos16 += utf16_len(c)
            i += 1
            continue
        begin = i
        end_char = "]" if c == "[" else c
        i += 1
        is_pre, language = False, ""
        if c == "`" and text.startswith("``", i):
            is_pre = True
            i, language = _skip_pre_header(text, i + 2)
        start16 = pos16
        inner: list[str] = []
        while i < n and (text[i] != end_char or (is_pre and not text.startswith("```", i))):
            inner.append(text[i])
            i += 1
        if i >= n:
            raise EntityParseError(
                f"Can't find end of the entity starting at byte offset {byte_offset(text, begin)}"
            )
        chunk = "".join(inner)
        out.append(chunk)
        pos16 += utf16_len(chunk)
        ent: Entity = {"offset": start16, "length": pos16 - start16}
        if c == "[":
            url, i = _link_target(text, i, chunk)
            ent.update(type="text_link", url=url)
        else:
            ent["type"] = {"_": "italic", "*": "bold"}.get(c, "pre" if is_pre else "code")
            if language:
                ent["language"] = language
        if ent["length"] > 0:
            entities.append(ent)
        i += 3 if is_pre else 1
    return "".join(out), entities
