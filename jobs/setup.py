"""Rebuild every scheduled job from the database at start."""

from __future__ import annotations

from typing import Any

from telegram.ext import Application


async def schedule_all(app: Application[Any, Any, Any, Any, Any, Any]) -> None:
    """Register every recurring job. Each feature adds one awaited call here; each call must be safe to
    run again (jobs are named predictably and registered with replace_existing)."""
    from jobs import checkins

    await checkins.schedule(app)
    from jobs import escalation

    await escalation.schedule(app)
    from jobs import digests

    await digests.schedule_digests(app)
    from jobs import reminders

    await reminders.schedule(app)
