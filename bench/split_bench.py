"""Benchmark: splitting a long HTML message (presentation.split) against reading it once, in the same run.

    python -m bench.split_bench

A digest or a /missing list of a large team is one long HTML text cut into messages of Telegram's 4,096
UTF-16 units. The baseline is `visible_length` on the same text: one pass that parses every tag, entity and
character, which splitting has to do at least once. The ratio split ÷ baseline should stay flat as the text
grows; a ratio that grows with the size means splitting has become quadratic again (it was: a 50,000-character
text took 1.7 s, holding the event loop).
"""

from __future__ import annotations

import sys
import time
from collections.abc import Callable
from functools import partial
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from presentation.split import split_html, visible_length

LINE = "<b>Rep Zhang</b> · 3 visits 🚗 &amp; 2 reports, last check-in 09:12 at ACME <i>Works</i>\n"


def _best(run: Callable[[], object], repeats: int = 3) -> float:
    """Seconds of the fastest of `repeats` runs."""
    times = []
    for _ in range(repeats):
        started = time.perf_counter()
        run()
        times.append(time.perf_counter() - started)
    return min(times)


def main() -> None:
    for size in (10_000, 50_000, 200_000):
        text = (LINE * (size // len(LINE) + 1))[:size]
        baseline = _best(partial(visible_length, text))
        split = _best(partial(split_html, text))
        pieces = len(split_html(text))
        print(
            f"{size:>7} characters, {pieces:>3} messages: split {split * 1000:7.1f} ms, "
            f"one parse {baseline * 1000:6.1f} ms, ratio {split / baseline:5.1f}x",
            flush=True,
        )


if __name__ == "__main__":
    main()
