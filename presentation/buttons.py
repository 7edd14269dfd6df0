"""Every button's data, one class a kind, grouped by feature (presentation.callbacks packs and checks them).

The keyboards that show these buttons stay with their texts; the handlers that answer them import them from
here, so the one who sends a button and the one who answers it agree on one class, not on a string.
"""

from __future__ import annotations

from presentation.callbacks import CallbackData

# What /team, /missing and /stats show (TeamFigures.action) and the periods they offer (TeamFigures.range).
RANGES = ("this_week", "last_week", "this_month", "last_month")
TEAM_VIEW, MISSING, STATS = "team", "missing", "stats"
NO_RANGE = "-"
YEARS = range(2004, 2100)  # what a typed year may be; the calendar itself says which it has


# --- reports, forms and language ----------------------------------------------------------------
class OpenReport(CallbackData, prefix="ro"):
    """The button on a deadline reminder: opens the report of that kind."""

    kind: str


class AmendReport(CallbackData, prefix="ra"):
    """Amend under a filed report."""

    report_id: int


class FormButton(CallbackData, prefix="f"):
    """A button of a form's prompt: which form, what it does, its argument, and the prompt's token."""

    form: str
    action: str
    arg: str
    token: str


class ChooseLanguage(CallbackData, prefix="lang"):
    """English or 简体中文 under /language (pressing an old one again is harmless: it sets that language)."""

    lang: str


# --- feedback, check-in and visits --------------------------------------------------------------
class AcknowledgeFeedback(CallbackData, prefix="fbak"):
    """Acknowledge, under a notice or an escalation of batch or critical feedback."""

    feedback_id: int


class ResolveFeedback(CallbackData, prefix="fbres"):
    """Mark resolved, under a notice once the feedback is acknowledged."""

    feedback_id: int


class CheckOut(CallbackData, prefix="cio"):
    """The "Check out" button under "you are already checked in" (pressing it again is harmless)."""


class ShowVisit(CallbackData, prefix="vshow"):
    """One record of the /visits list."""

    visit_id: int


# --- team figures and schedules -----------------------------------------------------------------
class TeamFigures(CallbackData, prefix="stf"):
    """A team (and, once chosen, a period) for /team, /missing or a manager's /stats."""

    action: str
    team_id: int
    range: str = NO_RANGE

    def valid(self) -> bool:
        """Only the actions and periods /team, /missing and /stats offer (anything else was tampered with)."""
        ranges = (NO_RANGE, *RANGES) if self.action != TEAM_VIEW else (NO_RANGE,)
        return self.action in (TEAM_VIEW, MISSING, STATS) and self.range in ranges


class FillYear(CallbackData, prefix="holf"):
    """Fill a year for a team (the right to change that team is checked again on every press)."""

    team_id: int
    year: int

    def valid(self) -> bool:
        """Only a year a typed fill may name (anything else was tampered with)."""
        return self.year in YEARS


# --- attendance and /locate ---------------------------------------------------------------------
class AttendanceMonth(CallbackData, prefix="atm"):
    """Show a month: the team's (staff_id 0) or one rep's. `month` is yyyymm."""

    team_id: int
    staff_id: int
    month: int


class AttendanceDay(CallbackData, prefix="atd"):
    """A supervisor picks a rep's day to correct. `day` is yyyymmdd."""

    staff_id: int
    day: int


class AttendanceSet(CallbackData, prefix="ats"):
    """A supervisor's correction of a rep's day (a key of CHOICES)."""

    staff_id: int
    day: int
    choice: str


class LocateWho(CallbackData, prefix="loc"):
    """Whom to ask: one rep of the team, or everyone (staff_id 0)."""

    team_id: int
    staff_id: int


# --- work orders: supervisors -------------------------------------------------------------------
class PickOrderCustomer(CallbackData, prefix="ocu"):
    """A customer of the chooser (0: a new customer), under the chooser's token."""

    customer_id: int
    token: str


class PickRep(CallbackData, prefix="orp"):
    """Give order `order_id`, seen in `state` with `assignee` (0: nobody), to rep `rep_id`."""

    order_id: int
    rep_id: int
    state: str
    assignee: int


class OrderAction(CallbackData, prefix="oac"):
    """Under an order: "reassign" (the rep list) or "view" (the order), made for the order in `state`."""

    action: str
    order_id: int
    state: str


class CancelOrder(CallbackData, prefix="ocx"):
    """Cancel under an order: asks the reason (handlers.order_dispatch)."""

    order_id: int
    state: str


class OrderFilter(CallbackData, prefix="ofl"):
    """A filter of /orders: "open", "overdue", "all" or one state."""

    state: str


class OrderFromFeedback(CallbackData, prefix="ofb"):
    """ "Create work order" under a complaint's notice: opens /order prefilled from the feedback."""

    feedback_id: int


class FreshLink(CallbackData, prefix="ocl"):
    """🔗 Customer link under a done order: a new one-time link for its customer."""

    order_id: int


class SlaButton(CallbackData, prefix="sla"):
    """/sla: "edit" a category and priority's hours, or switch the team's "kind" of hours; `team_id` for
    admins who manage every team."""

    action: str
    team_id: int
    category: str
    priority: str


# --- work orders: the rep (presentation.order_rep_buttons) --------------------------------------
class RepAction(CallbackData, prefix="owk"):
    """A rep's button under order `order_id`, made while it was in `state`."""

    action: str
    order_id: int
    state: str

    @classmethod
    def pattern_for(cls, *actions: str) -> str:
        """A CallbackQueryHandler pattern for these actions only (each flow takes its own)."""
        return f"^{cls.prefix}:({'|'.join(actions)}):"


# --- work orders: the customer (presentation.customer_buttons) ----------------------------------
class ConfirmWork(CallbackData, prefix="cwc"):
    """The customer's answer to "is the work done?" (done 1 or 0)."""

    order_id: int
    done: int


class RateWork(CallbackData, prefix="cwr"):
    """The customer's satisfaction, 1-5 stars."""

    order_id: int
    stars: int


class TurnIntoComplaint(CallbackData, prefix="cwx"):
    """A supervisor files the customer's bad answer as a complaint against the order's rep."""

    order_id: int


# --- scoring and the HR export ------------------------------------------------------------------
class ScoreRep(CallbackData, prefix="sr"):
    """Open the scoring conversation for one rep and month (YYYY-MM)."""

    staff_id: int
    month: str


class ShowCard(CallbackData, prefix="sc"):
    """A supervisor opens one rep's scorecard from the team's list."""

    staff_id: int
    month: str


class ExportMonth(CallbackData, prefix="xm"):
    """A month of the /export picker (YYYY-MM)."""

    month: str
