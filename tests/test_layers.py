"""The layers contract (pyproject.toml [tool.importlinter]) holds: a wrong import fails the test command."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent


def test_layers_point_one_way() -> None:
    lint = Path(sys.executable).with_name("lint-imports")
    result = subprocess.run([str(lint)], cwd=ROOT, capture_output=True, text=True, timeout=120)
    assert result.returncode == 0, result.stdout[-3000:] + result.stderr[-2000:]
    assert "1 kept, 0 broken" in result.stdout


def test_no_handler_reads_private_ptb_state() -> None:
    """The busy guard, the engine and the gate's flush know who is in which flow and state from our own
    record, not from PTB's internals (which a minor release may change)."""
    offenders = [
        f"{path.relative_to(ROOT)}:{number}"
        for package in ("bot", "gate", "handlers")
        for path in (ROOT / package).rglob("*.py")
        for number, line in enumerate(path.read_text(encoding="utf-8").splitlines(), 1)
        if "_conversations" in line or "_get_key" in line
    ]
    assert offenders == []
