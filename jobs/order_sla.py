"""Work-order service levels on the clock: a reminder to the rep before each target runs out (a quarter of
its window, at least 15 min), and an alert to the team's supervisors the moment one is missed.

Every reminder and alert is claimed in the database (storage.order_claims) and committed before it is
sent, so a restart or two racing runs never send one twice. Targets live in the database, so the job
needs nothing rebuilt at start: its first run, seconds after the start, catches up on what fell due
while the bot was down.
"""

from __future__ import annotations

import logging
from collections import Counter
from datetime import UTC, datetime, timedelta
from typing import Any

from telegram import Bot
from telegram.ext import Application

from domain.settings import DEFAULT_TIMEZONE
from jobs.scheduling import every
from jobs.team_guard import TeamGuard, guarded_zone
from presentation.delivery import RETRY, Outcome, RetryPolicy, deliver, handle_blocked
from presentation.i18n import t
from presentation.order_text import duration, local
from storage import order_claims
from storage.db import Database
from storage.field_models import Customer
from storage.models import Staff, Team
from storage.order_claims import Claimed
from storage.order_models import WorkOrder
from storage.staff import Recipient

log = logging.getLogger(__name__)

JOB_NAME = "orders.sla"
# An alert goes out at most this long after its target was missed.
INTERVAL = timedelta(seconds=30)
# A fault as the customer described it can be long; the notice shows its start.
FAULT_CHARS = 200


async def send_sla_notices(
    bot: Bot, db: Database, now: datetime, *, policy: RetryPolicy = RETRY, guard: TeamGuard | None = None
) -> Counter[str]:
    """Claim and send every reminder and alert due at `now`; counts of outcomes by kind and result."""
    now = now.astimezone(UTC)
    async with db.session() as session:
        reminders = await order_claims.claim_due_reminders(session, now)
        alerts = await order_claims.claim_missed(session, now)
    outcomes: Counter[str] = Counter()
    if not reminders and not alerts:
        return outcomes
    guard = guard or TeamGuard(bot, db, "order_sla", now, default_zone=DEFAULT_TIMEZONE)
    by_team: dict[int, list[tuple[str, Claimed]]] = {}
    for column, claims in (("reminded_at", reminders), ("alerted_at", alerts)):
        for claim in claims:
            by_team.setdefault(claim.team_id, []).append((column, claim))
    for team_id, items in by_team.items():
        async with db.session() as session:
            stored = await session.get(Team, team_id)
        if stored is None:
            continue
        async with guard.team(stored) as team:
            for column, claim in items:
                outcomes.update(await _notify(bot, db, team, column, claim, now, policy))
    return outcomes


async def _notify(
    bot: Bot, db: Database, team: Team, column: str, claim: Claimed, now: datetime, policy: RetryPolicy
) -> Counter[str]:
    """Send one claimed reminder (to the rep) or alert (to every supervisor); release it if none arrived."""
    async with db.session() as session:
        order = await session.get(WorkOrder, claim.order_id)
        customer = await session.get(Customer, order.customer_id) if order else None
        rep = await session.get(Staff, claim.assignee_id) if claim.assignee_id else None
        if column == "reminded_at":
            to = [Recipient(rep.id or 0, rep.telegram_id, rep.name, rep.language)] if rep else []
        else:
            to = await order_claims.team_supervisors(session, team.id or 0)
    if order is None or not to:
        log.warning(
            "work order %s: %s for its %s target has nobody to go to", claim.order_id, column, claim.target
        )
        return Counter()
    kind = "reminder" if column == "reminded_at" else "alert"
    results = Counter[str]()
    for person in to:
        text = _text(person.language, kind, claim, order, customer, rep, team, now)
        outcome = await deliver(bot, person.telegram_id, text, policy=policy)
        results[f"{kind}:{outcome.value}"] += 1
        if outcome is Outcome.BLOCKED:
            await handle_blocked(bot, db, person.staff_id)
    if results[f"{kind}:{Outcome.FAILED.value}"] == len(to):
        async with db.session() as session:
            await order_claims.release(session, claim.target_id, column)
    return results


def _text(
    lang: str,
    kind: str,
    claim: Claimed,
    order: WorkOrder,
    customer: Customer | None,
    rep: Staff | None,
    team: Team,
    now: datetime,
) -> str:
    """The reminder or the alert, in `lang`, times on the team's wall clock."""
    zone = guarded_zone(team)
    fault = order.fault if len(order.fault) <= FAULT_CHARS else order.fault[: FAULT_CHARS - 1] + "…"
    values: dict[str, Any] = {
        "id": order.id,
        "target": t(lang, f"order_sla.target.{claim.target}"),
        "at": local(claim.due_at, zone),
        "customer": t(lang, "order_sla.customer", name=customer.name if customer else "?"),
        "fault": t(lang, "order_sla.fault", fault=fault),
    }
    if kind == "reminder":
        return t(
            lang, "order_sla.reminder", left=duration(lang, (claim.due_at - now).total_seconds()), **values
        )
    return t(lang, "order_sla.missed", rep=rep.name if rep else t(lang, "order_sla.nobody"), **values)


async def _tick(context: Any) -> None:
    """The repeating job: send what is due now."""
    now = context.bot_data["clock"].now()
    guard = TeamGuard.of(context, "order_sla", now)
    outcomes = await send_sla_notices(context.bot, context.bot_data["db"], now, guard=guard)
    if outcomes:
        log.info("work-order SLA notices: %s", dict(outcomes))


async def schedule(app: Application[Any, Any, Any, Any, Any, Any]) -> None:
    """Every 30 s, the first run 5 s after start (what fell due while the bot was down goes out then)."""
    every(app, _tick, name=JOB_NAME, interval=INTERVAL, first=5)
