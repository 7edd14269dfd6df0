"""Work orders (报修单 / 派工单): states, the moves between them, and service-level due times.

Pure logic: storage enforces the moves with compare-and-set updates and the jobs read the due times.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import UTC, date, datetime, time, timedelta
from enum import StrEnum
from zoneinfo import ZoneInfo

from domain.deadlines import local_to_utc


class OrderState(StrEnum):
    """Where a work order is in its life."""

    NEW = "new"
    ASSIGNED = "assigned"
    ACCEPTED = "accepted"
    ON_SITE = "on_site"
    IN_WORKSHOP = "in_workshop"
    RETURNED = "returned"
    DONE = "done"
    CANCELLED = "cancelled"


class OrderCategory(StrEnum):
    """What kind of work; decides the service levels and which on-time rate the order counts in."""

    WARRANTY_REPAIR = "warranty_repair"
    PAID_REPAIR = "paid_repair"
    CONTRACT_SERVICE = "contract_service"
    INSTALLATION = "installation"
    MAINTENANCE = "maintenance"


class Priority(StrEnum):
    """How soon the customer must be served."""

    NORMAL = "normal"
    URGENT = "urgent"


class SlaTarget(StrEnum):
    """The three promises each order carries: accepted, on site and finished within so many hours."""

    ACCEPT = "accept"
    ARRIVE = "arrive"
    FINISH = "finish"


class EventKind(StrEnum):
    """One line of an order's timeline."""

    CREATED = "created"
    ASSIGNED = "assigned"
    DECLINED = "declined"
    REASSIGNED = "reassigned"
    ACCEPTED = "accepted"
    ARRIVED = "arrived"
    FEE_QUOTED = "fee_quoted"
    TAKEN_BACK = "taken_back"
    RETURNED = "returned"
    DONE = "done"
    CANCELLED = "cancelled"
    CONFIRMED = "confirmed"
    RATED = "rated"


class HoursKind(StrEnum):
    """Whether SLA hours run around the clock or only in the team's working hours."""

    CALENDAR = "calendar"
    WORKING = "working"


class OrderSource(StrEnum):
    """Where an order came from."""

    BOT = "bot"
    CLI = "cli"
    CSV = "csv"
    ON_SITE = "on_site"
    FEEDBACK = "feedback"


S = OrderState
TRANSITIONS: dict[OrderState, frozenset[OrderState]] = {
    S.NEW: frozenset({S.ASSIGNED, S.CANCELLED}),
    # assigned -> assigned is a reassignment; assigned -> new is a decline.
    S.ASSIGNED: frozenset({S.ACCEPTED, S.ASSIGNED, S.NEW, S.CANCELLED}),
    S.ACCEPTED: frozenset({S.ON_SITE, S.ASSIGNED, S.CANCELLED}),
    S.ON_SITE: frozenset({S.IN_WORKSHOP, S.DONE, S.CANCELLED}),
    S.IN_WORKSHOP: frozenset({S.RETURNED, S.CANCELLED}),
    S.RETURNED: frozenset({S.DONE, S.CANCELLED}),
    S.DONE: frozenset(),
    S.CANCELLED: frozenset(),
}
OPEN_STATES = frozenset(s for s in OrderState if s not in (S.DONE, S.CANCELLED))
# The rep holds the order in these states (the ones a reminder goes to the assignee for).
WITH_REP_STATES = frozenset({S.ASSIGNED, S.ACCEPTED, S.ON_SITE, S.IN_WORKSHOP, S.RETURNED})

# Hours for (accept, arrive, finish), used when a team has not set its own for a category.
DEFAULT_SLA_HOURS: dict[Priority, tuple[int, int, int]] = {
    Priority.URGENT: (1, 4, 24),
    Priority.NORMAL: (4, 24, 72),
}
# 报修处理及时率 counts these; 调试及时率 counts installation and commissioning.
REPAIR_CATEGORIES = frozenset(
    {OrderCategory.WARRANTY_REPAIR, OrderCategory.PAID_REPAIR, OrderCategory.CONTRACT_SERVICE}
)
COMMISSIONING_CATEGORIES = frozenset({OrderCategory.INSTALLATION})


def can_move(source: OrderState | str, target: OrderState | str) -> bool:
    """Whether an order in `source` may move to `target`."""
    return OrderState(target) in TRANSITIONS[OrderState(source)]


def sources_of(target: OrderState) -> frozenset[OrderState]:
    """Every state an order may move to `target` from."""
    return frozenset(s for s, targets in TRANSITIONS.items() if target in targets)


@dataclass(frozen=True)
class WorkCalendar:
    """A team's working time: daily hours in its zone, workdays (0 = Monday), holidays and make-up days."""

    zone: ZoneInfo
    start: time = time(8, 30)
    end: time = time(17, 30)
    workdays: frozenset[int] = frozenset({0, 1, 2, 3, 4})
    holidays: frozenset[date] = field(default_factory=frozenset)
    makeup_days: frozenset[date] = field(default_factory=frozenset)

    def is_workday(self, day: date) -> bool:
        """A holiday is off even on a weekday; a make-up day (调休) is worked even on a weekend."""
        if day in self.holidays:
            return False
        return day in self.makeup_days or day.weekday() in self.workdays


# A calendar without a single working day within this many days cannot meet any target.
_SEARCH_DAYS = 3 * 366


class NoWorkingTime(ValueError):
    """The calendar has no working hours to count an SLA in."""

    def __init__(self) -> None:
        super().__init__(
            "the team's SLA working hours have no working day (or start is not before end): "
            "set workdays and hours with /sla, or switch the team to calendar hours"
        )


def due_at(
    start: datetime, hours: int, hours_kind: HoursKind | str, calendar: WorkCalendar | None
) -> datetime:
    """When a target of `hours` started at `start` runs out (aware UTC).

    Calendar hours are elapsed time (a DST change does not stretch them). Working hours count only the
    team's working windows, each placed on the local wall clock of its day, so a DST night changes
    nothing about a 08:30-17:30 day.
    """
    start = start.astimezone(UTC)
    if HoursKind(hours_kind) is HoursKind.CALENDAR or calendar is None:
        return start + timedelta(hours=hours)
    if calendar.start >= calendar.end:
        raise NoWorkingTime()
    remaining = timedelta(hours=hours)
    if not remaining:
        return start
    cursor = start
    day = start.astimezone(calendar.zone).date()
    for _ in range(_SEARCH_DAYS):
        if calendar.is_workday(day):
            opens = local_to_utc(day, calendar.start, calendar.zone)
            closes = local_to_utc(day, calendar.end, calendar.zone)
            cursor = max(cursor, opens)
            if cursor < closes:
                if remaining <= closes - cursor:
                    return cursor + remaining
                remaining -= closes - cursor
        day += timedelta(days=1)
    raise NoWorkingTime()


def reminder_lead(window: timedelta) -> timedelta:
    """How long before a target runs out its reminder goes: a quarter of the window, at least 15 min."""
    return max(window / 4, timedelta(minutes=15))
