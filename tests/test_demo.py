"""`fieldbot demo` works on a fresh machine with no token and no network."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent


def test_demo_runs_without_a_token_and_shows_a_registration(tmp_path: Path) -> None:
    env = {k: v for k, v in os.environ.items() if k != "TELEGRAM_BOT_TOKEN"}
    env["PYTHONPATH"] = str(ROOT)
    result = subprocess.run(
        [sys.executable, "-m", "bot.cli"], cwd=tmp_path, env=env, capture_output=True, text=True, timeout=120
    )
    assert result.returncode == 0, result.stderr
    assert "running the demo instead" in result.stderr
    assert "Li Lei has registered as Field service rep." in result.stdout
    assert "注册成功：Li Lei（售后服务人员）" in result.stdout
    assert "在 ACME 机械厂 签到。你在客户现场（122 米）" in result.stdout
    assert list(tmp_path.iterdir()) == []  # the throwaway database is gone
