"""Time zones: one way to check a zone name and one way to find a team's zone."""

from __future__ import annotations

from datetime import date, datetime, time, timedelta
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError


class UnknownZone(ValueError):
    """A zone name that is not in the IANA database (for example `Mars/Base` or `UTC+8`)."""

    def __init__(self, name: str) -> None:
        super().__init__(
            f"unknown time zone {name!r}: use an IANA name such as Asia/Shanghai or Europe/Berlin"
        )
        self.name = name


def parse_zone(name: str) -> ZoneInfo:
    """The zone called `name`, or UnknownZone with a message a person can act on."""
    cleaned = (name or "").strip()
    if not cleaned or cleaned.startswith(("/", ".")) or ".." in cleaned:
        raise UnknownZone(name)
    try:
        return ZoneInfo(cleaned)
    except (ZoneInfoNotFoundError, ValueError, OSError) as exc:
        raise UnknownZone(name) from exc


def is_valid_zone(name: str) -> bool:
    """Whether `name` is a zone fieldbot can schedule in."""
    try:
        parse_zone(name)
    except UnknownZone:
        return False
    return True


def zone_or_default(name: str | None, default: str) -> ZoneInfo:
    """A team's zone, falling back to `default` when the team has none or a stored name is unknown
    (a row written before zones were validated must not stop that team's jobs)."""
    if name:
        try:
            return parse_zone(name)
        except UnknownZone:
            pass
    return parse_zone(default)


def team_zone(stored_name: str | None, default: str) -> ZoneInfo:
    """The zone a team's times are read and scheduled in: its stored zone, else `default` (TIMEZONE)."""
    return zone_or_default(stored_name, default)


def local_day_bounds(first: date, last: date | None, zone: ZoneInfo) -> tuple[datetime, datetime]:
    """From local midnight starting `first` to local midnight after `last` (or after `first`), aware."""
    begin = datetime.combine(first, time(0), tzinfo=zone)
    return begin, datetime.combine((last or first) + timedelta(days=1), time(0), tzinfo=zone)
