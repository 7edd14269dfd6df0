"""/orders for supervisors and admins (the team's orders, filtered by state, overdue first, each with its
time left or overdue by) and /order N for everyone: the order, its SLA targets, its timeline, and the
buttons that fit its state and the viewer (a rep's come from handlers.order_rep).

Who sees what: admins every team, supervisors their team, reps their own orders. Another team's or
another rep's order N gets exactly the answer a missing one gets.
"""

from __future__ import annotations

from telegram import InlineKeyboardButton, InlineKeyboardMarkup, Update
from telegram.ext import BaseHandler, CallbackQueryHandler, CommandHandler, MessageHandler, filters

from domain.orders import OPEN_STATES, OrderState, sources_of
from domain.zones import team_zone
from handlers import order_link, order_rep
from handlers.forms.engine import send_pages, stale
from presentation import services
from presentation.buttons import CancelOrder, OrderAction, OrderFilter
from presentation.context import FieldContext
from presentation.i18n import Raw, all_texts, t
from presentation.order_buttons import reassign_button
from presentation.order_photos import send_order_photos
from presentation.order_text import order_line, order_summary, targets_text, timeline_text
from presentation.split import split_html
from storage import orders as orders_db
from storage.models import Role
from storage.order_lookup import customers_of, names_of, order_for, teams_of
from storage.order_models import WorkOrder
from storage.order_queries import next_dues

FILTERS = ("open", "overdue", *(s.value for s in OrderState if s != OrderState.NEW), OrderState.NEW.value)
SHOWN = 30  # orders listed in one message; the rest are counted
OPEN_BUTTONS = 8  # the first orders also get a button that opens them
# The main menus' button: "My orders" (reps), "Orders" (supervisors, admins); /orders either way.
MENU_BUTTONS = filters.Text(sorted({*all_texts("menu.my_orders"), *all_texts("menu.orders")}))


def _manager_buttons(order: WorkOrder, lang: str) -> list[list[InlineKeyboardButton]]:
    """Dispatch / Reassign while a rep may still be given the order; Cancel while it is open."""
    rows = []
    if order.state in sources_of(OrderState.ASSIGNED):
        label = "orders.dispatch_button" if order.state == OrderState.NEW else "orders.reassign_button"
        rows.append([reassign_button(lang, order.id or 0, order.state, label=label)])
    if order.state in OPEN_STATES:
        data = CancelOrder(order.id or 0, order.state).pack()
        rows.append([InlineKeyboardButton(t(lang, "orders.cancel_button"), callback_data=data)])
    return rows


async def show_order(update: Update, context: FieldContext, order_id: int) -> None:
    """Order N as the viewer may see it; else the one refusal a missing order gets."""
    assert update.effective_chat is not None
    me, lang, now = context.me, context.lang, context.now()
    async with context.db.read() as session:
        order = await order_for(session, order_id, me)
        if order is not None:
            customer = (await customers_of(session, [order.customer_id])).get(order.customer_id)
            events = await orders_db.timeline(session, order.id or 0)
            targets = await orders_db.targets(session, order.id or 0)
            ids = [e.actor_id for e in events] + [int(e.detail.get("rep_id") or 0) for e in events]
            names = await names_of(session, [*ids, order.assignee_id])
            teams = await teams_of(session, [order.team_id])
    if order is None:
        await context.bot.send_message(update.effective_chat.id, t(lang, "orders.not_found", id=order_id))
        return
    zone = team_zone(teams[0].timezone if teams else None, context.settings.timezone)
    parts = [order_summary(order, customer, lang, assignee=names.get(order.assignee_id or 0))]
    if me.role == Role.ADMIN and teams:
        parts.append(t(lang, "orders.view_team", team=teams[0].name))
    parts += [targets_text(lang, targets, now, zone, order.state), timeline_text(lang, events, names, zone)]
    rows = order_rep.rep_buttons(order, lang) if me.role == Role.REP else _manager_buttons(order, lang)
    rows += order_link.link_rows(order, lang)
    markup = InlineKeyboardMarkup(rows) if rows else None
    store = services.store_of(context.bot_data)
    # The photos first, so the order and its buttons end the chat.
    await send_order_photos(context.bot, context.db, store, update.effective_chat.id, order, lang)
    await send_pages(update, context, split_html("\n\n".join(parts)), markup)


def _filter_rows(lang: str, chosen: str) -> list[list[InlineKeyboardButton]]:
    buttons = []
    for name in FILTERS:
        text = (
            t(lang, f"orders.filter.{name}")
            if name in ("open", "overdue")
            else t(lang, f"orders.state.{name}")
        )
        mark = "• " if name == chosen else ""
        buttons.append(InlineKeyboardButton(mark + text, callback_data=OrderFilter(name).pack()))
    return [buttons[i : i + 3] for i in range(0, len(buttons), 3)]


async def _orders(context: FieldContext, team_ids: list[int], chosen: str) -> list[WorkOrder]:
    """The teams' orders under a filter, overdue first (storage orders each team; teams follow in turn)."""
    state = None if chosen in ("open", "overdue") else chosen
    found: list[WorkOrder] = []
    async with context.db.read() as session:
        for team_id in team_ids:
            found += await orders_db.team_orders(session, team_id, state=state, now=context.now())
        if chosen == "overdue":
            dues = await next_dues(session, [o.id or 0 for o in found])
            found = [o for o in found if (o.id or 0) in dues and dues[o.id or 0].due_at < context.now()]
    return found


async def list_orders(update: Update, context: FieldContext, chosen: str = "open") -> None:
    """The team's orders under one filter (every team's for admins), most urgent first."""
    assert update.effective_chat is not None
    me, lang, now = context.me, context.lang, context.now()
    every = me.role == Role.ADMIN and me.team_id is None  # an admin without a team sees all of them
    async with context.db.read() as session:
        teams = await teams_of(session, None if every else [me.team_id or 0])
    if not teams:
        await context.bot.send_message(update.effective_chat.id, t(lang, "orders.no_team"))
        return
    orders = await _orders(context, [team.id or 0 for team in teams], chosen)
    async with context.db.read() as session:
        dues = await next_dues(session, [o.id or 0 for o in orders])
        customers = await customers_of(session, [o.customer_id for o in orders])
        names = await names_of(session, [o.assignee_id for o in orders])
    zones = {team.id: team_zone(team.timezone, context.settings.timezone) for team in teams}
    team_names = {team.id: team.name for team in teams}
    lines = []
    for order in orders[:SHOWN]:
        customer = customers.get(order.customer_id)
        where: str = customer.name if customer else "-"
        if len(teams) > 1:  # an admin's list of every team: say whose order it is
            where = t(
                lang, "orders.customer_in_team", team=team_names.get(order.team_id, "-"), customer=where
            )
        lines.append(
            order_line(
                lang,
                order,
                where,
                names.get(order.assignee_id or 0),
                dues.get(order.id or 0),
                now,
                zones[order.team_id],
            )
        )
    if len(orders) > SHOWN:
        lines.append(t(lang, "orders.list_more", count=len(orders) - SHOWN))
    team = teams[0].name if len(teams) == 1 else t(lang, "orders.list_all_teams")
    title = t(lang, "orders.list_title", team=team, filter=_filter_name(lang, chosen), count=len(orders))
    body = "\n".join(lines) if lines else t(lang, "orders.list_empty")
    text = Raw(f"{title}\n\n{body}\n\n{t(lang, 'orders.open_hint')}")
    opens = [
        InlineKeyboardButton(f"#{o.id}", callback_data=OrderAction("view", o.id or 0, o.state).pack())
        for o in orders[:OPEN_BUTTONS]
    ]
    rows = [opens[i : i + 4] for i in range(0, len(opens), 4)] + _filter_rows(lang, chosen)
    await send_pages(update, context, split_html(text), InlineKeyboardMarkup(rows))


def _filter_name(lang: str, chosen: str) -> str:
    return (
        t(lang, f"orders.filter.{chosen}")
        if chosen in ("open", "overdue")
        else t(lang, f"orders.state.{chosen}")
    )


async def orders_command(update: Update, context: FieldContext) -> None:
    """/orders: a rep's own open orders (handlers.order_rep), a manager's team list."""
    if context.me.role == Role.REP:
        await order_rep.my_orders(update, context)
        return
    await list_orders(update, context)


async def filtered(update: Update, context: FieldContext) -> None:
    """A filter button under the list: the list again under it."""
    query = update.callback_query
    assert query is not None
    data = OrderFilter.unpack(query.data)
    if data is None or data.state not in FILTERS or context.me.role == Role.REP:
        await stale(update, context)
        return
    await query.answer()
    await list_orders(update, context, data.state)


def build() -> list[BaseHandler[Update, FieldContext, None]]:
    """/orders (also the main menus' button) and its filter buttons (/order N is an entry of
    handlers.order_create)."""
    return [
        CommandHandler("orders", orders_command),
        MessageHandler(filters.UpdateType.MESSAGE & MENU_BUTTONS, orders_command),
        CallbackQueryHandler(filtered, pattern=OrderFilter.pattern()),
        *order_link.build(),  # the Customer link button under a done order
    ]
