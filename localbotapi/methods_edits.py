"""Bot API methods that change what was already sent or answer what a user did: edits, deletes, chat
actions and callback answers."""

from __future__ import annotations

from typing import Any

from .models import JSON, CallbackAnswer, ChatActionRecord, ChatState, SentMessage, bad_request
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
_NOT_MODIFIED = (
    "message is not modified: specified new message content and reply markup are exactly "
    "the same as a current content and reply markup of a message"
)


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
