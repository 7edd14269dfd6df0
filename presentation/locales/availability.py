"""Texts for floods and database outages. Values are HTML; placeholders are escaped by t()."""

EN: dict[str, str] = {
    "flood.slow_down": (
        "🐢 You are sending messages faster than I can take them, so I am skipping some. "
        "Please wait a moment, then send what you meant again."
    ),
    "outage.user_wait": (
        "⏳ The bot is briefly unavailable (its database cannot be reached). Nothing you sent is lost: "
        "it will be handled as soon as the bot is back, in the order you sent it."
    ),
    "outage.admin_down": (
        "⚠️ fieldbot cannot write to its database: <code>{cause}</code>\n"
        "Updates stay with Telegram and are handled in order once it is back; retrying every few seconds."
    ),
    "outage.admin_back": (
        "✅ fieldbot's database is back after {seconds} s; waiting updates are being handled."
    ),
}

ZH: dict[str, str] = {
    "flood.slow_down": "🐢 您发送消息的速度太快，部分消息已被跳过。请稍等片刻，再重新发送您要发的内容。",
    "outage.user_wait": (
        "⏳ 机器人暂时无法使用（无法连接数据库）。您发送的内容不会丢失："
        "机器人恢复后会按您发送的顺序立即处理。"
    ),
    "outage.admin_down": (
        "⚠️ fieldbot 无法写入数据库：<code>{cause}</code>\n"
        "更新暂存在 Telegram，数据库恢复后按顺序处理；每隔几秒重试一次。"
    ),
    "outage.admin_back": "✅ fieldbot 的数据库已在 {seconds} 秒后恢复，正在处理等待中的更新。",
}
