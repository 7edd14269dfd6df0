"""Texts of the customer's confirm-and-rate link: what the rep gets, what the customer sees (in their
Telegram language), and the supervisors' alert about a bad answer. Values are HTML; placeholders are
filled with escaped values."""

EN: dict[str, str] = {
    "clink.rep_offer": (
        "✅ Order #{id} is done. Ask the customer to confirm the work and rate it: they open this link in "
        "Telegram, or scan the QR code below. It works once, for one person, until {expires}.\n{link}"
    ),
    "clink.qr_caption": "Work order #{id}: scan to confirm and rate the work",
    "clink.fresh_button": "🔗 Customer link",
    "clink.fresh_done": "A new link is on its way; earlier ones no longer work.",
    "clink.fresh_offer": (
        "🔗 A new customer link for work order #{id}; earlier links of this order no longer work. "
        "The customer opens it in Telegram or scans the QR code below. It works once, for one person, "
        "until {expires}.\n{link}"
    ),
    "clink.welcome": (
        "Hello! Our service engineer {rep} has finished this job for you:\n\n{summary}\n\n"
        "<b>Is the work done?</b>"
    ),
    "clink.summary": (
        "Order #{id} — {category}\nCustomer: {customer}\nProduct model: {model}\nSerial number: {serial}\n"
        "Fault: {fault}\nFinished: {done_at}"
    ),
    "clink.none": "—",
    "clink.done": "✅ The work is done",
    "clink.not_done": "❌ Not done",
    "clink.ask_comment": (
        "Sorry to hear that. Please tell us in one message what is still not right "
        "(at most {limit} characters)."
    ),
    "clink.comment_expected": "Please type what is still not right, as a text message.",
    "clink.ask_rating": (
        "How satisfied are you with the service? 1 star: not at all, 5 stars: very satisfied."
    ),
    "clink.thanks": "Thank you! Your rating ({stars}/5) has been recorded.",
    "clink.thanks_told": (
        "Thank you! Your rating ({stars}/5) has been recorded, and the service supervisor has been told."
    ),
    "clink.refused": (
        "Sorry, this link cannot be used: it may have been used already, expired, or been copied "
        "incompletely. Please ask the service engineer for a new one."
    ),
    "clink.staff_link": (
        "This link is for the customer of the order: forward it to them or let them scan the QR code. "
        "Nothing was recorded."
    ),
    "clink.alert_not_done": (
        "⚠️ <b>The customer says the work is not done</b>: work order #{id} ({customer}), finished by "
        "{rep} on {done_at}.\nCustomer's comment: {comment}"
    ),
    "clink.alert_low": (
        "⚠️ <b>Low customer rating {stars}/5</b>: work order #{id} ({customer}), finished by {rep} on "
        "{done_at}."
    ),
    "clink.to_complaint": "📝 Turn into a complaint",
    "clink.complaint_filed": "Complaint #{id} filed against {rep}.",
    "clink.complaint_line": "📝 Filed as complaint #{id} by {name}",
    "clink.complaint_exists": "Already filed as complaint #{id}.",
    "clink.complaint_no_rep": "The order has no rep to file a complaint against.",
    "clink.complaint_description": (
        "From work order #{id}: the customer answered that the work is {answer}, rating {rating}. "
        "Customer's comment: {comment}"
    ),
    "clink.answer_done": "done",
    "clink.answer_not_done": "not done",
    "clink.no_rating": "none yet",
}

ZH: dict[str, str] = {
    "clink.rep_offer": (
        "✅ 工单 #{id} 已完成。请客户确认并评价：在 Telegram 中打开下面的链接，或扫描下方二维码。"
        "链接仅限一人使用一次，有效期至 {expires}。\n{link}"
    ),
    "clink.qr_caption": "工单 #{id}：扫码确认并评价",
    "clink.fresh_button": "🔗 客户链接",
    "clink.fresh_done": "新链接马上发给你，之前的链接已失效。",
    "clink.fresh_offer": (
        "🔗 工单 #{id} 的新客户链接；此前的链接均已失效。"
        "请客户在 Telegram 中打开下面的链接，或扫描下方二维码。"
        "链接仅限一人使用一次，有效期至 {expires}。\n{link}"
    ),
    "clink.welcome": (
        "您好！我们的服务工程师 {rep} 已为您完成以下工作：\n\n{summary}\n\n<b>工作是否已完成？</b>"
    ),
    "clink.summary": (
        "工单 #{id} — {category}\n客户：{customer}\n产品型号：{model}\n序列号：{serial}\n"
        "故障现象：{fault}\n完成时间：{done_at}"
    ),
    "clink.none": "—",
    "clink.done": "✅ 已完成",
    "clink.not_done": "❌ 未完成",
    "clink.ask_comment": "很抱歉。请用一条消息告诉我们还有什么问题（不超过 {limit} 个字）。",
    "clink.comment_expected": "请以文字消息说明还有什么问题。",
    "clink.ask_rating": "您对本次服务满意吗？1 星：很不满意，5 星：非常满意。",
    "clink.thanks": "谢谢！您的评价（{stars}/5）已记录。",
    "clink.thanks_told": "谢谢！您的评价（{stars}/5）已记录，服务主管已收到通知。",
    "clink.refused": "抱歉，此链接无法使用：可能已被使用、已过期或复制不完整。请向服务工程师索取新的链接。",
    "clink.staff_link": "此链接供工单的客户使用：请转发给客户或让客户扫描二维码。未记录任何内容。",
    "clink.alert_not_done": (
        "⚠️ <b>客户表示工作未完成</b>：工单 #{id}（{customer}），由 {rep} 于 {done_at} 完成。\n"
        "客户意见：{comment}"
    ),
    "clink.alert_low": (
        "⚠️ <b>客户评价偏低 {stars}/5</b>：工单 #{id}（{customer}），由 {rep} 于 {done_at} 完成。"
    ),
    "clink.to_complaint": "📝 转为客户投诉",
    "clink.complaint_filed": "已登记针对 {rep} 的投诉 #{id}。",
    "clink.complaint_line": "📝 已由 {name} 登记为投诉 #{id}",
    "clink.complaint_exists": "已登记为投诉 #{id}。",
    "clink.complaint_no_rep": "该工单没有负责的服务人员，无法登记投诉。",
    "clink.complaint_description": "来自工单 #{id}：客户答复工作{answer}，评价 {rating}。客户意见：{comment}",
    "clink.answer_done": "已完成",
    "clink.answer_not_done": "未完成",
    "clink.no_rating": "暂无",
}
