"""Test data for /visit: customers, check-ins and visit records made directly with the models."""

from __future__ import annotations

from collections.abc import Sequence
from datetime import datetime
from typing import Any

from sqlmodel import col, select

from handlers.forms.engine import FormButton
from handlers.visit import PickCustomer
from localbotapi.driver import TelegramUser
from localbotapi.models import SentMessage
from storage.db import Database
from storage.field_models import CheckIn, Customer, VisitRecord
from storage.models import Staff, Team

SITE = (31.2304, 121.4737)


async def add_customer(db: Database, team: Team, name: str) -> Customer:
    """A customer of `team`."""
    async with db.session() as session:
        customer = Customer(team_id=team.id or 0, name=name, latitude=SITE[0], longitude=SITE[1])
        session.add(customer)
        await session.flush()
        return customer


async def add_check_in(
    db: Database, staff: Staff, customer: Customer, at: datetime, out: datetime | None = None
) -> CheckIn:
    """A check-in of `staff` at `customer`, open unless `out` is given."""
    async with db.session() as session:
        checkin = CheckIn(
            staff_id=staff.id or 0,
            customer_id=customer.id,
            checked_in_at=at,
            checked_out_at=out,
            latitude=SITE[0],
            longitude=SITE[1],
        )
        session.add(checkin)
        await session.flush()
        return checkin


async def add_visit(
    db: Database, staff: Staff, customer: Customer, at: datetime, **fields: Any
) -> VisitRecord:
    """A filed visit record."""
    values: dict[str, Any] = {"visit_type": "regular", "result": "resolved", **fields}
    async with db.session() as session:
        visit = VisitRecord(staff_id=staff.id or 0, customer_id=customer.id or 0, visited_at=at, **values)
        session.add(visit)
        await session.flush()
        return visit


async def stored_visits(db: Database) -> Sequence[VisitRecord]:
    """Every visit record, oldest first."""
    async with db.session() as session:
        return (await session.exec(select(VisitRecord).order_by(col(VisitRecord.id)))).all()


async def reply(user: TelegramUser, text: str) -> SentMessage:
    """Type `text` and return the bot's next message."""
    await user.send_text(text)
    return await user.next_message()


async def tap(user: TelegramUser, message: SentMessage, button: str) -> SentMessage:
    """Press a button and return the bot's next message."""
    await user.press(message, button)
    return await user.next_message()


def token_of(message: SentMessage) -> str:
    """The staleness token the form engine put in the buttons of `message`."""
    for button in message.inline_buttons():
        for kind in (FormButton, PickCustomer):
            data = kind.unpack(button.get("callback_data"))
            if data is not None:
                return data.token
    raise AssertionError(f"no form button on message {message.message_id}")


async def edit_part(user: TelegramUser, preview: SentMessage, part: str) -> SentMessage:
    """Press Edit under the preview, then the part to change; the bot's question for it."""
    await user.press(preview, "✏️ Edit")
    await user.wait_until(lambda: part in [b["text"] for b in preview.inline_buttons()])
    return await tap(user, preview, part)
