"""/order: a supervisor or admin creates a work order (the steps in handlers.order_form, run by the engine),
or a rep one for the customer they are with (theirs at once, on site);
/order N opens order N (handlers.order_views); "Create work order" under a complaint's notice opens the
form prefilled from it. What is this flow's own: the customer chooser (the team's customers seen most
recently, a search by typing part of the name, or a new customer).
"""

from __future__ import annotations

from typing import Any

from telegram import InlineKeyboardButton, InlineKeyboardMarkup, Update
from telegram.ext import CallbackQueryHandler, CommandHandler, ConversationHandler

from handlers import order_dispatch, order_feedback, order_form, order_rep, order_views
from handlers.forms import answers, engine, flow
from handlers.forms.spec import Draft, Form, Kind, Reopen, asked
from presentation.buttons import OrderFromFeedback, PickOrderCustomer
from presentation.context import FieldContext
from presentation.i18n import t
from storage import customers as customer_db
from storage import feedback as fb_db
from storage import staff as staff_db
from storage.field_models import Customer, Feedback
from storage.models import Role
from storage.order_models import WorkOrder

CHOOSE = "order.customer"
CUSTOMER_BUTTONS = 8
MANAGERS = (Role.SUPERVISOR, Role.ADMIN)


async def _ask_customer(update: Update, context: FieldContext, header: str) -> str:
    """The customer step: the team's most recently seen customers, and New customer; typing searches."""
    team_id = order_form.team_id_of(context, context.draft(FORM.name)) or 0
    async with context.db.read() as session:
        recent = await customer_db.recent_customers(session, team_id, limit=CUSTOMER_BUTTONS)
    return await _send(update, context, f"{header}\n{t(context.lang, 'orders.ask.customer')}", recent)


async def _submit(context: FieldContext, draft: Draft) -> str | Reopen:
    if draft.get("on_site"):
        return await order_form.create(context, draft, _to_rep)

    async def dispatch(context: FieldContext, order: WorkOrder, customer: str) -> None:
        # The rep list first: marking every copy of a complaint's notice is an edit per supervisor.
        await order_dispatch.offer(context, order, customer)
        await order_feedback.mark_notice(context, draft, order)

    return await order_form.create(context, draft, dispatch)


async def _to_rep(context: FieldContext, order: WorkOrder, _customer: str) -> None:
    """A rep's order on site: its card with the buttons of its state (Done, Take back, or the fee first)."""
    async with context.db.read() as session:
        text = await order_rep.card(session, context, order, context.lang)
    await context.bot.send_message(
        context.me.telegram_id, text, reply_markup=order_rep.keyboard(order, context.lang)
    )


CUSTOMER = asked(
    "customer", "orders.ask.customer", "orders.field.customer", kind=Kind.CHOICE, ask=_ask_customer
)
FORM = Form(
    name=order_feedback.ORDER_FLOW,
    steps=lambda draft: order_form.steps(CUSTOMER, draft),
    preview=order_form.preview,
    submit=_submit,
    submit_label="orders.create_button",
)


def _token(context: FieldContext) -> str:
    return str(context.draft(FORM.name).get("token", ""))


async def _send(update: Update, context: FieldContext, text: str, customers: list[Customer]) -> str:
    """The chooser: customers, New customer, then Back (after a first step or when editing) and Cancel."""
    lang, draft, token = context.lang, context.draft(FORM.name), _token(context)
    rows = [
        [InlineKeyboardButton(c.name, callback_data=PickOrderCustomer(c.id or 0, token).pack())]
        for c in customers
    ]
    new = PickOrderCustomer(0, token).pack()
    rows.append([InlineKeyboardButton(t(lang, "orders.new_customer"), callback_data=new)])
    last = [engine.button(FORM, context, t(lang, "common.cancel"), "cancel")]
    if draft.get("editing") or draft.get("teams"):
        last.insert(0, engine.button(FORM, context, t(lang, "common.back"), "back", CUSTOMER.key))
    rows.append(last)
    assert update.effective_chat is not None
    await context.bot.send_message(update.effective_chat.id, text, reply_markup=InlineKeyboardMarkup(rows))
    return CHOOSE


def _current(context: FieldContext, token: str) -> bool:
    """Whether a chooser button belongs to the chooser now shown (else it is stale)."""
    draft = context.draft(FORM.name)
    asking = draft.get("at") == "question" and draft.get("step") == CUSTOMER.key
    return asking and engine.is_current(context, FORM.name, token)


async def searched(update: Update, context: FieldContext) -> str:
    """Typed text while choosing: the team's customers whose name contains it."""
    assert update.message is not None and update.message.text is not None
    text = " ".join(update.message.text.split())[:100]
    team_id = order_form.team_id_of(context, context.draft(FORM.name)) or 0
    async with context.db.read() as session:
        found = list(await customer_db.search_customers(session, team_id, text, limit=CUSTOMER_BUTTONS))
    engine.new_token(context, FORM)
    key = "orders.search_results" if found else "orders.search_none"
    return await _send(update, context, t(context.lang, key, text=text), found)


async def picked(update: Update, context: FieldContext) -> str | None:
    """A customer of the team (checked again), or New customer: the answer to the customer step."""
    query = update.callback_query
    assert query is not None
    pressed = PickOrderCustomer.unpack(query.data)
    if pressed is None or not _current(context, pressed.token):
        await engine.stale(update, context)
        return None
    draft = context.draft(FORM.name)
    if pressed.customer_id == 0:
        await query.answer()
        await answers.show_choice(query)
        return await answers.answered(update, context, FORM, order_form.NEW)
    async with context.db.read() as session:
        customer = await customer_db.customer_in_team(
            session, pressed.customer_id, order_form.team_id_of(context, draft)
        )
    if customer is None:
        await query.answer(t(context.lang, "common.not_yours"), show_alert=True)
        return None
    await query.answer()
    await answers.show_choice(query)
    _prefill_contact(draft, customer)
    return await answers.answered(update, context, FORM, {"id": customer.id, "name": customer.name})


def _prefill_contact(draft: dict[str, Any], customer: Customer) -> None:
    """The customer's contact and phone as the answers to keep (or retype) when they are asked."""
    given = draft.setdefault("answers", {})
    if customer.contact:
        given.setdefault("contact_name", customer.contact)
    if customer.phone:
        given.setdefault("contact_phone", customer.phone)


async def start(update: Update, context: FieldContext) -> str | int | None:
    """/order N: open order N. /order: a new work order (admins without a team choose one first)."""
    assert update.message is not None
    me, lang = context.me, context.lang
    if context.args:
        number = context.args[0].lstrip("#")
        if not number.isdigit() or len(context.args) > 1:
            await update.message.reply_text(t(lang, "orders.usage"))
        else:
            await order_views.show_order(update, context, int(number))
        return None  # the view leaves any open flow as it was
    if me.role not in MANAGERS:
        # A rep creates an order for a request the customer they are with makes: it is theirs, on site.
        if me.team_id is None:
            await update.message.reply_text(t(lang, "orders.no_team"))
            return ConversationHandler.END
        engine.begin(context, FORM, team_id=me.team_id, on_site=True)
        return await engine.ask(update, context, FORM)
    teams: list[list[Any]] = []
    if me.team_id is None:
        # An admin picks the team; a supervisor without one has nothing to manage yet.
        async with context.db.read() as session:
            every = await staff_db.list_teams(session) if me.role == Role.ADMIN else []
        teams = [[team.id, team.name] for team in every]
        if not teams:
            await update.message.reply_text(t(lang, "orders.no_team"))
            return ConversationHandler.END
    engine.begin(context, FORM, team_id=me.team_id, teams=teams)
    return await engine.ask(update, context, FORM)


async def from_feedback(update: Update, context: FieldContext) -> str | int | None:
    """ "Create work order" under a complaint's notice: the form with its customer, model and fault."""
    query = update.callback_query
    assert query is not None
    pressed = OrderFromFeedback.unpack(query.data)
    feedback = customer = None
    if pressed is not None and pressed.feedback_id > 0:
        async with context.db.read() as session:
            feedback = await session.get(Feedback, pressed.feedback_id)
            if feedback is not None and feedback.customer_id is not None:
                customer = await customer_db.customer_in_team(session, feedback.customer_id, feedback.team_id)
    if feedback is None or feedback.team_id is None or not fb_db.may_handle(context.me, feedback):
        await query.answer(t(context.lang, "orders.from_feedback_gone"), show_alert=True)
        return None
    if await order_feedback.already_ordered(update, context, feedback):
        return None
    await query.answer()
    given: dict[str, Any] = {"product_model": feedback.product_model or None, "fault": feedback.description}
    given = {key: value for key, value in given.items() if value}
    draft = engine.begin(context, FORM, team_id=feedback.team_id, feedback_id=feedback.id, answers=given)
    order_feedback.remember(draft, update)
    if customer is not None:
        draft["answers"][CUSTOMER.key] = {"id": customer.id, "name": customer.name}
        _prefill_contact(draft, customer)
    missing = engine.first_missing(FORM, draft)
    draft["step"] = missing.key if missing is not None else CUSTOMER.key
    return await engine.ask(update, context, FORM)


def build() -> ConversationHandler[FieldContext]:
    """The /order conversation: the engine's states plus the customer chooser."""
    from_feedback_button = CallbackQueryHandler(from_feedback, pattern=OrderFromFeedback.pattern())
    picked_button = CallbackQueryHandler(picked, pattern=PickOrderCustomer.pattern())
    return flow.build(
        FORM,
        entry_points=[CommandHandler("order", start), from_feedback_button],
        states={CHOOSE: flow.search_state(FORM, searched, picked_button)},
    )
