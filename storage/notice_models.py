"""Each delivered copy of a feedback notice: where it is (chat and message) and how it reads now."""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import BigInteger, Column, String, Text, UniqueConstraint
from sqlmodel import Field

from storage.table import Table
from storage.types import stamped


class FeedbackNoticeCopy(Table, table=True):
    """One supervisor's or admin's copy of a feedback notice, kept so that when one of them acts every
    copy can be edited to show it (a copy Telegram did not deliver is never recorded).

    A copy of the alert about a customer's bad answer on a work order has `order_id` and no `feedback_id`
    until someone turns the answer into a complaint; from then on it is a copy of that complaint's notice."""

    __table_args__ = (UniqueConstraint("chat_id", "message_id"),)

    feedback_id: int | None = Field(default=None, foreign_key="feedback.id", index=True)
    order_id: int | None = Field(default=None, foreign_key="work_order.id", index=True)
    # None: an admin known only from ADMIN_TELEGRAM_IDS, who has no staff row.
    staff_id: int | None = Field(default=None, foreign_key="staff.id")
    chat_id: int = Field(sa_column=Column(BigInteger, nullable=False))
    message_id: int = Field(sa_column=Column(BigInteger, nullable=False))
    # The notice's language: its status lines are written in it, so a copy never mixes two.
    language: str = Field(sa_type=String(8))
    # The HTML the copy shows now: the Bot API cannot read a message back, and each new status line is
    # appended to it.
    html: str = Field(default="", sa_type=Text)
    sent_at: datetime = stamped()
