"""Tables for work orders: the order, its timeline, its SLA targets, the team's service levels, the
customer's one-time link and the monthly order rates.

States, categories and other vocabularies are short strings validated by domain.orders' enums.
"""

from __future__ import annotations

from datetime import date, datetime
from decimal import Decimal
from typing import Any

from sqlalchemy import JSON, BigInteger, Column, Index, Numeric, String, Text, UniqueConstraint, text
from sqlmodel import Field

from domain.orders import HoursKind, OrderState, Priority
from storage.table import Table
from storage.types import UTCDateTime, stamped


class WorkOrder(Table, table=True):
    """A repair or service request (报修单), from creation to the customer's rating."""

    # Every list of orders is per team and state (the supervisor's /orders, the digest).
    __table_args__ = (Index("ix_work_order_team_state", "team_id", "state"),)

    team_id: int = Field(foreign_key="team.id")
    customer_id: int = Field(foreign_key="customer.id", index=True)
    contact_name: str | None = Field(default=None, sa_type=String(64))
    contact_phone: str | None = Field(default=None, sa_type=String(32))
    product_model: str | None = Field(default=None, sa_type=String(100))
    serial_number: str | None = Field(default=None, sa_type=String(100))
    fault: str = Field(default="", sa_type=Text)
    category: str = Field(sa_type=String(32))
    priority: str = Field(default=Priority.NORMAL, sa_type=String(16))
    photo_file_ids: list[str] = Field(default_factory=list, sa_type=JSON)
    state: str = Field(default=OrderState.NEW, sa_type=String(16))
    assignee_id: int | None = Field(default=None, foreign_key="staff.id", index=True)
    created_by_id: int | None = Field(default=None, foreign_key="staff.id")
    source: str = Field(default="bot", sa_type=String(16))
    # One order per complaint (0009): two supervisors racing from the same notice cannot both make one.
    feedback_id: int | None = Field(default=None, foreign_key="feedback.id", index=True, unique=True)
    fee_amount: Decimal | None = Field(default=None, sa_type=Numeric(10, 2))
    fee_quoted_at: datetime | None = Field(default=None, sa_type=UTCDateTime)
    receipt_number: str | None = Field(default=None, sa_type=String(64))
    taken_items: str | None = Field(default=None, sa_type=Text)
    visit_record_id: int | None = Field(default=None, foreign_key="visit_record.id")
    check_in_id: int | None = Field(default=None, foreign_key="check_in.id")
    cancel_reason: str | None = Field(default=None, sa_type=Text)
    created_at: datetime = stamped()
    updated_at: datetime | None = Field(default=None, sa_type=UTCDateTime)
    done_at: datetime | None = Field(default=None, sa_type=UTCDateTime, index=True)
    customer_confirmed: bool | None = None
    customer_comment: str | None = Field(default=None, sa_type=Text)
    rating: int | None = None
    # The satisfaction rate reads a month of ratings through this index.
    rated_at: datetime | None = Field(default=None, sa_type=UTCDateTime, index=True)


class WorkOrderEvent(Table, table=True):
    """One step of an order's timeline, written in the same transaction as the step itself."""

    order_id: int = Field(foreign_key="work_order.id", index=True)
    at: datetime = stamped()
    kind: str = Field(sa_type=String(16))
    actor_id: int | None = Field(default=None, foreign_key="staff.id")
    detail: dict[str, Any] = Field(default_factory=dict, sa_type=JSON)


class OrderTarget(Table, table=True):
    """One service-level promise of one order (accept / arrive / finish) and what became of it.

    `reminded_at` and `alerted_at` are claims: the job sets them, with one OrderNotice per recipient, in
    the transaction that fixes who is told, so a restart or a second copy never sends the same reminder
    or alert twice.
    """

    __table_args__ = (
        UniqueConstraint("order_id", "target"),
        # The SLA job runs every 30 s: these hold only targets still waiting for a reminder or an alert,
        # so a run reads a handful of rows, not every target that ever fell due (due_at's own index is
        # for the monthly rates).
        Index(
            "ix_order_target_pending_reminder",
            "remind_at",
            sqlite_where=text("met_at IS NULL AND reminded_at IS NULL"),
            postgresql_where=text("met_at IS NULL AND reminded_at IS NULL"),
        ),
        Index(
            "ix_order_target_pending_alert",
            "due_at",
            sqlite_where=text("met_at IS NULL AND alerted_at IS NULL"),
            postgresql_where=text("met_at IS NULL AND alerted_at IS NULL"),
        ),
    )

    order_id: int = Field(foreign_key="work_order.id")
    target: str = Field(sa_type=String(16))
    # When the clock started (creation): with due_at it gives the window a reminder's lead is cut from.
    started_at: datetime = Field(sa_type=UTCDateTime)
    due_at: datetime = Field(sa_type=UTCDateTime, index=True)
    # due_at less the reminder's lead (domain.orders.reminder_lead), fixed when the target is set.
    remind_at: datetime = Field(sa_type=UTCDateTime)
    met_at: datetime | None = Field(default=None, sa_type=UTCDateTime)
    reminded_at: datetime | None = Field(default=None, sa_type=UTCDateTime)
    alerted_at: datetime | None = Field(default=None, sa_type=UTCDateTime)


class OrderNotice(Table, table=True):
    """One SLA reminder or alert to one person: "pending" while a run sends it (claimed, committed before
    the send), then "sent", "blocked" or "rejected"; "retry" when the send failed or the process died
    mid-send (the next run takes it again), "dropped" when by then it no longer applied."""

    __table_args__ = (UniqueConstraint("target_id", "kind", "staff_id"),)

    target_id: int = Field(foreign_key="order_target.id")
    # "reminder" (to the rep) or "alert" (to each supervisor)
    kind: str = Field(sa_type=String(8))
    staff_id: int = Field(foreign_key="staff.id")
    claimed_at: datetime = Field(sa_type=UTCDateTime)
    # Indexed: each run looks for the few rows to retry among the many sent.
    status: str = Field(default="pending", sa_type=String(16), index=True)
    sent_at: datetime | None = Field(default=None, sa_type=UTCDateTime)


class TeamSla(Table, table=True):
    """A team's own hours for one category and priority; categories without a row use the defaults."""

    __table_args__ = (UniqueConstraint("team_id", "category", "priority"),)

    team_id: int = Field(foreign_key="team.id")
    category: str = Field(sa_type=String(32))
    priority: str = Field(sa_type=String(16))
    accept_hours: int
    arrive_hours: int
    finish_hours: int


class TeamSlaSettings(Table, table=True):
    """How a team counts SLA hours: around the clock, or only in its working hours (in its zone, on
    its workdays, skipping its holidays and working its make-up days). No row: calendar hours."""

    team_id: int = Field(foreign_key="team.id", unique=True)
    hours_kind: str = Field(default=HoursKind.CALENDAR, sa_type=String(16))
    work_start: str = Field(default="08:30", sa_type=String(5))
    work_end: str = Field(default="17:30", sa_type=String(5))
    # 0 = Monday
    workdays: list[int] = Field(default_factory=lambda: [0, 1, 2, 3, 4], sa_type=JSON)


class CustomerLink(Table, table=True):
    """The customer's one-time confirm-and-rate link; only the SHA-256 of its token is stored."""

    order_id: int = Field(foreign_key="work_order.id", index=True)
    token_hash: str = Field(sa_type=String(64), unique=True)
    expires_at: datetime = Field(sa_type=UTCDateTime)
    used_at: datetime | None = Field(default=None, sa_type=UTCDateTime)
    used_by: int | None = Field(default=None, sa_column=Column(BigInteger, nullable=True))


class OrderRate(Table, table=True):
    """Per rep and month: repairs on time (报修处理及时率), commissioning on time (调试及时率) and
    satisfaction (满意率). `rate` is good / total, NULL when there was nothing to count."""

    __table_args__ = (UniqueConstraint("staff_id", "kind", "month"),)

    staff_id: int = Field(foreign_key="staff.id")
    team_id: int = Field(foreign_key="team.id", index=True)
    month: date
    kind: str = Field(sa_type=String(16))
    total: int
    good: int
    rate: float | None = None
    computed_at: datetime = Field(sa_type=UTCDateTime)
