"""/checkin as a declared flow: which customer, a new customer's name, the optional site photo; the
confirmation and the filing (the check-in with its new customer and site photo). The location before it is
in handlers.checkin.

The customer step is this flow's own: it offers the team's customers nearest the rep's location (and "new
customer") with buttons of its own, which the engine checks like its own. Asking the other steps, Back,
Skip, Edit, the confirmation with its submit-once, /cancel and stale buttons are the engine's.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from datetime import datetime
from typing import Any

from sqlmodel.ext.asyncio.session import AsyncSession
from telegram import InlineKeyboardMarkup, Update

from handlers import order_rep_hooks
from handlers.checkin_live import local_time, where_checked_in
from handlers.common import team_customer
from handlers.customer_form import name_free, tidy
from handlers.forms import answers, engine
from handlers.forms.spec import Draft, Form, Kind, Reopen, Step, asked
from presentation import services
from presentation.checkin_text import confirm_text, customer_choices, filed_text
from presentation.context import FieldContext
from presentation.i18n import Raw, t
from storage import checkins as checkin_db
from storage import customers as customer_db
from storage import files as files_db
from storage.field_models import Customer
from storage.file_models import Owner

NEW = "new"  # the customer answer of a customer named during the check-in


async def _chosen(
    session: AsyncSession, context: FieldContext, answers: Mapping[str, Any]
) -> Customer | None:
    """The customer chosen from the list, if it is still one of the rep's team."""
    chosen = str(answers.get("customer", ""))
    if not chosen.isdigit():
        return None
    return await customer_db.customer_in_team(session, int(chosen), context.me.team_id)


async def preview(context: FieldContext, draft: Draft) -> Sequence[str]:
    """Where and when the rep checks in: nothing is filed before they confirm."""
    lang, answers = context.lang, draft.get("answers", {})
    async with context.db.read() as session:
        when = await local_time(session, context, datetime.fromisoformat(draft["located_at"]))
        customer = await _chosen(session, context, answers)
    new_name = str(answers.get("new_name", "")) if answers.get("customer") == NEW else None
    at, photo = (draft["lat"], draft["lon"]), bool(answers.get("photo"))
    return [confirm_text(lang, new_name=new_name, customer=customer, at=at, when=when, photo=photo)]


async def submit(context: FieldContext, draft: Draft) -> str | Reopen:
    """File the check-in (adding the new customer, flagged for the supervisor), with its photo."""
    me, lang, answers = context.me, context.lang, draft.get("answers", {})
    new_name = str(answers.get("new_name", "")) if answers.get("customer") == NEW else None
    photo = str(answers.get("photo") or "")
    async with context.db.session() as session:
        if new_name is None:
            customer = await _chosen(session, context, answers)
        else:
            customer = await customer_db.add_named_at_check_in(
                session, me, new_name, draft["lat"], draft["lon"]
            )
        if customer is None:  # moved to another team or deleted since it was offered
            return Reopen("checkin.customer_unknown", "customer")
        checkin = await checkin_db.check_in(
            session,
            staff_id=me.id or 0,
            customer=customer,
            latitude=draft["lat"],
            longitude=draft["lon"],
            accuracy_m=draft.get("accuracy"),
            at=datetime.fromisoformat(draft["located_at"]),
            live_message_id=draft["message_id"] if draft.get("live") else None,
            # A site set by this very check-in proves nothing: unverified until a supervisor looks.
            judge_site=new_name is None,
        )
        if checkin is None:  # checked in meanwhile (another device)
            if new_name is not None:
                await session.delete(customer)
            meanwhile = await where_checked_in(session, context, "checkin.opened_meanwhile")
            return meanwhile or t(lang, "checkin.opened_meanwhile", customer="-", time="-")
        if photo and await checkin_db.set_photo(session, checkin.id or 0, me.id or 0, photo):
            await files_db.register(session, Owner.CHECK_IN, checkin.id or 0, [photo], now=context.now())
        when = await local_time(session, context, checkin.checked_in_at)
        order_line = await order_rep_hooks.check_in_made(session, context, checkin)  # a work order's arrival
    if photo:
        services.fetch_photos_soon(context.application)
    return Raw(f"{filed_text(lang, checkin, customer, when, photo=bool(photo))}{order_line}")


async def ask_customer(update: Update, context: FieldContext, header: str) -> str:
    """The team's customers nearest the rep's location, nearest first, then "new customer"."""
    draft, lang = context.draft(FORM.name), context.lang
    async with context.db.read() as session:
        nearest = await customer_db.nearest_customers(
            session, context.me.team_id or 0, draft["lat"], draft["lon"]
        )
    choices = [*customer_choices(lang, nearest), (t(lang, "checkin.new_customer"), NEW)]
    rows = [[engine.button(FORM, context, label, "pick", value)] for label, value in choices]
    rows.append(engine.last_row(FORM, context, "back" if draft.get("editing") else None, CUSTOMER.key))
    question = t(lang, "checkin.choose_customer" if nearest else "checkin.no_customers")
    await engine.send_pages(update, context, [f"{header}\n{question}"], InlineKeyboardMarkup(rows))
    return FORM.answer_state


async def _picked(update: Update, context: FieldContext, arg: str) -> str | None:
    """A customer of the list (only one of the rep's own team), or a new one: the answer to the step."""
    if arg == NEW:
        return await answers.chosen(update, context, FORM, NEW)
    if not arg.isdigit():  # only ids and "new" are sent
        await engine.stale(update, context)
        return None
    refusal = "checkin.customer_unknown" if await team_customer(context, int(arg)) is None else None
    return await answers.chosen(update, context, FORM, arg, refusal)


CUSTOMER = asked(
    "customer",
    "checkin.choose_customer",
    "checkin.title.customer",
    kind=Kind.CHOICE,
    ask=ask_customer,
    actions={"pick": _picked},
)
NEW_NAME = asked(
    "new_name",
    "checkin.ask_new_name",
    "checkin.title.new_name",
    limit=customer_db.LIMITS["name"],
    parse=tidy("name", "checkin.name_invalid"),
    check=name_free("checkin.name_exists"),
)
PHOTO = asked("photo", "checkin.ask_photo", "checkin.title.photo", kind=Kind.PHOTO, skippable=True)


def _steps(draft: Draft) -> tuple[Step, ...]:
    """A new customer is named before the photo."""
    if draft.get("answers", {}).get(CUSTOMER.key) == NEW:
        return (CUSTOMER, NEW_NAME, PHOTO)
    return (CUSTOMER, PHOTO)


FORM = Form(
    name="checkin",
    steps=_steps,
    preview=preview,
    submit=submit,
    submit_label="checkin.confirm_button",
)
