"""Scoring schemes as data: a TOML file per company, items with maximum points and a rule.

Two kinds of scheme ship with fieldbot (domain/schemes/): `points` (items add up to a daily-work
score out of 100, which is then blended with attendance) and `kpi` (each KPI is scored 0-100 in bands
against its target, then weighted). An item's rule is either automatic (computed from what the bot
records, given to `score_item` as `Facts`) or `judged` (the supervisor sets it in the scoring
conversation, full marks by default, a deduction needs a reason).
"""

from __future__ import annotations

import itertools
import tomllib
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from importlib import resources
from pathlib import Path
from typing import Any

FLAG_BELOW = 60.0


class SchemeError(ValueError):
    """A scheme file that cannot be used; the message names the file, the item and the fix."""


@dataclass(frozen=True)
class Item:
    """One line of a scorecard."""

    key: str
    title_en: str
    title_zh: str
    rule: str
    max_points: float = 0.0
    weight: float = 0.0
    penalty: float = 0.0
    fact: str = ""
    # KPI items: (value, score) breakpoints, scored by straight lines between them.
    points: tuple[tuple[float, float], ...] = ()

    @property
    def judged(self) -> bool:
        """True when a supervisor sets this item."""
        return self.rule == "judged"

    def title(self, lang: str) -> str:
        """The item's name in the reader's language."""
        return self.title_zh if lang.startswith("zh") else self.title_en


@dataclass(frozen=True)
class Scheme:
    """A company's scoring scheme."""

    key: str
    kind: str
    title_en: str
    title_zh: str
    items: tuple[Item, ...]
    # `points` schemes: monthly = daily work x work_share + attendance x (1 - work_share).
    work_share: float = 1.0

    def item(self, key: str) -> Item:
        """The item called `key`."""
        for item in self.items:
            if item.key == key:
                return item
        raise KeyError(key)


@dataclass(frozen=True)
class Facts:
    """What the bot counted for one rep and month; None where there was nothing to count."""

    counts: Mapping[str, float] = field(default_factory=dict)
    rates: Mapping[str, float | None] = field(default_factory=dict)
    # Reports: how many were expected, on time, late, missing, and the longest run of missed ones.
    expected_reports: int = 0
    on_time_reports: int = 0
    missed_in_a_row: int = 0
    missed_reports: int = 0


RULES = ("judged", "per_count", "rate", "reports", "kpi")


def _item(source: str, raw: Mapping[str, Any]) -> Item:
    key = str(raw.get("key", ""))
    rule = str(raw.get("rule", ""))
    if not key or rule not in RULES:
        raise SchemeError(f"{source}: item {key or '?'} needs a key and a rule, one of {', '.join(RULES)}")
    points = tuple((float(value), float(score)) for value, score in raw.get("points", ()))
    if rule == "kpi" and (len(points) < 2 or any(a[0] >= b[0] for a, b in itertools.pairwise(points))):
        raise SchemeError(f"{source}: KPI item {key} needs two or more points with rising values")
    return Item(
        key=key,
        title_en=str(raw.get("title_en", key)),
        title_zh=str(raw.get("title_zh", raw.get("title_en", key))),
        rule=rule,
        max_points=float(raw.get("max", 0)),
        weight=float(raw.get("weight", 0)),
        penalty=float(raw.get("penalty", 0)),
        fact=str(raw.get("fact", "")),
        points=points,
    )


def parse_scheme(source: str, text: str) -> Scheme:
    """A scheme from TOML text; `source` names the file in errors."""
    try:
        data = tomllib.loads(text)
    except tomllib.TOMLDecodeError as exc:
        raise SchemeError(f"{source}: not valid TOML ({exc}); fix the file") from None
    head = data.get("scheme", {})
    kind = str(head.get("kind", ""))
    if kind not in ("points", "kpi"):
        raise SchemeError(f"{source}: [scheme] kind must be 'points' or 'kpi'")
    items = tuple(_item(source, raw) for raw in data.get("items", ()))
    if not items:
        raise SchemeError(f"{source}: no [[items]]; add at least one")
    if len({item.key for item in items}) != len(items):
        raise SchemeError(f"{source}: two items share a key; keys must be unique")
    if kind == "kpi" and abs(sum(item.weight for item in items) - 100) > 1e-6:
        raise SchemeError(f"{source}: KPI weights add up to {sum(i.weight for i in items):g}, not 100")
    return Scheme(
        key=str(head.get("key", Path(source).stem)),
        kind=kind,
        title_en=str(head.get("title_en", "")),
        title_zh=str(head.get("title_zh", "")),
        items=items,
        work_share=float(head.get("work_share", 1.0)),
    )


def shipped_schemes() -> dict[str, Scheme]:
    """The schemes that come with fieldbot."""
    folder = resources.files("domain") / "schemes"
    found = (
        parse_scheme(entry.name, entry.read_text("utf-8"))
        for entry in folder.iterdir()
        if entry.name.endswith(".toml")
    )
    return {scheme.key: scheme for scheme in found}


def load_schemes(extra_dir: Path | None) -> dict[str, Scheme]:
    """Shipped schemes plus a company's own files (*.toml in `extra_dir`), which win on the same key."""
    schemes = shipped_schemes()
    if extra_dir is not None:
        for path in sorted(extra_dir.glob("*.toml")):
            scheme = parse_scheme(str(path), path.read_text("utf-8"))
            schemes[scheme.key] = scheme
    return schemes


def kpi_band_score(value: float, points: Sequence[tuple[float, float]]) -> float:
    """The score for `value` on the straight lines between the breakpoints, held flat past the ends."""
    if value <= points[0][0]:
        return points[0][1]
    for (x0, y0), (x1, y1) in itertools.pairwise(points):
        if value <= x1:
            return y0 + (y1 - y0) * (value - x0) / (x1 - x0)
    return points[-1][1]


def reports_points(item: Item, facts: Facts) -> float:
    """Reports on time: nothing filed at all scores 0; a miss right after a miss costs double."""
    if facts.expected_reports == 0:
        return item.max_points
    if facts.on_time_reports == 0 and facts.missed_reports == facts.expected_reports:
        return 0.0
    not_on_time = facts.expected_reports - facts.on_time_reports
    # Each miss in a run after the first is counted again.
    doubled = max(0, facts.missed_in_a_row - 1)
    lost = (not_on_time + doubled) / facts.expected_reports
    return max(0.0, item.max_points * (1 - lost))


def score_item(item: Item, facts: Facts) -> float | None:
    """The automatic score of `item`; None for a judged item or a KPI with nothing to measure."""
    if item.rule == "judged":
        return None
    if item.rule == "per_count":
        return max(0.0, item.max_points - item.penalty * facts.counts.get(item.fact, 0))
    if item.rule == "rate":
        rate = facts.rates.get(item.fact)
        return item.max_points if rate is None else item.max_points * rate
    if item.rule == "reports":
        return reports_points(item, facts)
    value = facts.rates.get(item.fact, facts.counts.get(item.fact))
    return None if value is None else kpi_band_score(value, item.points)


def monthly_total(scheme: Scheme, item_points: Mapping[str, float | None], attendance: float) -> float:
    """The month's score from every item's points (and, for `points` schemes, attendance).

    A KPI with nothing to measure (None: a rep given no commissioning that month) is left out and the
    others' weights are scaled up to 100, rather than scoring it 0 and flagging a month nobody failed.
    """
    if scheme.kind == "kpi":
        measured = [(item, item_points.get(item.key)) for item in scheme.items]
        weighed = [(item.weight, value) for item, value in measured if value is not None]
        total_weight = sum(weight for weight, _ in weighed)
        return sum(weight * value for weight, value in weighed) / total_weight if total_weight else 0.0
    work = max(0.0, sum(item_points.get(item.key) or 0.0 for item in scheme.items))
    return work * scheme.work_share + attendance * (1 - scheme.work_share)


def yearly_score(monthly: Sequence[float]) -> float | None:
    """The mean of the months scored, None before the first."""
    return sum(monthly) / len(monthly) if monthly else None


def flagged(score: float) -> bool:
    """A month under 60 costs 30 % of the performance bonus in these companies."""
    return score < FLAG_BELOW
