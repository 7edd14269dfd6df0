"""The gate's last step, FLUSH: write what an update changed for its sender, then mark it done.

With updates of different people handled at once (bot.lanes), PTB's own `update_persistence` would write
everyone's data, including other people's half-handled updates, in one session per person. Here only the
sender's user data and conversation states are written, and only where they changed, in the same
transaction that marks the update done: both are on disk, or neither is and the update is replayed.
The states come from what gate.busy noted as the conversations' callbacks returned them, never from
PTB's private attributes.
"""

from __future__ import annotations

import logging
from typing import cast

from sqlmodel.ext.asyncio.session import AsyncSession
from telegram import Update

from gate import busy
from presentation.context import FieldContext
from storage import inbox, person_state
from storage.group_commit import GroupCommit
from storage.person_state import GateFlushedPersistence, Written

log = logging.getLogger(__name__)

GROUP_COMMIT = "group_commit"  # bot_data: one per application (and so per event loop)


async def flush(update: Update, context: FieldContext) -> None:
    """Write what this update changed for its sender and mark it done, in one transaction: from here on a
    crash loses nothing, and nothing is written for anyone else (their updates may be half-handled)."""
    user = update.effective_user
    last = cast(GateFlushedPersistence, context.application.persistence).last_written
    data = context.application.user_data.get(user.id) if user is not None else None
    states = busy.unwritten_states(context, user.id) if user is not None else []

    async def write(session: AsyncSession) -> Written | None:
        # Run again on its own if the group it shared a transaction with failed: `last` changes only
        # after a commit, so it writes the same.
        written = None
        if user is not None:
            written = await person_state.save(session, last, user.id, data, states)
        await inbox.finish(session, update.update_id)
        return written

    # Other people's flushes that arrive meanwhile share the transaction (storage.group_commit); this
    # returns only once it has committed.
    written = await group_commit(context).run(write)
    if written is not None and user is not None:
        last.remember(written)
        busy.states_written(context, user.id, states)
    log.debug("update %s done", update.update_id)


def group_commit(context: FieldContext) -> GroupCommit:
    """The application's one group commit (storage.group_commit), for every write that ends an update."""
    group: GroupCommit = context.bot_data.setdefault(GROUP_COMMIT, GroupCommit(context.db))
    return group
