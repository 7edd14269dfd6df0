"""What the staff-management flows (/customers, /teams, /invite, registration) share: flows of buttons
only, run by the engine, and their prompts."""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from typing import Any, NoReturn

from telegram import Update
from telegram.ext import BaseHandler, CommandHandler, ConversationHandler

from handlers.forms import engine, flow
from handlers.forms.spec import Draft, Form, FormAction
from presentation.choices import Choice
from presentation.context import FieldContext
from presentation.i18n import t
from storage import staff as staff_db
from storage.models import Role, Team

Handler = BaseHandler[Update, FieldContext, Any]


def named_id(arg: str) -> int:
    """The row a button names (a team, a customer); 0, nobody's, for anything else (tampered data)."""
    return int(arg) if arg.isdigit() and len(arg) < 10 else 0


async def chosen_team(
    update: Update, context: FieldContext, arg: str, refusal: str, *, allowed: bool = True
) -> Team | None:
    """The team an admin's team button names (`arg`), the press answered; for anyone else, a team gone or
    a press not `allowed` now, `refusal` (a catalog key) in an alert, and None."""
    query = update.callback_query
    assert query is not None
    async with context.db.read() as session:
        team = await staff_db.team_by_id(session, named_id(arg)) if allowed else None
    if team is None or context.me.role != Role.ADMIN:
        await query.answer(t(context.lang, refusal), show_alert=True)
        return None
    await query.answer()
    return team


async def _no_questions(_context: FieldContext, _draft: Draft) -> NoReturn:
    """A chooser opens no preview: the engine refuses preview buttons while none is shown."""
    raise AssertionError("a chooser has no preview to show or submit")


def chooser(name: str, actions: Mapping[str, FormAction]) -> Form:
    """A flow of buttons only (no questions, no preview): the engine lets only the buttons of the prompt
    shown last through, answers Cancel, and hands each other press to `actions` by its action."""
    return Form(
        name=name, steps=lambda _draft: (), preview=_no_questions, submit=_no_questions, actions=actions
    )


async def prompt(
    update: Update, context: FieldContext, form: Form, text: str, rows: Sequence[Sequence[Choice]]
) -> None:
    """A chooser's next prompt, in place of the one whose button was pressed (else a new message): the
    buttons of every earlier prompt become stale."""
    markup = engine.keyboard(form, context, rows)
    if update.callback_query is not None:
        await update.callback_query.edit_message_text(text, reply_markup=markup)
    else:
        await engine.send_pages(update, context, [text], markup)


def conversation(
    name: str, entry: Handler, states: dict[object, flow.Handlers], *fallbacks: Handler
) -> ConversationHandler[FieldContext]:
    """A chooser flow's conversation: its state kept per person and persisted, opened afresh by its entry,
    and /cancel the engine's (as the engine builds a form's, flow.build)."""
    return ConversationHandler(
        entry_points=[entry],
        states=states,
        fallbacks=[CommandHandler("cancel", flow.cancel), *fallbacks],
        allow_reentry=True,
        name=name,
        persistent=True,
    )
