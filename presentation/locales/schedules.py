"""Texts of report schedules, reminders and the schedule/leave/holiday commands (English and Chinese)."""

EN: dict[str, str] = {
    "schedules.kind.daily": "daily",
    "schedules.kind.weekly": "weekly",
    "schedules.kind.monthly": "monthly",
    "schedules.start_button": "📝 File the {kind} report now",
    "schedules.hint_command": "Tap the button below or send {command}.",
    "schedules.hint_button": "Tap the button below.",
    "schedules.remind_before": "⏰ Reminder: your {kind} report for {period} is due <b>{due}</b>.",
    "schedules.remind_late": "⚠️ Your {kind} report for {period} was due {due} and is now <b>late</b>. "
    "Please file it as soon as you can.",
    "schedules.missing_list": (
        "📋 Team {team}: {count} {kind} report(s) for {period} missing (due {due}):\n{names}"
    ),
    "schedules.missing_more": "… and {count} more",
    "schedules.unreachable": "⚠️ {name} has blocked fieldbot, so reminders no longer reach them. "
    "Please contact them directly.",
    # Commands for supervisors and admins
    "schedules.not_allowed": "Only supervisors and admins can change schedules, leave and holidays.",
    "schedules.no_team": "Which team? Add the team name at the end, e.g. <code>@North</code>.",
    "schedules.team_unknown": "There is no team called {team}.",
    "schedules.list": "Report schedules of team {team} ({zone}):\n{lines}",
    "schedules.line": "• {kind}: {when}, grace {grace} min, reminders {offsets} min before{off}",
    "schedules.off": " (off)",
    "schedules.usage": (
        "Usage:\n<code>/schedule weekly mon 10:00 [grace=30] [remind=1440,120]</code>\n"
        "<code>/schedule monthly 30 18:00</code>\n<code>/schedule daily 16:00</code>\n"
        "<code>/schedule weekly off</code>\nAdmins add <code>@Team</code>."
    ),
    "schedules.saved": "Saved. {line}",
    "schedules.leave_usage": "Usage: <code>/leave TELEGRAM_ID 2026-12-01 2026-12-05 [reason]</code>",
    "schedules.leave_saved": (
        "{name} is on leave from {start} to {end}: no reports are expected of them then."
    ),
    "schedules.holiday_usage": (
        "Usage: <code>/holiday 2026-10-01 [name]</code> (admins add <code>@Team</code>)"
    ),
    "schedules.holiday_saved": "{day} is a holiday for team {team}.",
    "schedules.bad_input": "I could not read that. {usage}",
    "schedules.not_in_team": "That person is not in your team.",
}

ZH: dict[str, str] = {
    "schedules.kind.daily": "日报",
    "schedules.kind.weekly": "周报",
    "schedules.kind.monthly": "月报",
    "schedules.start_button": "📝 现在填写{kind}",
    "schedules.hint_command": "点击下方按钮或发送 {command}。",
    "schedules.hint_button": "点击下方按钮。",
    "schedules.remind_before": "⏰ 提醒：你 {period} 的{kind}截止时间为 <b>{due}</b>。",
    "schedules.remind_late": "⚠️ 你 {period} 的{kind}已于 {due} 截止，现已<b>逾期</b>。请尽快提交。",
    "schedules.missing_list": "📋 {team} 组：{period} 的{kind}有 {count} 份未交（截止 {due}）：\n{names}",
    "schedules.missing_more": "……另有 {count} 人",
    "schedules.unreachable": "⚠️ {name} 已屏蔽 fieldbot，提醒无法送达，请直接联系本人。",
    "schedules.not_allowed": "只有主管和管理员可以修改报表时间、请假和节假日。",
    "schedules.no_team": "哪个组？请在末尾加上组名，例如 <code>@North</code>。",
    "schedules.team_unknown": "没有名为 {team} 的组。",
    "schedules.list": "{team} 组的报表时间（{zone}）：\n{lines}",
    "schedules.line": "• {kind}：{when}，宽限 {grace} 分钟，提前 {offsets} 分钟提醒{off}",
    "schedules.off": "（已停用）",
    "schedules.usage": (
        "用法：\n<code>/schedule weekly mon 10:00 [grace=30] [remind=1440,120]</code>\n"
        "<code>/schedule monthly 30 18:00</code>\n<code>/schedule daily 16:00</code>\n"
        "<code>/schedule weekly off</code>\n管理员请加 <code>@组名</code>。"
    ),
    "schedules.saved": "已保存。{line}",
    "schedules.leave_usage": "用法：<code>/leave TELEGRAM_ID 2026-12-01 2026-12-05 [原因]</code>",
    "schedules.leave_saved": "{name} 于 {start} 至 {end} 请假：期间不要求提交报表。",
    "schedules.holiday_usage": (
        "用法：<code>/holiday 2026-10-01 [名称]</code>（管理员请加 <code>@组名</code>）"
    ),
    "schedules.holiday_saved": "{day} 为 {team} 组的节假日。",
    "schedules.bad_input": "无法识别。{usage}",
    "schedules.not_in_team": "此人不在你的组内。",
}
