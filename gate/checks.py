"""What every update passes through before and after the features.

Registered in bot.app in these groups, lowest first:
  INBOX  record the update; drop redeliveries (Telegram is at-least-once);
  PRIVATE  fieldbot works in private chats only;
  ACCESS  only registered, active staff get further (plus someone registering with an invite);
  BUSY  someone in the middle of one conversation cannot start another by accident (gate.busy);
  FLUSH  after every feature: write conversation state and typed answers, then mark the update done.
"""

from __future__ import annotations

import logging

from sqlmodel.ext.asyncio.session import AsyncSession
from telegram import Update
from telegram.constants import ChatType
from telegram.ext import ApplicationHandlerStop, BaseHandler, TypeHandler

from domain.flood import FloodGuard, Verdict
from domain.text import scrub
from gate.flush import flush, group_commit
from gate.intake import InboxQueue
from presentation.context import FieldContext
from presentation.i18n import language_for, t
from presentation.menus import set_personal_commands
from storage import customer_links, inbox
from storage import staff as staff_db
from storage.models import Role, Staff

log = logging.getLogger(__name__)

INBOX, PRIVATE, ACCESS, BUSY, FLUSH = -30, -20, -10, -5, 100
FLOOD_GUARD = "flood_guard"


async def receive(update: Update, context: FieldContext) -> None:
    """Store the update first (unless gate.intake did); stop if it was handled or its sender floods."""
    queue = context.application.update_queue
    if isinstance(queue, InboxQueue) and update.update_id in queue.stored:
        queue.stored.discard(update.update_id)  # stored, deduplicated and cleaned as it arrived
        if update.update_id in queue.recheck:
            queue.recheck.discard(update.update_id)
            # A redelivery fetched while the first copy was still being handled looked unfinished then;
            # its turn in the person's lane comes after that copy is done, so ask again now. (An update
            # the inbox had not seen before needs no such question: one read less per update.)
            async with context.db.read() as session:
                if await inbox.is_done(session, update.update_id):
                    log.info("update %s was already handled; ignoring the redelivery", update.update_id)
                    raise ApplicationHandlerStop
    else:
        await _store(update, context)
    await _limit_rate(update, context)


async def _store(update: Update, context: FieldContext) -> None:
    """Store an update that did not come through gate.intake (a test's process_update, a replay)."""
    payload = update.to_dict()
    cleaned = scrub(payload)
    async with context.db.session() as session:
        fresh = await inbox.receive(session, update.update_id, cleaned)
    if not fresh:
        log.info("update %s was already handled; ignoring the redelivery", update.update_id)
        raise ApplicationHandlerStop
    if cleaned != payload:
        # Control characters (a NUL pasted into a description) would fail on PostgreSQL and be stored on
        # SQLite: every feature gets the cleaned update instead, the same on both databases.
        log.info("update %s: control characters replaced by spaces", update.update_id)
        clean_update = Update.de_json(cleaned, context.bot)
        if clean_update is not None:
            await context.application.process_update(clean_update)
        raise ApplicationHandlerStop


async def _limit_rate(update: Update, context: FieldContext) -> None:
    """Drop what one person sends beyond their rate (domain.flood), saying "slow down" once, so that one
    person's flood cannot keep their lane, the database and Telegram's sending limit busy for minutes."""
    user = update.effective_user
    if user is None:
        return
    guard: FloodGuard = context.bot_data.setdefault(FLOOD_GUARD, FloodGuard())
    verdict = guard.check(user.id)
    if verdict is Verdict.PASS:
        return
    if verdict is Verdict.DROP_AND_WARN:
        log.warning(
            "user %s sends faster than %s updates/s; dropping their updates until they slow down",
            user.id,
            guard.rate,
        )
        chat = update.effective_chat
        if chat is not None and chat.type == ChatType.PRIVATE:
            lang = language_for(user.language_code, context.settings.default_language)
            await context.bot.send_message(chat.id, t(lang, "flood.slow_down"))
    log.debug("update %s dropped: its sender is flooding", update.update_id)
    await _stop_here(update, context)


async def _stop_here(update: Update, context: FieldContext, *, event: str | None = None) -> None:
    """End handling of an update that goes no further, leaving only an audit line behind."""

    async def write(session: AsyncSession) -> None:
        if event is not None:
            await staff_db.audit(
                session,
                telegram_id=update.effective_user.id if update.effective_user else None,
                event=event,
                detail=_kind(update),
            )
        await inbox.finish(session, update.update_id)

    # Shared with the flushes of the moment: a flood's dropped updates cost one transaction, not one each.
    await group_commit(context).run(write)
    raise ApplicationHandlerStop


def _kind(update: Update) -> str:
    """What sort of update this was, without any of its content."""
    for name in ("message", "edited_message", "callback_query", "my_chat_member", "inline_query"):
        if getattr(update, name, None) is not None:
            return name
    return "other"


async def private_only(update: Update, context: FieldContext) -> None:
    """In groups, say once that fieldbot works in private chats, then stay silent there."""
    chat = update.effective_chat
    if chat is not None and chat.type == ChatType.PRIVATE:
        return
    if chat is not None and update.effective_message is not None:
        async with context.db.session() as session:
            noted = await staff_db.has_audit(session, telegram_id=chat.id, event="group_note")
            if not noted:
                await staff_db.audit(session, telegram_id=chat.id, event="group_note")
        if not noted:
            user = update.effective_user
            lang = language_for(user.language_code if user else None, context.settings.default_language)
            await context.bot.send_message(chat.id, t(lang, "group.private_only"))
    await _stop_here(update, context)


def _is_registration_attempt(update: Update) -> bool:
    message = update.message
    return bool(message and message.text and message.text.startswith("/start ") and len(message.text) > 7)


async def check_access(update: Update, context: FieldContext) -> None:
    """Let registered, active staff through; refuse everyone else politely, storing nothing they sent."""
    user = update.effective_user
    if user is None:
        await _stop_here(update, context)
        return
    bootstrap = user.id in context.settings.admin_telegram_ids
    # Nearly every update only reads here: a read session does not queue behind SQLite's one writer, and
    # needs no snapshot (each answer is as of its own statement; a bootstrap asks again under the lock).
    async with context.db.glance() as session:
        person = await staff_db.staff_by_telegram_id(session, user.id)
        registering = (
            person is None
            and not bootstrap
            and (
                _is_registration_attempt(update)
                or await staff_db.pending_invite_for(session, user.id) is not None
                # A customer answering for a finished work order: handlers.customer_link takes it.
                or await customer_links.holds_session(session, user.id, context.now())
            )
        )
    if person is None and bootstrap:
        async with context.db.session() as session:
            # Asked again under the write lock: the read above may be older than another copy's write.
            person = await staff_db.staff_by_telegram_id(session, user.id)
            if person is None:
                # ADMIN_TELEGRAM_IDS bootstrap the first admins: they become staff on first contact, so
                # a fresh installation needs no CLI step before someone can send invites. A deactivated
                # admin stays deactivated (person is not None then).
                person = await staff_db.add_staff(
                    session,
                    telegram_id=user.id,
                    name=user.full_name[:64],
                    role=Role.ADMIN,
                    team_id=None,
                    language=language_for(user.language_code, context.settings.default_language),
                )
                await staff_db.audit(session, telegram_id=user.id, event="admin_bootstrapped")
    if person is not None and person.active:
        context.staff, context.lang = person, person.language
        await _ensure_menu(context, person)
        if person.unreachable and person.id is not None:
            # They are writing to us, so they have unblocked the bot: reminders reach them again.
            async with context.db.session() as session:
                await staff_db.mark_reachable(session, person.id)
            person.unreachable = False
        return
    context.lang = language_for(user.language_code, context.settings.default_language)
    if registering:
        return
    await refuse(update, context)
    await _stop_here(update, context, event="refused" if person is None else "refused_inactive")


async def _ensure_menu(context: FieldContext, person: Staff) -> None:
    """Give the person the command menu of their role and language if they do not have it yet.

    People added with the admin CLI never went through registration, and a role can change; keeping
    what was last set in their (persisted) user data costs one Bot API call per change, not per update.
    """
    wanted = f"{person.role}:{person.language}"
    if context.user_data is not None and context.user_data.get("menu") != wanted:
        await set_personal_commands(context.bot, person)
        context.user_data["menu"] = wanted


async def refuse(update: Update, context: FieldContext) -> None:
    """The one answer strangers, deactivated staff and bad invite links all get."""
    text = t(context.lang, "access.refused")
    if update.callback_query is not None:
        await update.callback_query.answer(text[:200], show_alert=True)
    elif update.effective_chat is not None and update.message is not None:
        await context.bot.send_message(update.effective_chat.id, text)


def gate_handlers() -> list[tuple[int, BaseHandler[Update, FieldContext, None]]]:
    """The gate's handlers with the group each belongs in (the busy guard is added once the
    conversations exist, see bot.app)."""
    return [
        (INBOX, TypeHandler(Update, receive)),
        (PRIVATE, TypeHandler(Update, private_only)),
        (ACCESS, TypeHandler(Update, check_access)),
        (FLUSH, TypeHandler(Update, flush)),
    ]
