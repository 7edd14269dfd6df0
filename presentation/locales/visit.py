"""Texts of /visit, the visit record (客户拜访纪实 / 维修派工单), in English and Simplified Chinese."""

EN: dict[str, str] = {
    "visit.no_team": (
        "You are not assigned to a team yet, so there are no customers to choose. Ask your manager."
    ),
    "visit.no_customers": "Your team has no customers yet. Ask your manager to add them (/customers).",
    "visit.resumed": "Continuing your unfinished visit record (send /cancel to discard it).",
    "visit.prefilled": "📍 Visit at <b>{customer}</b>, checked in at {time} ({minutes} min on site).",
    "visit.ask_customer": (
        "📝 New visit record. Which customer did you visit? Pick one, or type part of the name."
    ),
    "visit.search": "🔍 Search",
    "visit.ask_search": "Type part of the customer's name:",
    "visit.search_results": "Customers matching “{text}”:",
    "visit.search_none": "No customer of your team matches “{text}”. Try another part of the name.",
    "visit.chosen_customer": "Customer: <b>{customer}</b>",
    "visit.ask_type": "What kind of visit was it?",
    "visit.type.installation": "Installation & commissioning",
    "visit.type.warranty_repair": "Warranty repair",
    "visit.type.paid_repair": "Paid repair",
    "visit.type.contract": "Contract maintenance",
    "visit.type.training": "Training",
    "visit.type.regular": "Regular visit",
    "visit.type.parts_sale": "Parts sale",
    "visit.ask_model": "Machine model?",
    "visit.ask_model_optional": "Machine model? (press Skip if there is none)",
    "visit.ask_serial": "Serial number of the machine?",
    "visit.ask_serial_optional": "Serial number of the machine? (press Skip if there is none)",
    "visit.ask_problem": "What problem did you find? (for a visit without a problem: what did you discuss?)",
    "visit.ask_work": "What work did you do?",
    "visit.ask_parts": "Which parts did you use? (press Skip if none)",
    "visit.ask_result": "Result?",
    "visit.result.resolved": "✅ Resolved",
    "visit.result.follow_up": "🔁 Follow-up needed",
    "visit.result.waiting_parts": "📦 Waiting for parts",
    "visit.ask_satisfaction": "Customer satisfaction, 1 (poor) to 5 (excellent)?",
    "visit.ask_photos": (
        "Send photos of the machine or the work (any number), then press Done. No photos? Press Done."
    ),
    "visit.ask_sheet": "Photo of the dispatch sheet signed by the customer (customer confirmation):",
    "visit.preview": (
        "<b>Visit record — please check</b>\n\n"
        "Customer: <b>{customer}</b>\n"
        "Time: {time}{minutes}\n"
        "Type: {type}\n"
        "Machine model: {model}\n"
        "Serial number: {serial}\n"
        "Problem found: {problem}\n"
        "Work done: {work}\n"
        "Parts used: {parts}\n"
        "Result: {result}\n"
        "Customer satisfaction: {satisfaction}\n"
        "Photos: {photos}\n"
        "Signed dispatch sheet: {sheet}"
    ),
    "visit.minutes": ", {minutes} min on site",
    "visit.none": "—",
    "visit.sheet_yes": "✅ photo attached",
    "visit.sheet_no": "— not attached",
    "visit.field.customer": "Customer",
    "visit.field.type": "Type",
    "visit.field.model": "Machine model",
    "visit.field.serial": "Serial number",
    "visit.field.problem": "Problem found",
    "visit.field.work": "Work done",
    "visit.field.parts": "Parts used",
    "visit.field.result": "Result",
    "visit.field.satisfaction": "Satisfaction",
    "visit.field.photos": "Photos",
    "visit.field.sheet": "Dispatch sheet",
    "visit.filed": "✅ Visit record filed for <b>{customer}</b>.",
    "visit.filed_follow_up": "✅ Visit record filed for <b>{customer}</b>. 🔁 It is marked for follow-up.",
}

ZH: dict[str, str] = {
    "visit.no_team": "你还没有分配到团队，因此没有可选的客户。请联系你的经理。",
    "visit.no_customers": "你的团队还没有客户。请让经理添加（/customers）。",
    "visit.resumed": "继续填写你未完成的拜访纪实（发送 /cancel 可放弃）。",
    "visit.prefilled": "📍 拜访 <b>{customer}</b>，{time} 签到（现场 {minutes} 分钟）。",
    "visit.ask_customer": "📝 新建拜访纪实。拜访的是哪家客户？请选择，或输入客户名称的一部分。",
    "visit.search": "🔍 搜索",
    "visit.ask_search": "请输入客户名称的一部分：",
    "visit.search_results": "名称包含“{text}”的客户：",
    "visit.search_none": "你的团队没有名称包含“{text}”的客户，请换个关键词。",
    "visit.chosen_customer": "客户：<b>{customer}</b>",
    "visit.ask_type": "本次拜访的类型？",
    "visit.type.installation": "安装调试",
    "visit.type.warranty_repair": "保修期内维修",
    "visit.type.paid_repair": "有偿维修",
    "visit.type.contract": "合同服务",
    "visit.type.training": "培训",
    "visit.type.regular": "定期拜访",
    "visit.type.parts_sale": "零配件销售",
    "visit.ask_model": "机器型号？",
    "visit.ask_model_optional": "机器型号？（没有请点“跳过”）",
    "visit.ask_serial": "机器序列号？",
    "visit.ask_serial_optional": "机器序列号？（没有请点“跳过”）",
    "visit.ask_problem": "发现了什么问题？（无故障的拜访：沟通了什么？）",
    "visit.ask_work": "做了哪些工作？",
    "visit.ask_parts": "使用了哪些配件？（没有请点“跳过”）",
    "visit.ask_result": "处理结果？",
    "visit.result.resolved": "✅ 已解决",
    "visit.result.follow_up": "🔁 需跟进",
    "visit.result.waiting_parts": "📦 等待配件",
    "visit.ask_satisfaction": "客户满意度，1（差）到 5（非常满意）？",
    "visit.ask_photos": "请发送机器或作业照片（数量不限），然后点“完成”。没有照片也请点“完成”。",
    "visit.ask_sheet": "请拍摄客户签字的维修派工单（客户确认）：",
    "visit.preview": (
        "<b>拜访纪实 — 请核对</b>\n\n"
        "客户：<b>{customer}</b>\n"
        "时间：{time}{minutes}\n"
        "类型：{type}\n"
        "机器型号：{model}\n"
        "序列号：{serial}\n"
        "发现问题：{problem}\n"
        "处理内容：{work}\n"
        "使用配件：{parts}\n"
        "处理结果：{result}\n"
        "客户满意度：{satisfaction}\n"
        "照片：{photos}\n"
        "签字派工单：{sheet}"
    ),
    "visit.minutes": "，现场 {minutes} 分钟",
    "visit.none": "—",
    "visit.sheet_yes": "✅ 已附照片",
    "visit.sheet_no": "— 未附",
    "visit.field.customer": "客户",
    "visit.field.type": "类型",
    "visit.field.model": "机器型号",
    "visit.field.serial": "序列号",
    "visit.field.problem": "发现问题",
    "visit.field.work": "处理内容",
    "visit.field.parts": "使用配件",
    "visit.field.result": "处理结果",
    "visit.field.satisfaction": "满意度",
    "visit.field.photos": "照片",
    "visit.field.sheet": "派工单",
    "visit.filed": "✅ 已提交 <b>{customer}</b> 的拜访纪实。",
    "visit.filed_follow_up": "✅ 已提交 <b>{customer}</b> 的拜访纪实。🔁 已标记为需跟进。",
}
