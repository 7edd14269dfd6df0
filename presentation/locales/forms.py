"""Texts of the conversation engine (handlers.forms), shared by every flow, in English and Chinese."""

EN: dict[str, str] = {
    "forms.step": "Question {n} of {total}.",
    "forms.current_answer": (
        "Current answer:\n<i>{answer}</i>\n\nType a new answer to replace it, or press Keep."
    ),
    "forms.skipped": "— (skipped)",
    "forms.keep": "Keep current",
    "forms.edit_which": "Which part do you want to change?",
    "forms.done": "Done",
    "forms.photos_clear": "🗑 Remove photos",
    "forms.number_expected": "Please type a number.",
    "forms.number_range": "Please type a whole number from {minimum} to {maximum}.",
    "forms.photo_expected": "Please send a photo (📎 → Camera or Gallery), or use the buttons.",
    "forms.photo_added": "📷 Photo {count} added. Send more, or press Done.",
    "forms.photos_full": "That is {maximum} photos already, the most one record takes. Press Done.",
    "forms.location_expected": "Please send a location (📎 → Location), or use the buttons.",
    "forms.location_no_fix": (
        "That location is 0°, 0°: what a phone sends without a GPS fix. Please send the location again."
    ),
    "forms.location_out_of_range": (
        "That location does not exist (latitude within ±90°, longitude within ±180°). Please send it again."
    ),
}

ZH: dict[str, str] = {
    "forms.step": "第 {n} 题，共 {total} 题。",
    "forms.current_answer": "当前内容：\n<i>{answer}</i>\n\n输入新内容可替换，或按“保留”。",
    "forms.skipped": "—（已跳过）",
    "forms.keep": "保留",
    "forms.edit_which": "要修改哪一项？",
    "forms.done": "完成",
    "forms.photos_clear": "🗑 删除照片",
    "forms.number_expected": "请输入一个数字。",
    "forms.number_range": "请输入 {minimum} 到 {maximum} 之间的整数。",
    "forms.photo_expected": "请发送照片（📎 → 相机或相册），或使用按钮。",
    "forms.photo_added": "📷 已添加第 {count} 张照片。可以继续发送，或点“完成”。",
    "forms.photos_full": "已经有 {maximum} 张照片，一条记录最多这么多。请点“完成”。",
    "forms.location_expected": "请发送位置（📎 → 位置），或使用按钮。",
    "forms.location_no_fix": "这个位置是 0°, 0°：手机未定位成功时发送的坐标。请重新发送位置。",
    "forms.location_out_of_range": "这个位置不存在（纬度须在 ±90° 内，经度须在 ±180° 内）。请重新发送。",
}
