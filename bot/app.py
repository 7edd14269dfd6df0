"""The one place the application is assembled: settings, database, persistence, handlers, jobs."""

from __future__ import annotations

import logging
import warnings
from typing import Any

from telegram import Update
from telegram.constants import ParseMode
from telegram.ext import (
    Application,
    ApplicationBuilder,
    ContextTypes,
    ConversationHandler,
    Defaults,
)
from telegram.warnings import PTBUserWarning

from bot import default_team, errors, instance
from bot.lanes import PersonLanes
from bot.transport import AiohttpRequest
from domain.clock import Clock, SystemClock
from domain.scoring import load_schemes
from domain.settings import Settings
from gate import busy
from gate import checks as gate
from gate.intake import InboxQueue
from handlers import (
    attendance,
    checkin,
    common,
    customer_link,
    customers,
    export,
    feedback,
    feedback_ack,
    holidays,
    invite,
    locate,
    order_cancel,
    order_create,
    order_dispatch,
    order_rep,
    order_rep_done,
    order_views,
    order_work,
    registration,
    reports,
    schedules,
    scoring,
    sla,
    stats,
    teams,
    visit,
    visit_photos,
)
from jobs import photo_fetch, rates
from jobs.setup import schedule_all
from presentation import services
from presentation.context import FieldContext
from presentation.limiter import FieldRateLimiter
from presentation.menus import set_default_commands
from presentation.outage import OUTAGE, Outage
from storage import inbox, score_cards
from storage.db import Database
from storage.person_state import GateFlushedPersistence

log = logging.getLogger(__name__)

FieldApplication = Application[Any, FieldContext, dict[str, Any], dict[str, Any], dict[str, Any], Any]


def build_application(
    settings: Settings, *, db: Database | None = None, clock: Clock | None = None
) -> FieldApplication:
    """Build the bot: every handler, the error handler, persistence and jobs, in one place.

    `clock` is the one source of "now" for handlers and jobs (the system clock unless a test or the
    demo chooses the date)."""
    if settings.telegram_bot_token is None:
        raise ValueError("TELEGRAM_BOT_TOKEN is required to build the application")
    clock = clock or (db.clock if db is not None else SystemClock())
    score_cards.use_schemes(load_schemes(settings.scoring_schemes_dir))
    db = db or Database(settings.database_url, clock=clock)
    root = settings.telegram_api_base_url
    outage = Outage(settings)  # a database outage is one incident, told once (presentation.outage)
    intake = InboxQueue(db, outage)
    lanes = PersonLanes(outage)
    app: FieldApplication = (
        ApplicationBuilder()
        .token(settings.telegram_bot_token.get_secret_value())
        # An update counts as received only once the inbox holds it; while the database is down, polling
        # waits and Telegram keeps the updates (gate.intake).
        .update_queue(intake)
        # One lane per person: different people are answered side by side, each person's updates stay
        # in order (bot.lanes). That order is what ConversationHandler relies on when PTB's docs warn
        # against concurrent updates, so the conversations are safe.
        .concurrent_updates(lanes)
        .base_url(f"{root}/bot")
        .base_file_url(f"{root}/file/bot")
        .context_types(ContextTypes(context=FieldContext))
        .defaults(Defaults(parse_mode=ParseMode.HTML, tzinfo=settings.zone))
        # Loaded at start; each person's data is written with the update that changed it (gate_flush).
        .persistence(GateFlushedPersistence(db))
        # Spaces requests to Telegram's global limits; who waits out a 429 is said in presentation.limiter.
        .rate_limiter(FieldRateLimiter())
        # The Bot API over aiohttp, not PTB's default httpx: a quarter less CPU per update (bot.transport).
        .request(
            AiohttpRequest(read_timeout=settings.request_timeout, write_timeout=settings.request_timeout)
        )
        .get_updates_request(
            AiohttpRequest(
                connection_pool_size=1,
                read_timeout=settings.request_timeout + 10,
                write_timeout=settings.request_timeout,
            )
        )
        .post_init(_post_init)
        .post_shutdown(_post_shutdown)
        .build()
    )
    app.bot_data["settings"] = settings
    app.bot_data["db"] = db
    app.bot_data["clock"] = clock
    app.bot_data[OUTAGE] = outage
    intake.attach(app, polling=not settings.webhook_url)
    lanes.attach(app)  # an update that failed on a database outage is handled again
    # Services handlers use without importing jobs (presentation.services).
    app.bot_data[services.STORE] = photo_fetch.build_store(settings)  # photos outlive the bot token
    app.bot_data[services.FETCH_PHOTOS] = photo_fetch.fetch_soon
    app.bot_data[services.REFRESH_RATES] = rates.refresh_on_time_rates

    # Before any feature: store and deduplicate, keep out of groups, keep out strangers (see gate.checks).
    for group, handler in gate.gate_handlers():
        app.add_handler(handler, group=group)
    # A location answering a supervisor's /locate, before any conversation could take it as a check-in.
    app.add_handler(locate.answer_handler(), group=locate.GROUP)
    # Conversations first: while one is open, its steps take the person's messages and buttons.
    with warnings.catch_warnings():
        # Our conversations mix message and button steps on purpose and track them per user, not per
        # message; PTB warns about exactly that combination.
        warnings.filterwarnings("ignore", message=".*per_message=False.*", category=PTBUserWarning)
        # Registration comes first: it is the only conversation open to people not yet registered.
        app.add_handlers([registration.build(), invite.build()])
        # /checkin and /checkout; live-location moves get their own group (see handlers.checkin_live)
        # so that a moving pin is recorded as a track point and never read as an answer elsewhere.
        app.add_handlers(dict(checkin.handlers_by_group()))
        app.add_handlers([customers.build()])  # /customers: supervisors add and edit sites
        app.add_handlers([teams.build()])  # /teams: admins create teams, rename them, set their zones
        # /visit: the visit record, prefilled from the check-in, or from a work order (its ✅ Done button).
        app.add_handlers([visit.build(order_rep_done.entry_points())])
        # /feedback, then the Acknowledge / Mark resolved buttons supervisors press on escalations.
        app.add_handlers([feedback.build(), *feedback_ack.build()])
        app.add_handlers([reports.build()])  # /weekly, /monthly, and the button on deadline reminders
        app.add_handlers(schedules.build())  # /schedule, /leave for supervisors and admins
        app.add_handlers(holidays.build())  # /holiday: days off and 调休 by hand or from China's calendar
        # /order (new work order; /order N opens one; also opened by a complaint's Create button), Cancel.
        app.add_handlers([order_create.build(), order_cancel.build()])
        app.add_handlers(sla.build())  # /sla: a team's service levels, and changing one line's hours
        # A rep's order steps that ask something: Decline (reason), Fee quoted, Take back, Arrived.
        app.add_handlers([order_work.build()])
        app.add_handlers([scoring.build()])  # a supervisor scores a rep's month (the scoring list's buttons)
    # Plain commands that show figures: after the conversations so a half-typed answer is never lost.
    app.add_handlers(stats.build())  # /team, /missing, /stats
    app.add_handlers(visit_photos.build())  # /visits: a visit record with its photos, for supervisors
    app.add_handlers([*attendance.build(), *locate.build()])  # /attendance and its corrections, /locate
    app.add_handlers(scoring.commands())  # /scoring (the list of reps to score), /score
    app.add_handlers(export.build())  # /export: a month's HR workbook as a document
    app.add_handlers([*order_views.build(), *order_dispatch.build()])  # /orders, dispatch, Reassign
    app.add_handlers(order_rep.build())  # a rep's Accept, Returned to customer, an order of their /orders
    # Customers confirming and rating a work order (their own group, right after the access check), and
    # the supervisors' "Turn into a complaint" button on a bad answer.
    for group, handler in customer_link.handlers():
        app.add_handler(handler, group=group)
    # Between the access check and the features: no second conversation over an unfinished one. Each
    # conversation records the person's open flow in their user data (gate.busy), which the guard reads.
    conversations = [busy.tracked(h) for h in app.handlers[0] if isinstance(h, ConversationHandler)]
    app.add_handler(busy.busy_guard(conversations, finish=gate.flush), group=gate.BUSY)
    # Plain commands, then whatever nothing took (stale buttons, unknown text).
    app.add_handlers(common.build_commands())
    app.add_handlers(common.build_catch_alls())
    app.add_error_handler(errors.on_error)
    return app


async def _post_init(app: FieldApplication) -> None:
    """Work that needs the bot connected: the default menu, and updates a crash interrupted."""
    # First, before anything is sent or polled: a second copy on this database stops here (bot.instance).
    runs_jobs = await instance.take(app, start_jobs=_start_jobs)
    await set_default_commands(app.bot)
    # Before replaying: an interrupted /invite must find the team a fresh install starts with.
    await default_team.create_default_team(app.bot_data["db"], app.bot_data["settings"])
    if runs_jobs:
        await _start_jobs(app)


async def _start_jobs(app: FieldApplication) -> None:
    """What only the copy holding the single-instance lock does: replay what a crash cut short, run jobs."""
    await replay_unfinished(app)
    await schedule_all(app)


async def replay_unfinished(app: FieldApplication) -> None:
    """Queue updates that were received but not finished before the last stop, oldest first."""
    db: Database = app.bot_data["db"]
    async with db.session() as session:
        pending = await inbox.unfinished(session, received_before=instance.started_at(app))
        await inbox.prune(session)
    for row in pending:
        update = Update.de_json(row.payload, app.bot)
        if update is not None:
            log.info("replaying update %s interrupted by the last stop", row.update_id)
            await app.update_queue.put(update)


async def _post_shutdown(app: FieldApplication) -> None:
    await instance.release(app)
    db: Database = app.bot_data["db"]
    await db.dispose()
