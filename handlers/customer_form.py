"""The customer form behind /customers as a declared flow: the step table, the preview and filing it.

Adding asks every step in order; changing a customer (picked in handlers.customers) opens the form with
its answers filled in and asks only the parts chosen. Asking, Keep / Skip / Back, Edit from the preview,
submit once and /cancel are the engine's (handlers.forms).
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

from handlers.forms.spec import Check, Draft, Form, Invalid, Kind, Parse, Reopen, Step, asked, text
from presentation.context import FieldContext
from presentation.customer_text import columns_of, radii, summary, yes_no
from presentation.i18n import t
from storage import customers as customer_db
from storage.customers import LIMITS, RADIUS_MAX, RADIUS_MIN
from storage.models import Role


def managed_team_id(context: FieldContext) -> int | None:
    """The team being managed: a supervisor's own; an admin's own or the one they chose."""
    me = context.me
    if me.team_id is not None or me.role != Role.ADMIN:
        return me.team_id
    chosen = context.draft(FORM.name).get("team_id")
    return int(chosen) if chosen is not None else None


def tidy(field: str, refusal: str | None = None) -> Parse:
    """Typed text with its runs of spaces and line breaks made one space, if the customer field takes it;
    else `refusal` (a catalog key, "customers.invalid.<field>" unless given)."""

    def parse(text: str, _draft: Draft) -> Any:
        value = " ".join(text.split())
        if customer_db.text_problem(field, value) is None:
            return value
        return Invalid(refusal or f"customers.invalid.{field}", {"limit": LIMITS[field]})

    return parse


def name_free(refusal: str) -> Check:
    """Names are unique per team: refuse (catalog key `refusal`) one another customer of the managed team
    has, while it can be retyped."""

    async def check(context: FieldContext, name: Any, draft: Draft) -> Invalid | None:
        async with context.db.read() as session:
            taken = await customer_db.name_taken(
                session, managed_team_id(context) or 0, str(name), except_id=draft.get("customer_id")
            )
        return Invalid(refusal, {"name": name}) if taken else None

    return check


def _step(key: str, **rules: Any) -> Step:
    question = text(f"customers.ask.{key}", min=RADIUS_MIN, max=RADIUS_MAX)
    return asked(key, question, f"customers.field.{key}", **rules)


# In the order of storage.customers.FIELDS, the order a supervisor is asked.
STEPS = (
    _step("name", limit=LIMITS["name"], parse=tidy("name"), check=name_free("customers.name_taken")),
    *(
        _step(key, limit=LIMITS[key], skippable=True, parse=tidy(key))
        for key in ("address", "contact", "phone")
    ),
    # A pin or a place picked from the map: the supervisor is rarely standing at the site.
    _step("location", kind=Kind.LOCATION, skippable=True),
    _step("radius_m", kind=Kind.NUMBER, minimum=RADIUS_MIN, maximum=RADIUS_MAX, choices=radii, columns=4),
    _step("key_account", kind=Kind.CHOICE, choices=yes_no, columns=2),
)


async def preview(context: FieldContext, draft: Draft) -> Sequence[str]:
    """The customer as it will be saved."""
    lang, fields = context.lang, columns_of(draft.get("answers", {}))
    return [t(lang, "customers.preview", summary=summary(lang, fields))]


async def submit(context: FieldContext, draft: Draft) -> str | Reopen:
    """Save the new customer or the change, checked again against the team as it is now."""
    lang, fields = context.lang, columns_of(draft.get("answers", {}))
    team_id, customer_id = managed_team_id(context), draft.get("customer_id")
    async with context.db.session() as session:
        existing = (
            await customer_db.customer_in_team(session, int(customer_id), team_id) if customer_id else None
        )
        if customer_id and existing is None:
            return t(lang, "common.not_yours")
        # Someone else may have saved the name since it was typed: ask for another.
        if await customer_db.name_taken(session, team_id or 0, fields["name"], except_id=customer_id):
            return Reopen("customers.name_taken_meanwhile", "name")
        if existing is not None:
            await customer_db.update_customer(session, existing, **fields)
        else:
            await customer_db.add_customer(
                session, team_id=team_id or 0, created_by_id=context.me.id, **fields
            )
    return t(lang, "customers.saved", name=fields["name"])


FORM = Form(name="customers", steps=lambda _draft: STEPS, preview=preview, submit=submit)
