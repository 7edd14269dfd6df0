"""One way to find a team's zone and a local day's bounds."""

from __future__ import annotations

from datetime import UTC, date, datetime
from zoneinfo import ZoneInfo

from domain.zones import local_day_bounds, team_zone


def test_a_team_zone_falls_back_to_the_setting_when_missing_or_unknown() -> None:
    assert team_zone("Europe/Berlin", "Asia/Shanghai") == ZoneInfo("Europe/Berlin")
    assert team_zone(None, "Asia/Urumqi") == ZoneInfo("Asia/Urumqi")
    assert team_zone("Mars/Base", "Asia/Urumqi") == ZoneInfo("Asia/Urumqi")


def test_local_day_bounds_cover_whole_local_days() -> None:
    shanghai = ZoneInfo("Asia/Shanghai")
    start, end = local_day_bounds(date(2026, 11, 18), None, shanghai)
    assert (start.astimezone(UTC), end.astimezone(UTC)) == (
        datetime(2026, 11, 17, 16, 0, tzinfo=UTC),
        datetime(2026, 11, 18, 16, 0, tzinfo=UTC),
    )
    week = local_day_bounds(date(2026, 11, 16), date(2026, 11, 22), shanghai)
    assert week[1] - week[0] == datetime(2026, 11, 23) - datetime(2026, 11, 16)
