"""A sheet of the HR workbook as plain typed cells: storage.score_export fills it, presentation writes it."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date


@dataclass(frozen=True)
class Column:
    """A column: its catalog key (export.col.<key>), or a scheme item's own titles, or a day of the month;
    `values` is a catalog prefix its codes are worded by (visit.type., feedback.kind. ...)."""

    key: str
    en: str | None = None
    zh: str | None = None
    day: date | None = None
    values: str | None = None
    width: int = 14


@dataclass
class Sheet:
    """One sheet: its key (export.sheet.<key>), columns and rows of cells (str, int, float, bool, date,
    datetime or None)."""

    key: str
    columns: list[Column]
    rows: list[list[object]] = field(default_factory=list)
