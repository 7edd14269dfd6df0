"""/visit: the visit record (客户拜访纪实 / 维修派工单), prefilled from today's check-in when there is one.

The steps after the customer, the preview and the submit are handlers.visit_form, run by the form engine
(handlers.forms). What is /visit's own is here: starting or resuming a record with today's check-in, and
choosing the customer (the most recently seen first, or by typing part of the name) with the step's own
buttons, which the engine checks like its own.
"""

from __future__ import annotations

from datetime import datetime, timedelta
from typing import Any

from telegram import InlineKeyboardButton, InlineKeyboardMarkup, Update
from telegram.ext import ConversationHandler

from handlers import visit_form
from handlers.common import team_customer
from handlers.forms import answers, engine, flow
from handlers.forms.spec import Form, Kind
from presentation.context import FieldContext
from presentation.i18n import t
from presentation.visit_text import prefilled
from storage import customers as customer_db
from storage import teams as teams_db
from storage import visits as visits_db
from storage.field_models import Customer

# A draft older than this is stale news: /visit starts afresh instead of resuming it.
RESUME_WITHIN = timedelta(hours=24)
CUSTOMER_BUTTONS = 8
CHOOSE = "visit.customer"


async def _ask_customer(update: Update, context: FieldContext, header: str) -> str:
    """The customer step: the team's most recently seen customers, and Search."""
    async with context.db.read() as session:
        recent = await customer_db.recent_customers(session, context.me.team_id or 0, limit=CUSTOMER_BUTTONS)
    search = engine.button(FORM, context, t(context.lang, "visit.search"), "search")
    text = f"{header}\n{t(context.lang, 'visit.ask_customer')}"
    return await _send(update, context, text, [*_customers(context, recent), [search]], back=False)


def _customers(context: FieldContext, customers: list[Customer]) -> list[list[InlineKeyboardButton]]:
    return [[engine.button(FORM, context, c.name, "pick", str(c.id))] for c in customers]


async def _send(
    update: Update, context: FieldContext, text: str, rows: list[list[InlineKeyboardButton]], *, back: bool
) -> str:
    """A message of the chooser, with « Back (to the list, or to the preview when editing) and Cancel."""
    editing = context.draft(FORM.name).get("editing")
    last = engine.last_row(FORM, context, "list" if back else "back" if editing else None, CUSTOMER.key)
    await engine.send_pages(update, context, [text], InlineKeyboardMarkup([*rows, last]))
    return CHOOSE


async def searched(update: Update, context: FieldContext) -> str:
    """Typed text while choosing: the team's customers whose name contains it."""
    assert update.message is not None and update.message.text is not None
    text = " ".join(update.message.text.split())[:100]
    async with context.db.read() as session:
        found = await customer_db.search_customers(
            session, context.me.team_id or 0, text, limit=CUSTOMER_BUTTONS
        )
    engine.new_token(context, FORM)
    key = "visit.search_results" if found else "visit.search_none"
    return await _send(
        update, context, t(context.lang, key, text=text), _customers(context, list(found)), back=True
    )


async def _search(update: Update, context: FieldContext, _arg: str) -> str:
    """🔍 Search: ask for part of the name."""
    await engine.close_press(update)
    engine.new_token(context, FORM)
    return await _send(update, context, t(context.lang, "visit.ask_search"), [], back=True)


async def _list(update: Update, context: FieldContext, _arg: str) -> str:
    """« Back from a search: the list again."""
    await engine.close_press(update)
    return await engine.ask(update, context, FORM)


async def _picked(update: Update, context: FieldContext, arg: str) -> str | int | None:
    """A customer button: only customers of the rep's own team are taken."""
    if not arg.isdigit():  # only ids are sent
        await engine.stale(update, context)
        return None
    customer = await team_customer(context, int(arg))
    if customer is None:
        return await answers.chosen(update, context, FORM, None, "common.not_yours")
    return await answers.chosen(update, context, FORM, {"id": customer.id, "name": customer.name})


CUSTOMER = visit_form.visit_step(
    "customer", Kind.CHOICE, ask=_ask_customer, actions={"pick": _picked, "search": _search, "list": _list}
)
FORM = Form(
    name="visit",
    steps=lambda draft: (CUSTOMER, *visit_form.steps(draft)),
    preview=visit_form.preview,
    submit=visit_form.submit,
)


async def start(update: Update, context: FieldContext) -> str | int:
    """Resume an unfinished record, or start one prefilled from today's check-in (else pick a customer)."""
    assert update.message is not None
    me, lang, now = context.me, context.lang, context.now()
    if me.team_id is None:
        await update.message.reply_text(t(lang, "visit.no_team"))
        return ConversationHandler.END
    draft = context.draft(FORM.name)
    if draft.get("at") and now - datetime.fromisoformat(draft["started_at"]) < RESUME_WITHIN:
        await update.message.reply_text(t(lang, "visit.resumed"))
        engine.mark_open(context, FORM)
        if draft["at"] == "preview":
            return await engine.show_preview(update, context, FORM)
        return await engine.ask(update, context, FORM)
    async with context.db.read() as session:
        zone = await teams_db.zone_of_team(session, me.team_id, context.settings.timezone)
        found = await visits_db.todays_check_in(session, me, zone, now)
        recent = [] if found else await customer_db.recent_customers(session, me.team_id, limit=1)
    if found is None and not recent:
        engine.end(context, FORM.name)
        await update.message.reply_text(t(lang, "visit.no_customers"))
        return ConversationHandler.END
    fields: dict[str, Any] = {"started_at": now.isoformat(), "tz": zone.key, "checkin": None}
    if found is not None:
        fields.update(prefilled(*found))
    draft = engine.begin(context, FORM, **fields)
    if fields["checkin"] is not None:
        draft["step"] = "type"  # the customer is the checked-in one
    return await engine.ask(update, context, FORM)


def build(more_entry_points: flow.Handlers | None = None) -> ConversationHandler[FieldContext]:
    """The /visit conversation: the engine's states plus the customer chooser; `more_entry_points` open it
    from elsewhere (✅ Done under a work order, handlers.order_rep_done)."""
    return flow.build(
        FORM,
        entry_points=[
            *flow.opened_by("visit", "menu.visit", start),
            *(more_entry_points or []),
        ],
        states={CHOOSE: flow.search_state(FORM, searched)},
    )
