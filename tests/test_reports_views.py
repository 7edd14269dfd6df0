"""How reports are shown: pure functions, no bot needed."""

from __future__ import annotations

from datetime import date, datetime

from domain.deadlines import DEFAULT_SCHEDULES, period_for
from presentation.report_text import chunks, fmt_due, overview, period_label, sections
from presentation.split import visible_length
from storage.field_models import Customer, VisitRecord
from tests.support.paperwork import SHANGHAI


def test_visible_length_counts_what_telegram_counts() -> None:
    # Tags are markup, entities one character, emoji two UTF-16 code units.
    assert visible_length("<b>A&amp;B</b>") == 3
    assert visible_length("👍") == 2
    assert visible_length("中文") == 2


def test_an_answer_of_2000_emoji_is_never_cut_and_the_next_page_starts_a_section() -> None:
    # 2,000 emoji are 4,000 UTF-16 units: with the head and titles the view is over Telegram's limit.
    blocks = sections("en", "weekly", {"summary": "👍" * 2000, "plan": "short", "market": "", "quality": "q"})
    pages = chunks("head", blocks)
    assert len(pages) == 2
    assert all(visible_length(page) <= 4096 for page in pages)
    assert "👍" * 2000 in pages[0] and "— (skipped)" in pages[0]
    assert pages[1] == "<b>Product quality issues</b>\nq"


def test_periods_and_deadlines_in_both_languages() -> None:
    week = period_for(DEFAULT_SCHEDULES["weekly"], date(2026, 11, 16), SHANGHAI)
    month = period_for(DEFAULT_SCHEDULES["monthly"], date(2026, 2, 1), SHANGHAI)
    assert period_label("en", "weekly", week.start, week.end) == "week 2026-11-16 – 2026-11-22"
    assert period_label("zh", "monthly", month.start, month.end) == "2026年02月"
    assert fmt_due("en", week.due_at, SHANGHAI) == "2026-11-23 (Mon) 10:00"
    # The 30th does not exist in February: due on the last day.
    assert fmt_due("zh", month.due_at, SHANGHAI) == "2026-02-28（周六）18:00"


def test_the_weekly_overview_in_chinese() -> None:
    week = period_for(DEFAULT_SCHEDULES["weekly"], date(2026, 11, 16), SHANGHAI)
    key = Customer(id=1, team_id=1, name="宝钢", key_account=True)
    plain = Customer(id=2, team_id=1, name="小农场")
    at = datetime(2026, 11, 17, 9, 30, tzinfo=SHANGHAI)
    visits = [
        (VisitRecord(staff_id=1, customer_id=1, visited_at=at, visit_type="regular", result="resolved"), key),
        (VisitRecord(staff_id=1, customer_id=2, visited_at=at, visit_type="x_unknown", result="open"), plain),
    ]
    text = overview("zh", week, SHANGHAI, visits, [])
    assert "<b>周报</b>，2026-11-16 至 2026-11-22 这一周，截止 2026-11-23（周一）10:00" in text
    assert "本周拜访记录（2）" in text
    # A type the visit catalog does not know is shown as stored rather than failing.
    assert "• 11-17 周二 小农场 — x_unknown — open" in text
    assert "<b>大客户走访</b>：1 / 2 ⚠️ 要求每周至少走访 2 家大客户" in text
    assert "待跟进事项（0）</b>\n无。" in text
