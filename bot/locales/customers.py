"""Texts of /customers (list, add, edit), in English and Chinese."""

EN: dict[str, str] = {
    "customers.location_no_fix": (
        "That pin is at 0°, 0° (what a phone sends without a GPS fix), not a customer's site. "
        "Drop the pin on the site, or Skip."
    ),
    "customers.location_out_of_range": (
        "That location does not exist (latitude within ±90°, longitude within ±180°). "
        "Drop the pin on the site, or Skip."
    ),
    "customers.not_allowed": "Only service managers and admins can manage customers.",
    "customers.no_team": "You are not assigned to a team yet; ask an admin.",
    "customers.ask_team": "Which team's customers?",
    "customers.list": (
        "<b>Customers of {team}</b> ({count}):\n{lines}\n\n🆕 = added by a rep, please review."
    ),
    "customers.line": "• {new}{name}{star} · {site}",
    "customers.site_radius": "site ±{radius} m",
    "customers.no_site": "no site location",
    "customers.more": "…and {count} more",
    "customers.empty": "(none yet)",
    "customers.add": "➕ Add",
    "customers.edit": "✏️ Edit",
    "customers.pick": "Which customer do you want to change?",
    "customers.which_field": "What do you want to change for <b>{name}</b>?",
    "customers.field.name": "Name",
    "customers.field.address": "Address",
    "customers.field.contact": "Contact person",
    "customers.field.phone": "Phone",
    "customers.field.location": "Site location",
    "customers.field.radius_m": "Geofence radius",
    "customers.field.key_account": "Key account (大客户)",
    "customers.ask.name": "Customer name?",
    "customers.ask.address": "Address? (or Skip)",
    "customers.ask.contact": "Contact person? (or Skip)",
    "customers.ask.phone": "Phone number? (or Skip)",
    "customers.ask.location": "Send the site location (📎 → Location; you can move the pin), or Skip.",
    "customers.ask.radius_m": "Geofence radius around the site: choose one, or type {min} to {max} (metres).",
    "customers.ask.key_account": "Is this a key account (大客户)?",
    "customers.metres": "{value} m",
    "customers.yes": "Yes",
    "customers.no": "No",
    "customers.invalid.name": "Please type a name of 1 to {limit} characters.",
    "customers.invalid.address": "Please type an address of 1 to {limit} characters, or Skip.",
    "customers.invalid.contact": "Please type a contact name of 1 to {limit} characters, or Skip.",
    "customers.invalid.phone": (
        "That does not look like a phone number (digits, spaces, + - ( ) only), or Skip."
    ),
    "customers.invalid.radius_m": (
        "Please type a whole number of metres from {min} to {max}, or use the buttons."
    ),
    "customers.name_taken": "Your team already has a customer named {name}. Please type another name.",
    "customers.expected.name": "Please type the customer's name as text.",
    "customers.expected.address": "Please type the address as text, or press Skip.",
    "customers.expected.contact": "Please type the contact person as text, or press Skip.",
    "customers.expected.phone": "Please type the phone number as text, or press Skip.",
    "customers.expected.location": "Please send the site as a location (📎 → Location), or press Skip.",
    "customers.expected.radius_m": "Please choose a radius with the buttons or type a number of metres.",
    "customers.expected.key_account": "Please answer with the Yes or No button.",
    "customers.none": "—",
    "customers.coordinates": "{lat}, {lon}",
    "customers.summary": (
        "<b>{name}</b>\nAddress: {address}\nContact: {contact}\nPhone: {phone}\nSite: {site}\n"
        "Geofence: {radius} m\nKey account (大客户): {key_account}"
    ),
    "customers.preview": "Please check:\n\n{summary}",
    "customers.saved": "✅ Customer {name} saved.",
}

ZH: dict[str, str] = {
    "customers.location_no_fix": (
        "这个位置在 0°, 0°（手机未定位成功时发送的坐标），不是客户现场。请把图钉放在现场，或跳过。"
    ),
    "customers.location_out_of_range": (
        "这个位置不存在（纬度须在 ±90° 内，经度须在 ±180° 内）。请把图钉放在现场，或跳过。"
    ),
    "customers.not_allowed": "只有售后服务经理和管理员可以管理客户。",
    "customers.no_team": "你还没有分配到团队，请联系管理员。",
    "customers.ask_team": "管理哪个团队的客户？",
    "customers.list": "<b>{team} 的客户</b>（{count}）：\n{lines}\n\n🆕 = 服务人员新增，请审核。",
    "customers.line": "• {new}{name}{star} · {site}",
    "customers.site_radius": "现场 ±{radius} 米",
    "customers.no_site": "无现场位置",
    "customers.more": "……还有 {count} 个",
    "customers.empty": "（暂无）",
    "customers.add": "➕ 新增",
    "customers.edit": "✏️ 修改",
    "customers.pick": "要修改哪个客户？",
    "customers.which_field": "要修改 <b>{name}</b> 的哪一项？",
    "customers.field.name": "名称",
    "customers.field.address": "地址",
    "customers.field.contact": "联系人",
    "customers.field.phone": "电话",
    "customers.field.location": "现场位置",
    "customers.field.radius_m": "签到范围半径",
    "customers.field.key_account": "大客户",
    "customers.ask.name": "客户名称？",
    "customers.ask.address": "地址？（可跳过）",
    "customers.ask.contact": "联系人？（可跳过）",
    "customers.ask.phone": "电话？（可跳过）",
    "customers.ask.location": "请发送客户现场位置（📎 → 位置，可移动图钉），或跳过。",
    "customers.ask.radius_m": "现场签到范围半径：请选择，或输入 {min} 到 {max}（米）。",
    "customers.ask.key_account": "是否为大客户？",
    "customers.metres": "{value} 米",
    "customers.yes": "是",
    "customers.no": "否",
    "customers.invalid.name": "请输入 1 到 {limit} 个字符的名称。",
    "customers.invalid.address": "请输入 1 到 {limit} 个字符的地址，或跳过。",
    "customers.invalid.contact": "请输入 1 到 {limit} 个字符的联系人，或跳过。",
    "customers.invalid.phone": "这不像电话号码（只能包含数字、空格、+ - ( )），或跳过。",
    "customers.invalid.radius_m": "请输入 {min} 到 {max} 之间的整数（米），或使用按钮。",
    "customers.name_taken": "本团队已有名为 {name} 的客户，请输入其他名称。",
    "customers.expected.name": "请以文字输入客户名称。",
    "customers.expected.address": "请以文字输入地址，或按「跳过」。",
    "customers.expected.contact": "请以文字输入联系人，或按「跳过」。",
    "customers.expected.phone": "请以文字输入电话，或按「跳过」。",
    "customers.expected.location": "请以位置形式发送现场（📎 → 位置），或按「跳过」。",
    "customers.expected.radius_m": "请用按钮选择半径，或输入米数。",
    "customers.expected.key_account": "请按「是」或「否」。",
    "customers.none": "—",
    "customers.coordinates": "{lat}, {lon}",
    "customers.summary": (
        "<b>{name}</b>\n地址：{address}\n联系人：{contact}\n电话：{phone}\n现场：{site}\n"
        "签到范围：{radius} 米\n大客户：{key_account}"
    ),
    "customers.preview": "请确认：\n\n{summary}",
    "customers.saved": "✅ 客户 {name} 已保存。",
}
