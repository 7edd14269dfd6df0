"""One open flow per person, recorded by us and read by the busy guard.

PTB keeps each ConversationHandler's state in private attributes and offers no public "is this person in
this conversation". So every conversation is registered through `tracked`, which records in the person's
user data (persisted with their drafts) the name of the conversation a callback leaves them in, and forgets
it when a callback ends the conversation. The busy guard reads only that record and the conversations'
public check_update / handle_update.

`tracked` also notes, per person, the state each callback returns (what PTB stores for that person's key),
so the gate's flush writes a changed state with the update that changed it (`unwritten_states`).
"""

from __future__ import annotations

from collections.abc import Awaitable, Callable, Sequence
from typing import Any

from telegram import Update
from telegram.ext import ApplicationHandlerStop, BaseHandler, ConversationHandler, TypeHandler

from presentation.context import FieldContext
from presentation.i18n import t
from storage.person_state import ConversationState

Callback = Callable[[Update, FieldContext], Awaitable[Any]]

FLOW = "flow"  # user_data key: the name of the flow the person has open (written by handlers.forms.engine)
STATES = "conversation_states"  # bot_data: {user id: {conversation name: (key, state or None)}}


def _key(conversation: ConversationHandler[Any], update: Update) -> tuple[int | str, ...] | None:
    """The key PTB files this update's conversation state under (from its public per_chat / per_user)."""
    chat, user = update.effective_chat, update.effective_user
    key: list[int | str] = []
    if conversation.per_chat:
        if chat is None:
            return None
        key.append(chat.id)
    if conversation.per_user:
        if user is None:
            return None
        key.append(user.id)
    return tuple(key)


def _note_state(
    conversation: ConversationHandler[Any], update: Update, context: FieldContext, result: object
) -> None:
    """Note the state PTB keeps for this person after a callback returned `result` (None: unchanged)."""
    key, user = _key(conversation, update), update.effective_user
    if result is None or key is None or user is None:
        return
    state = None if result == ConversationHandler.END else result
    person: dict[str, tuple[tuple[int | str, ...], object]] = context.bot_data.setdefault(
        STATES, {}
    ).setdefault(user.id, {})
    person[str(conversation.name)] = (key, state)


def unwritten_states(context: FieldContext, user_id: int) -> list[ConversationState]:
    """The person's conversation states noted since their last flush committed."""
    person = context.bot_data.get(STATES, {}).get(user_id, {})
    return [(name, key, state) for name, (key, state) in person.items()]


def states_written(context: FieldContext, user_id: int, states: Sequence[ConversationState]) -> None:
    """Forget the noted states a committed flush wrote (or found already written)."""
    noted = context.bot_data.get(STATES, {})
    person = noted.get(user_id, {})
    for name, key, state in states:
        if person.get(name) == (key, state):
            del person[name]
    if not person:
        noted.pop(user_id, None)


def _recording(callback: Callback, conversation: ConversationHandler[Any]) -> Callback:
    """`callback`, recording afterwards whether the person is left in `conversation`, and in which state."""
    name = conversation.name

    async def recorded(update: Update, context: FieldContext) -> Any:
        try:
            result = await callback(update, context)
        except ApplicationHandlerStop as stop:  # PTB takes the state from it, so do we
            _note_state(conversation, update, context, stop.state)
            raise
        _note_state(conversation, update, context, result)
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
    if conversation.name is None or conversation.per_message or conversation.conversation_timeout:
        # A state PTB would set with no callback returning it (per message, on a timeout) could not be noted.
        raise ValueError(
            "a tracked conversation needs a name, no timeout and a state per person, not per message"
        )
    handlers: list[BaseHandler[Any, Any, Any]] = [*conversation.entry_points, *conversation.fallbacks]
    for state_handlers in conversation.states.values():
        handlers += state_handlers
    for handler in handlers:
        handler.callback = _recording(handler.callback, conversation)  # type: ignore[assignment]
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
