"""The gate's last step, FLUSH: write what an update changed for its sender, then mark it done.

With updates of different people handled at once (bot.lanes), PTB's own `update_persistence` would write
everyone's data, including other people's half-handled updates, in one session per person. Here only the
sender's user data and conversation states are written, and only where they changed, in the same
transaction that marks the update done: both are on disk, or neither is and the update is replayed.
The states come from what handlers.busy noted as the conversations' callbacks returned them, never from
PTB's private attributes.
"""

from __future__ import annotations

import logging
from typing import cast

from telegram import Update

from handlers import busy
from presentation.context import FieldContext
from storage import inbox, person_state
from storage.person_state import GateFlushedPersistence

log = logging.getLogger(__name__)


async def flush(update: Update, context: FieldContext) -> None:
    """Write what this update changed for its sender and mark it done, in one transaction: from here on a
    crash loses nothing, and nothing is written for anyone else (their updates may be half-handled)."""
    user = update.effective_user
    last = cast(GateFlushedPersistence, context.application.persistence).last_written
    states: list[person_state.ConversationState] = []
    async with context.db.session() as session:
        written = None
        if user is not None:
            data = context.application.user_data.get(user.id)
            states = busy.unwritten_states(context, user.id)
            written = await person_state.save(session, last, user.id, data, states)
        await inbox.finish(session, update.update_id)
    if written is not None and user is not None:
        last.remember(written)
        busy.states_written(context, user.id, states)
    log.debug("update %s done", update.update_id)
