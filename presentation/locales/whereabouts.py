"""Texts of /locate: a supervisor asks where reps are, reps share a location, the outcome (去向)."""

EN: dict[str, str] = {
    "cmd.locate": "Ask where a rep is",
    "locate.pick": "Whom do you want to locate? They get {minutes} min to share their location.",
    "locate.everyone": "👥 The whole team",
    "locate.ask_rep": (
        "📍 Your supervisor {boss} asks where you are. Please tap the button below within {minutes} min "
        "to share your location."
    ),
    "locate.share_button": "📍 Share my location",
    "locate.asked": "📍 Asked {name}: they have until {due} to answer.",
    "locate.already": "{name} was already asked and has until {due} to answer.",
    "locate.skip_leave": "{name} is on leave today: not asked.",
    "locate.skip_unreachable": "{name} has blocked fieldbot: not asked.",
    "locate.skip_failed": "Telegram could not reach {name} just now: not asked. Try again in a minute.",
    "locate.skip_hours": "It is {time}, outside working hours ({start}–{end}): nobody was asked.",
    "locate.skip_dayoff": "Today ({day}) is not a working day for team {team}: nobody was asked.",
    "locate.no_reps": "Team {team} has no reps to ask.",
    "locate.not_allowed": "Only supervisors and admins can ask where reps are.",
    "locate.not_yours": "That person is not in your team.",
    "locate.usage": "Usage: <code>/locate</code> (pick a rep or the whole team) or <code>/locate all</code>. "
    "Admins add <code>@Team</code>.",
    "locate.thanks": "✅ Thanks, your location was sent to {boss}.",
    "locate.too_late": "Your location arrived after the {minutes} min, so this time it counts as not found.",
    "locate.found": "📍 {name} shared their location at {time}: found.",
    "locate.late": "📍 {name} shared their location at {time}, after the {minutes} min: not found.",
    "locate.not_found": "❌ {name} did not share a location within {minutes} min of {time}: not found.",
    "locate.expired_rep": "⌛ The {minutes} min to answer your supervisor are over: counted as not found.",
}

ZH: dict[str, str] = {
    "cmd.locate": "询问服务人员去向",
    "locate.pick": "要询问谁的去向？对方需在 {minutes} 分钟内发送位置。",
    "locate.everyone": "👥 全组",
    "locate.ask_rep": "📍 你的主管 {boss} 询问你的去向。请在 {minutes} 分钟内点击下方按钮发送你的位置。",
    "locate.share_button": "📍 发送我的位置",
    "locate.asked": "📍 已询问 {name}：请在 {due} 前回复。",
    "locate.already": "已询问过 {name}，回复截止 {due}。",
    "locate.skip_leave": "{name} 今天请假：未询问。",
    "locate.skip_unreachable": "{name} 已屏蔽 fieldbot：未询问。",
    "locate.skip_failed": "Telegram 暂时无法联系 {name}：未询问，请稍后再试。",
    "locate.skip_hours": "现在是 {time}，不在工作时间（{start}–{end}）内：未询问任何人。",
    "locate.skip_dayoff": "今天（{day}）不是 {team} 组的工作日：未询问任何人。",
    "locate.no_reps": "{team} 组没有可询问的服务人员。",
    "locate.not_allowed": "只有主管和管理员可以询问服务人员去向。",
    "locate.not_yours": "此人不在你的组内。",
    "locate.usage": (
        "用法：<code>/locate</code>（选择人员或全组）或 <code>/locate all</code>。"
        "管理员请加 <code>@组名</code>。"
    ),
    "locate.thanks": "✅ 谢谢，你的位置已发送给 {boss}。",
    "locate.too_late": "你的位置在 {minutes} 分钟后才送达，本次记为未找到。",
    "locate.found": "📍 {name} 于 {time} 发送了位置：已找到。",
    "locate.late": "📍 {name} 于 {time} 发送了位置，已超过 {minutes} 分钟：未找到。",
    "locate.not_found": "❌ {name} 在 {time} 后 {minutes} 分钟内未发送位置：未找到。",
    "locate.expired_rep": "⌛ 回复主管的 {minutes} 分钟已过：记为未找到。",
}
