"""Distances on the Earth's surface, the geofence's verdict on a check-in, and live-location plausibility."""

from __future__ import annotations

import math
from enum import StrEnum

EARTH_RADIUS_M = 6_371_008.8  # mean radius (IUGG)


class Verdict(StrEnum):
    """Where a check-in was made, relative to the customer's geofence."""

    AT_SITE = "at_site"
    OUTSIDE = "outside"
    UNVERIFIED = "unverified"


def verdict_for(distance: float | None, radius_m: int) -> Verdict:
    """At site inside the geofence, outside beyond it, unverified when the site has no coordinates."""
    if distance is None:
        return Verdict.UNVERIFIED
    return Verdict.AT_SITE if distance <= radius_m else Verdict.OUTSIDE


def distance_m(lat1: float, lon1: float, lat2: float, lon2: float) -> float:
    """Great-circle distance in metres (haversine; good to ~0.5 % which is far below GPS error)."""
    phi1, phi2 = math.radians(lat1), math.radians(lat2)
    dphi = phi2 - phi1
    dlambda = math.radians(lon2 - lon1)
    a = math.sin(dphi / 2) ** 2 + math.cos(phi1) * math.cos(phi2) * math.sin(dlambda / 2) ** 2
    return 2 * EARTH_RADIUS_M * math.asin(min(1.0, math.sqrt(a)))


def coordinates_problem(lat: float, lon: float) -> str | None:
    """Why a latitude/longitude pair cannot be where someone stands: "out_of_range" for a place that does
    not exist, "no_fix" for exactly (0, 0), which phones send when they have no GPS fix (it is open sea
    off West Africa, never a customer's site); None when the pair is usable."""
    if not (-90.0 <= lat <= 90.0 and -180.0 <= lon <= 180.0):
        return "out_of_range"
    if lat == 0.0 and lon == 0.0:
        return "no_fix"
    return None


def valid_coordinates(lat: float, lon: float) -> bool:
    """Whether a latitude/longitude pair can be a real place someone is at."""
    return coordinates_problem(lat, lon) is None
