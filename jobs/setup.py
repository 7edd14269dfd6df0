"""Rebuild every scheduled job from the database at start."""

from __future__ import annotations

from typing import Any

from telegram.ext import Application

from jobs import (
    checkins,
    digests,
    escalation,
    hr_export,
    inbox_prune,
    order_rates,
    order_sla,
    photo_fetch,
    reminders,
    scoring,
    whereabouts,
)


async def schedule_all(app: Application[Any, Any, Any, Any, Any, Any]) -> None:
    """Register every recurring job (jobs.scheduling: named, so registering again replaces)."""
    # First: an unwritable file store stops the start with one line; then photos not stored yet are fetched.
    await photo_fetch.schedule(app)
    await reminders.schedule(app)  # reminders every minute (first at once: downtime catch-up), rates
    await digests.schedule_digests(app)  # daily and weekly supervisor digests
    await escalation.schedule(app)  # unacknowledged critical feedback to the admins
    await checkins.schedule(app)  # check-ins left open past the end of the working day
    await inbox_prune.schedule(app)  # handled updates past Telegram's redelivery window
    await whereabouts.schedule(app)  # /locate requests nobody answered in time: not found
    await order_sla.schedule(app)  # work-order SLA reminders to reps and alerts to supervisors
    await order_rates.schedule(app)  # work-order on-time and satisfaction rates per rep and month
    await scoring.schedule(app)  # the 1st: last month's scoring list to supervisors; deadline reminders
    await hr_export.schedule(app)  # the HR day (the 7th): each admin receives the month's workbook once
