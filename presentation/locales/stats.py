"""Texts of /stats, /team and /missing. Values are HTML; placeholders are escaped by t()."""

EN: dict[str, str] = {
    "stats.not_allowed": "Only service managers and admins can see the team. Your own numbers are in /stats.",
    "stats.no_team": "You are not assigned to a team yet; ask an admin.",
    "stats.no_teams": "There are no teams yet.",
    "stats.pick_team": "Which team?",
    "stats.pick_range": "{what} — team {team}. Which period?",
    "stats.what.missing": "Missing reports",
    "stats.what.stats": "Team numbers",
    "stats.range.this_week": "This week",
    "stats.range.last_week": "Last week",
    "stats.range.this_month": "This month",
    "stats.range.last_month": "Last month",
    "stats.team.title": "📍 <b>Where team {team} is</b> (now {now})",
    "stats.team.line": "• {name}: {customer}, {verdict}, {ago}{still}",
    "stats.team.still_there": " (still there)",
    "stats.team.not_today": "• {name}: not checked in today",
    "stats.team.no_reps": "Team {team} has no reps yet.",
    "stats.verdict.at_site": "at site",
    "stats.verdict.outside": "outside the site",
    "stats.verdict.unverified": "unverified",
    "stats.verdict.suspicious": "⚠️ suspicious",
    "stats.missing.title": "❌ <b>Missing reports — {team}</b>, {range} ({start} – {end})",
    "stats.missing.line": "• {name}: {missing} missing ({periods}), {late} late",
    "stats.missing.none": "Nobody is missing a report for this period.",
    "stats.kind.weekly": "weekly report {start}",
    "stats.kind.monthly": "monthly report {start}",
    "stats.team_stats.title": "📊 <b>{team}</b>, {range} ({start} – {end})",
    "stats.team_stats.summary": (
        "{total} check-ins ({suspicious} suspicious) · {visits} visits · reports: {on_time} on time, "
        "{late} late, {missing} missing · on-time rate {rate}"
    ),
    "stats.team_stats.reports": "   reports: ✅ {on_time} on time, ⏰ {late} late, ❌ {missing} missing",
    "stats.mine.title": "📊 <b>Your numbers, {name}</b>",
    "stats.mine.block": (
        "<b>{label}</b> ({start} – {end})\n"
        "Check-ins: {total} — {at_site} at site, {outside} outside, {suspicious} suspicious\n"
        "Visits: {visits}\n"
        "Reports: {on_time} on time, {late} late, {missing} missing"
    ),
}

ZH: dict[str, str] = {
    "stats.not_allowed": "只有售后服务经理和管理员可以查看团队情况。你自己的数据请用 /stats 查看。",
    "stats.no_team": "你还没有分配到团队，请联系管理员。",
    "stats.no_teams": "还没有任何团队。",
    "stats.pick_team": "哪个团队？",
    "stats.pick_range": "{what} — {team}。选择时间段：",
    "stats.what.missing": "缺交报表",
    "stats.what.stats": "团队数据",
    "stats.range.this_week": "本周",
    "stats.range.last_week": "上周",
    "stats.range.this_month": "本月",
    "stats.range.last_month": "上月",
    "stats.team.title": "📍 <b>{team} 团队去向</b>（现在 {now}）",
    "stats.team.line": "• {name}：{customer}，{verdict}，{ago}{still}",
    "stats.team.still_there": "（仍在现场）",
    "stats.team.not_today": "• {name}：今天未签到",
    "stats.team.no_reps": "{team} 团队还没有服务人员。",
    "stats.verdict.at_site": "在现场",
    "stats.verdict.outside": "不在现场范围内",
    "stats.verdict.unverified": "未核实",
    "stats.verdict.suspicious": "⚠️ 可疑",
    "stats.missing.title": "❌ <b>缺交报表 — {team}</b>，{range}（{start} 至 {end}）",
    "stats.missing.line": "• {name}：缺交 {missing}（{periods}），迟交 {late}",
    "stats.missing.none": "这个时间段没有人缺交报表。",
    "stats.kind.weekly": "{start} 周报",
    "stats.kind.monthly": "{start} 月报",
    "stats.team_stats.title": "📊 <b>{team}</b>，{range}（{start} 至 {end}）",
    "stats.team_stats.summary": (
        "签到 {total} 次（可疑 {suspicious}）· 拜访 {visits} 次 · 报表：按时 {on_time}，迟交 {late}，"
        "缺交 {missing} · 报表上交及时率 {rate}"
    ),
    "stats.team_stats.reports": "   报表：✅ 按时 {on_time}，⏰ 迟交 {late}，❌ 缺交 {missing}",
    "stats.mine.title": "📊 <b>{name}，你的数据</b>",
    "stats.mine.block": (
        "<b>{label}</b>（{start} 至 {end}）\n"
        "签到：{total} 次 — 现场 {at_site}，场外 {outside}，可疑 {suspicious}\n"
        "拜访：{visits} 次\n"
        "报表：按时 {on_time}，迟交 {late}，缺交 {missing}"
    ),
}
