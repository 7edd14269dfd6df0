"""`fieldbot demo` works on a fresh machine with no token and no network, shows the product's core as
people see it (a work order from dispatch to the customer's rating included), and plays the same script
whatever day it runs."""

from __future__ import annotations

import os
import subprocess
import sys
from datetime import datetime, timedelta
from pathlib import Path
from zoneinfo import ZoneInfo

from bot.demo import demo_start

ROOT = Path(__file__).resolve().parent.parent
SHANGHAI = ZoneInfo("Asia/Shanghai")
# The last minutes of a week (Sunday 23:30): the demo must still play inside that week, on its Tuesday.
SUNDAY_NIGHT = datetime(2027, 2, 28, 23, 30, tzinfo=SHANGHAI)


def test_the_demo_plays_on_the_tuesday_morning_of_the_current_week() -> None:
    monday = datetime(2027, 2, 22, 0, 0, tzinfo=SHANGHAI)
    for minutes in range(0, 7 * 24 * 60, 90):
        assert demo_start(monday + timedelta(minutes=minutes)) == datetime(2027, 2, 23, 9, 0, tzinfo=SHANGHAI)


def test_demo_runs_without_a_token_and_shows_a_day_in_the_field(tmp_path: Path) -> None:
    temp = tmp_path / "tmp"
    temp.mkdir()
    env = {k: v for k, v in os.environ.items() if k != "TELEGRAM_BOT_TOKEN"}
    env |= {"PYTHONPATH": str(ROOT), "TMPDIR": str(temp)}
    work = tmp_path / "work"
    work.mkdir()
    result = subprocess.run(
        [sys.executable, "-m", "tests.travel", SUNDAY_NIGHT.isoformat()],
        cwd=work,
        env=env,
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert result.returncode == 0, result.stderr
    out = result.stdout
    assert "running the demo instead" in result.stderr
    assert "It is Tuesday 2027-02-23 09:00 in Asia/Shanghai." in out
    # The admin invites, the rep registers in Chinese and checks in at the customer's site.
    assert "Li Lei has registered as Field service rep." in out
    assert "注册成功：Li Lei（售后服务人员）" in out
    assert "✅ 已于 09:00 在 ACME 机械厂 签到。你在客户现场（122 米）" in out
    # The supervisor dispatches the service desk's repair order; the rep accepts, and the check-in at the
    # customer's site is the order's arrival.
    assert "Zhou pressed '👷 Dispatch'" in out and "→ assigned to Li Lei" in out
    assert "Li pressed '✅ 接单'" in out and "🛠 本次签到已记为工单 #1 的到达" in out
    # The visit record is filed from the order, which finishes it; the rep gets the customer's link and QR.
    assert "✅ 已提交 ACME 机械厂 的拜访纪实。" in out
    assert "🎉 工单 #1 已完工。你没有其他未完成的工单。" in out
    assert "https://t.me/fieldbot_test_bot?start=c_" in out and "<photo> 工单 #1：扫码确认并评价" in out
    # The customer, not registered, confirms and rates in their own language.
    assert "您好！我们的服务工程师 Li Lei 已为您完成以下工作" in out
    assert "→ ✅ 已完成" in out and "→ 5⭐" in out and "谢谢！您的评价（5/5）已记录。" in out
    # The weekly report opens with that visit already in it.
    assert "• 02-23 周二 ACME 机械厂 ★ — 保修期内维修 — ✅ 已解决" in out
    assert "✅ 2027-02-22 至 2027-02-28 这一周的周报已提交。按时提交。" in out
    # The demo ends with the supervisor scoring the rep's last month (a judged deduction with its reason),
    # the rep told in Chinese, and the admin receiving that month's HR workbook.
    assert "−1: Dispatch sheet handed in a day late once" in out
    assert "✅ Li Lei scored 99.3 for 2027-01." in out and "🏅 你 2027-01 的考核表已出：99.3 分。" in out
    workbook = "fieldbot 2027-01: scorecards, attendance, reports, visits, work orders, feedback"
    assert f"<document> {workbook}" in out
    # Buttons as a person sees them: labels, never the callback data behind them.
    assert "[📱 分享我的手机号] [跳过]" in out
    assert "[inline:" not in out and "ci:" not in out
    # Nothing about where the data lives, and the throwaway database is gone.
    assert "sqlite" not in out + result.stderr and "demo.db" not in out + result.stderr
    assert list(temp.iterdir()) == [] and list(work.iterdir()) == []
