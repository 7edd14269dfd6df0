"""One open flow per person, recorded by us and read by the busy guard.

PTB keeps each ConversationHandler's state in private attributes and offers no public "is this person in
this conversation". So every conversation is registered through `tracked`, which records in the person's
user data (persisted with their drafts) the name of the conversation a callback leaves them in, and forgets
it when a callback ends the conversation. The busy guard reads only that record and the conversations'
public check_update / handle_update.
"""

from __future__ import annotations

from collections.abc import Awaitable, Callable, Sequence
from typing import Any

from telegram import Update
from telegram.ext import ApplicationHandlerStop, BaseHandler, ConversationHandler, TypeHandler

from handlers.forms.engine import FLOW
from presentation.context import FieldContext
from presentation.i18n import t

Callback = Callable[[Update, FieldContext], Awaitable[Any]]


def _recording(callback: Callback, name: str) -> Callback:
    """`callback`, recording afterwards whether the person is left in conversation `name`."""

    async def recorded(update: Update, context: FieldContext) -> Any:
        result = await callback(update, context)
        if context.user_data is not None:
            if result == ConversationHandler.END:
                if context.user_data.get(FLOW) == name:
                    context.user_data.pop(FLOW, None)
            elif result is not None:
                context.user_data[FLOW] = name
        return result

    return recorded


def tracked(conversation: ConversationHandler[Any]) -> ConversationHandler[Any]:
    """The same conversation, its every callback recording the person's open flow (see module doc)."""
    name = conversation.name
    if name is None:
        raise ValueError("a tracked conversation needs a name")
    handlers: list[BaseHandler[Any, Any, Any]] = [*conversation.entry_points, *conversation.fallbacks]
    for state_handlers in conversation.states.values():
        handlers += state_handlers
    for handler in handlers:
        handler.callback = _recording(handler.callback, name)  # type: ignore[assignment]
    return conversation


def busy_guard(
    conversations: Sequence[ConversationHandler[Any]],
    finish: Callable[[Update, FieldContext], Awaitable[None]],
) -> TypeHandler[Update, FieldContext, None]:
    """Stop an update that would open a second conversation over the person's open one.

    The open conversation gets the first say (its steps and fallbacks, /cancel included). Only if it does
    not take the update and another conversation would start from it does the person hear "finish or
    /cancel first". `finish` marks the update handled (the gate's flush).
    """
    by_name = {c.name: c for c in conversations}

    async def guard(update: Update, context: FieldContext) -> None:
        name = context.user_data.get(FLOW) if context.user_data is not None else None
        current = by_name.get(name)
        if current is None:
            return
        others = [c for c in conversations if c is not current]
        check = current.check_update(update)
        if check is not None and check is not False:
            if any(c.check_update(update) for c in others):
                # Both would take it, and in group 0 the one registered first would win: the open one must.
                await current.handle_update(update, context.application, check, context)
                await finish(update, context)
                raise ApplicationHandlerStop
            return
        if any(c.check_update(update) for c in others):
            text = t(context.lang, "common.finish_first")
            if update.callback_query is not None:
                await update.callback_query.answer(text, show_alert=True)
            elif update.effective_message is not None:
                await update.effective_message.reply_text(text)
            await finish(update, context)
            raise ApplicationHandlerStop

    return TypeHandler(Update, guard)


async def busy_elsewhere(update: Update, context: FieldContext, mine: str) -> bool:
    """If the person has another flow open, say "finish it first" and return True.

    For entry points that the guard cannot see coming (a button or a bare location starting a flow).
    """
    name = context.user_data.get(FLOW) if context.user_data is not None else None
    if name is None or name == mine:
        return False
    text = t(context.lang, "common.finish_first")
    if update.callback_query is not None:
        await update.callback_query.answer(text, show_alert=True)
    elif update.effective_message is not None:
        await update.effective_message.reply_text(text)
    return True


async def hand_over(update: Update, context: FieldContext, mine: str) -> bool:
    """Give an update to the person's open flow if that flow takes it (a location as a customer's site),
    rather than let an entry point registered earlier (a bare location starts /checkin) take it."""
    name = context.user_data.get(FLOW) if context.user_data is not None else None
    if name is None or name == mine:
        return False
    for handler in context.application.handlers.get(0, []):
        if isinstance(handler, ConversationHandler) and handler.name == name:
            check = handler.check_update(update)
            if check is not None and check is not False:
                await handler.handle_update(update, context.application, check, context)
                return True
    return False
