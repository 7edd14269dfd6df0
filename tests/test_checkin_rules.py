"""The plausibility rules and geofence verdicts as pure functions."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

from domain.geo import Verdict, verdict_for
from storage.checkins import Point, suspicion_reasons
from tests.support.field import SITE, north_of

T0 = datetime(2026, 3, 2, 2, 0, tzinfo=UTC)


def _at(seconds: float, metres: float, accuracy: float | None = 10) -> Point:
    lat, lon = north_of(*SITE, metres)
    return Point(T0 + timedelta(seconds=seconds), lat, lon, accuracy)


def test_walking_around_the_site_is_plausible() -> None:
    assert suspicion_reasons([_at(0, 0), _at(60, 40), _at(120, 80, accuracy=50), _at(180, 20)]) == []
    assert suspicion_reasons([_at(0, 0, accuracy=None)]) == []


def test_jump_over_500_m_within_30_s() -> None:
    assert suspicion_reasons([_at(0, 0), _at(30, 510)]) == ["jump 510 m in 30 s"]
    assert suspicion_reasons([_at(0, 0), _at(31, 510)]) == []  # 59 km/h over 31 s: a car, fine
    assert suspicion_reasons([_at(0, 0), _at(30, 490)]) == []


def test_speed_over_150_kmh() -> None:
    assert suspicion_reasons([_at(0, 0), _at(60, 3000)]) == ["speed 180 km/h"]
    assert suspicion_reasons([_at(0, 0), _at(60, 2400)]) == []  # 144 km/h: fast, possible


def test_poor_accuracy_and_order_and_duplicates() -> None:
    assert suspicion_reasons([_at(0, 0, accuracy=51)]) == ["accuracy 51 m"]
    # Points are judged in time order whatever order they arrive in; a reason is listed once.
    reasons = suspicion_reasons([_at(20, 600), _at(0, 0), _at(40, 0), _at(60, 600), _at(80, 0)])
    assert reasons[0].startswith("jump 600 m in 20 s") and len(reasons) == len(set(reasons))


def test_verdicts() -> None:
    assert verdict_for(None, 300) == Verdict.UNVERIFIED
    assert verdict_for(300.0, 300) == Verdict.AT_SITE
    assert verdict_for(300.5, 300) == Verdict.OUTSIDE
