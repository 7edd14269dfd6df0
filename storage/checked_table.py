"""The all-or-nothing check of an imported sheet that customer and work-order imports share: header,
size, blank and overlong rows, each row checked by the caller, every problem kept with its line."""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from typing import Any

from storage.encodings import Undecodable
from storage.tabular import read_table

# Called with ("checked" or "imported", rows done, rows in total).
Progress = Callable[[str, int, int], None]
# A row's cells by column -> the row as model fields, and its problems as (key, values).
RowCheck = Callable[[dict[str, str], int], tuple[dict[str, Any], list[tuple[str, dict[str, Any]]]]]


@dataclass(frozen=True)
class Problem:
    """One reason the file cannot be imported: `line` 0 means the whole file."""

    line: int
    key: str
    values: dict[str, Any] = field(default_factory=dict)


def check_table(
    data: bytes,
    columns: Sequence[str],
    check: RowCheck,
    *,
    max_rows: int,
    prefix: str = "",
    progress: Progress | None = None,
    every: int = 0,
) -> tuple[list[dict[str, Any]], list[Problem], str]:
    """Check a whole file: the rows (with "_line"), the problems (keys after `prefix`), and the unit
    ("line" or "row") the numbers count in. `progress` hears of every `every` rows checked."""
    try:
        table = read_table(data, columns)
    except Undecodable as exc:
        return [], [Problem(0, exc.key, exc.values)], "line"
    header = [cell.strip().lower() for cell in table.header]
    missing = [c for c in columns if c not in header]
    if missing:
        return [], [Problem(1, f"{prefix}missing_columns", {"missing": ", ".join(missing)})], table.unit
    if len(table.rows) > max_rows:
        too_many = Problem(0, f"{prefix}too_many_rows", {"count": len(table.rows), "limit": max_rows})
        return [], [too_many], table.unit
    position = {column: header.index(column) for column in columns}
    rows: list[dict[str, Any]] = []
    problems: list[Problem] = []
    for done, (line, cells) in enumerate(table.rows, start=1):
        if progress is not None and every and done % every == 0:
            progress("checked", done, len(table.rows))
        if not any(cell.strip() for cell in cells):
            continue  # blank lines, common at the end of spreadsheet exports
        if len(cells) > len(header):
            # Usually a comma inside an unquoted address: every value after it moved one column, so
            # the other complaints about this row would only mislead.
            problems.append(
                Problem(line, f"{prefix}extra_cells", {"count": len(cells), "expected": len(header)})
            )
            continue
        values = {c: " ".join((cells[i] if i < len(cells) else "").split()) for c, i in position.items()}
        row, found = check(values, line)
        problems.extend(Problem(line, f"{prefix}{key}", found_values) for key, found_values in found)
        row["_line"] = line
        rows.append(row)
    if not rows and not problems:
        problems.append(Problem(0, f"{prefix}no_rows"))
    return rows, problems, table.unit
