"""How check-ins read: distances and times on site in words."""

from __future__ import annotations

from domain.geo import distance_m
from presentation.i18n import Raw, t
from storage.field_models import CheckIn, Customer


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
