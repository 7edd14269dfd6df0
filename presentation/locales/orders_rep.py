"""Texts of the rep's side of work orders (报修单 / 派工单), in English and Simplified Chinese."""

EN: dict[str, str] = {
    # The buttons under an order (presentation.order_rep_buttons).
    "orders_rep.button.accept": "✅ Accept",
    "orders_rep.button.decline": "✖️ Decline",
    "orders_rep.button.arrive": "📍 Arrived",
    "orders_rep.button.fee": "💴 Fee quoted",
    "orders_rep.button.takeback": "📦 Take back to workshop",
    "orders_rep.button.returned": "↩️ Returned to customer",
    "orders_rep.button.done": "✅ Done: file the record",
    "orders_rep.button.open": "#{id} {customer}",
    # A new order for the rep.
    "orders_rep.assigned": (
        "🛠 <b>A work order for you.</b>\n\n{summary}\n\n{due}\nAccept it, or decline with a reason."
    ),
    "orders_rep.reassigned_to_you": (
        "🛠 <b>A work order was passed on to you.</b>\n\n{summary}\n\n{due}\nAccept it, or decline "
        "with a reason."
    ),
    "orders_rep.due_line": "{target}: {status}",
    # Accept and decline.
    "orders_rep.accepted": "✅ You accepted work order #{id}. Next: be at {customer}. {due}",
    "orders_rep.ask_reason": "Why do you decline work order #{id} ({customer})? Your supervisor reads this.",
    "orders_rep.title.reason": "Reason",
    "orders_rep.decline_preview": "Decline work order #{id} ({customer})?\nReason: {reason}",
    "orders_rep.declined": "You declined work order #{id}. Your supervisor will give it to someone else.",
    "orders_rep.moved_on": "Work order #{id} changed meanwhile (reassigned or cancelled); nothing was done.",
    # Arrived.
    "orders_rep.ask_location": (
        "📍 Order #{id} at {customer}: send your location with the button below to record your arrival."
    ),
    "orders_rep.location_button": "📍 Send my location",
    "orders_rep.title.location": "Location",
    "orders_rep.location_expected": "Please send your location with the button below, or /cancel.",
    "orders_rep.outside": (
        "You are {distance} from {customer}'s site, outside its {radius} m fence: an arrival counts only at "
        "the site. Go closer and send your location again, or /cancel."
    ),
    "orders_rep.checked_in_elsewhere": (
        "You are still checked in at {customer}. Check out first (/checkout), then press 📍 Arrived again."
    ),
    "orders_rep.arrived": (
        "📍 Arrived at {customer} for work order #{id} at {time} ({distance} from the site)."
    ),
    "orders_rep.arrived_unverified": (
        "📍 Arrived at {customer} for work order #{id} at {time} (the customer's site has no location on "
        "file, so it was not checked)."
    ),
    "orders_rep.linked": (
        "🛠 This check-in is your arrival for work order #{id} (open it in /orders to finish it)."
    ),
    "orders_rep.next_on_site": "Next: the work. When it is finished, press ✅ Done to file the record.",
    "orders_rep.next_fee": (
        "This is a paid repair: before you start, confirm the fee you quoted to the customer (💴 Fee quoted)."
    ),
    # The fee of a paid repair.
    "orders_rep.ask_fee": (
        "💴 Order #{id} is a paid repair. What fee did you quote to the customer (yuan)? For "
        "example 350 or 350.50."
    ),
    "orders_rep.title.fee": "Fee quoted",
    "orders_rep.fee_invalid": (
        "Please type the amount in yuan, like 350 or 350.50 (more than 0, at most 99999999.99)."
    ),
    "orders_rep.fee_preview": "Work order #{id} ({customer}): the customer was told the fee is ¥{amount}.",
    "orders_rep.fee_done": "💴 Fee of ¥{amount} recorded for work order #{id}. You can start the work.",
    # Take back and return.
    "orders_rep.ask_receipt": "📦 Order #{id}: the number of the receipt you gave the customer for the unit?",
    "orders_rep.title.receipt": "Receipt number",
    "orders_rep.ask_items": "What did you take? (the unit, accessories, its condition)",
    "orders_rep.title.items": "Taken",
    "orders_rep.takeback_preview": (
        "Take work order #{id} ({customer}) back for workshop repair?\nReceipt: {receipt}\nTaken: {items}"
    ),
    "orders_rep.taken_back": (
        "📦 Order #{id}: the unit is in the workshop (receipt {receipt}). Press ↩️ Returned to "
        "customer when you bring it back."
    ),
    "orders_rep.returned": "↩️ Order #{id}: returned to {customer}. Now file the record with ✅ Done.",
    # Done: the visit record from the order.
    "orders_rep.done_start": (
        "✅ Order #{id} at {customer}: the visit record, filled in from the order. Add the work "
        "done, parts, result and the photo of the signed dispatch sheet."
    ),
    "orders_rep.ask_sheet": "Photo of the dispatch sheet signed by the customer (required for a work order):",
    "orders_rep.not_done": (
        "⚠️ The visit record was filed, but work order #{id} was not marked done: it was reassigned or "
        "cancelled meanwhile."
    ),
    # /orders for a rep.
    "orders_rep.link_failed": "Work order #{id} is done, but the customer's link could not be sent just now.",
    "orders_rep.left": "🎉 Order #{id} is done. You have {count} more open work order(s): /orders.",
    "orders_rep.none_left": "🎉 Order #{id} is done. No more open work orders for you.",
    "orders_rep.none": "You have no open work orders.",
    "orders_rep.list": (
        "🛠 <b>Your open work orders ({count})</b>, most urgent first:\n\n{lines}\n\nPick one to open it."
    ),
    "orders_rep.card": "{summary}\n\n{targets}",
    "orders_rep.line": "{flag}<b>#{id}</b> {customer} · {state}\n    {target}: {status}",
}

ZH: dict[str, str] = {
    "orders_rep.button.accept": "✅ 接单",
    "orders_rep.button.decline": "✖️ 拒单",
    "orders_rep.button.arrive": "📍 已到达",
    "orders_rep.button.fee": "💴 已报价",
    "orders_rep.button.takeback": "📦 带回维修",
    "orders_rep.button.returned": "↩️ 已送还客户",
    "orders_rep.button.done": "✅ 完工：填写记录",
    "orders_rep.button.open": "#{id} {customer}",
    "orders_rep.assigned": "🛠 <b>你有一张新派工单。</b>\n\n{summary}\n\n{due}\n请接单，或填写原因拒单。",
    "orders_rep.reassigned_to_you": (
        "🛠 <b>一张派工单已改派给你。</b>\n\n{summary}\n\n{due}\n请接单，或填写原因拒单。"
    ),
    "orders_rep.due_line": "{target}：{status}",
    "orders_rep.accepted": "✅ 你已接下工单 #{id}。下一步：前往{customer}。{due}",
    "orders_rep.ask_reason": "拒接工单 #{id}（{customer}）的原因？主管会看到。",
    "orders_rep.title.reason": "原因",
    "orders_rep.decline_preview": "拒接工单 #{id}（{customer}）？\n原因：{reason}",
    "orders_rep.declined": "你已拒接工单 #{id}。主管会改派给其他人。",
    "orders_rep.moved_on": "工单 #{id} 已发生变化（已改派或已取消），本次操作未执行。",
    "orders_rep.ask_location": "📍 工单 #{id}（{customer}）：请用下方按钮发送你的位置，记录到达。",
    "orders_rep.location_button": "📍 发送我的位置",
    "orders_rep.title.location": "位置",
    "orders_rep.location_expected": "请用下方按钮发送你的位置，或发送 /cancel。",
    "orders_rep.outside": (
        "你距离{customer}的地点 {distance}，在 {radius} 米范围之外：只有在现场才算到达。"
        "请靠近后重新发送位置，或发送 /cancel。"
    ),
    "orders_rep.checked_in_elsewhere": "你仍在{customer}签到中。请先签退（/checkout），再点“📍 已到达”。",
    "orders_rep.arrived": "📍 已于 {time} 到达{customer}（工单 #{id}，距现场 {distance}）。",
    "orders_rep.arrived_unverified": (
        "📍 已于 {time} 到达{customer}（工单 #{id}；该客户未登记地点，未核对位置）。"
    ),
    "orders_rep.linked": "🛠 本次签到已记为工单 #{id} 的到达（完工时在 /orders 中打开它）。",
    "orders_rep.next_on_site": "下一步：开始维修。完工后点“✅ 完工”填写记录。",
    "orders_rep.next_fee": "这是有偿维修：开工前请确认已向客户报价（💴 已报价）。",
    "orders_rep.ask_fee": "💴 工单 #{id} 为有偿维修。你向客户报价多少元？例如 350 或 350.50。",
    "orders_rep.title.fee": "报价",
    "orders_rep.fee_invalid": "请输入金额（元），例如 350 或 350.50（大于 0，最多 99999999.99）。",
    "orders_rep.fee_preview": "工单 #{id}（{customer}）：已告知客户费用为 ¥{amount}。",
    "orders_rep.fee_done": "💴 已记录工单 #{id} 的报价 ¥{amount}。可以开工了。",
    "orders_rep.ask_receipt": "📦 工单 #{id}：你给客户开的收条编号？",
    "orders_rep.title.receipt": "收条编号",
    "orders_rep.ask_items": "带走了什么？（设备、配件、外观状况）",
    "orders_rep.title.items": "带走物品",
    "orders_rep.takeback_preview": "将工单 #{id}（{customer}）带回维修？\n收条：{receipt}\n带走：{items}",
    "orders_rep.taken_back": "📦 工单 #{id}：设备已带回维修（收条 {receipt}）。送还后请点“↩️ 已送还客户”。",
    "orders_rep.returned": "↩️ 工单 #{id}：已送还{customer}。请点“✅ 完工”填写记录。",
    "orders_rep.done_start": (
        "✅ 工单 #{id}（{customer}）：拜访记录已按工单预填。请填写所做工作、配件、结果，"
        "并拍摄客户签字的派工单。"
    ),
    "orders_rep.ask_sheet": "请拍摄客户签字的维修派工单（工单必填）：",
    "orders_rep.not_done": "⚠️ 拜访记录已提交，但工单 #{id} 未标记完工：它在此期间已被改派或取消。",
    "orders_rep.link_failed": "工单 #{id} 已完工，但客户链接暂时无法发送。",
    "orders_rep.left": "🎉 工单 #{id} 已完工。你还有 {count} 张未完成工单：/orders。",
    "orders_rep.none_left": "🎉 工单 #{id} 已完工。你没有其他未完成的工单。",
    "orders_rep.none": "你没有未完成的工单。",
    "orders_rep.list": "🛠 <b>你的未完成工单（{count}）</b>，最紧急的在前：\n\n{lines}\n\n点一张查看。",
    "orders_rep.card": "{summary}\n\n{targets}",
    "orders_rep.line": "{flag}<b>#{id}</b> {customer} · {state}\n    {target}：{status}",
}
