"""The bot starts without loading matplotlib (~165 MB of packages) or openpyxl and numpy: only the weekly
chart and a customer workbook need them."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent


def test_starting_the_bot_does_not_import_matplotlib() -> None:
    probe = (
        "import sys, bot.app, bot.cli, jobs.setup; "
        "heavy = sorted(m for m in sys.modules if m.split('.')[0] in ('matplotlib', 'numpy', 'openpyxl')); "
        "print(heavy); sys.exit(1 if heavy else 0)"
    )
    result = subprocess.run(
        [sys.executable, "-c", probe], cwd=ROOT, capture_output=True, text=True, timeout=60
    )
    assert result.returncode == 0, result.stdout[:500] + result.stderr[-2000:]


def test_the_chart_still_draws_when_asked() -> None:
    from datetime import date

    from jobs.chart import render_rate_chart

    png = render_rate_chart([date(2026, 11, 9), date(2026, 11, 16)], [0.5, None])
    assert png.startswith(b"\x89PNG\r\n\x1a\n")
