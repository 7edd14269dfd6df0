"""Texts of the monthly scorecards (绩效考核): /score, the scoring conversation, its reminders, /export."""

EN: dict[str, str] = {
    "cmd.score": "Monthly scorecard",
    "cmd.scoring": "Score your reps for last month",
    "cmd.export": "Workbook of a month for HR",
    "scores.not_allowed": "Only supervisors and admins score reps.",
    "scores.not_over": "{month} is not over yet: a month is scored from the 1st of the next one.",
    "scores.settings": (
        "Team {team} scores by <b>{scheme}</b>; scoring is due on day {deadline} of the next month and "
        "the HR workbook goes out on day {hr}."
    ),
    "scores.settings_usage": (
        "Usage: <code>/scoring settings</code>, <code>/scoring scheme KEY</code> (one of {{schemes}}), "
        "<code>/scoring deadline 5</code> or <code>/scoring hr 7</code> (a day from 1 to 28)."
    ),
    "scores.set_scheme": "✅ Team {team} now scores by {scheme}.",
    "scores.set_deadline": "✅ Team {team}: scoring is due on day {day} of the next month.",
    "scores.set_hr": "✅ Team {team}: the HR workbook goes out on day {day} of the next month.",
    "scores.no_team": "You are in no team yet; ask an admin to add you to one.",
    "scores.none": "No scorecard for {month} yet: it is computed on the 1st of the next month.",
    "scores.card_head": "🏅 <b>Scorecard of {name}, {month}</b> ({scheme})",
    "scores.item": "{title}: {points} / {max}",
    "scores.item_kpi": "{title}: {points} (weight {weight} %)",
    "scores.lost": "  −{lost}: {why}",
    "scores.work": "Daily work {work} × {work_share} % + attendance {attendance} × {attendance_share} %",
    "scores.total": "<b>Month: {total}</b>",
    "scores.flagged": "⚠️ Under 60: this month costs 30 % of the performance bonus.",
    "scores.pending": "Not submitted yet: judged items count full marks until the supervisor scores them.",
    "scores.submitted_by": "Scored by {name} on {day}.",
    "scores.year": "Year {year} so far: {mean} (mean of {n} month(s)).",
    "scores.why.complaints": "{n} complaint(s) against you",
    "scores.why.whereabouts_not_found": "not found {n} time(s) when your supervisor asked where you were",
    "scores.why.training_absences": "{n} training absence(s)",
    "scores.why.reports": "{on_time} of {expected} reports on time, {missed} missing ({in_a_row} in a row)",
    "scores.why.none_filed": "no report filed",
    "scores.why.quality_feedback_on_time": (
        "{percent} of batch/critical quality problems fed back within a day"
    ),
    "scores.why.value": "measured {value}",
    "scores.team_head": "🏅 <b>Team {team}, {month}</b>",
    "scores.team_line": "{name}: {total}{flag}{state}",
    "scores.state_open": " (not submitted)",
    "scores.pick": (
        "📝 Score team {team} for {month}: pick a rep. Judged items start at full marks; a deduction asks "
        "for a reason. Deadline: {deadline}."
    ),
    "scores.btn_open": "✏️ {name} · {total}",
    "scores.btn_done": "✅ {name} · {total}",
    "scores.all_done": "✅ Every rep of team {team} is scored for {month}.",
    "scores.no_reps": "Team {team} has no reps to score.",
    "scores.q.item": (
        "{name}, {month}\n<b>{title}</b> (at most {max}). Full marks unless you take points off."
    ),
    "scores.q.special": "{name}, {month}\n<b>{title}</b>: none unless you deduct points.",
    "scores.full": "✅ {max} · full marks",
    "scores.no_deduction": "✅ 0 · none",
    "scores.q.why": "Why {points} for {title}? One line; {name} will read it.",
    "scores.title.why": "Reason: {title}",
    "scores.q.confirm": "{name}, {month}\nEvery item of {scheme} is computed from what fieldbot recorded.",
    "scores.title.confirm": "Check",
    "scores.looks_right": "✅ Show the scorecard",
    "scores.preview_head": "📋 <b>{name}, {month}</b> ({scheme}). Check and submit:",
    "scores.done": "✅ {name} scored {total} for {month}.",
    "scores.left": "{n} rep(s) of the team still to score: /scoring",
    "scores.already": "{name}'s {month} was already submitted; nothing changed.",
    "scores.not_yours": "That rep is not in your team.",
    "scores.reminder": (
        "⏰ {n} rep(s) of team {team} still to score for {month}; the deadline is {deadline}: /scoring"
    ),
    "scores.rep_scored": "🏅 Your scorecard for {month} is ready: {total}. Send /score to see every item.",
}

ZH: dict[str, str] = {
    "cmd.score": "月度考核",
    "cmd.scoring": "为上月的服务人员评分",
    "cmd.export": "导出某月的人事表格",
    "scores.not_allowed": "只有主管和管理员可以评分。",
    "scores.not_over": "{month} 尚未结束：每月1日起为上个月评分。",
    "scores.settings": (
        "{team} 团队使用<b>{scheme}</b>；评分截止为次月 {deadline} 日，人事表格于 {hr} 日发送。"
    ),
    "scores.settings_usage": (
        "用法：<code>/scoring settings</code>、<code>/scoring scheme 方案</code>（{{schemes}} 之一）、"
        "<code>/scoring deadline 5</code> 或 <code>/scoring hr 7</code>（1 到 28 日）。"
    ),
    "scores.set_scheme": "✅ {team} 团队改用{scheme}。",
    "scores.set_deadline": "✅ {team} 团队：评分截止为次月 {day} 日。",
    "scores.set_hr": "✅ {team} 团队：人事表格于次月 {day} 日发送。",
    "scores.no_team": "你还不属于任何团队，请联系管理员。",
    "scores.none": "{month} 还没有考核表：每月1日计算上个月的考核。",
    "scores.card_head": "🏅 <b>{name} {month} 考核表</b>（{scheme}）",
    "scores.item": "{title}：{points} / {max}",
    "scores.item_kpi": "{title}：{points}（权重 {weight}%）",
    "scores.lost": "  −{lost}：{why}",
    "scores.work": "日常工作 {work} × {work_share}% + 出勤 {attendance} × {attendance_share}%",
    "scores.total": "<b>月度得分：{total}</b>",
    "scores.flagged": "⚠️ 低于60分：本月扣除30%绩效奖金。",
    "scores.pending": "尚未提交：主管评分前，评定项目按满分计算。",
    "scores.submitted_by": "由 {name} 于 {day} 评分。",
    "scores.year": "{year} 年至今：{mean}（{n} 个月的平均分）。",
    "scores.why.complaints": "被投诉 {n} 次",
    "scores.why.whereabouts_not_found": "主管询问去向时 {n} 次未找到",
    "scores.why.training_absences": "培训缺席 {n} 次",
    "scores.why.reports": "{expected} 份报表中 {on_time} 份按时，缺交 {missed} 份（连续 {in_a_row} 份）",
    "scores.why.none_filed": "未提交任何报表",
    "scores.why.quality_feedback_on_time": "批量/重大质量问题一天内反馈的比例 {percent}",
    "scores.why.value": "实际值 {value}",
    "scores.team_head": "🏅 <b>{team} 团队 {month} 考核</b>",
    "scores.team_line": "{name}：{total}{flag}{state}",
    "scores.state_open": "（未提交）",
    "scores.pick": (
        "📝 为 {team} 团队评定 {month} 考核：请选择服务人员。"
        "评定项目默认满分，扣分需填写原因。截止：{deadline}。"
    ),
    "scores.btn_open": "✏️ {name} · {total}",
    "scores.btn_done": "✅ {name} · {total}",
    "scores.all_done": "✅ {team} 团队 {month} 的考核已全部完成。",
    "scores.no_reps": "{team} 团队没有需要评分的服务人员。",
    "scores.q.item": "{name}，{month}\n<b>{title}</b>（满分 {max}）。不扣分即为满分。",
    "scores.q.special": "{name}，{month}\n<b>{title}</b>：不扣分即为无。",
    "scores.full": "✅ {max} · 满分",
    "scores.no_deduction": "✅ 0 · 不扣分",
    "scores.q.why": "{title} 为什么是 {points}？请写一句话，{name} 会看到。",
    "scores.title.why": "原因：{title}",
    "scores.q.confirm": "{name}，{month}\n{scheme}的每一项都由 fieldbot 的记录自动计算。",
    "scores.title.confirm": "核对",
    "scores.looks_right": "✅ 查看考核表",
    "scores.preview_head": "📋 <b>{name}，{month}</b>（{scheme}）。请核对后提交：",
    "scores.done": "✅ {name} {month} 得分 {total}。",
    "scores.left": "团队还有 {n} 位服务人员待评分：/scoring",
    "scores.already": "{name} {month} 的考核已提交，未作更改。",
    "scores.not_yours": "该服务人员不在你的团队。",
    "scores.reminder": "⏰ {team} 团队还有 {n} 位服务人员的 {month} 考核未评定，截止 {deadline}：/scoring",
    "scores.rep_scored": "🏅 你 {month} 的考核表已出：{total} 分。发送 /score 查看每一项。",
}
