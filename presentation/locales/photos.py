"""Texts of /visits (supervisors see a visit record with its photos). Values are HTML; placeholders are
escaped by t()."""

EN: dict[str, str] = {
    "cmd.visits": "Latest visit records with photos",
    "photos.not_allowed": "Only service managers and admins can look through the team's visit records.",
    "photos.no_team": "You are not assigned to a team yet; ask an admin.",
    "photos.none": "No visit records yet.",
    "photos.pick": (
        "📝 <b>Latest visit records</b>: choose one to see it with its photos and signed dispatch sheet."
    ),
    "photos.record": (
        "📝 <b>Visit record #{id}</b>\n"
        "{customer} · {rep} · {time}\n"
        "{type} · {result}\n"
        "<b>Problem:</b> {problem}\n"
        "<b>Work done:</b> {work}\n"
        "📷 {photos} photo(s) · signed dispatch sheet: {sheet}"
    ),
    "photos.yes": "✅ attached",
    "photos.no": "— not attached",
    "photos.photo_caption": "#{id} photo {number}/{count}",
    "photos.sheet_caption": "#{id} signed dispatch sheet",
    "photos.unavailable": (
        "⚠️ {count} photo(s) of this record cannot be shown: they were never saved in the file store."
    ),
    "photos.not_yours": "That visit record is not from your team.",
    "photos.gone": "That visit record no longer exists.",
}

ZH: dict[str, str] = {
    "cmd.visits": "最近的拜访纪实（含照片）",
    "photos.not_allowed": "只有售后服务经理和管理员可以查看团队的拜访纪实。",
    "photos.no_team": "你还没有分配到团队，请联系管理员。",
    "photos.none": "还没有拜访纪实。",
    "photos.pick": "📝 <b>最近的拜访纪实</b>：选择一条，查看其照片和客户签字的派工单。",
    "photos.record": (
        "📝 <b>拜访纪实 #{id}</b>\n"
        "{customer} · {rep} · {time}\n"
        "{type} · {result}\n"
        "<b>问题：</b>{problem}\n"
        "<b>处理：</b>{work}\n"
        "📷 {photos} 张照片 · 客户签字派工单：{sheet}"
    ),
    "photos.yes": "✅ 已附",
    "photos.no": "— 未附",
    "photos.photo_caption": "#{id} 照片 {number}/{count}",
    "photos.sheet_caption": "#{id} 客户签字派工单",
    "photos.unavailable": "⚠️ 此记录有 {count} 张照片无法显示：它们从未保存到文件存储中。",
    "photos.not_yours": "这条拜访纪实不属于你的团队。",
    "photos.gone": "这条拜访纪实已不存在。",
}
