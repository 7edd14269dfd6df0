"""How check-ins read: distances and times on site in words."""

from __future__ import annotations

from presentation.i18n import t


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
