"""Test data and driver helpers for /feedback."""

from __future__ import annotations

from collections.abc import Sequence
from datetime import datetime
from typing import Any

from sqlmodel import col, select

from handlers.forms.engine import FormButton
from localbotapi.driver import TelegramUser
from localbotapi.models import SentMessage
from localbotapi.server import LocalBotApiServer
from presentation.i18n import t
from storage.db import Database
from storage.field_models import Customer, Feedback
from storage.models import Staff, Team


async def make_customer(
    db: Database, team: Team, name: str, *, created_at: datetime | None = None
) -> Customer:
    """A customer of `team`."""
    async with db.session() as session:
        customer = Customer(team_id=team.id or 0, name=name, created_at=created_at or db.clock.now())
        session.add(customer)
        await session.flush()
        return customer


async def make_feedback(db: Database, staff: Staff, **fields: Any) -> Feedback:
    """A stored piece of feedback, straight into the table (for the digest queries)."""
    async with db.session() as session:
        values: dict[str, Any] = {"kind": "quality", "description": "x", **fields}
        feedback = Feedback(staff_id=staff.id or 0, team_id=staff.team_id, **values)
        session.add(feedback)
        await session.flush()
        return feedback


async def all_feedback(db: Database) -> Sequence[Feedback]:
    """Every stored piece of feedback, oldest first."""
    async with db.session() as session:
        return (await session.exec(select(Feedback).order_by(col(Feedback.id)))).all()


async def staff_row(db: Database, telegram_id: int) -> Staff:
    """A person as stored now."""
    async with db.session() as session:
        person = (await session.exec(select(Staff).where(Staff.telegram_id == telegram_id))).first()
        assert person is not None
        return person


async def opened(api: LocalBotApiServer, telegram_id: int, name: str) -> TelegramUser:
    """A person who has opened a chat with the bot (Telegram refuses messages to anyone else)."""
    user = api.user(telegram_id, name)
    await user.send_command("/help")
    await user.next_message()
    user.skip_pending()
    return user


async def said(user: TelegramUser, text: str) -> SentMessage:
    """The next bot message, which must contain `text`."""
    message = await user.next_message()
    assert text in message.text, user.transcript()
    return message


async def edit(rep: TelegramUser, preview: SentMessage, part: str) -> None:
    """Edit under the preview, then the part to change (the list replaces the preview's buttons)."""
    await rep.press(preview, "✏️ Edit")
    await rep.wait_until(lambda: any(b["text"] == part for b in preview.inline_buttons()))
    await rep.press(preview, part)


def forged(prompt: SentMessage, action: str, arg: str = "-") -> str:
    """A button of `prompt`'s form as a tampering client would make it (with the prompt's real token)."""
    real = FormButton.unpack(prompt.inline_buttons()[0]["callback_data"])
    assert real is not None, prompt.inline_buttons()
    return FormButton(real.form, action, arg, real.token).pack()


async def file_feedback(
    rep: TelegramUser,
    *,
    kind: str,
    category: str | None = None,
    customer: str | None = None,
    product: str | None = None,
    description: str = "Pump leaks oil after 200 hours",
    photos: int = 0,
    severity: str = "Normal",
    has_customers: bool = False,
) -> SentMessage:
    """Go through /feedback with English button labels up to the preview; returns the preview."""
    await rep.send_command("/feedback")
    await rep.press(await said(rep, "What do you want to report?"), kind)
    if category is not None:
        await rep.press(await said(rep, "What is the complaint about?"), category)
    if has_customers:
        await rep.press(await said(rep, "Which customer"), customer or "Skip")
    ask_product = await said(rep, "Which product model?")
    if product is None:
        await rep.press(ask_product, "Skip")
    else:
        await rep.send_text(product)
    await said(rep, "Describe it")
    await rep.send_text(description)
    ask_photos = await said(rep, "Send photos")
    for number in range(1, photos + 1):
        await rep.send_photo()
        await said(rep, f"Photo {number} added")
    await rep.press(ask_photos, t("en", "forms.done"))
    await rep.press(await said(rep, "How serious is it?"), severity)
    return await said(rep, "Please check before submitting")
