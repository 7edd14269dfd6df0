"""Texts of /teams, of the holiday calendar fill, and of the notices about a team's failing jobs."""

EN: dict[str, str] = {
    "cmd.teams": "Teams: create, rename, set the time zone",
    "teams.not_allowed": "Only admins can manage teams.",
    "teams.list": "<b>Teams</b> ({count}):\n{lines}\n\nChoose a team to rename it or change its time zone.",
    "teams.line": "• {name} · {zone} · {people} people",
    "teams.bad_zone": "⚠️ unknown zone",
    "teams.empty": "(none yet)",
    "teams.new": "➕ New team",
    "teams.card": "<b>{name}</b>\nTime zone: {zone}\nPeople: {people}",
    "teams.rename": "✏️ Rename",
    "teams.zone": "🕒 Time zone",
    "teams.ask_name": "Type the team's name (1 to {limit} characters).",
    "teams.ask_new_name": "Type the new name for {name} (1 to {limit} characters).",
    "teams.ask_zone": (
        "Type the time zone as an IANA name (for example Asia/Shanghai or Europe/Berlin), or pick one."
    ),
    "teams.invalid_name": "Please type a name of 1 to {limit} characters.",
    "teams.name_taken": "There is already a team called {name}. Please type another name.",
    "teams.invalid_zone": (
        "I do not know the time zone {zone}. Type an IANA name such as Asia/Shanghai, Asia/Urumqi or "
        "Europe/Berlin, or pick one below."
    ),
    "teams.expected_name": "Please type the name as text.",
    "teams.expected_zone": "Please type the time zone as text, or pick one of the buttons.",
    "teams.created": "✅ Team {name} created ({zone}). Invite people into it with /invite.",
    "teams.renamed": "✅ The team is now called {name}.",
    "teams.zone_set": "✅ Team {name} now runs on {zone} time: deadlines, reminders and digests follow it.",
    "teams.gone": "That team no longer exists.",
    # Notices to the admins from the scheduled jobs (jobs.team_guard); told once per team and problem.
    "teams.problem.zone": (
        "⚠️ Team {team} has an unknown time zone ({zone}). Its reminders, digests and rates use {fallback} "
        "until you set its zone with /teams."
    ),
    "teams.problem.failed": (
        "⚠️ The {job} failed for team {team} ({error}) and skipped that team; the other teams were not "
        "affected. The bot's log has the details. You are told once per team and problem."
    ),
    "teams.job.reminders": "report reminders",
    "teams.job.rates": "on-time rate calculation",
    "teams.job.digests": "supervisor digests",
    "teams.job.checkins": "closing of forgotten check-ins",
    "teams.job.escalation": "escalation of critical feedback",
    # The holiday calendar (/holiday)
    "teams.calendar": (
        "<b>Holidays of team {team} in {year}</b>\nDays off: {holidays}\n"
        "Make-up working days (调休): {workdays}\n\n{usage}"
    ),
    "teams.calendar_none": "none",
    "teams.fill_button": "📅 Fill {year} from China's official calendar",
    "teams.filled": (
        "📅 {year} for team {team}: {holidays} day(s) off and {workdays} make-up working day(s) added "
        "(days already there were kept). Remove one with <code>/holiday remove DAY</code>."
    ),
    "teams.filled_nothing": "📅 {year} for team {team} was already filled: nothing added.",
    "teams.year_not_covered": (
        "China's official holidays for {year} are not in the calendar yet (they are published in "
        "November). Add days with <code>/holiday DAY</code> for now."
    ),
    "teams.holiday_usage": (
        "<code>/holiday 2026-10-01 [name]</code> adds a day off, <code>/holiday workday 2026-10-10</code> "
        "a make-up working day, <code>/holiday remove 2026-10-01</code> removes either, "
        "<code>/holiday fill 2026</code> fills a year from China's official calendar "
        "(admins add <code>@Team</code>)."
    ),
    "teams.workday_saved": "{day} is a make-up working day for team {team}.",
    "teams.removed": "{day} is an ordinary day again for team {team}.",
    "teams.not_found": "{day} was neither a holiday nor a make-up working day for team {team}.",
}

ZH: dict[str, str] = {
    "cmd.teams": "团队：新建、改名、设置时区",
    "teams.not_allowed": "只有管理员可以管理团队。",
    "teams.list": "<b>团队</b>（{count}）：\n{lines}\n\n选择一个团队以改名或修改时区。",
    "teams.line": "• {name} · {zone} · {people} 人",
    "teams.bad_zone": "⚠️ 时区无效",
    "teams.empty": "（暂无）",
    "teams.new": "➕ 新建团队",
    "teams.card": "<b>{name}</b>\n时区：{zone}\n人数：{people}",
    "teams.rename": "✏️ 改名",
    "teams.zone": "🕒 时区",
    "teams.ask_name": "请输入团队名称（1 到 {limit} 个字符）。",
    "teams.ask_new_name": "请输入 {name} 的新名称（1 到 {limit} 个字符）。",
    "teams.ask_zone": "请输入 IANA 时区名称（例如 Asia/Shanghai 或 Europe/Berlin），或选择一个。",
    "teams.invalid_name": "请输入 1 到 {limit} 个字符的名称。",
    "teams.name_taken": "已有名为 {name} 的团队，请输入其他名称。",
    "teams.invalid_zone": (
        "无法识别时区 {zone}。请输入 IANA 名称，例如 Asia/Shanghai、Asia/Urumqi 或 Europe/Berlin，"
        "或选择下方按钮。"
    ),
    "teams.expected_name": "请以文字输入名称。",
    "teams.expected_zone": "请以文字输入时区，或选择一个按钮。",
    "teams.created": "✅ 团队 {name} 已创建（{zone}）。用 /invite 邀请成员加入。",
    "teams.renamed": "✅ 团队已改名为 {name}。",
    "teams.zone_set": "✅ 团队 {name} 现在使用 {zone} 时间：截止时间、提醒和汇总都按此时区。",
    "teams.gone": "该团队已不存在。",
    "teams.problem.zone": (
        "⚠️ 团队 {team} 的时区无效（{zone}）。在你用 /teams 设置时区之前，"
        "其提醒、汇总和及时率按 {fallback} 计算。"
    ),
    "teams.problem.failed": (
        "⚠️ {job}在团队 {team} 出错（{error}），已跳过该团队；其他团队不受影响。详情见机器人日志。"
        "每个团队的每个问题只通知一次。"
    ),
    "teams.job.reminders": "报表提醒",
    "teams.job.rates": "及时率计算",
    "teams.job.digests": "主管汇总",
    "teams.job.checkins": "自动结束未签退的签到",
    "teams.job.escalation": "严重反馈升级",
    "teams.calendar": "<b>{team} 组 {year} 年的节假日</b>\n放假：{holidays}\n调休上班：{workdays}\n\n{usage}",
    "teams.calendar_none": "无",
    "teams.fill_button": "📅 按国家法定节假日填写 {year} 年",
    "teams.filled": (
        "📅 {team} 组 {year} 年：新增放假 {holidays} 天、调休上班 {workdays} 天（已有的日期保持不变）。"
        "删除某天：<code>/holiday remove 日期</code>。"
    ),
    "teams.filled_nothing": "📅 {team} 组 {year} 年已填写过：没有新增。",
    "teams.year_not_covered": (
        "日历中还没有 {year} 年的国家法定节假日（每年 11 月公布）。"
        "请先用 <code>/holiday 日期</code> 逐日添加。"
    ),
    "teams.holiday_usage": (
        "<code>/holiday 2026-10-01 [名称]</code> 添加放假日，<code>/holiday workday 2026-10-10</code> "
        "添加调休上班日，<code>/holiday remove 2026-10-01</code> 删除，"
        "<code>/holiday fill 2026</code> 按国家法定节假日填写全年（管理员请加 <code>@组名</code>）。"
    ),
    "teams.workday_saved": "{day} 为 {team} 组的调休上班日。",
    "teams.removed": "{day} 已恢复为 {team} 组的普通日子。",
    "teams.not_found": "{day} 不是 {team} 组的节假日或调休上班日。",
}
