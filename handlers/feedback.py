"""/feedback as a declared flow: a quality problem, customer complaint, market information or suggestion.

Kind → (complaints: category) → customer (if the team has any; optional) → product model (optional) →
description → photos → severity → preview. Asking, Keep / Skip / Back, Edit from the preview, submit once
and /cancel are the engine's (handlers.forms); batch and critical feedback and every complaint reach the
supervisors at once (presentation.feedback_notice).
"""

from __future__ import annotations

from collections.abc import Sequence
from enum import StrEnum
from typing import Any

from telegram import Update
from telegram.ext import ConversationHandler

from handlers.forms import engine, flow
from handlers.forms.spec import Draft, Form, Kind, Render, Step, asked, text
from presentation import feedback_notice, feedback_text, services
from presentation.context import FieldContext
from presentation.i18n import t
from storage import customers as customer_db
from storage import feedback as fb_db
from storage import files as files_db
from storage.feedback import ComplaintCategory, FeedbackKind, Severity
from storage.file_models import Owner

PRODUCT_MAX = 100  # a model name, one line
# Counted the way Telegram counts (UTF-16), so the longest description still fits in one notice.
DESCRIPTION_MAX = 2000
PHOTOS_MAX = 30


def _step(key: str, name: str = "", question: Render | None = None, **rules: Any) -> Step:
    """A step asked with "feedback.ask_<name>" (unless it has a question of its own) and named
    "feedback.field.<name>" in the Edit list; `name` is the key unless given."""
    name = name or key
    return asked(key, question or f"feedback.ask_{name}", f"feedback.field.{name}", **rules)


def _options(name: str, values: type[StrEnum]) -> Step:
    """A choice among the values of an enum, each labelled by its catalog text."""

    def choices(lang: str, _draft: Draft) -> list[tuple[str, str]]:
        return [(t(lang, f"feedback.{name}.{v}"), v.value) for v in values]

    return _step(name, kind=Kind.CHOICE, choices=choices)


def _customers(_lang: str, draft: Draft) -> list[tuple[str, str]]:
    """The team's latest customers, read when the flow began (a pick is checked again on submit)."""
    return [(name, str(customer_id)) for customer_id, name in draft.get("customers", [])]


def _one_line(text: str, _draft: Draft) -> str:
    return " ".join(text.split())


KIND = _options("kind", FeedbackKind)
CATEGORY = _options("category", ComplaintCategory)
CUSTOMER = _step("customer", kind=Kind.CHOICE, choices=_customers, skippable=True)
PRODUCT = _step("product_model", "product", limit=PRODUCT_MAX, skippable=True, parse=_one_line)
DESCRIPTION = _step(
    "description", question=text("feedback.ask_description", limit=DESCRIPTION_MAX), limit=DESCRIPTION_MAX
)
PHOTOS = _step("photos", kind=Kind.PHOTOS, maximum=PHOTOS_MAX)
SEVERITY = _options("severity", Severity)


def steps(draft: Draft) -> Sequence[Step]:
    """Complaints get a category (it decides the routing); the customer only if the team has any."""
    answers = draft.get("answers", {})
    chosen = [KIND, CATEGORY] if answers.get("kind") == FeedbackKind.COMPLAINT else [KIND]
    if draft.get("customers"):
        chosen.append(CUSTOMER)
    return [*chosen, PRODUCT, DESCRIPTION, PHOTOS, SEVERITY]


async def preview(context: FieldContext, draft: Draft) -> Sequence[str]:
    """The feedback as supervisors will read it."""
    return [feedback_text.preview(context.lang, draft.get("answers", {}), draft.get("customers", []))]


async def submit(context: FieldContext, draft: Draft) -> str:
    """File the feedback; urgent feedback and complaints go to the supervisors at once, whoever cannot be
    reached."""
    me = context.me
    answers = dict(draft.get("answers", {}))
    answers["product_model"] = answers.get("product_model") or None
    async with context.db.session() as session:
        customer_id = int(answers.pop("customer", None) or 0)
        if customer_id and await customer_db.customer_in_team(session, customer_id, me.team_id) is None:
            customer_id = 0  # the customer left the team meanwhile
        answers["customer_id"] = customer_id or None
        feedback = await fb_db.file_feedback(session, staff=me, answers=answers)
        photos = feedback.photo_file_ids
        if await files_db.register(session, Owner.FEEDBACK, feedback.id or 0, photos, now=context.now()):
            services.fetch_photos_soon(context.application)
    told = feedback_notice.notifies(feedback)
    if told:
        store = services.store_of(context.bot_data)
        await feedback_notice.notify_supervisors(
            context.bot, context.db, context.settings, feedback.id or 0, store=store
        )
    return feedback_text.filed_text(context.lang, feedback, told=told)


FORM = Form(name="feedback", steps=steps, preview=preview, submit=submit)


async def start(update: Update, context: FieldContext) -> str:
    """/feedback or the menu button: a fresh draft, with the team's latest customers to choose from."""
    team_id = context.me.team_id
    async with context.db.read() as session:
        customers = await customer_db.latest_customers(session, team_id) if team_id is not None else []
    engine.begin(context, FORM, customers=[[c.id, c.name] for c in customers])
    return await engine.ask(update, context, FORM)


def build() -> ConversationHandler[FieldContext]:
    """The /feedback conversation: the engine's states, entered by the command or the menu button."""
    return flow.build(FORM, entry_points=flow.opened_by("feedback", "menu.feedback", start))
