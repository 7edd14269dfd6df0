"""A 409 Conflict from getUpdates: another copy of the bot polls with this token.

Telegram answers one of two pollers 409 several times a minute for as long as both run. That is one
incident, not an error per poll: one WARNING line and one notice to the admins when it starts, DEBUG
lines while it goes on, and a new incident only after QUIET_FOR without a 409.
"""

from __future__ import annotations

import logging
from dataclasses import dataclass
from datetime import datetime, timedelta

from telegram.error import TelegramError

from presentation.context import FieldContext
from presentation.i18n import t
from presentation.services import INSTANCE
from storage import staff as staff_db
from storage.instance_lock import LOCK_ERRORS
from storage.models import Staff

log = logging.getLogger(__name__)

INCIDENT = "conflict incident"  # bot_data key
QUIET_FOR = timedelta(minutes=10)


@dataclass
class Incident:
    """The current run of 409s."""

    started: datetime
    last: datetime
    count: int = 1


async def on_conflict(context: FieldContext) -> None:
    """Log the first 409 of an incident as one WARNING and tell the admins once; count the rest."""
    now = context.now()
    incident: Incident | None = context.bot_data.get(INCIDENT)
    if incident is not None and now - incident.last < QUIET_FOR:
        incident.last, incident.count = now, incident.count + 1
        log.debug("409 Conflict again (%d since %s)", incident.count, incident.started.isoformat())
        return
    context.bot_data[INCIDENT] = Incident(started=now, last=now)
    me = _this_copy(context)
    log.warning(
        "Telegram answered getUpdates with 409 Conflict: another copy of this bot is polling with the same "
        "token, not one on this database (%s holds it); stop that copy or give it its own token",
        me,
    )
    await _tell_admins(context, me)


def _this_copy(context: FieldContext) -> str:
    instance = context.bot_data.get(INSTANCE)  # bot.instance.Instance, when this copy holds the lock
    return str(instance.me) if instance is not None else "this copy"


async def _tell_admins(context: FieldContext, me: str) -> None:
    people: dict[int, Staff | None] = dict.fromkeys(context.settings.admin_telegram_ids)
    try:
        async with context.db.read() as session:
            for admin_id in {*people, *await staff_db.admin_telegram_ids(session)}:
                people[admin_id] = await staff_db.staff_by_telegram_id(session, admin_id)
    except LOCK_ERRORS as exc:  # the database may be down too: still tell the admins from the settings
        log.warning("could not look up the admins' languages (%s)", type(exc).__name__)
    for admin_id, person in sorted(people.items()):
        lang = person.language if person is not None else context.settings.default_language
        try:
            await context.bot.send_message(admin_id, t(lang, "instance.conflict_notice", me=me))
        except TelegramError as exc:
            log.warning("could not tell admin %s about the 409 Conflict: %s", admin_id, exc)
