"""Bot API methods that send, edit and delete messages, and file access."""

from __future__ import annotations

from typing import Any

from .files import image_size, photo_sizes
from .models import (
    JSON,
    ApiError,
    CallbackAnswer,
    ChatActionRecord,
    ChatState,
    SentMessage,
    StoredFile,
    bad_request,
)
from .params import Params
from .state import ServerState
from .validation import format_text, message_markup_json, validate_reply_markup

_CHAT_ACTIONS = {
    "typing",
    "upload_photo",
    "record_video",
    "upload_video",
    "record_voice",
    "upload_voice",
    "upload_document",
    "choose_sticker",
    "find_location",
    "record_video_note",
    "upload_video_note",
}
_MAX_UPLOAD = {"photo": 10 * 1024 * 1024, "document": 50 * 1024 * 1024}
_MAX_DOWNLOAD = 20 * 1024 * 1024
_NOT_MODIFIED = (
    "message is not modified: specified new message content and reply markup are exactly "
    "the same as a current content and reply markup of a message"
)


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


def _editable(state: ServerState, p: Params) -> tuple[ChatState, SentMessage]:
    if p.get("inline_message_id"):
        raise bad_request("message to edit not found")  # inline mode is not simulated
    chat = state.chat_for_send(p.get("chat_id"))
    mid = p.get_int("message_id")
    sent = state.find_sent(chat.id, mid)
    if sent is None:
        if mid is not None and mid in chat.messages:
            raise bad_request("message can't be edited")
        raise bad_request("message to edit not found")
    return chat, sent


def _apply_edit(state: ServerState, sent: SentMessage, changes: dict[str, Any]) -> JSON:
    current = {k: getattr(sent, k) for k in changes}
    current_markup = message_markup_json(sent.reply_markup)
    new_markup = message_markup_json(changes.get("reply_markup"))
    same_content = all(current[k] == v for k, v in changes.items() if k != "reply_markup")
    if same_content and current_markup == new_markup:
        raise bad_request(_NOT_MODIFIED)
    sent.edits.append(sent.snapshot())
    for key, value in changes.items():
        setattr(sent, key, value)
    sent.edit_date = state.now()
    state.notify()
    return state.render(sent)


async def edit_message_text(state: ServerState, p: Params) -> JSON:
    _, sent = _editable(state, p)
    if sent.kind != "text":
        raise bad_request("there is no text in the message to edit")
    raw = p.get_str("text")
    text, entities = format_text(raw, p.get_str("parse_mode"), p.get_json("entities"))
    # Omitting reply_markup in an edit removes the message's inline keyboard, as on Telegram.
    markup = validate_reply_markup(p.get("reply_markup"), inline_only=True)
    return _apply_edit(
        state,
        sent,
        {
            "text": text,
            "entities": entities,
            "reply_markup": markup,
            "raw_text": raw,
            "parse_mode": p.get_str("parse_mode"),
        },
    )


async def edit_message_caption(state: ServerState, p: Params) -> JSON:
    _, sent = _editable(state, p)
    if sent.kind == "text":
        raise bad_request("there is no caption in the message to edit")
    raw = p.get_str("caption")
    caption, entities = format_text(
        raw, p.get_str("parse_mode"), p.get_json("caption_entities"), caption=True
    )
    markup = validate_reply_markup(p.get("reply_markup"), inline_only=True)
    return _apply_edit(
        state,
        sent,
        {
            "caption": caption or None,
            "caption_entities": entities,
            "reply_markup": markup,
            "raw_caption": raw,
        },
    )


async def edit_message_reply_markup(state: ServerState, p: Params) -> JSON:
    _, sent = _editable(state, p)
    markup = validate_reply_markup(p.get("reply_markup"), inline_only=True)
    return _apply_edit(state, sent, {"reply_markup": markup})


async def delete_message(state: ServerState, p: Params) -> bool:
    chat = state.resolve_chat(p.get("chat_id"))
    mid = p.get_int("message_id", required=True)
    sent = state.find_sent(chat.id, mid)
    if sent is not None:
        sent.deleted = True
    elif mid in chat.messages:
        del chat.messages[mid]
    else:
        raise bad_request("message to delete not found")
    state.notify()
    return True


async def send_chat_action(state: ServerState, p: Params) -> bool:
    chat = state.chat_for_send(p.get("chat_id"))
    action = p.get_str("action")
    if action not in _CHAT_ACTIONS:
        raise bad_request("wrong parameter action in request")
    state.chat_actions.append(ChatActionRecord(chat.id, action, state.now()))
    state.notify()
    return True


async def answer_callback_query(state: ServerState, p: Params) -> bool:
    query_id = p.get_str("callback_query_id") or ""
    if query_id not in state.open_callback_queries:
        raise bad_request("query is too old and response timeout expired or query ID is invalid")
    text = p.get_str("text")
    if text and len(text) > 200:
        raise bad_request("MESSAGE_TOO_LONG")
    del state.open_callback_queries[query_id]  # a query can be answered only once
    state.callback_answers.append(
        CallbackAnswer(query_id, text, p.get_bool("show_alert"), p.get_str("url"), p.get_int("cache_time"))
    )
    state.notify()
    return True


async def get_file(state: ServerState, p: Params) -> JSON:
    stored = state.files.get(p.get_str("file_id") or "")
    if stored is None:
        raise bad_request("invalid file_id")
    if len(stored.data) > _MAX_DOWNLOAD:
        raise bad_request("file is too big")
    return stored.file_json()
