"""Registration by invite link: /start <token>, confirm the name, share a phone number (or skip)."""

from __future__ import annotations

from telegram import Update
from telegram.ext import CommandHandler, ConversationHandler, MessageHandler, filters

from gate.checks import refuse
from handlers.forms import engine, flow
from handlers.staff_common import chooser, conversation, prompt
from presentation.context import FieldContext
from presentation.delivery import deliver
from presentation.i18n import all_texts, t
from presentation.invite_text import inviter_notice, phone_keyboard, registered
from presentation.menus import set_personal_commands
from storage import staff as staff_db

NAME, PHONE = "registration.name", "registration.phone"
DRAFT = "registration"
# Names are shown to supervisors and in reports: any script and punctuation (the gate has already made
# control characters spaces, see domain.text.scrub).
NAME_MAX = 64


async def start(update: Update, context: FieldContext) -> str | int:
    """Check the invite in the link and ask the person to confirm their name."""
    assert update.message is not None and update.effective_user is not None
    if context.staff is not None:
        await update.message.reply_text(t(context.lang, "reg.already", name=context.staff.name))
        return ConversationHandler.END
    user = update.effective_user
    token = (context.args or [""])[0]
    async with context.db.session() as session:
        invite = await staff_db.claim_invite(session, token, user.id)
        if invite is None:
            await staff_db.audit(session, telegram_id=user.id, event="invite_refused")
    if invite is None:
        await refuse(update, context)
        return ConversationHandler.END
    draft = context.draft(DRAFT)
    draft.clear()
    draft.update(invite_id=invite.id, name=user.full_name[:NAME_MAX])
    return await _ask_name(update, context)


async def _ask_name(update: Update, context: FieldContext) -> str:
    text = t(context.lang, "reg.confirm_name", name=context.draft(DRAFT).get("name", ""))
    await prompt(update, context, FORM, text, [[(t(context.lang, "reg.keep_name"), "keep", "-")]])
    return NAME


async def _ask_phone(update: Update, context: FieldContext) -> str:
    """Ask for the phone number, as a new message: the reply keyboard cannot go on an edited one."""
    text = t(context.lang, "reg.ask_phone", name=context.draft(DRAFT).get("name", ""))
    await engine.send_pages(update, context, [text], phone_keyboard(context.lang))
    return PHONE


async def _keep_name(update: Update, context: FieldContext, _arg: str) -> str:
    """The Telegram name is fine: go on to the phone number."""
    await engine.close_press(update)
    return await _ask_phone(update, context)


async def typed_name(update: Update, context: FieldContext) -> str:
    """Use the name the person typed, if it is a plausible name."""
    assert update.message is not None and update.message.text is not None
    name = " ".join(update.message.text.split())
    if not name or len(name) > NAME_MAX:
        await update.message.reply_text(t(context.lang, "reg.name_invalid", limit=NAME_MAX))
        return NAME
    context.draft(DRAFT)["name"] = name
    return await _ask_phone(update, context)


async def shared_contact(update: Update, context: FieldContext) -> str | int:
    """Take the phone number, but only the person's own."""
    assert update.message is not None and update.message.contact is not None
    assert update.effective_user is not None
    contact = update.message.contact
    if contact.user_id != update.effective_user.id:
        await update.message.reply_text(t(context.lang, "reg.not_own_contact"))
        return PHONE
    return await _finish(update, context, phone=contact.phone_number[:32])


async def skipped_phone(update: Update, context: FieldContext) -> str | int:
    """Register without a phone number."""
    return await _finish(update, context, phone=None)


async def _finish(update: Update, context: FieldContext, *, phone: str | None) -> int:
    assert update.message is not None and update.effective_user is not None
    draft = context.draft(DRAFT)
    user = update.effective_user
    async with context.db.session() as session:
        person = await staff_db.complete_registration(
            session,
            invite_id=int(draft.get("invite_id", 0)),
            telegram_id=user.id,
            name=str(draft.get("name") or user.full_name)[:NAME_MAX],
            phone=phone,
            language=context.lang,
        )
        inviter = None
        if person is not None:
            await staff_db.audit(session, telegram_id=user.id, event="registered", detail=person.role)
            inviter = await staff_db.inviter_of(session, int(draft.get("invite_id", 0)))
    if person is None:  # not registered: the phone keyboard goes, no menu comes
        return await flow.finish(update, context, DRAFT, t(context.lang, "access.refused"))
    context.staff = person
    # Everyone gets their role's main menu straight away (managers: their team's orders).
    ended = await flow.finish(update, context, DRAFT, registered(context.lang, person))
    await set_personal_commands(context.bot, person)
    if inviter is not None and inviter.active:
        await deliver(context.bot, inviter.telegram_id, inviter_notice(inviter.language, person))
    return ended


# The name prompt's Keep button: only that prompt's gets through (the engine's stale rule).
FORM = chooser(DRAFT, {"keep": _keep_name})


def build() -> ConversationHandler[FieldContext]:
    """The registration conversation."""
    skip = filters.Text(sorted(all_texts("reg.skip")))
    return conversation(
        DRAFT,
        CommandHandler("start", start, has_args=True),
        {
            NAME: [
                *flow.own_buttons(FORM),
                MessageHandler(filters.TEXT & ~filters.COMMAND, typed_name),
                MessageHandler(~filters.COMMAND, flow.hint("reg.name_expected")),
            ],
            PHONE: [
                MessageHandler(filters.CONTACT, shared_contact),
                MessageHandler(skip, skipped_phone),
                MessageHandler(~filters.COMMAND, flow.hint("reg.phone_expected")),
            ],
        },
    )
