"""The team a /sla button names, if this person sets its service levels: one check for the table, the
form of one line's hours and the working-day form."""

from __future__ import annotations

from telegram import CallbackQuery, Update

from handlers.forms import engine
from presentation.context import FieldContext
from presentation.order_buttons import SlaButton
from storage.models import Role, Team
from storage.order_lookup import teams_of


async def sla_team(context: FieldContext, team_id: int) -> Team | None:
    """The team, if this person sets its service levels (a supervisor their own, an admin any)."""
    me = context.me
    if me.role not in (Role.SUPERVISOR, Role.ADMIN) or (me.role == Role.SUPERVISOR and me.team_id != team_id):
        return None
    async with context.db.session() as session:
        found = await teams_of(session, [team_id]) if 0 < team_id < 2**31 else []
    return found[0] if found else None


async def pressed_team(
    update: Update, context: FieldContext, *actions: str
) -> tuple[CallbackQuery, SlaButton, Team] | None:
    """The pressed /sla button (one of `actions`) and its team; None once a stale, tampered or foreign
    press has been told so."""
    query = update.callback_query
    assert query is not None
    data = SlaButton.unpack(query.data)
    team = await sla_team(context, data.team_id) if data is not None and data.action in actions else None
    if data is None or team is None:
        await engine.stale(update, context)
        return None
    return query, data, team
