"""Texts of /sla: a team's service levels per category and priority, calendar or working hours, and its
working day."""

EN: dict[str, str] = {
    "cmd.sla": "Service levels (SLA) of work orders",
    # /sla
    "sla.not_allowed": "Only service managers and admins set service levels.",
    "sla.title": "<b>Service levels · {team}</b>\nHours to accept / arrive / finish, counted in {kind}.",
    "sla.kind.calendar": "calendar hours",
    "sla.kind.working": "working hours ({start}–{end}, {days})",
    "sla.day.mon": "Mon",
    "sla.day.tue": "Tue",
    "sla.day.wed": "Wed",
    "sla.day.thu": "Thu",
    "sla.day.fri": "Fri",
    "sla.day.sat": "Sat",
    "sla.day.sun": "Sun",
    "sla.hours_button": "🕗 Working day",
    "sla.ask_working_day": (
        "Type the working day as start-end and weekdays, e.g. <code>08:30-17:30 mon-fri</code> or "
        "<code>08:00-18:00 mon-sat</code> (now {start}–{end}, {days}). Holidays and make-up days come "
        "from /holiday."
    ),
    "sla.working_day_title": "Working day",
    "sla.hours_invalid": (
        "Please type the hours as 08:30-17:30 (start before end), optionally with weekdays such as mon-fri "
        "or mon,wed,fri."
    ),
    "sla.working_day_preview": "Working day: {start}–{end}, {days}.",
    "sla.working_day_saved": (
        "Saved: the working day is {start}–{end}, {days}. New orders counted in working hours use it."
    ),
    "sla.line": "• {category}, {priority}: {accept} / {arrive} / {finish} h",
    "sla.edit_button": "{category} · {priority}",
    "sla.kind_button.calendar": "🕒 Count calendar hours",
    "sla.kind_button.working": "🏢 Count working hours",
    "sla.ask_hours": (
        "{category}, {priority}: type the hours to accept, arrive and finish, e.g. <code>4 24 72</code> "
        "(now {accept} {arrive} {finish})."
    ),
    "sla.invalid": "Please type three whole numbers of hours, e.g. 4 24 72, each 1 to {max}, in that order.",
    "sla.saved": "Saved: {category}, {priority}: {accept} / {arrive} / {finish} h. New orders use it.",
    "sla.kind_saved": "New orders count {kind}.",
    "sla.ask_team": "Which team's service levels?",
    "sla.edit_title": "Hours",
    "sla.preview": "Please check: {category}, {priority}: {accept} / {arrive} / {finish} h.",
}

ZH: dict[str, str] = {
    "cmd.sla": "工单服务时限（SLA）",
    "sla.not_allowed": "只有售后服务经理和管理员可以设置服务时限。",
    "sla.title": "<b>服务时限 · {team}</b>\n接单 / 到场 / 完工的小时数，按{kind}计算。",
    "sla.kind.calendar": "自然小时",
    "sla.kind.working": "工作时间（{start}–{end}，{days}）",
    "sla.day.mon": "周一",
    "sla.day.tue": "周二",
    "sla.day.wed": "周三",
    "sla.day.thu": "周四",
    "sla.day.fri": "周五",
    "sla.day.sat": "周六",
    "sla.day.sun": "周日",
    "sla.hours_button": "🕗 工作时间",
    "sla.ask_working_day": (
        "请输入每天的工作时间和工作日，例如 <code>08:30-17:30 mon-fri</code> 或 "
        "<code>08:00-18:00 mon-sat</code>（当前 {start}–{end}，{days}）。节假日和调休日以 /holiday 为准。"
    ),
    "sla.working_day_title": "工作时间",
    "sla.hours_invalid": (
        "请按 08:30-17:30 的格式输入（开始早于结束），可加工作日，如 mon-fri 或 mon,wed,fri。"
    ),
    "sla.working_day_preview": "工作时间：{start}–{end}，{days}。",
    "sla.working_day_saved": "已保存：工作时间为 {start}–{end}，{days}。按工作时间计算的新工单将以此为准。",
    "sla.line": "• {category}，{priority}：{accept} / {arrive} / {finish} 小时",
    "sla.edit_button": "{category} · {priority}",
    "sla.kind_button.calendar": "🕒 按自然小时计算",
    "sla.kind_button.working": "🏢 按工作时间计算",
    "sla.ask_hours": (
        "{category}，{priority}：请输入接单、到场、完工的小时数，例如 <code>4 24 72</code>"
        "（当前 {accept} {arrive} {finish}）。"
    ),
    "sla.invalid": "请按顺序输入三个整数小时数，例如 4 24 72，每个 1 到 {max}。",
    "sla.saved": "已保存：{category}，{priority}：{accept} / {arrive} / {finish} 小时。新工单按此计算。",
    "sla.kind_saved": "新工单按{kind}计算。",
    "sla.ask_team": "设置哪个团队的服务时限？",
    "sla.edit_title": "小时数",
    "sla.preview": "请核对：{category}，{priority}：{accept} / {arrive} / {finish} 小时。",
}
