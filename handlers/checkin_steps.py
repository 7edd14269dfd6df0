"""/checkin as a declared flow: which customer, a new customer's name, the optional site photo; then the
confirmation and the filing (handlers.checkin_form). The location before it is in handlers.checkin.

The customer step is this flow's own: it offers the team's customers nearest the rep's location (and "new
customer") with buttons of its own, which the engine checks like its own. Asking the other steps, Back,
Skip, Edit, the confirmation with its submit-once, /cancel and stale buttons are the engine's.
"""

from __future__ import annotations

from telegram import InlineKeyboardMarkup, Update

from handlers import checkin_form as filing
from handlers.common import team_customer
from handlers.forms import answers, engine
from handlers.forms.spec import Draft, Form, Kind, Step, asked
from presentation.checkin_text import distance_text
from presentation.context import FieldContext
from presentation.i18n import t
from storage import customers as customer_db


async def ask_customer(update: Update, context: FieldContext, header: str) -> str:
    """The team's customers nearest the rep's location, nearest first, then "new customer"."""
    draft, lang = context.draft(FORM.name), context.lang
    async with context.db.session() as session:
        nearest = await customer_db.nearest_customers(
            session, context.me.team_id or 0, draft["lat"], draft["lon"]
        )
    labels = [
        (t(lang, "checkin.customer_button", name=c.name, distance=distance_text(lang, d)), str(c.id))
        if d is not None
        else (c.name, str(c.id))
        for c, d in nearest
    ]
    rows = [[engine.button(FORM, context, label, "pick", value)] for label, value in labels]
    rows.append([engine.button(FORM, context, t(lang, "checkin.new_customer"), "pick", filing.NEW)])
    last = (
        [engine.button(FORM, context, t(lang, "common.back"), "back", CUSTOMER.key)]
        if draft.get("editing")
        else []
    )
    last.append(engine.button(FORM, context, t(lang, "common.cancel"), "cancel"))
    rows.append(last)
    question = t(lang, "checkin.choose_customer" if nearest else "checkin.no_customers")
    assert update.effective_chat is not None
    await context.bot.send_message(
        update.effective_chat.id, f"{header}\n{question}", reply_markup=InlineKeyboardMarkup(rows)
    )
    return FORM.answer_state


async def _picked(update: Update, context: FieldContext, arg: str) -> str | None:
    """A customer of the list (only one of the rep's own team), or a new one: the answer to the step."""
    if arg == filing.NEW:
        return await answers.chosen(update, context, FORM, filing.NEW)
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
    limit=filing.NAME_LIMIT,
    parse=filing.parse_name,
    check=filing.name_free,
)
PHOTO = asked("photo", "checkin.ask_photo", "checkin.title.photo", kind=Kind.PHOTO, skippable=True)


def _steps(draft: Draft) -> tuple[Step, ...]:
    """A new customer is named before the photo."""
    if draft.get("answers", {}).get(CUSTOMER.key) == filing.NEW:
        return (CUSTOMER, NEW_NAME, PHOTO)
    return (CUSTOMER, PHOTO)


FORM = Form(
    name="checkin",
    steps=_steps,
    preview=filing.preview,
    submit=filing.submit,
    submit_label="checkin.confirm_button",
)
