"""The customer's one-time link to confirm and rate a finished work order, without registering.

Only the SHA-256 of a link's 256-bit token is stored, so a copy of the database cannot be used to rate
orders. Opening the link claims it with one conditional UPDATE (unused, unexpired), so it works once
whoever races for it; the person who claimed it then holds a *customer session* on that order until they
have rated it or a week has passed. Every answer is a compare-and-set on the order (confirmed once, rated
once) written with its timeline event. Callers pass the session in and own the transaction.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from datetime import datetime, timedelta

from sqlalchemy import ColumnElement, exists, update
from sqlalchemy.orm import aliased
from sqlalchemy.sql.selectable import Exists
from sqlmodel import col, select
from sqlmodel.ext.asyncio.session import AsyncSession

from domain.orders import EventKind, OrderState
from domain.tokens import hash_token, new_token, well_formed
from storage.compare_and_set import update_if
from storage.one_time import usable
from storage.order_models import CustomerLink, WorkOrder, WorkOrderEvent

LINK_TTL = timedelta(days=7)
# How long someone who opened a link may take to answer (they may come back to the chat later).
SESSION_TTL = timedelta(days=7)
COMMENT_MAX = 1000


async def issue_link(session: AsyncSession, order_id: int, now: datetime) -> str:
    """A fresh token for the order's customer link (the raw token is returned once and never stored).
    Every earlier link of the order stops working: one not opened yet expires now, and whoever opened
    one loses their session (only the order's latest link holds one, see _held_by)."""
    await session.exec(
        update(CustomerLink)
        .where(col(CustomerLink.order_id) == order_id, usable(CustomerLink, now))
        .values(expires_at=now)
    )
    token = new_token()
    session.add(CustomerLink(order_id=order_id, token_hash=hash_token(token), expires_at=now + LINK_TTL))
    await session.flush()
    return token


async def redeem(session: AsyncSession, token: str, telegram_id: int, now: datetime) -> WorkOrder | None:
    """The done order the token is for, claimed for `telegram_id`; None for a malformed, unknown, used or
    expired token (all alike, so a guesser learns nothing)."""
    if not well_formed(token):
        return None
    claimed = await session.exec(
        update(CustomerLink)
        .where(col(CustomerLink.token_hash) == hash_token(token), usable(CustomerLink, now))
        .values(used_at=now, used_by=telegram_id)
        .returning(col(CustomerLink.order_id))
    )
    order_id = claimed.scalar_one_or_none()
    if order_id is None:
        return None
    order = await session.get(WorkOrder, order_id)
    return order if order is not None and order.state == OrderState.DONE else None


def _latest() -> ColumnElement[bool]:
    """SQL: the link is its order's latest (a fresh link from /order N ends an earlier one's session)."""
    newer = aliased(CustomerLink)
    return ~exists().where(
        col(newer.order_id) == col(CustomerLink.order_id), col(newer.id) > col(CustomerLink.id)
    )


def _held_by(telegram_id: int, now: datetime) -> Exists:
    """SQL: the order's latest link was opened by `telegram_id` less than SESSION_TTL ago."""
    return exists().where(
        col(CustomerLink.order_id) == col(WorkOrder.id),
        col(CustomerLink.used_by) == telegram_id,
        col(CustomerLink.used_at) > now - SESSION_TTL,
        _latest(),
    )


async def session_order(session: AsyncSession, telegram_id: int, now: datetime) -> WorkOrder | None:
    """The latest unrated order this person opened a link for, if their session is still live."""
    # From the person's links to their orders (not the other way round): the links a person opened are
    # few, the orders are all of them.
    query = (
        select(WorkOrder)
        .join(CustomerLink, col(CustomerLink.order_id) == col(WorkOrder.id))
        .where(
            col(CustomerLink.used_by) == telegram_id,
            col(CustomerLink.used_at) > now - SESSION_TTL,
            col(WorkOrder.rating).is_(None),
            _latest(),
        )
        .order_by(col(CustomerLink.used_at).desc())
        .limit(1)
        .execution_options(populate_existing=True)
    )
    return (await session.exec(query)).first()


async def held_order(
    session: AsyncSession, order_id: int, telegram_id: int, now: datetime
) -> WorkOrder | None:
    """The order if this person may still answer for it (a button naming another order finds nothing)."""
    query = (
        select(WorkOrder)
        .where(col(WorkOrder.id) == order_id, _held_by(telegram_id, now), col(WorkOrder.rating).is_(None))
        .execution_options(populate_existing=True)
    )
    return (await session.exec(query)).first()


def awaits_customer(order: WorkOrder) -> bool:
    """Whether a done order still waits for its customer's answer (a fresh link may be given for it)."""
    return order.state == OrderState.DONE and order.customer_confirmed is None and order.rating is None


async def holds_session(session: AsyncSession, telegram_id: int, now: datetime) -> bool:
    """Whether this (unregistered) person may still answer for an order (read by the access gate)."""
    return await session_order(session, telegram_id, now) is not None


@dataclass(frozen=True)
class Answer:
    """What one answer changed: the order as it is now, and whether the supervisors must be alerted."""

    order: WorkOrder
    alert: bool


# What each answer needs of the order besides being held: the confirmation is given once, and the rating
# comes after it (the chat asks for stars only once the customer said done or not done).
_ANSWERABLE: dict[EventKind, ColumnElement[bool]] = {
    EventKind.CONFIRMED: col(WorkOrder.customer_confirmed).is_(None),
    EventKind.RATED: col(WorkOrder.customer_confirmed).is_not(None),
}


async def _answer(
    session: AsyncSession,
    order_id: int,
    telegram_id: int,
    now: datetime,
    kind: EventKind,
    detail: Mapping[str, object],
    **values: object,
) -> WorkOrder | None:
    """Store one answer (`values` on the order, `detail` on its timeline event) if the customer may still give
    it and this person may still answer for the order."""
    answered = await update_if(
        session,
        WorkOrder,
        col(WorkOrder.id) == order_id,
        col(WorkOrder.state) == OrderState.DONE,
        col(WorkOrder.rating).is_(None),
        _held_by(telegram_id, now),
        _ANSWERABLE[kind],
        **values,
        updated_at=now,
    )
    if not answered:
        return None
    session.add(
        WorkOrderEvent(order_id=order_id, at=now, kind=kind.value, actor_id=None, detail=dict(detail))
    )
    await session.flush()
    return await session.get(WorkOrder, order_id, populate_existing=True)


async def confirm_done(
    session: AsyncSession, order_id: int, telegram_id: int, now: datetime
) -> WorkOrder | None:
    """The customer says the work is done; None if they already answered or may not answer for it."""
    detail = {"done": True}
    return await _answer(
        session, order_id, telegram_id, now, EventKind.CONFIRMED, detail, customer_confirmed=True
    )


async def report_not_done(
    session: AsyncSession, order_id: int, telegram_id: int, comment: str, now: datetime
) -> Answer | None:
    """The customer says the work is not done, with what is missing; the supervisors are alerted."""
    comment = comment[:COMMENT_MAX]
    detail = {"done": False, "comment": comment}
    values = {"customer_confirmed": False, "customer_comment": comment}
    order = await _answer(session, order_id, telegram_id, now, EventKind.CONFIRMED, detail, **values)
    return Answer(order, alert=True) if order is not None else None


LOW_RATING = 2


async def record_rating(
    session: AsyncSession, order_id: int, telegram_id: int, stars: int, now: datetime
) -> Answer | None:
    """Satisfaction 1-5, once, after the confirmation. A low rating alerts the supervisors, unless the
    "not done" answer already did (they hear about one order once)."""
    if not 1 <= stars <= 5:
        return None
    detail = {"rating": stars}
    order = await _answer(
        session, order_id, telegram_id, now, EventKind.RATED, detail, rating=stars, rated_at=now
    )
    if order is None:
        return None
    return Answer(order, alert=stars <= LOW_RATING and order.customer_confirmed is True)
