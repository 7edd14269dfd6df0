"""Bot API methods about the bot itself: identity, updates, webhook, commands, chats."""

from __future__ import annotations

import re
from dataclasses import dataclass
from typing import Any

from .models import JSON, bad_request
from .params import Params
from .state import ServerState
from .updates import Webhook

_COMMAND_RE = re.compile(r"^[a-z0-9_]{1,32}$")
_SECRET_RE = re.compile(r"^[A-Za-z0-9_-]{1,256}$")


@dataclass
class Described:
    """A successful result that also carries a "description" (setWebhook does that)."""

    result: Any
    description: str


async def get_me(state: ServerState, p: Params) -> JSON:
    return {
        **state.bot_user,
        "can_join_groups": True,
        "can_read_all_group_messages": not state.privacy_mode,
        "supports_inline_queries": False,
        "can_connect_to_business": False,
        "has_main_web_app": False,
    }


async def get_updates(state: ServerState, p: Params) -> list[JSON]:
    limit = min(max(p.get_int("limit", default=100) or 100, 1), 100)
    allowed = p.get_json("allowed_updates")
    wait = float(p.get_float("timeout") or 0)
    allowed_list = allowed if isinstance(allowed, list) else None
    return await state.updates.get_updates(p.get_int("offset"), limit, wait, allowed_list)


async def set_webhook(state: ServerState, p: Params) -> Described:
    url = p.get_str("url") or ""
    if not url:
        return await delete_webhook(state, p)
    if not url.startswith(("https://", "http://")):
        # Telegram insists on HTTPS; plain http is allowed here so tests need no certificates.
        raise bad_request("bad webhook: An HTTPS URL must be provided for webhook")
    secret = p.get_str("secret_token")
    if secret is not None and not _SECRET_RE.match(secret):
        raise bad_request("secret token contains unallowed characters")
    if p.get_bool("drop_pending_updates"):
        state.updates.drop_pending()
    allowed = p.get_json("allowed_updates")
    current = state.updates.webhook
    hook = Webhook(
        url,
        secret,
        allowed if isinstance(allowed, list) else None,
        p.get_int("max_connections", default=40) or 40,
    )
    if current and (current.url, current.secret_token, current.allowed_updates) == (
        hook.url,
        hook.secret_token,
        hook.allowed_updates,
    ):
        return Described(True, "Webhook is already set")
    await state.updates.set_webhook(hook)
    return Described(True, "Webhook was set")


async def delete_webhook(state: ServerState, p: Params) -> Described:
    if p.get_bool("drop_pending_updates"):
        state.updates.drop_pending()
    if state.updates.webhook is None:
        return Described(True, "Webhook is already deleted")
    await state.updates.delete_webhook()
    return Described(True, "Webhook was deleted")


async def get_webhook_info(state: ServerState, p: Params) -> JSON:
    hook = state.updates.webhook
    info: JSON = {
        "url": hook.url if hook else "",
        "has_custom_certificate": False,
        "pending_update_count": state.updates.pending_count,
    }
    if hook:
        info["max_connections"] = hook.max_connections
        if hook.allowed_updates is not None:
            info["allowed_updates"] = hook.allowed_updates
        if hook.last_error_date:
            info["last_error_date"] = hook.last_error_date
            info["last_error_message"] = hook.last_error_message
    return info


def _language(p: Params) -> str:
    lang = p.get_str("language_code") or ""
    if lang and not re.fullmatch(r"[a-z]{2}", lang):
        raise bad_request("invalid language code specified")
    return lang


async def set_my_commands(state: ServerState, p: Params) -> bool:
    commands = p.get_json("commands")
    if not isinstance(commands, list):
        raise bad_request("can't parse commands JSON object")
    if len(commands) > 100:
        raise bad_request("too many commands specified")
    clean: list[JSON] = []
    for cmd in commands:
        if not isinstance(cmd, dict) or not _COMMAND_RE.match(str(cmd.get("command", "")).lower()):
            raise bad_request("BOT_COMMAND_INVALID")
        description = str(cmd.get("description", ""))
        if not 1 <= len(description) <= 256:
            raise bad_request("BOT_COMMAND_DESCRIPTION_INVALID")
        clean.append({"command": str(cmd["command"]).lower(), "description": description})
    state.set_commands(p.get_json("scope"), _language(p), clean)
    return True


async def get_my_commands(state: ServerState, p: Params) -> list[JSON]:
    return state.commands(p.get_json("scope"), _language(p))


async def delete_my_commands(state: ServerState, p: Params) -> bool:
    state.set_commands(p.get_json("scope"), _language(p), [])
    return True


async def set_chat_menu_button(state: ServerState, p: Params) -> bool:
    chat_id = state.resolve_chat(p.get("chat_id")).id if p.get("chat_id") is not None else None
    button = p.get_json("menu_button") or {"type": "default"}
    if not isinstance(button, dict) or button.get("type") not in ("default", "commands", "web_app"):
        raise bad_request("can't parse menu button JSON object")
    state.menu_buttons[chat_id] = button
    return True


async def get_chat_menu_button(state: ServerState, p: Params) -> JSON:
    chat_id = state.resolve_chat(p.get("chat_id")).id if p.get("chat_id") is not None else None
    return state.menu_buttons.get(chat_id) or state.menu_buttons.get(None) or {"type": "default"}


async def leave_chat(state: ServerState, p: Params) -> bool:
    chat = state.resolve_chat(p.get("chat_id"))
    if chat.type == "private":
        raise bad_request("chat member status can't be changed in private chats")
    chat.bot_member = False
    return True


async def get_chat(state: ServerState, p: Params) -> JSON:
    """A ChatFullInfo; PTB requires accent_color_id, max_reaction_count, accepted_gift_types."""
    chat = state.resolve_chat(p.get("chat_id"))
    gifts = dict.fromkeys(
        ("unlimited_gifts", "limited_gifts", "unique_gifts", "premium_subscription", "gifts_from_channels"),
        True,
    )
    return {**chat.json, "accent_color_id": 0, "max_reaction_count": 11, "accepted_gift_types": gifts}


async def ok(state: ServerState, p: Params) -> bool:
    """close / logOut: accepted and ignored."""
    return True


def _bot_text(kind: str) -> tuple[Any, Any]:
    async def setter(state: ServerState, p: Params) -> bool:
        state.bot_texts[f"{kind}:{_language(p)}"] = p.get_str(kind) or ""
        return True

    async def getter(state: ServerState, p: Params) -> JSON:
        return {kind: state.bot_texts.get(f"{kind}:{_language(p)}", "")}

    return setter, getter


set_my_description, get_my_description = _bot_text("description")
set_my_short_description, get_my_short_description = _bot_text("short_description")
set_my_name, get_my_name = _bot_text("name")
