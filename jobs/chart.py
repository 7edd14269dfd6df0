"""The weekly digest's chart: the team's on-time rate over the last weeks, as PNG bytes.

Labels are dates and percentages only, so the picture needs no CJK font; the caption carries the words.
matplotlib (with numpy and its fonts, ~165 MB) is imported only when a chart is drawn, once a week, so
the bot starts light and a process that never draws never loads it.
"""

from __future__ import annotations

import io
from collections.abc import Sequence
from datetime import date

TARGET = 1.0  # 报表上交及时准确率 target is 100 %


def render_rate_chart(week_starts: Sequence[date], rates: Sequence[float | None]) -> bytes:
    """A bar chart of weekly on-time rates (None = nothing was due that week) as PNG bytes."""
    import matplotlib

    # No display on a server: render off-screen. Must be chosen before pyplot is imported.
    matplotlib.use("Agg")
    import matplotlib.pyplot as plt

    labels = [start.strftime("%m-%d") for start in week_starts]
    values = [0.0 if r is None else r * 100 for r in rates]
    figure, axes = plt.subplots(figsize=(6, 3.2), dpi=100)
    try:
        colors = [
            "#bbbbbb" if r is None else "#2e7d32" if r >= 0.95 else "#f9a825" if r >= 0.6 else "#c62828"
            for r in rates
        ]
        bars = axes.bar(labels, values, color=colors)
        for bar, r in zip(bars, rates, strict=True):
            text = "–" if r is None else f"{round(r * 100)}%"
            axes.annotate(
                text,
                (bar.get_x() + bar.get_width() / 2, bar.get_height()),
                ha="center",
                va="bottom",
                fontsize=8,
                xytext=(0, 2),
                textcoords="offset points",
            )
        axes.axhline(TARGET * 100, color="#555555", linewidth=0.8, linestyle="--")
        axes.set_ylim(0, 110)
        axes.set_ylabel("%")
        axes.tick_params(axis="x", labelsize=8)
        figure.tight_layout()
        buffer = io.BytesIO()
        figure.savefig(buffer, format="png")
        return buffer.getvalue()
    finally:
        # pyplot keeps every figure alive until closed; a job running for months must not leak them.
        plt.close(figure)
