"""Telegram's checks on message text, captions and reply markup."""

from __future__ import annotations

import json
from typing import Any

from .entities import (
    Entity,
    EntityParseError,
    detect_entities,
    finalize,
    merge_entities,
    utf16_len,
    validate_entities,
)
from .html_parser import parse_html
from .models import JSON, bad_request

MAX_TEXT = 4096
MAX_CAPTION = 1024
MAX_CALLBACK_DATA_BYTES = 64
_INLINE_ACTIONS = (
    "url", "callback_data", "web_app", "login_url", "switch_inline_query",
    "switch_inline_query_current_chat", "switch_inline_query_chosen_chat", "copy_text",
    "callback_game", "pay",
)  # fmt: skip


def format_text(
    raw: str | None, parse_mode: str | None, entities: Any, *, caption: bool = False
) -> tuple[str, list[Entity]]:
    """Parse `raw` like Telegram: returns (plain text the user sees, entities).

    Length limits count UTF-16 code units of the text *after* parsing, as Telegram does: markup
    counts nothing and an emoji outside the BMP counts two.
    """
    raw = raw or ""
    try:
        # Explicit entities win over parse_mode, as in telegram-bot-api.
        mode = "" if entities else (parse_mode or "").lower()
        if mode == "html":
            text, parsed = parse_html(raw)
        elif mode:
            # fieldbot sends HTML only, so Markdown is refused here: a message that starts using it
            # fails the tests at once instead of passing through an unchecked parser.
            raise bad_request(f'unsupported parse_mode "{parse_mode}"')
        else:
            text = raw
            parsed = validate_entities(raw, entities) if entities else []
    except EntityParseError as exc:
        raise bad_request(f"can't parse entities: {exc}") from None
    text, parsed = finalize(text, parsed)
    if caption:
        if utf16_len(text) > MAX_CAPTION:
            raise bad_request("message caption is too long")
    elif not text:
        raise bad_request("message text is empty")
    elif utf16_len(text) > MAX_TEXT:
        raise bad_request("message is too long")
    return text, merge_entities(parsed, detect_entities(text, parsed))


def _parse_markup(markup: Any) -> Any:
    if isinstance(markup, str):
        try:
            return json.loads(markup)
        except ValueError:
            raise bad_request("can't parse reply keyboard markup JSON object") from None
    return markup


def _check_rows(rows: Any, what: str) -> list[list[Any]]:
    if not isinstance(rows, list) or not all(isinstance(r, list) for r in rows):
        raise bad_request(f'field "{what}" of the {what.split("_")[0]} markup must be an Array of Arrays')
    return rows


def _check_inline_button(button: Any) -> None:
    if not isinstance(button, dict) or not isinstance(button.get("text"), str):
        raise bad_request(
            "can't parse inline keyboard button: Text buttons are unallowed in the inline keyboard"
        )
    actions = [a for a in _INLINE_ACTIONS if a in button]
    if len(actions) != 1:
        raise bad_request(
            "can't parse inline keyboard button: Text buttons are unallowed in the inline keyboard"
        )
    if "callback_data" in button:
        data = button["callback_data"]
        if not isinstance(data, str) or not 1 <= len(data.encode("utf-8")) <= MAX_CALLBACK_DATA_BYTES:
            raise bad_request("BUTTON_DATA_INVALID")
    if "url" in button:
        url = button["url"]
        if not isinstance(url, str) or not url or any(ch.isspace() for ch in url):
            raise bad_request(f"inline keyboard button URL '{url}' is invalid: Wrong HTTP URL")


def validate_reply_markup(markup: Any, *, inline_only: bool = False) -> JSON | None:
    """Validate reply_markup and return it as a dict (stored as sent), or None if absent."""
    markup = _parse_markup(markup)
    if markup is None:
        return None
    if not isinstance(markup, dict):
        raise bad_request("can't parse reply keyboard markup JSON object")
    if "inline_keyboard" in markup:
        for row in _check_rows(markup["inline_keyboard"], "inline_keyboard"):
            for button in row:
                _check_inline_button(button)
        return markup
    if inline_only:
        raise bad_request("inline keyboard expected")
    if "keyboard" in markup:
        for row in _check_rows(markup["keyboard"], "keyboard"):
            for button in row:
                text = (
                    button
                    if isinstance(button, str)
                    else button.get("text")
                    if isinstance(button, dict)
                    else None
                )
                if not isinstance(text, str) or not text:
                    raise bad_request("can't parse keyboard button: Text of the button must be non-empty")
        return markup
    if markup.get("remove_keyboard") is True or markup.get("force_reply") is True:
        return markup
    raise bad_request("can't parse reply keyboard markup JSON object")


def message_markup_json(markup: JSON | None) -> JSON | None:
    """Only inline keyboards are part of a Message object; reply keyboards are not echoed."""
    if markup and "inline_keyboard" in markup:
        return markup
    return None
