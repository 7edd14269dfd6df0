"""The gate's last step, FLUSH: write what an update changed for its sender, then mark it done.

With updates of different people handled at once (bot.lanes), PTB's own `update_persistence` would write
everyone's data, including other people's half-handled updates, in one session per person. Here only the
sender's user data and conversation states are written, and only where they changed, in the same
transaction that marks the update done: both are on disk, or neither is and the update is replayed.
"""

from __future__ import annotations

import logging
from typing import Any

from telegram import Update
from telegram.ext import Application, ConversationHandler

from presentation.context import FieldContext
from storage import inbox, person_state
from storage.person_state import LastWritten

log = logging.getLogger(__name__)

LAST_WRITTEN, CONVERSATIONS = "last_written", "persistent_conversations"


async def flush(update: Update, context: FieldContext) -> None:
    """Write what this update changed for its sender and mark it done, in one transaction: from here on a
    crash loses nothing, and nothing is written for anyone else (their updates may be half-handled)."""
    user = update.effective_user
    last: LastWritten = context.bot_data[LAST_WRITTEN]
    async with context.db.session() as session:
        written = None
        if user is not None:
            data = context.application.user_data.get(user.id)
            written = await person_state.save(session, last, user.id, data, _states_of(update, context))
        await inbox.finish(session, update.update_id)
    if written is not None:
        last.remember(written)
    log.debug("update %s done", update.update_id)


def persistent_conversations(
    app: Application[Any, Any, Any, Any, Any, Any],
) -> list[ConversationHandler[Any]]:
    """Every conversation whose state is kept in the database, in any handler group."""
    return [
        handler
        for handlers in app.handlers.values()
        for handler in handlers
        if isinstance(handler, ConversationHandler) and handler.persistent and handler.name
    ]


def remember_loaded_state(app: Application[Any, Any, Any, Any, Any, Any]) -> None:
    """Note what PTB loaded from the database at start, so flush writes only what changes after it."""
    states = [
        (str(conversation.name), key, state)
        for conversation in persistent_conversations(app)
        for key, state in conversation._conversations.items()  # PTB's loaded states (see _is_open_for)
    ]
    app.bot_data[LAST_WRITTEN] = last = LastWritten()
    last.seed(app.user_data, states)
    app.bot_data[CONVERSATIONS] = persistent_conversations(app)


def _states_of(update: Update, context: FieldContext) -> list[person_state.ConversationState]:
    states: list[person_state.ConversationState] = []
    for conversation in context.bot_data[CONVERSATIONS]:
        try:
            key = conversation._get_key(update)
        except RuntimeError:
            continue
        states.append((str(conversation.name), key, conversation._conversations.get(key)))
    return states
