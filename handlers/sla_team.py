"""The team a /sla button names, if this person sets its service levels: one check for the table, the
form of one line's hours and the working-day form, and one guard for their buttons."""

from __future__ import annotations

import functools
from collections.abc import Awaitable, Callable, Coroutine
from dataclasses import dataclass
from typing import Any, TypeVar

from telegram import CallbackQuery, Update

from domain.orders import HoursKind, OrderCategory, Priority
from handlers.forms import engine
from presentation.buttons import SlaButton
from presentation.context import FieldContext
from storage.models import Role, Team
from storage.order_lookup import teams_of

R = TypeVar("R")


@dataclass(frozen=True)
class SlaPress:
    """A checked press of an /sla button: the query to answer, the button, and the team it names."""

    query: CallbackQuery
    button: SlaButton
    team: Team


Pressed = Callable[[Update, FieldContext, SlaPress], Awaitable[R]]
Checked = Callable[[Update, FieldContext], Coroutine[Any, Any, R | None]]


async def sla_team(context: FieldContext, team_id: int) -> Team | None:
    """The team, if this person sets its service levels (a supervisor their own, an admin any)."""
    me = context.me
    if me.role not in (Role.SUPERVISOR, Role.ADMIN) or (me.role == Role.SUPERVISOR and me.team_id != team_id):
        return None
    async with context.db.read() as session:
        found = await teams_of(session, [team_id]) if team_id > 0 else []
    return found[0] if found else None


def sla_press(*actions: str) -> Callable[[Pressed[R]], Checked[R]]:
    """A handler of the /sla buttons doing one of `actions`, given the checked press; a stale, tampered or
    foreign press is told so and goes no further."""

    def wrap(handler: Pressed[R]) -> Checked[R]:
        @functools.wraps(handler)
        async def checked(update: Update, context: FieldContext) -> R | None:
            query = update.callback_query
            assert query is not None
            data = SlaButton.unpack(query.data)
            ok = data is not None and data.action in actions and _well_formed(data)
            team = await sla_team(context, data.team_id) if data is not None and ok else None
            if data is None or team is None:
                await engine.stale(update, context)
                return None
            return await handler(update, context, SlaPress(query, data, team))

        return checked

    return wrap


def _well_formed(data: SlaButton) -> bool:
    """The values are ones the /sla table offers (a category and priority to edit, a kind of hours)."""
    if data.action == "edit":
        return data.category in set(OrderCategory) and data.priority in set(Priority)
    if data.action == "kind":
        return data.category in set(HoursKind)
    return True
