"""Texts of the supervisor digests (daily and weekly). Values are HTML; placeholders are escaped by t()."""

EN: dict[str, str] = {
    "digests.daily.title": "📋 <b>Daily digest — {team}</b>, {day}",
    "digests.daily.summary": (
        "{checkins} check-ins ({suspicious} suspicious) · {visits} visits · {feedback} feedback · "
        "{escalations} unacknowledged escalations · {absent} not checked in"
    ),
    "digests.section.reps": "<b>Check-ins and visits</b>",
    "digests.rep_line": (
        "• {name}: {total} check-ins ({at_site} at site / {outside} outside / {suspicious} suspicious), "
        "{visits} visits"
    ),
    "digests.section.feedback": "<b>New feedback and complaints</b>",
    "digests.feedback_line": "• [{kind}] {rep} · {customer}: {text}",
    "digests.section.escalations": "<b>⚠️ Escalations not yet acknowledged</b>",
    "digests.escalation_line": "• [{severity}] {rep} · {customer}: {text} ({ago})",
    "digests.section.absent": "<b>Not checked in today</b>",
    "digests.holiday": "Today is a team holiday.",
    "digests.no_customer": "no customer",
    "digests.weekly.title": "📈 <b>Weekly digest — {team}</b>, {start} – {end}",
    "digests.weekly.summary": (
        "Weekly reports: {on_time} on time, {late} late, {missing} missing · team on-time rate {rate}"
    ),
    "digests.section.reports": "<b>Reports per rep</b>",
    "digests.report_line": "• {name}: ✅ {on_time} on time, ⏰ {late} late, ❌ {missing} missing",
    "digests.section.follow_ups": "<b>Open follow-ups (last 30 days)</b>",
    "digests.follow_up_line": "• {day} {customer} — {rep}: {text}",
    "digests.no_follow_ups": "No open follow-ups.",
    "digests.chart_caption": "Team on-time rate (weekly reports), last {weeks} weeks: {rates}",
    "digests.rate_none": "—",
    "digests.ago.minutes": "{n} min ago",
    "digests.ago.hours": "{n} h ago",
    "digests.ago.days": "{n} d ago",
    "digests.kind.quality": "Quality",
    "digests.kind.complaint": "Complaint",
    "digests.kind.market": "Market info",
    "digests.kind.suggestion": "Suggestion",
    "digests.severity.batch": "Batch problem",
    "digests.severity.critical": "Critical",
    "digests.severity.normal": "Normal",
}

ZH: dict[str, str] = {
    "digests.daily.title": "📋 <b>每日汇总 — {team}</b>，{day}",
    "digests.daily.summary": (
        "签到 {checkins} 次（可疑 {suspicious}）· 拜访 {visits} 次 · 反馈 {feedback} 条 · "
        "未确认的升级 {escalations} 条 · 未签到 {absent} 人"
    ),
    "digests.section.reps": "<b>签到与拜访</b>",
    "digests.rep_line": (
        "• {name}：签到 {total} 次（现场 {at_site} / 场外 {outside} / 可疑 {suspicious}），拜访 {visits} 次"
    ),
    "digests.section.feedback": "<b>新的反馈与投诉</b>",
    "digests.feedback_line": "• [{kind}] {rep} · {customer}：{text}",
    "digests.section.escalations": "<b>⚠️ 尚未确认的升级问题</b>",
    "digests.escalation_line": "• [{severity}] {rep} · {customer}：{text}（{ago}）",
    "digests.section.absent": "<b>今天未签到</b>",
    "digests.holiday": "今天是团队假日。",
    "digests.no_customer": "无客户",
    "digests.weekly.title": "📈 <b>每周汇总 — {team}</b>，{start} 至 {end}",
    "digests.weekly.summary": "周报：按时 {on_time}，迟交 {late}，缺交 {missing} · 团队报表上交及时率 {rate}",
    "digests.section.reports": "<b>每人报表情况</b>",
    "digests.report_line": "• {name}：✅ 按时 {on_time}，⏰ 迟交 {late}，❌ 缺交 {missing}",
    "digests.section.follow_ups": "<b>待跟进事项（近 30 天）</b>",
    "digests.follow_up_line": "• {day} {customer} — {rep}：{text}",
    "digests.no_follow_ups": "没有待跟进事项。",
    "digests.chart_caption": "团队周报上交及时率，近 {weeks} 周：{rates}",
    "digests.rate_none": "—",
    "digests.ago.minutes": "{n} 分钟前",
    "digests.ago.hours": "{n} 小时前",
    "digests.ago.days": "{n} 天前",
    "digests.kind.quality": "质量问题",
    "digests.kind.complaint": "客户投诉",
    "digests.kind.market": "市场资讯",
    "digests.kind.suggestion": "建议",
    "digests.severity.batch": "批量质量问题",
    "digests.severity.critical": "紧急",
    "digests.severity.normal": "一般",
}
