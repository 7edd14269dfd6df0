"""Texts of /checkin, /checkout, live locations and the end-of-day close, in English and Chinese."""

EN: dict[str, str] = {
    "checkin.ask_location": (
        "Send your location with the button below.\n\n"
        "📡 Best: share your <b>live location</b> for the visit (📎 → Location → Share My Live Location); "
        "it shows you really are on site."
    ),
    "checkin.send_location": "📍 Send my location",
    "checkin.location_expected": "Please send your current location with the button below, or /cancel.",
    "checkin.forwarded": (
        "That location was forwarded from someone else. Please send your own current location."
    ),
    "checkin.venue": (
        "That is a place picked from a list, not where you are. Please send your current location."
    ),
    "checkin.too_old": "That location is more than 2 minutes old. Please send your current location.",
    "checkin.location_out_of_range": (
        "That location is not on Earth (latitude must be within ±90°, longitude within ±180°). "
        "Please send your current location with the button below."
    ),
    "checkin.location_no_fix": (
        "Your phone sent 0°, 0°: it has no GPS fix yet. Turn on location services, wait a few seconds "
        "outdoors or near a window, then send your location again."
    ),
    "checkin.location_ok": "📍 Location received.",
    "checkin.poor_accuracy": (
        "⚠️ Your location is only accurate to about {accuracy} m. Turn on GPS or step outside for a better "
        "fix next time; I will go on with this one."
    ),
    "checkin.choose_customer": "Which customer are you at?",
    "checkin.no_customers": "Your team has no customers on file yet. Add this one as a new customer.",
    "checkin.customer_button": "{name} · {distance}",
    "checkin.new_customer": "🆕 New customer",
    "checkin.customer_unknown": "That customer is not in your team's list. Please choose from the list.",
    "checkin.ask_new_name": "Name of the new customer? Its site will be this location.",
    "checkin.name_invalid": "Please type a name of 1 to {limit} characters.",
    "checkin.name_exists": (
        "A customer named {name} already exists. Press « Back and choose it from the list."
    ),
    "checkin.verdict.at_site": (
        "✅ Checked in at <b>{customer}</b> at {time}. You are at the site ({distance})."
    ),
    "checkin.verdict.outside": (
        "Checked in at <b>{customer}</b> at {time}. You are {distance} from the customer's site."
    ),
    "checkin.verdict.unverified": (
        "Checked in at <b>{customer}</b> at {time}. The site location is not confirmed yet, "
        "so this check-in is unverified."
    ),
    "checkin.confirm": "Check in at <b>{customer}</b> ({distance} from its site) at {time}?",
    "checkin.confirm_no_site": "Check in at <b>{customer}</b> at {time}? Its site location is not on file.",
    "checkin.confirm_new": (
        "Add <b>{customer}</b> as a new customer with its site here, and check in at {time}?"
    ),
    "checkin.confirm_button": "✅ Check in",
    "checkin.ask_photo": "Add a photo of the site?",
    "checkin.title.customer": "Customer",
    "checkin.title.new_name": "New customer's name",
    "checkin.title.photo": "Site photo",
    "checkin.with_photo": "📷 With a photo of the site.",
    "checkin.without_photo": "No photo of the site.",
    "checkin.opened_meanwhile": (
        "You are already checked in at <b>{customer}</b> since {time}. "
        "Send /checkout first, then check in again."
    ),
    "checkin.done": "All set. Send /checkout when you leave.",
    "checkin.done_photo": "Photo saved. Send /checkout when you leave.",
    "checkin.no_team": "You are not assigned to a team yet; ask your service manager.",
    "checkin.already_open": "You are already checked in at <b>{customer}</b> since {time}. Check out first?",
    "checkin.checkout_button": "🚪 Check out",
    "checkin.not_checked_in": "You are not checked in anywhere.",
    "checkin.checked_out": "Checked out. You spent {duration} at <b>{customer}</b>.",
    "checkin.duration_hm": "{h} h {m} min",
    "checkin.duration_m": "{m} min",
    "checkin.metres": "{value} m",
    "checkin.kilometres": "{value} km",
    "checkin.auto_closed": (
        "Your check-in at <b>{customer}</b> was still open at the end of the working day ({time}), "
        "so I closed it. Please send /checkout when you leave a site."
    ),
}

ZH: dict[str, str] = {
    "checkin.ask_location": (
        "请用下方按钮发送你的位置。\n\n"
        "📡 最好<b>共享实时位置</b>（📎 → 位置 → 共享实时位置），能证明你确实在现场。"
    ),
    "checkin.send_location": "📍 发送我的位置",
    "checkin.location_expected": "请用下方按钮发送你当前的位置，或发送 /cancel。",
    "checkin.forwarded": "这个位置是从别人那里转发的。请发送你自己当前的位置。",
    "checkin.venue": "这是从列表中选的地点，不是你所在的位置。请发送你当前的位置。",
    "checkin.too_old": "这个位置已超过 2 分钟。请发送你当前的位置。",
    "checkin.location_out_of_range": (
        "这个位置不在地球上（纬度须在 ±90° 内，经度须在 ±180° 内）。请用下方按钮发送你当前的位置。"
    ),
    "checkin.location_no_fix": (
        "你的手机发送的是 0°, 0°：还没有定位成功。请打开定位服务，在室外或窗边等几秒，再发送位置。"
    ),
    "checkin.location_ok": "📍 已收到位置。",
    "checkin.poor_accuracy": (
        "⚠️ 你的位置精度只有约 {accuracy} 米。下次请打开 GPS 或到室外定位；这次先按此位置继续。"
    ),
    "checkin.choose_customer": "你在哪个客户这里？",
    "checkin.no_customers": "你的团队还没有客户资料。请把这个客户新增为新客户。",
    "checkin.customer_button": "{name} · {distance}",
    "checkin.new_customer": "🆕 新客户",
    "checkin.customer_unknown": "该客户不在你团队的客户列表中，请从列表中选择。",
    "checkin.ask_new_name": "新客户的名称？客户现场位置将设为当前位置。",
    "checkin.name_invalid": "请输入 1 到 {limit} 个字符的名称。",
    "checkin.name_exists": "已有名为 {name} 的客户。请按「« 返回」从列表中选择。",
    "checkin.verdict.at_site": "✅ 已于 {time} 在 <b>{customer}</b> 签到。你在客户现场（{distance}）。",
    "checkin.verdict.outside": "已于 {time} 在 <b>{customer}</b> 签到。你距离客户现场 {distance}。",
    "checkin.verdict.unverified": (
        "已于 {time} 在 <b>{customer}</b> 签到。客户现场位置尚未确认，本次签到未核实。"
    ),
    "checkin.confirm": "在 <b>{customer}</b>（距客户现场 {distance}）签到，时间 {time}？",
    "checkin.confirm_no_site": "在 <b>{customer}</b> 签到，时间 {time}？该客户还没有现场位置。",
    "checkin.confirm_new": "将 <b>{customer}</b> 新增为客户（现场位置设为此处），并于 {time} 签到？",
    "checkin.confirm_button": "✅ 签到",
    "checkin.ask_photo": "要添加一张现场照片吗？",
    "checkin.title.customer": "客户",
    "checkin.title.new_name": "新客户名称",
    "checkin.title.photo": "现场照片",
    "checkin.with_photo": "📷 附现场照片。",
    "checkin.without_photo": "无现场照片。",
    "checkin.opened_meanwhile": (
        "你自 {time} 起已在 <b>{customer}</b> 签到。请先发送 /checkout 签退，再重新签到。"
    ),
    "checkin.done": "完成。离开时请发送 /checkout 签退。",
    "checkin.done_photo": "照片已保存。离开时请发送 /checkout 签退。",
    "checkin.no_team": "你还没有分配到团队，请联系你的售后服务经理。",
    "checkin.already_open": "你自 {time} 起已在 <b>{customer}</b> 签到。先签退吗？",
    "checkin.checkout_button": "🚪 签退",
    "checkin.not_checked_in": "你目前没有签到。",
    "checkin.checked_out": "已签退。你在 <b>{customer}</b> 停留了 {duration}。",
    "checkin.duration_hm": "{h} 小时 {m} 分钟",
    "checkin.duration_m": "{m} 分钟",
    "checkin.metres": "{value} 米",
    "checkin.kilometres": "{value} 公里",
    "checkin.auto_closed": (
        "你在 <b>{customer}</b> 的签到到下班时间（{time}）仍未签退，系统已自动签退。"
        "离开现场时请发送 /checkout。"
    ),
}
