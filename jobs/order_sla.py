"""Work-order service levels on the clock: a reminder to the rep before each target runs out (a quarter of
its window, at least 15 min), and an alert to the team's supervisors the moment one is missed, each with
an Open order button.

Every reminder and alert is claimed in the database, one notice per recipient (storage.order_claims),
and committed before it is sent, so a restart or two racing runs never send one twice. A notice the last
process claimed but never finished is released at start and sent by the first run; a send that failed
is retried for that recipient alone. Targets live in the database, so the job needs nothing rebuilt at
start: its first run, seconds after the start, catches up on what fell due while the bot was down.
"""

from __future__ import annotations

import logging
from collections import Counter
from datetime import UTC, datetime, timedelta
from typing import Any

from telegram import Bot, InlineKeyboardButton, InlineKeyboardMarkup
from telegram.ext import Application

from domain.settings import DEFAULT_TIMEZONE
from jobs.scheduling import ClaimedJob
from jobs.team_guard import TeamGuard, guarded_zone
from presentation.buttons import OrderAction
from presentation.delivery import RETRY, Outcome, RetryPolicy, deliver, handle_blocked
from presentation.i18n import t
from presentation.order_text import duration, local
from storage import order_claims
from storage.db import Database
from storage.field_models import Customer
from storage.models import Staff, Team
from storage.order_claims import REMINDER, Notice
from storage.order_models import WorkOrder

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
        due = await order_claims.claim_due(session, now)
    for kind, claim in due.nobody:
        log.warning(
            "work order %s: %s for its %s target has nobody to go to", claim.order_id, kind, claim.target
        )
    outcomes: Counter[str] = Counter()
    if not due.notices:
        return outcomes
    guard = guard or TeamGuard(bot, db, "order_sla", now, default_zone=DEFAULT_TIMEZONE)
    by_team: dict[int, list[Notice]] = {}
    for notice in due.notices:
        by_team.setdefault(notice.claim.team_id, []).append(notice)
    for team_id, notices in by_team.items():
        async with db.read() as session:
            stored = await session.get(Team, team_id)
        if stored is None:
            continue
        async with guard.team(stored) as team:
            for notice in notices:
                outcomes[await _send(bot, db, team, notice, now, policy)] += 1
    return outcomes


async def _send(
    bot: Bot, db: Database, team: Team, notice: Notice, now: datetime, policy: RetryPolicy
) -> str:
    """Send one claimed notice and record how it ended (a failed one waits for the next run)."""
    claim, to = notice.claim, notice.to
    async with db.read() as session:
        order = await session.get(WorkOrder, claim.order_id)
        customer = await session.get(Customer, order.customer_id) if order else None
        rep = await session.get(Staff, claim.assignee_id) if claim.assignee_id else None
    assert order is not None  # a claim's target belongs to an order, and orders are never deleted
    text = _text(to.language, notice.kind, claim, order, customer, rep, team, now)
    button = InlineKeyboardButton(
        t(to.language, "order_sla.open_button"),
        callback_data=OrderAction("view", order.id or 0, order.state).pack(),
    )
    outcome = await deliver(
        bot, to.telegram_id, text, policy=policy, reply_markup=InlineKeyboardMarkup([[button]])
    )
    status = order_claims.RETRY if outcome is Outcome.FAILED else outcome.value
    async with db.session() as session:
        await order_claims.finish(session, notice.notice_id, status, db.clock.now())
    if outcome is Outcome.BLOCKED:
        await handle_blocked(bot, db, to.staff_id)
    return f"{notice.kind}:{outcome.value}"


def _text(
    lang: str,
    kind: str,
    claim: order_claims.Claimed,
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
    if kind == REMINDER:
        return t(
            lang, "order_sla.reminder", left=duration(lang, (claim.due_at - now).total_seconds()), **values
        )
    return t(lang, "order_sla.missed", rep=rep.name if rep else t(lang, "order_sla.nobody"), **values)


# What fell due while the bot was down goes out seconds after the start.
CLAIMS = ClaimedJob(
    JOB_NAME, "order_sla", send_sla_notices, order_claims.release_interrupted, INTERVAL, first=5
)


async def schedule(app: Application[Any, Any, Any, Any, Any, Any]) -> None:
    """Every 30 s, the first run 5 s after start, once the notices a stop interrupted are released."""
    await CLAIMS.start(app)
