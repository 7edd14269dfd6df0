"""Building the digest texts (presentation.split cuts them to Telegram's limit).

Shared by the digest job and the /stats, /team and /missing commands, so the figures read the same way
everywhere. Every user-typed value goes through t(), which escapes it.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import asdict
from datetime import datetime

from presentation.i18n import CATALOGS, Raw, t
from storage.field_models import Feedback
from storage.stats import CheckInCounts

EXCERPT = 120


def excerpt(text: str, size: int = EXCERPT) -> str:
    """The first line of user-typed text, shortened for a one-line digest entry (escaped later by t())."""
    first = " ".join(text.split())
    return first if len(first) <= size else first[: size - 1] + "…"


def ago(lang: str, then: datetime, now: datetime) -> Raw:
    """ "25 min ago", "3 h ago", "2 d ago"."""
    minutes = max(0, int((now - then).total_seconds() // 60))
    if minutes < 60:
        return t(lang, "digests.ago.minutes", n=minutes)
    if minutes < 24 * 60:
        return t(lang, "digests.ago.hours", n=minutes // 60)
    return t(lang, "digests.ago.days", n=minutes // (24 * 60))


def label(lang: str, prefix: str, value: str | None) -> str:
    """A catalog label for a stored vocabulary value, or the value itself if the catalog lacks it."""
    key = f"{prefix}.{value}"
    catalog = CATALOGS.get(lang, CATALOGS["en"])
    return catalog.get(key) or CATALOGS["en"].get(key) or str(value or "")


def percent(lang: str, value: float | None) -> str:
    """A rate as "85%", or a dash when nothing was due."""
    return t(lang, "digests.rate_none") if value is None else f"{round(value * 100)}%"


def rep_line(lang: str, name: str, counts: CheckInCounts, visits: int) -> Raw:
    """One rep's check-ins and visits on one line."""
    # Every figure of the record goes in; the template shows those a digest line has room for.
    return t(lang, "digests.rep_line", name=name, visits=visits, **asdict(counts))


def feedback_line(
    lang: str, key: str, item: Feedback, rep: str, customer: str | None, **values: object
) -> Raw:
    """One piece of feedback as a digest line (`key`: new or escalated): who, for whom, what they wrote."""
    no_customer = t(lang, "digests.no_customer")
    return t(lang, key, rep=rep, customer=customer or no_customer, text=excerpt(item.description), **values)


def join_lines(lines: Sequence[str]) -> Raw:
    """Lines of already-built HTML as one text."""
    return Raw("\n".join(lines))
