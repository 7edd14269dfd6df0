"""How check-ins read: distances and times on site in words."""

from __future__ import annotations

from collections.abc import Sequence

from telegram import InlineKeyboardButton, InlineKeyboardMarkup

from domain.geo import distance_m
from presentation.buttons import CheckOut
from presentation.i18n import Raw, t
from storage.field_models import CheckIn, Customer

POOR_ACCURACY_M = 100  # metres: a location the phone is less sure of than this gets a warning


def distance_text(lang: str, metres: float | None) -> str:
    """ "120 m" or "1.3 km"."""
    if metres is None:
        return "-"
    if metres < 1000:
        return t(lang, "checkin.metres", value=f"{metres:.0f}")
    return t(lang, "checkin.kilometres", value=f"{metres / 1000:.1f}")


def duration_text(lang: str, minutes: int) -> str:
    """ "1 h 25 min" or "40 min"."""
    hours, rest = divmod(max(minutes, 0), 60)
    if hours:
        return t(lang, "checkin.duration_hm", h=hours, m=rest)
    return t(lang, "checkin.duration_m", m=rest)


def customer_choices(lang: str, nearest: Sequence[tuple[Customer, float | None]]) -> list[tuple[str, str]]:
    """The nearest customers as (button label, customer id): with how far each site is, where it is known."""
    return [
        (t(lang, "checkin.customer_button", name=c.name, distance=distance_text(lang, d)), str(c.id))
        if d is not None
        else (c.name, str(c.id))
        for c, d in nearest
    ]


def location_ok_text(lang: str, accuracy: float | None) -> str:
    """The location is taken; with a warning when the phone was unsure where it was."""
    text = t(lang, "checkin.location_ok")
    if accuracy is None or accuracy <= POOR_ACCURACY_M:
        return text
    return Raw(text + "\n" + t(lang, "checkin.poor_accuracy", accuracy=f"{accuracy:.0f}"))


def confirm_text(
    lang: str,
    *,
    new_name: str | None,
    customer: Customer | None,
    at: tuple[float, float],
    when: str,
    photo: bool,
) -> Raw:
    """What the rep confirms: where (a new customer, or the chosen one and how far its site is) and when."""
    if new_name is not None:
        head = t(lang, "checkin.confirm_new", customer=new_name, time=when)
    elif customer is None:
        head = t(lang, "checkin.customer_unknown")
    elif customer.latitude is None or customer.longitude is None:
        head = t(lang, "checkin.confirm_no_site", customer=customer.name, time=when)
    else:
        metres = distance_text(lang, distance_m(*at, customer.latitude, customer.longitude))
        head = t(lang, "checkin.confirm", customer=customer.name, distance=metres, time=when)
    return Raw(f"{head}\n{t(lang, 'checkin.with_photo' if photo else 'checkin.without_photo')}")


def filed_text(lang: str, checkin: CheckIn, customer: Customer, when: str, *, photo: bool) -> Raw:
    """The check-in as filed: its verdict (at the site, outside and how far, unverified), and what next."""
    distance = distance_text(lang, checkin.distance_m)
    verdict = t(
        lang, f"checkin.verdict.{checkin.verdict}", customer=customer.name, time=when, distance=distance
    )
    return Raw(f"{verdict}\n{t(lang, 'checkin.done_photo' if photo else 'checkin.done')}")


def checked_out_text(lang: str, closed: tuple[CheckIn, Customer | None] | None) -> str:
    """Checked out, and how long the rep was there; or that there was no check-in to close."""
    if closed is None:
        return t(lang, "checkin.not_checked_in")
    checkin, customer = closed
    assert checkin.checked_out_at is not None
    minutes = int((checkin.checked_out_at - checkin.checked_in_at).total_seconds() // 60)
    name = customer.name if customer else "-"
    return t(lang, "checkin.checked_out", customer=name, duration=duration_text(lang, minutes))


def checkout_keyboard(lang: str) -> InlineKeyboardMarkup:
    """Check out, under "you are already checked in at ..."."""
    button = InlineKeyboardButton(t(lang, "checkin.checkout_button"), callback_data=CheckOut().pack())
    return InlineKeyboardMarkup([[button]])
