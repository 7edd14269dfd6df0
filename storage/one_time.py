"""What makes a stored one-time link (an invite, a customer link) still usable, for every query on one."""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import ColumnElement, and_
from sqlmodel import col

from storage.models import Invite
from storage.order_models import CustomerLink


def usable(link: type[Invite] | type[CustomerLink], now: datetime) -> ColumnElement[bool]:
    """SQL: the link is neither used nor expired at `now`."""
    return and_(col(link.used_at).is_(None), col(link.expires_at) > now)
