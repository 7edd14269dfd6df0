"""What supervisors and admins receive about urgent feedback and customer complaints: the notice, at once,
with the buttons that fit it now (answered in handlers.feedback_ack and handlers.order_create), and the
summary the rep's preview shares with it."""

from __future__ import annotations

from collections.abc import Sequence
from datetime import datetime
from functools import partial

from telegram import Bot, InlineKeyboardButton, InlineKeyboardMarkup, Message

from domain.settings import Settings
from domain.zones import team_zone
from presentation.buttons import AcknowledgeFeedback, ResolveFeedback
from presentation.delivery import Outcome, Send, deliver_to
from presentation.i18n import Raw, t
from presentation.order_buttons import create_from_feedback_button
from presentation.photo_send import send_kept_photo
from storage import feedback as fb_db
from storage import notice_copies as copies_db
from storage.db import Database
from storage.field_models import Customer, Feedback
from storage.filestore import FileStore
from storage.models import Staff, Team
from storage.notice_models import FeedbackNoticeCopy
from storage.staff import Recipient

# Photos sent along with a notice; the rest stay in the record (a notice should not flood a chat).
PHOTOS_SHOWN = 10


def summary(lang: str, answers: dict[str, object], *, customer: str | None) -> Raw:
    """The body shared by the rep's preview and the supervisors' notices (user text escaped by t())."""
    none = t(lang, "feedback.none")
    kind = str(answers.get("kind", ""))
    category = ""
    if kind == fb_db.FeedbackKind.COMPLAINT and answers.get("category"):
        cat = str(answers["category"])
        dept = fb_db.route(kind, cat) or ""
        category = t(
            lang,
            "feedback.summary_category",
            category=t(lang, f"feedback.category.{cat}"),
            department=t(lang, f"feedback.dept.{dept}"),
        )
    return t(
        lang,
        "feedback.summary",
        kind=t(lang, f"feedback.kind.{kind}"),
        category=Raw(category),
        customer=customer or none,
        product=answers.get("product_model") or none,
        severity=t(lang, f"feedback.severity.{answers.get('severity', fb_db.Severity.NORMAL)}"),
        photos=len(answers.get("photos") or []),  # type: ignore[arg-type]
        description=answers.get("description", ""),
    )


def stored_summary(lang: str, feedback: Feedback, customer: Customer | None) -> Raw:
    """`summary` of a stored row."""
    answers: dict[str, object] = {
        "kind": feedback.kind,
        "category": feedback.complaint_category,
        "product_model": feedback.product_model,
        "severity": feedback.severity,
        "photos": feedback.photo_file_ids,
        "description": feedback.description,
    }
    return summary(lang, answers, customer=customer.name if customer else None)


def local_time(when: datetime, team: Team | None, settings: Settings) -> str:
    """A stored UTC time as the team's wall-clock time."""
    zone = team_zone(team.timezone if team else None, settings.timezone)
    return when.astimezone(zone).strftime("%Y-%m-%d %H:%M")


def notifies(feedback: Feedback) -> bool:
    """Whether the supervisors hear of this feedback at once: batch or critical problems, and every
    complaint (a complaint is often a repair to send someone to)."""
    return feedback.severity in fb_db.URGENT or feedback.kind == fb_db.FeedbackKind.COMPLAINT


def notice_keyboard(lang: str, feedback: Feedback, *, order_id: int | None) -> InlineKeyboardMarkup | None:
    """The buttons a notice shows now: Acknowledge, then Mark resolved (batch and critical feedback only:
    the escalation machinery), and Create work order (a complaint no order was created from yet)."""
    fid = feedback.id or 0
    rows = []
    if feedback.severity in fb_db.URGENT and feedback.resolved_at is None:
        key, data = ("feedback.ack_button", AcknowledgeFeedback(fid).pack())
        if feedback.acknowledged_at is not None:
            key, data = ("feedback.resolve_button", ResolveFeedback(fid).pack())
        rows.append([InlineKeyboardButton(t(lang, key), callback_data=data)])
    if feedback.kind == fb_db.FeedbackKind.COMPLAINT and order_id is None:
        rows.append([create_from_feedback_button(lang, fid)])
    return InlineKeyboardMarkup(rows) if rows else None


def ack_keyboard(lang: str, feedback_id: int) -> InlineKeyboardMarkup:
    """The Acknowledge button alone (an escalation's)."""
    return InlineKeyboardMarkup(
        [
            [
                InlineKeyboardButton(
                    t(lang, "feedback.ack_button"), callback_data=AcknowledgeFeedback(feedback_id).pack()
                )
            ]
        ]
    )


async def tell(
    bot: Bot,
    db: Database,
    to: Recipient,
    text: str,
    markup: InlineKeyboardMarkup | None = None,
    *,
    photos: Sequence[str] = (),
    photo_caption: str = "",
    store: FileStore | None = None,
    copy_of: int | None = None,
    alert_for: int | None = None,
) -> bool:
    """Send one notice, then its photos (from `store` when Telegram no longer knows their file_ids),
    through presentation.delivery; whether all of it arrived. With `copy_of` (a feedback id) or
    `alert_for` (the order a customer's bad answer is about) the delivered notice is recorded, so that every
    copy can show who acts on it (presentation.notice_copies)."""
    chat = to.telegram_id
    sent: list[Message] = []

    async def notice() -> None:
        sent.append(await bot.send_message(chat, text, reply_markup=markup))

    sends: list[Send] = [notice]
    for file_id in photos[:PHOTOS_SHOWN]:
        if store is None:
            sends.append(partial(bot.send_photo, chat, file_id, caption=photo_caption))
        else:
            sends.append(partial(send_kept_photo, bot, db, store, chat, file_id, caption=photo_caption))
    outcome, _ = await deliver_to(db, to, sends)
    # Only a notice Telegram returned is recorded: one that was refused (403, 400) or never got through
    # has no message to edit. Its photos going astray does not undo it.
    if (copy_of is not None or alert_for is not None) and sent:
        async with db.session() as session:
            copies_db.record(
                session,
                FeedbackNoticeCopy(
                    feedback_id=copy_of,
                    order_id=alert_for,
                    staff_id=to.staff_id,
                    chat_id=chat,
                    message_id=sent[0].message_id,
                    language=to.language,
                    html=text,
                ),
            )
    return outcome is Outcome.SENT


def _recipients(people: list[Staff], extra_ids: list[int], default_language: str) -> list[Recipient]:
    seen: dict[int, Recipient] = {p.telegram_id: Recipient.of(p) for p in people}
    for telegram_id in extra_ids:
        seen.setdefault(telegram_id, Recipient(None, telegram_id, "", default_language))
    return list(seen.values())


async def admin_recipients(db: Database, settings: Settings) -> list[Recipient]:
    """Active admins in the database plus the admin ids from the settings."""
    async with db.read() as session:
        people = list(await fb_db.admins(session))
    return _recipients(people, settings.admin_telegram_ids, settings.default_language)


async def notify_supervisors(
    bot: Bot, db: Database, settings: Settings, feedback_id: int, *, store: FileStore | None = None
) -> int:
    """Tell the team's supervisors (or, with none, the admins) about batch or critical feedback, or a
    complaint, at once."""
    async with db.read() as session:
        feedback = await session.get(Feedback, feedback_id)
        assert feedback is not None
        rep, team, customer = await fb_db.feedback_details(session, feedback)
        # A supervisor filing feedback themselves is not the one to acknowledge it.
        supervisors = [
            s for s in await fb_db.supervisors_of(session, feedback.team_id) if s.id != feedback.staff_id
        ]
    recipients = _recipients(supervisors, [], settings.default_language)
    if not recipients:
        everyone = await admin_recipients(db, settings)
        recipients = [r for r in everyone if rep is None or r.telegram_id != rep.telegram_id]
    reached = 0
    for to in recipients:
        text = t(
            to.language,
            "feedback.notice",
            headline=t(to.language, f"feedback.headline.{feedback.severity}"),
            id=feedback_id,
            rep=rep.name if rep else "?",
            team=team.name if team else t(to.language, "feedback.none"),
            time=local_time(feedback.created_at, team, settings),
            summary=stored_summary(to.language, feedback, customer),
        )
        markup = notice_keyboard(to.language, feedback, order_id=None)
        photos = feedback.photo_file_ids
        caption = f"#{feedback_id}"
        reached += await tell(
            bot, db, to, text, markup, photos=photos, photo_caption=caption, store=store, copy_of=feedback_id
        )
    return reached
