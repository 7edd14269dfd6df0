"""How a work order reads: its summary, its SLA targets with time left or overdue by, its timeline, and its
line in a list. Shared by the supervisor's views, the rep's side and the customer's link; every typed value
goes through t(), which escapes it."""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from datetime import datetime, tzinfo
from typing import TYPE_CHECKING, Any

from presentation.digest_text import label
from presentation.i18n import Raw, t

if TYPE_CHECKING:
    from storage.field_models import Customer
    from storage.order_models import OrderTarget, WorkOrder, WorkOrderEvent

# Event details shown in the timeline, in this order (other keys stay in the table only).
DETAIL_KEYS = ("reason", "amount", "receipt_number", "taken_items", "rating", "comment")
TERMINAL = ("done", "cancelled")


def state_label(lang: str, state: str) -> str:
    """The name of a state ("Assigned", "已派工")."""
    return label(lang, "orders.state", state)


def duration(lang: str, seconds: float) -> Raw:
    """ "2 d 3 h", "5 h 20 min" or "12 min" (whole minutes, at least 1)."""
    minutes = max(1, int(abs(seconds) // 60))
    days, rest = divmod(minutes, 24 * 60)
    hours, mins = divmod(rest, 60)
    if days:
        return t(lang, "orders.duration_dh", d=days, h=hours)
    if hours:
        return t(lang, "orders.duration_hm", h=hours, m=mins)
    return t(lang, "orders.duration_m", m=mins)


def local(when: datetime, zone: tzinfo) -> str:
    """A stored UTC instant as the team's wall-clock time."""
    return when.astimezone(zone).strftime("%Y-%m-%d %H:%M")


def due_text(lang: str, due_at: datetime, met_at: datetime | None, now: datetime, zone: tzinfo) -> Raw:
    """Met on time / met late / time left / overdue by."""
    if met_at is not None:
        key = "orders.due.met" if met_at <= due_at else "orders.due.met_late"
        return t(lang, key, at=local(met_at, zone), by=duration(lang, (met_at - due_at).total_seconds()))
    left = (due_at - now).total_seconds()
    if left > 0:
        return t(lang, "orders.due.left", left=duration(lang, left), at=local(due_at, zone))
    return t(lang, "orders.due.overdue", by=duration(lang, left), at=local(due_at, zone))


def next_due(targets: Sequence[OrderTarget]) -> OrderTarget | None:
    """The earliest target not met yet (what the order is racing against now)."""
    open_ = [target for target in targets if target.met_at is None]
    return min(open_, key=lambda target: target.due_at) if open_ else None


def _contact(lang: str, order: WorkOrder) -> str:
    """The contact's name and phone, whichever are known ("—" once when neither is)."""
    if order.contact_name and order.contact_phone:
        return t(lang, "orders.contact", name=order.contact_name, phone=order.contact_phone)
    return order.contact_name or order.contact_phone or t(lang, "orders.none")


def order_summary(
    order: WorkOrder, customer: Customer | None, lang: str, *, assignee: str | None = None
) -> Raw:
    """The order as everyone reads it: customer, contact, machine, fault, category, priority, state."""
    none = t(lang, "orders.none")
    urgent = order.priority == "urgent"
    return t(
        lang,
        "orders.summary",
        title=t(lang, "orders.title", id=order.id) if order.id else t(lang, "orders.title_new"),
        flag="🔴 " if urgent else "",
        priority=label(lang, "orders.priority", order.priority),
        category=label(lang, "orders.category", order.category),
        customer=customer.name if customer else none,
        address=(customer.address if customer else None) or none,
        contact=_contact(lang, order),
        model=order.product_model or none,
        serial=order.serial_number or none,
        fault=order.fault or none,
        # No "Photos: 0" line: most orders have none, and the line would only be noise.
        photos=t(lang, "orders.photos_line", count=len(photos)) if (photos := order.photo_file_ids) else "",
        state=state_label(lang, order.state),
        assignee=assignee or none,
    )


def targets_text(lang: str, targets: Sequence[OrderTarget], now: datetime, zone: tzinfo, state: str) -> Raw:
    """One line per SLA target (accept, arrive, finish); open targets of a cancelled order are void."""
    order = {"accept": 0, "arrive": 1, "finish": 2}
    lines = [t(lang, "orders.targets_title")]
    for target in sorted(targets, key=lambda x: order.get(x.target, 9)):
        if target.met_at is None and state == "cancelled":
            status: Raw = t(lang, "orders.due.void")
        else:
            status = due_text(lang, target.due_at, target.met_at, now, zone)
        lines.append(
            t(lang, "orders.target_line", target=label(lang, "orders.target", target.target), status=status)
        )
    return Raw("\n".join(lines))


def _detail(lang: str, detail: Mapping[str, Any] | None) -> str:
    """What an event carries that a reader needs: a reason, an amount, a receipt (escaped)."""
    parts = [
        t(lang, f"orders.detail.{key}", value=detail[key])
        for key in DETAIL_KEYS
        if detail and detail.get(key) not in (None, "")
    ]
    return "; ".join(parts)


def timeline_text(lang: str, events: Sequence[WorkOrderEvent], names: Mapping[int, str], zone: tzinfo) -> Raw:
    """Every step of the order, oldest first: when, what, who (and to whom for an assignment)."""
    lines = [t(lang, "orders.timeline_title")]
    for event in events:
        detail = event.detail or {}
        rep_id = detail.get("rep_id") or detail.get("assignee_id")
        whom = names.get(int(rep_id), "?") if rep_id else ""
        who = names.get(event.actor_id, "") if event.actor_id is not None else ""
        extra = _detail(lang, detail)
        lines.append(
            t(
                lang,
                "orders.event_line",
                at=local(event.at, zone),
                what=label(lang, "orders.event", event.kind),
                to=t(lang, "orders.event_to", name=whom) if whom else "",
                by=t(lang, "orders.event_by", name=who) if who else "",
                detail=Raw(f"\n    {extra}") if extra else "",
            )
        )
    return Raw("\n".join(lines))


def order_line(
    lang: str,
    order: WorkOrder,
    customer: str,
    assignee: str | None,
    due: OrderTarget | None,
    now: datetime,
    zone: tzinfo,
) -> Raw:
    """One order in a list: number, state, customer, rep, and what it races against now."""
    racing: Raw = Raw("")
    if due is not None and order.state not in TERMINAL:
        racing = t(
            lang,
            "orders.line_due",
            target=label(lang, "orders.target", due.target),
            status=due_text(lang, due.due_at, None, now, zone),
        )
    return t(
        lang,
        "orders.line",
        id=order.id,
        flag="🔴 " if order.priority == "urgent" else "",
        state=state_label(lang, order.state),
        customer=customer,
        assignee=assignee or t(lang, "orders.nobody"),
        due=racing,
    )
