"""Bot API methods that send messages, and file access (edits, deletes and answers: methods_edits)."""

from __future__ import annotations

from typing import Any

from .files import image_size, photo_sizes
from .models import (
    JSON,
    ApiError,
    ChatState,
    SentMessage,
    StoredFile,
    bad_request,
)
from .params import Params
from .state import ServerState
from .validation import format_text, validate_reply_markup

_MAX_UPLOAD = {"photo": 10 * 1024 * 1024, "document": 50 * 1024 * 1024}
_MAX_DOWNLOAD = 20 * 1024 * 1024


def _reply_to(state: ServerState, chat: ChatState, p: Params) -> int | None:
    """reply_parameters (or the older reply_to_message_id) must name an existing message."""
    params = p.get_json("reply_parameters")
    if isinstance(params, dict):
        mid, allow = params.get("message_id"), bool(params.get("allow_sending_without_reply"))
    else:
        mid, allow = p.get_int("reply_to_message_id"), p.get_bool("allow_sending_without_reply")
    if mid is None:
        return None
    if state.message_json(chat, int(mid)) is None:
        if allow:
            return None
        raise bad_request("message to be replied not found")
    return int(mid)


async def send_message(state: ServerState, p: Params) -> JSON:
    chat = state.chat_for_send(p.get("chat_id"))
    raw = p.get_str("text")
    text, entities = format_text(raw, p.get_str("parse_mode"), p.get_json("entities"))
    markup = validate_reply_markup(p.get("reply_markup"))
    sent = SentMessage(
        message_id=chat.new_message_id(),
        chat_id=chat.id,
        kind="text",
        date=state.now(),
        text=text,
        raw_text=raw,
        parse_mode=p.get_str("parse_mode"),
        entities=entities,
        reply_markup=markup,
        reply_to_message_id=_reply_to(state, chat, p),
    )
    return state.record_sent(sent)


def _input_file(state: ServerState, p: Params, field: str, folder: str) -> StoredFile:
    """Resolve an InputFile parameter: upload, attach://name, or an existing file_id."""
    if field in p.uploads:
        upload = p.uploads[field]
    else:
        value = p.get_str(field)
        if not value:
            raise bad_request(f"there is no {field} in the request")
        if value.startswith("attach://"):
            attached = p.uploads.get(value[len("attach://") :])
            if attached is None:
                raise bad_request("wrong file identifier/HTTP URL specified")
            upload = attached
        elif value.startswith(("http://", "https://")):
            # The local server has no internet access, like a sandboxed Telegram would.
            raise bad_request("failed to get HTTP URL content")
        else:
            stored = state.files.get(value)
            if stored is None:
                raise bad_request("wrong file identifier/HTTP URL specified")
            return stored
    if len(upload.data) > _MAX_UPLOAD[field]:
        raise ApiError(413, "Request Entity Too Large")
    if not upload.data:
        raise bad_request("file must be non-empty")
    return state.files.add(upload.data, folder, file_name=upload.filename, mime_type=upload.content_type)


async def _send_media(state: ServerState, p: Params, kind: str) -> JSON:
    chat = state.chat_for_send(p.get("chat_id"))
    caption_raw, parse_mode = p.get_str("caption"), p.get_str("parse_mode")
    caption, caption_entities = format_text(
        caption_raw, parse_mode, p.get_json("caption_entities"), caption=True
    )
    markup = validate_reply_markup(p.get("reply_markup"))
    reply_to = _reply_to(state, chat, p)
    stored = _input_file(state, p, kind, "photos" if kind == "photo" else "documents")
    media: Any
    if kind == "photo":
        size = image_size(stored.data)
        if size is None:
            raise bad_request("IMAGE_PROCESS_FAILED")
        media = photo_sizes(state.files, stored, size)
    else:
        media = {
            "file_id": stored.file_id,
            "file_unique_id": stored.file_unique_id,
            "file_size": len(stored.data),
        }
        if stored.file_name:
            media["file_name"] = stored.file_name
        if stored.mime_type:
            media["mime_type"] = stored.mime_type
    sent = SentMessage(
        message_id=chat.new_message_id(),
        chat_id=chat.id,
        kind="photo" if kind == "photo" else "document",
        date=state.now(),
        caption=caption or None,
        raw_caption=caption_raw,
        parse_mode=parse_mode,
        caption_entities=caption_entities,
        reply_markup=markup,
        reply_to_message_id=reply_to,
        media=media,
        photo_file_id=stored.file_id if kind == "photo" else None,
        document_file_id=stored.file_id if kind == "document" else None,
    )
    return state.record_sent(sent)


async def send_photo(state: ServerState, p: Params) -> JSON:
    return await _send_media(state, p, "photo")


async def send_document(state: ServerState, p: Params) -> JSON:
    return await _send_media(state, p, "document")


async def send_venue(state: ServerState, p: Params) -> JSON:
    """A place on the map with a title and an address (the phone opens it in a maps app)."""
    chat = state.chat_for_send(p.get("chat_id"))
    lat, lon = p.get_float("latitude"), p.get_float("longitude")
    title, address = p.get_str("title"), p.get_str("address")
    if lat is None or lon is None or not -90 <= lat <= 90 or not -180 <= lon <= 180:
        raise bad_request("wrong latitude or longitude")
    if not title or not address:
        raise bad_request(f"there is no {'title' if not title else 'address'} in the request")
    sent = SentMessage(
        message_id=chat.new_message_id(),
        chat_id=chat.id,
        kind="venue",
        date=state.now(),
        reply_markup=validate_reply_markup(p.get("reply_markup")),
        reply_to_message_id=_reply_to(state, chat, p),
        media={"location": {"latitude": lat, "longitude": lon}, "title": title, "address": address},
    )
    return state.record_sent(sent)


async def get_file(state: ServerState, p: Params) -> JSON:
    stored = state.files.get(p.get_str("file_id") or "")
    if stored is None:
        raise bad_request("invalid file_id")
    if len(stored.data) > _MAX_DOWNLOAD:
        raise bad_request("file is too big")
    return stored.file_json()
