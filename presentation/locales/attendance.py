"""Texts of /attendance (a rep's month, the team's, corrections, the working week) and half-day leave."""

EN: dict[str, str] = {
    "cmd.attendance": "Attendance this month",
    "attendance.rep_title": "🗓 Attendance of {name}, {month}",
    "attendance.team_title": "🗓 Attendance of team {team}, {month}",
    "attendance.legend": "P present · A absent · L leave · H day off",
    "attendance.summary": "Absent: {absent} day(s) · attendance score {score}",
    "attendance.so_far": "Counted up to {day}.",
    "attendance.team_line": "• {name}: P {present} · A {absent} · L {leave} — {score}",
    "attendance.team_none": "Team {team} has no reps.",
    "attendance.no_team": "You are not in a team yet, so there is no attendance to show.",
    "attendance.team_hint": "Tap a rep to see their days and correct one.",
    "attendance.correct_hint": "Tap a day to correct it.",
    "attendance.back": "◀ The team",
    "attendance.day_title": "{name}, {day}: now {mark}. What was it?",
    "attendance.choice.pw": "✅ Present: working",
    "attendance.choice.pt": "✅ Present: training",
    "attendance.choice.po": "✅ Present: office day",
    "attendance.choice.at": "❌ Absent: missed training",
    "attendance.choice.au": "❌ Absent",
    "attendance.choice.x": "↩️ As recorded (no correction)",
    "attendance.saved": "Saved: {name}, {day} — {choice}.",
    "attendance.not_yours": "That person is not in your team.",
    "attendance.not_allowed": "Only supervisors and admins can change a team's working week.",
    "attendance.usage": (
        "Usage: <code>/attendance</code> (this month), <code>/attendance 2026-10</code>, "
        "<code>/attendance week mon-sat</code> or <code>week mon,tue,wed,thu,fri</code> (the team's "
        "working days), <code>/attendance start 08:30</code> (when the working day starts), "
        "<code>/attendance locate 15</code> (minutes to answer /locate). Admins add <code>@Team</code>."
    ),
    "attendance.settings_saved": (
        "Team {team} works on {days}, from {start} to {end}; /locate waits {minutes} min for an answer."
    ),
    "attendance.leave_usage": (
        "Usage: <code>/leave TELEGRAM_ID 2026-12-01 2026-12-05 [reason]</code>; half a day: "
        "<code>/leave TELEGRAM_ID 2026-12-01 half [reason]</code>"
    ),
    "attendance.half_leave_saved": (
        "{name} is on leave for half a day on {day} (attendance counts half a day away as a whole day)."
    ),
}

ZH: dict[str, str] = {
    "cmd.attendance": "本月出勤",
    "attendance.rep_title": "🗓 {name} 的出勤，{month}",
    "attendance.team_title": "🗓 {team} 组的出勤，{month}",
    "attendance.legend": "P 出勤 · A 缺勤 · L 请假 · H 休息日",
    "attendance.summary": "缺勤：{absent} 天 · 出勤得分 {score}",
    "attendance.so_far": "统计至 {day}。",
    "attendance.team_line": "• {name}：P {present} · A {absent} · L {leave} — {score}",
    "attendance.team_none": "{team} 组没有服务人员。",
    "attendance.no_team": "你尚未加入任何组，暂无出勤记录。",
    "attendance.team_hint": "点击人员查看每日出勤并更正。",
    "attendance.correct_hint": "点击日期进行更正。",
    "attendance.back": "◀ 返回本组",
    "attendance.day_title": "{name}，{day}：当前为 {mark}。实际情况是？",
    "attendance.choice.pw": "✅ 出勤：正常工作",
    "attendance.choice.pt": "✅ 出勤：参加培训",
    "attendance.choice.po": "✅ 出勤：办公室工作",
    "attendance.choice.at": "❌ 缺勤：缺席培训",
    "attendance.choice.au": "❌ 缺勤",
    "attendance.choice.x": "↩️ 按记录（取消更正）",
    "attendance.saved": "已保存：{name}，{day} — {choice}。",
    "attendance.not_yours": "此人不在你的组内。",
    "attendance.not_allowed": "只有主管和管理员可以修改本组的工作日。",
    "attendance.usage": (
        "用法：<code>/attendance</code>（本月）、<code>/attendance 2026-10</code>、"
        "<code>/attendance week mon-sat</code> 或 <code>week mon,tue,wed,thu,fri</code>（本组的工作日）、"
        "<code>/attendance start 08:30</code>（上班时间）、<code>/attendance locate 15</code>"
        "（/locate 回复时限，分钟）。管理员请加 <code>@组名</code>。"
    ),
    "attendance.settings_saved": (
        "{team} 组的工作日：{days}，{start} 至 {end}；/locate 等待回复 {minutes} 分钟。"
    ),
    "attendance.leave_usage": (
        "用法：<code>/leave TELEGRAM_ID 2026-12-01 2026-12-05 [原因]</code>；半天："
        "<code>/leave TELEGRAM_ID 2026-12-01 half [原因]</code>"
    ),
    "attendance.half_leave_saved": "{name} 于 {day} 请假半天（出勤按一整天计）。",
}
