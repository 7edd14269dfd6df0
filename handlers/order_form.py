"""/order as a declared flow: the step table, the preview and the submit that creates the work order.

The customer chooser (pick, search, or new) is the flow's own (handlers.order_create). A new customer's
name, address and site are the customer form's own steps (handlers.customer_form), asked under keys of
this flow; asking, Keep / Skip / Back, photos, Edit, submit once and /cancel are the engine's.
"""

from __future__ import annotations

import dataclasses
from collections.abc import Awaitable, Callable, Sequence
from datetime import datetime
from typing import Any

from domain.orders import OrderCategory, OrderSource, Priority
from handlers import customer_form
from handlers.forms.spec import Draft, Invalid, Kind, Reopen, Step, asked
from presentation import services
from presentation.context import FieldContext
from presentation.i18n import t
from presentation.order_text import order_summary
from storage import customers as customer_db
from storage import files as files_db
from storage import orders as orders_db
from storage.field_models import Customer
from storage.file_models import Owner
from storage.order_feedback import create_from_feedback, order_from
from storage.order_models import WorkOrder

NEW = "new"  # the customer step's answer for a customer added with the order
MAX_PHOTOS = 10
# Called after the order is stored (the dispatch list): (context, order, customer name) -> None.
AfterCreate = Callable[[FieldContext, WorkOrder, str], Awaitable[None]]


def _step(key: str, **rules: Any) -> Step:
    """A step asked with "orders.ask.<key>" and named "orders.field.<key>"."""
    return asked(key, f"orders.ask.{key}", f"orders.field.{key}", **rules)


def team_id_of(context: FieldContext, draft: Draft) -> int | None:
    """The team the order is for: the flow's (a supervisor's own, a feedback's) or the one an admin chose."""
    if draft.get("team_id") is not None:
        return int(draft["team_id"])
    chosen = draft.get("answers", {}).get("team")
    return int(chosen) if chosen else context.me.team_id


async def _new_name_free(context: FieldContext, name: Any, draft: Draft) -> Invalid | None:
    """A new customer's name must not be one the team already has."""
    async with context.db.read() as session:
        taken = await customer_db.name_taken(session, team_id_of(context, draft) or 0, str(name))
    return Invalid("customers.name_taken", {"name": name}) if taken else None


def _customer_step(key: str, new_key: str, **changes: Any) -> Step:
    """A step of the customer form (its question, title and rules), kept under this flow's key."""
    step = next(s for s in customer_form.STEPS if s.key == key)
    return dataclasses.replace(step, key=new_key, **changes)


def _phone(text: str, _draft: Draft) -> Any:
    """The customer form's rule for a phone number; required here."""
    value = " ".join(text.split())
    if customer_db.text_problem("phone", value) is None:
        return value
    return Invalid("orders.invalid.contact_phone")


def _teams(_lang: str, draft: Draft) -> Sequence[tuple[str, str]]:
    return [(str(name), str(team_id)) for team_id, name in draft.get("teams", [])]


def _categories(lang: str, _draft: Draft) -> Sequence[tuple[str, str]]:
    return [(t(lang, f"orders.category.{c.value}"), c.value) for c in OrderCategory]


def _priorities(lang: str, _draft: Draft) -> Sequence[tuple[str, str]]:
    return [(t(lang, f"orders.priority.{p.value}"), p.value) for p in Priority]


TEAM = _step("team", kind=Kind.CHOICE, choices=_teams)
NEW_CUSTOMER = (
    _customer_step("name", "new_name", check=_new_name_free),
    _customer_step("address", "new_address"),
    _customer_step("location", "new_location"),
)
DETAILS = (
    _step("contact_name", limit=customer_db.LIMITS["contact"]),
    _step("contact_phone", limit=customer_db.LIMITS["phone"], parse=_phone),
    _step("product_model", limit=100),
    _step("serial_number", limit=100, skippable=True),
    _step("fault", limit=1000),
    _step("category", kind=Kind.CHOICE, choices=_categories),
    _step("priority", kind=Kind.CHOICE, choices=_priorities, columns=2),
    _step("photos", kind=Kind.PHOTOS, maximum=MAX_PHOTOS),
)


def steps(customer: Step, draft: Draft) -> tuple[Step, ...]:
    """Team (admins without one), customer, a new customer's details, then the order's."""
    chosen: list[Step] = [TEAM] if draft.get("teams") else []
    chosen.append(customer)
    if draft.get("answers", {}).get(customer.key) == NEW:
        chosen += NEW_CUSTOMER
    return (*chosen, *DETAILS)


def _customer_name(answers: Draft) -> str:
    chosen = answers.get("customer")
    if chosen == NEW:
        return str(answers.get("new_name") or "")
    return str(chosen.get("name", "")) if isinstance(chosen, dict) else ""


def _order_fields(answers: Draft) -> dict[str, Any]:
    """The answers as WorkOrder columns."""
    return {
        "contact_name": answers.get("contact_name") or None,
        "contact_phone": answers.get("contact_phone") or None,
        "product_model": answers.get("product_model") or None,
        "serial_number": answers.get("serial_number") or None,
        "fault": answers.get("fault") or "",
        "category": answers.get("category") or OrderCategory.WARRANTY_REPAIR.value,
        "priority": answers.get("priority") or Priority.NORMAL.value,
        "photo_file_ids": list(answers.get("photos") or []),
    }


async def preview(context: FieldContext, draft: Draft) -> Sequence[str]:
    """The order as it will be created (not stored yet: no number)."""
    answers = draft.get("answers", {})
    order = WorkOrder(team_id=0, customer_id=0, id=None, **_order_fields(answers))
    address = answers.get("new_address") if answers.get("customer") == NEW else None
    customer = Customer(team_id=0, name=_customer_name(answers), address=address or None)
    return [t(context.lang, "orders.preview", summary=order_summary(order, customer, context.lang))]


async def _customer(context: FieldContext, draft: Draft, team_id: int, session: Any) -> Customer | Reopen:
    """The chosen customer as it is now, or the new one added to the team."""
    answers = draft.get("answers", {})
    if answers.get("customer") != NEW:
        chosen = answers.get("customer") or {}
        found = await customer_db.customer_in_team(session, int(chosen.get("id") or 0), team_id)
        return found if found is not None else Reopen("orders.customer_gone", "customer")
    name = str(answers.get("new_name") or "")
    if await customer_db.name_taken(session, team_id, name):
        return Reopen("customers.name_taken_meanwhile", "new_name")
    site = answers.get("new_location") or {}
    return await customer_db.add_customer(
        session,
        team_id=team_id,
        name=name,
        created_by_id=context.me.id,
        address=answers.get("new_address") or None,
        contact=answers.get("contact_name") or None,
        phone=answers.get("contact_phone") or None,
        latitude=site.get("latitude"),
        longitude=site.get("longitude"),
    )


async def _on_site(session: Any, order: WorkOrder, rep_id: int, now: datetime) -> WorkOrder:
    """A rep's own order, asked for by the customer they are with: accepted and on site at once."""
    accepted = await orders_db.accept(session, order.id or 0, rep_id, now)
    arrived = await orders_db.arrive(session, order.id or 0, rep_id, now=now) if accepted else None
    return arrived or order


async def create(context: FieldContext, draft: Draft, after: AfterCreate) -> str | Reopen:
    """Create the order once (and a new customer with it); then `after` offers the dispatch list (or, for
    a rep's order on site, shows it to them with its buttons)."""
    team_id = team_id_of(context, draft)
    if team_id is None:
        return t(context.lang, "orders.no_team")
    feedback_id, on_site, now = draft.get("feedback_id"), bool(draft.get("on_site")), context.now()
    source = OrderSource.ON_SITE if on_site else OrderSource.FEEDBACK if feedback_id else OrderSource.BOT
    async with context.db.session() as session:
        earlier = await order_from(session, int(feedback_id)) if feedback_id else None
        if earlier is not None:  # someone made the complaint's order while this form was open
            return t(context.lang, "orders.from_feedback_exists", id=earlier.id)
        customer = await _customer(context, draft, team_id, session)
        if isinstance(customer, Reopen):
            return customer
        # From a complaint: one order per complaint, whoever submits first (the other is told below).
        make = create_from_feedback if feedback_id else orders_db.create_order
        made = await make(
            session,
            team_id=team_id,
            customer_id=customer.id or 0,
            created_by_id=context.me.id,
            source=source,
            feedback_id=int(feedback_id) if feedback_id else None,
            assignee_id=context.me.id if on_site else None,
            now=now,
            **_order_fields(draft.get("answers", {})),
        )
        if made is None:
            earlier = await order_from(session, int(feedback_id or 0))
            return t(context.lang, "orders.from_feedback_exists", id=earlier.id if earlier else "?")
        order = made
        if on_site:
            order = await _on_site(session, order, context.me.id or 0, now)
        name = customer.name
        # Kept in the photo store like a visit's: the file_ids work for this bot token only.
        photos = await files_db.register(
            session, Owner.WORK_ORDER, order.id or 0, order.photo_file_ids, now=now
        )
    if photos:
        services.fetch_photos_soon(context.application)
    await after(context, order, name)
    key = "orders.on_site_created" if on_site else "orders.dispatch_later"
    return t(context.lang, key, id=order.id)
