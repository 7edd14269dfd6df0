"""Reading Bot API parameters from an HTTP request, as Telegram's server does.

Clients may send parameters in the query string, form-urlencoded, multipart/form-data (needed
to upload files) or as a JSON body. PTB sends form data: strings raw, every other value
JSON-encoded (so chat_id arrives as "123", reply_markup as '{"inline_keyboard": ...}').
"""

from __future__ import annotations

import json
from dataclasses import dataclass
from typing import Any

from aiohttp import web

from .models import bad_request

# Parameters that are strings in the Bot API: their raw form value is never JSON-decoded,
# so a text like "123" or "true" stays a string.
STRING_FIELDS = frozenset({
    "text", "caption", "parse_mode", "callback_query_id", "url", "secret_token", "language_code",
    "file_id", "title", "address", "action", "inline_message_id", "photo", "document", "sticker",
    "voice", "business_connection_id", "message_effect_id", "ip_address", "description",
    "short_description", "name", "emoji", "phone_number", "first_name", "last_name",
})  # fmt: skip


@dataclass
class Upload:
    """A file sent in a multipart request."""

    data: bytes
    filename: str | None
    content_type: str | None


def _coerce_form_value(name: str, raw: str) -> Any:
    if name in STRING_FIELDS:
        return raw
    try:
        return json.loads(raw)
    except ValueError:
        return raw  # e.g. chat_id="@channelname"


class Params:
    """Decoded parameters of one call, with typed getters that fail like Telegram does."""

    def __init__(self, values: dict[str, Any], uploads: dict[str, Upload]) -> None:
        self.values = values
        self.uploads = uploads

    def __contains__(self, name: str) -> bool:
        return name in self.values or name in self.uploads

    def get(self, name: str, default: Any = None) -> Any:
        return self.values.get(name, default)

    def get_str(self, name: str) -> str | None:
        value = self.values.get(name)
        if value is None:
            return None
        if isinstance(value, bool):
            return "true" if value else "false"
        return value if isinstance(value, str) else json.dumps(value)

    def get_int(self, name: str, *, required: bool = False, default: int | None = None) -> int | None:
        value = self.values.get(name)
        if value is None or value == "":
            if required:
                raise bad_request(f"{name} is empty")
            return default
        if isinstance(value, bool):
            return int(value)
        try:
            return int(value)
        except (TypeError, ValueError):
            raise bad_request(f"invalid {name} specified") from None

    def get_float(self, name: str) -> float | None:
        value = self.values.get(name)
        if value is None or value == "":
            return None
        try:
            return float(value)
        except (TypeError, ValueError):
            raise bad_request(f"invalid {name} specified") from None

    def get_bool(self, name: str) -> bool:
        value = self.values.get(name)
        if isinstance(value, str):
            return value.lower() in ("true", "1", "yes")
        return bool(value)

    def get_json(self, name: str) -> Any:
        """An object/array parameter; clients may JSON-encode it even inside a JSON body."""
        value = self.values.get(name)
        if isinstance(value, str):
            try:
                return json.loads(value)
            except ValueError:
                raise bad_request(f"can't parse {name} JSON object") from None
        return value


async def read_params(request: web.Request) -> Params:
    values: dict[str, Any] = {k: _coerce_form_value(k, v) for k, v in request.query.items()}
    uploads: dict[str, Upload] = {}
    ctype = request.content_type
    if request.method == "POST" and ctype == "application/json":
        try:
            body = await request.json()
        except ValueError:
            raise bad_request("can't parse JSON request body") from None
        if not isinstance(body, dict):
            raise bad_request("JSON request body must be an object")
        values.update(body)
    elif request.method == "POST" and ctype in ("application/x-www-form-urlencoded", "multipart/form-data"):
        form = await request.post()
        for key, item in form.items():
            if isinstance(item, web.FileField):
                uploads[key] = Upload(item.file.read(), item.filename, item.content_type)
            elif isinstance(item, str):
                values[key] = _coerce_form_value(key, item)
            else:  # bytes: a multipart part without filename
                values[key] = _coerce_form_value(key, bytes(item).decode("utf-8", errors="replace"))
    return Params(values, uploads)
