"""The work-order rates job (报修处理及时率, 调试及时率, 满意率): every 15 minutes for the current month, so
/stats is at most that far behind, and nightly for the month before too (an order cancelled or rated
after its month ended changes it)."""

from __future__ import annotations

import logging
from datetime import UTC, date, datetime, time, timedelta
from typing import Any

from telegram.ext import Application

from jobs.scheduling import daily, every
from storage import order_rates as order_rates_db
from storage.db import Database

log = logging.getLogger(__name__)

JOB_NAME = "orders.rates"
NIGHTLY_JOB_NAME = "orders.rates_nightly"
INTERVAL = timedelta(minutes=15)
NIGHTLY_AT = time(3, 10)  # in the bot's default zone, after the report rates' nightly run
# Every zone's wall clock is within 14 h of UTC: the months some team is in now.
WIDEST_OFFSET = timedelta(hours=14)


def current_months(now: datetime) -> list[date]:
    """The month or two that some team's wall clock is in at `now`."""
    utc = now.astimezone(UTC)
    return sorted({order_rates_db.month_start((utc + d).date()) for d in (-WIDEST_OFFSET, WIDEST_OFFSET)})


def previous_month(month: date) -> date:
    """The first day of the month before `month`."""
    return order_rates_db.month_start(month - timedelta(days=1))


async def refresh_months(db: Database, now: datetime, months: list[date]) -> None:
    """Recompute every rep's order rates for `months`, one transaction per month."""
    for month in months:
        async with db.session() as session:
            await order_rates_db.refresh_order_rates(session, month, now=now)


async def _refresh(context: Any) -> None:
    """The current month(s)."""
    now = context.bot_data["clock"].now()
    await refresh_months(context.bot_data["db"], now, current_months(now))


async def _refresh_nightly(context: Any) -> None:
    """The current month(s) and the one before."""
    now = context.bot_data["clock"].now()
    current = current_months(now)
    months = sorted({previous_month(current[0]), *current})
    await refresh_months(context.bot_data["db"], now, months)
    log.info("work-order rates recomputed for %s", ", ".join(m.strftime("%Y-%m") for m in months))


async def schedule(app: Application[Any, Any, Any, Any, Any, Any]) -> None:
    """Register both (named, replace_existing: registering again changes nothing)."""
    every(app, _refresh, name=JOB_NAME, interval=INTERVAL, first=45)
    daily(app, _refresh_nightly, name=NIGHTLY_JOB_NAME, at=NIGHTLY_AT)
