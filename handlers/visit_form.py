"""/visit as a declared flow: the steps after the customer, the preview and the submit.

The customer choice (with search) and the prefill from today's check-in are /visit's own (handlers.visit);
asking, Keep / Skip / Back, photos, Edit from the preview, submit once and /cancel are the engine's.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from enum import StrEnum
from functools import cache
from typing import Any

from domain.visits import VisitResult, VisitType
from handlers import order_rep_hooks
from handlers.forms.spec import Draft, Kind, Render, Reopen, Step, asked
from presentation import services
from presentation import visit_text as vr
from presentation.context import FieldContext
from presentation.i18n import t
from storage import customers as customer_db
from storage import files as files_db
from storage import visits as visits_db

MAX_PHOTOS = 20
Choices = Callable[[str, Draft], Sequence[tuple[str, str]]]


def _choices(group: str, values: type[StrEnum]) -> Choices:
    return lambda lang, _draft: [(t(lang, f"visit.{group}.{value}"), value.value) for value in values]


def _stars(_lang: str, _draft: Draft) -> list[tuple[str, str]]:
    return [(f"⭐{n}", str(n)) for n in range(1, 6)]


def visit_step(key: str, kind: Kind = Kind.TEXT, question: Render | None = None, **options: Any) -> Step:
    """A step asked with "visit.ask_<key>" (unless it has a question of its own) and named
    "visit.field.<key>" in the Edit list."""
    return asked(key, question or f"visit.ask_{key}", f"visit.field.{key}", kind=kind, **options)


@cache
def _table(optional: bool) -> dict[str, Step]:
    """Every step after the customer; model and serial may be skipped only where no machine is needed."""
    steps = [
        visit_step("type", Kind.CHOICE, vr.type_question, choices=_choices("type", VisitType), columns=2),
        visit_step("model", question=vr.machine_question("model"), limit=100, skippable=optional),
        visit_step("serial", question=vr.machine_question("serial"), limit=100, skippable=optional),
        visit_step("problem", limit=1000),
        visit_step("work", limit=1000),
        visit_step("parts", limit=500, skippable=True),
        visit_step("result", Kind.CHOICE, choices=_choices("result", VisitResult)),
        visit_step("satisfaction", Kind.CHOICE, choices=_stars, columns=5),
        visit_step("photos", Kind.PHOTOS, maximum=MAX_PHOTOS),
        visit_step("sheet", Kind.PHOTO, skippable=True),
    ]
    return {step.key: step for step in steps}


# A work order's record: the signed dispatch sheet is required (the order is done only with it).
ORDER_SHEET = visit_step("sheet", Kind.PHOTO, lambda lang, _draft: t(lang, "orders_rep.ask_sheet"))


def steps(draft: Draft) -> tuple[Step, ...]:
    """The steps after the customer, as this draft needs them."""
    table = _table(vr.machine_optional(draft))
    chosen = tuple(step for key, step in table.items() if key != "serial" or vr.asks_serial(draft))
    if order_rep_hooks.order_of(draft) is None:
        return chosen
    # The customer rates the work themselves, through their own link (handlers.customer_link).
    return tuple(ORDER_SHEET if s.key == "sheet" else s for s in chosen if s.key != "satisfaction")


async def preview(context: FieldContext, draft: Draft) -> Sequence[str]:
    """The record as it will be filed."""
    return [vr.preview_text(draft, context.lang, context.now())]


async def submit(context: FieldContext, draft: Draft) -> str | Reopen:
    """File the record once, with its check-in's times as stored now, and its photos due for download."""
    me, now = context.me, context.now()
    async with context.db.session() as session:
        customer = await customer_db.customer_in_team(session, vr.customer_id(draft) or 0, me.team_id)
        if customer is None:  # moved to another team since it was chosen
            return Reopen("common.not_yours", "customer")
        checkin = vr.checkin_of(draft)
        found = await visits_db.own_check_in(session, checkin["id"], me.id or 0) if checkin else None
        if checkin is not None and found is not None:
            # The rep may have checked out since the preview: the stored times are the truth.
            checkin["at"] = found.checked_in_at.isoformat()
            checkin["out"] = found.checked_out_at.isoformat() if found.checked_out_at else None
        visit = await visits_db.add_visit(
            session, vr.record(draft, me.id or 0, found.id if found else None, now)
        )
        # Filed from a work order: the order is done in the same transaction.
        finished = await order_rep_hooks.finish_order(session, context, draft, visit.id)
        # In the filing transaction: a photo is never filed without its download being due.
        if await files_db.register_visit(session, visit, now=now):
            services.fetch_photos_soon(context.application)
    key = "visit.filed_follow_up" if visit.follow_up else "visit.filed"
    filed = t(context.lang, key, customer=customer.name)
    return await order_rep_hooks.after_filing(context, draft, finished, filed)  # the customer's link
