"""Texts of /weekly and /monthly (周报 / 月报), English and Simplified Chinese side by side."""

EN: dict[str, str] = {
    "reports.kind.weekly": "Weekly report",
    "reports.kind.monthly": "Monthly report",
    "reports.period.weekly": "week {start} – {end}",
    "reports.period.monthly": "month {year}-{month}",
    "reports.weekdays": "Mon,Tue,Wed,Thu,Fri,Sat,Sun",
    "reports.due": "{date} ({weekday}) {time}",
    "reports.choose": (
        "📅 <b>{kind}</b>: which period?\n\n"
        "• {current}: due {due}\n"
        "• {previous}: not filed yet, its deadline ({previous_due}) has passed; it will be marked late."
    ),
    "reports.btn.current": "{period}",
    "reports.btn.previous": "⚠️ {period} (late)",
    "reports.overview": (
        "📅 <b>{kind}</b>, {period}, due {due}\n\n"
        "<b>Your visits ({count})</b>\n{visits}\n\n"
        "<b>Key customers visited</b> (大客户走访): {visited} of {target} {mark}\n\n"
        "<b>Open follow-ups ({follow_up_count})</b>\n{follow_ups}"
    ),
    "reports.visit_line": "• {date} {customer}{star} — {type} — {result}",
    "reports.follow_up_line": "• {date} {customer} — {type}",
    "reports.no_visits": "No visit records in this week. File them with /visit.",
    "reports.no_follow_ups": "None.",
    "reports.more": "… and {count} more",
    "reports.key_ok": "✅",
    "reports.key_short": "⚠️ the target is at least {target} a week",
    "reports.q.weekly.summary": (
        "<b>Last week's summary</b> (上周工作总结) for {period}: what you did, results, problems."
    ),
    "reports.q.weekly.plan": "<b>Next week's plan</b> (下周工作计划): customers to visit, work to do.",
    "reports.q.weekly.market": (
        "<b>Market information</b> (市场资讯): competitors, prices, what customers ask for. "
        "Press Skip if there is nothing to report."
    ),
    "reports.q.weekly.quality": (
        "<b>Product quality issues</b> (产品质量问题) you met this week. Press Skip if there were none."
    ),
    "reports.q.monthly.summary": "<b>Summary of the month</b> ({period}): what you did, results, problems.",
    "reports.q.monthly.plan": "<b>Next month's plan</b>.",
    "reports.q.monthly.proposals": (
        "<b>Proposals for the local market</b>: what would help sales and service here."
    ),
    "reports.title.weekly.summary": "Last week's summary",
    "reports.title.weekly.plan": "Next week's plan",
    "reports.title.weekly.market": "Market information",
    "reports.title.weekly.quality": "Product quality issues",
    "reports.title.monthly.summary": "Summary of the month",
    "reports.title.monthly.plan": "Next month's plan",
    "reports.title.monthly.proposals": "Proposals for the local market",
    "reports.skipped": "— (skipped)",
    "reports.section": "<b>{title}</b>\n{text}",
    "reports.btn.amend": "✏️ Amend",
    "reports.preview_head": "👀 <b>{kind}, {period}</b>\nPlease check it, then Submit, or Edit a part.",
    "reports.amend_head": (
        "✏️ <b>Amending your {kind}, {period}</b> (now revision {revision}).\nEdit what you need, then Submit."
    ),
    "reports.late_warning": "⚠️ The deadline ({due}) has passed: this report will be marked late.",
    "reports.filed": "✅ {kind} for {period} filed. {status}",
    "reports.on_time": "On time.",
    "reports.late": "Marked late: the deadline was {due}.",
    "reports.amended": "✅ {kind} for {period} amended: this is revision {revision}.",
    "reports.already_saved": "This report was already saved; nothing was filed twice.",
    "reports.filed_view": "📄 <b>{kind}, {period}</b>\nFiled {at}{late} · revision {revision}",
    "reports.filed_view_late": " (late)",
    "reports.can_amend": "You can amend it until {due}.",
    "reports.amend_closed": "The deadline of this report ({due}) has passed: it can no longer be amended.",
}

ZH: dict[str, str] = {
    "reports.kind.weekly": "周报",
    "reports.kind.monthly": "月报",
    "reports.period.weekly": "{start} 至 {end} 这一周",
    "reports.period.monthly": "{year}年{month}月",
    "reports.weekdays": "周一,周二,周三,周四,周五,周六,周日",
    "reports.due": "{date}（{weekday}）{time}",
    "reports.choose": (
        "📅 <b>{kind}</b>：要填写哪一期？\n\n"
        "• {current}：截止 {due}\n"
        "• {previous}：尚未提交，截止时间（{previous_due}）已过，提交后记为迟交。"
    ),
    "reports.btn.current": "{period}",
    "reports.btn.previous": "⚠️ {period}（迟交）",
    "reports.overview": (
        "📅 <b>{kind}</b>，{period}，截止 {due}\n\n"
        "<b>本周拜访记录（{count}）</b>\n{visits}\n\n"
        "<b>大客户走访</b>：{visited} / {target} {mark}\n\n"
        "<b>待跟进事项（{follow_up_count}）</b>\n{follow_ups}"
    ),
    "reports.visit_line": "• {date} {customer}{star} — {type} — {result}",
    "reports.follow_up_line": "• {date} {customer} — {type}",
    "reports.no_visits": "本周没有拜访记录。请用 /visit 填写。",
    "reports.no_follow_ups": "无。",
    "reports.more": "……另有 {count} 条",
    "reports.key_ok": "✅",
    "reports.key_short": "⚠️ 要求每周至少走访 {target} 家大客户",
    "reports.q.weekly.summary": "<b>上周工作总结</b>（{period}）：做了哪些工作、结果如何、遇到什么问题。",
    "reports.q.weekly.plan": "<b>下周工作计划</b>：计划拜访的客户、要做的工作。",
    "reports.q.weekly.market": "<b>市场资讯</b>：竞争对手、价格、客户需求等。没有可按“跳过”。",
    "reports.q.weekly.quality": "<b>产品质量问题</b>：本周遇到的质量问题。没有可按“跳过”。",
    "reports.q.monthly.summary": "<b>本月工作总结</b>（{period}）：做了哪些工作、结果如何、遇到什么问题。",
    "reports.q.monthly.plan": "<b>下月工作计划</b>。",
    "reports.q.monthly.proposals": "<b>对本地市场的建议</b>：有助于本地销售和服务的想法。",
    "reports.title.weekly.summary": "上周工作总结",
    "reports.title.weekly.plan": "下周工作计划",
    "reports.title.weekly.market": "市场资讯",
    "reports.title.weekly.quality": "产品质量问题",
    "reports.title.monthly.summary": "本月工作总结",
    "reports.title.monthly.plan": "下月工作计划",
    "reports.title.monthly.proposals": "本地市场建议",
    "reports.skipped": "—（已跳过）",
    "reports.section": "<b>{title}</b>\n{text}",
    "reports.btn.amend": "✏️ 修改报告",
    "reports.preview_head": "👀 <b>{kind}，{period}</b>\n请核对后提交，或修改其中一项。",
    "reports.amend_head": (
        "✏️ <b>正在修改你的{kind}，{period}</b>（将成为第 {revision} 版）。\n修改完成后请提交。"
    ),
    "reports.late_warning": "⚠️ 截止时间（{due}）已过：本报告将记为迟交。",
    "reports.filed": "✅ {period}的{kind}已提交。{status}",
    "reports.on_time": "按时提交。",
    "reports.late": "已记为迟交：截止时间为 {due}。",
    "reports.amended": "✅ {period}的{kind}已修改：当前为第 {revision} 版。",
    "reports.already_saved": "该报告已保存，不会重复提交。",
    "reports.filed_view": "📄 <b>{kind}，{period}</b>\n提交于 {at}{late} · 第 {revision} 版",
    "reports.filed_view_late": "（迟交）",
    "reports.can_amend": "截止 {due} 前可以修改。",
    "reports.amend_closed": "该报告的截止时间（{due}）已过，不能再修改。",
}
