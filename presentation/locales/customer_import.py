"""Texts of the customer import (a file uploaded in /customers, and `fieldbot import customers`)."""

_SAVE_UTF8 = "in Excel choose File → Save As → “CSV UTF-8 (Comma delimited)” and import that file"
_SAVE_UTF8_ZH = "请在 Excel 中选择“文件 → 另存为 → CSV UTF-8（逗号分隔）”，再导入该文件"

EN: dict[str, str] = {
    "import.button": "📥 Import a file",
    "import.ask": (
        "Send the customer list as a file: Excel (.xlsx) or CSV, with the columns\n"
        "<code>name,address,contact,phone,latitude,longitude,radius_m,key_account</code>\n"
        "Every row is checked first: if any row has a problem, nothing is imported."
    ),
    "import.working": "Checking {file}…",
    "import.done": "✅ {count} customers imported into {team}.",
    "import.failed": "❌ Nothing was imported from {file}. Please fix and send it again:\n{problems}",
    "import.more": "…and {count} more problems.",
    "import.too_big": (
        "That file is {size} MB; the limit here is {limit} MB. Split it, or ask an admin to run "
        "fieldbot import customers on the server."
    ),
    "import.wrong_type": "Please send the customer list as an .xlsx or .csv file.",
    "import.at.line": "line {line}: {problem}",
    "import.at.row": "row {line}: {problem}",
    "import.encoding.unknown": (
        "the file is not UTF-8, GBK/GB18030, Big5 or Windows-1252 text (first unreadable byte on "
        "line {line}); " + _SAVE_UTF8
    ),
    "import.encoding.ambiguous": (
        "the file could be GBK or Big5 and its Chinese text is too short to tell which; " + _SAVE_UTF8
    ),
    "import.encoding.mixed": (
        "the file is UTF-8 up to line {line} and something else from there (lines pasted in from "
        "another file?); " + _SAVE_UTF8
    ),
    "import.encoding.broken": "the UTF-16 text is damaged on line {line}; " + _SAVE_UTF8,
    "import.file.old_excel": (
        "this is an old Excel .xls or a password-protected workbook; remove the password and save it "
        "as .xlsx (or CSV UTF-8)"
    ),
    "import.file.bad_xlsx": "the file is not a readable .xlsx workbook; open it in Excel and save it again",
    "import.file.broken_csv": "the CSV is damaged near line {line} (a quote left open?); " + _SAVE_UTF8,
    "import.missing_columns": (
        "missing column(s) {missing}; expected name,address,contact,phone,latitude,longitude,"
        "radius_m,key_account"
    ),
    "import.too_many_rows": "the file has {count} rows; at most {limit} at a time, so split it",
    "import.no_rows": "the file has no customer rows",
    "import.no_team": "no team named '{team}'; see fieldbot admin list-staff",
    "import.extra_cells": (
        "{count} cells where the header has {expected} (a comma inside a value needs quotes)"
    ),
    "import.too_long": "{column} is longer than {limit} characters",
    "import.bad_text": "{column} '{value}' is not valid",
    "import.bad_phone": "phone '{value}' is not valid (digits, spaces, + - ( ) only)",
    "import.name_empty": "name is empty",
    "import.half_coordinates": "latitude and longitude must both be given or both be empty",
    "import.not_number": "{column} '{value}' is not a number",
    "import.no_such_place": "coordinates {lat}, {lon} do not exist",
    "import.bad_radius": "radius_m '{value}' must be a whole number from {min} to {max}",
    "import.bad_key_account": "key_account '{value}' must be yes or no",
    "import.duplicate.line": "name '{name}' already appears on line {first}",
    "import.duplicate.row": "name '{name}' already appears on row {first}",
    "import.name_taken": "team {team} already has a customer named '{name}'",
}

ZH: dict[str, str] = {
    "import.button": "📥 导入文件",
    "import.ask": (
        "请以文件形式发送客户名单：Excel（.xlsx）或 CSV，列为\n"
        "<code>name,address,contact,phone,latitude,longitude,radius_m,key_account</code>\n"
        "会先检查每一行：只要有一行有问题，就不会导入任何客户。"
    ),
    "import.working": "正在检查 {file}……",
    "import.done": "✅ 已导入 {count} 个客户到 {team}。",
    "import.failed": "❌ {file} 未导入任何客户。请修改后重新发送：\n{problems}",
    "import.more": "……另有 {count} 个问题。",
    "import.too_big": (
        "该文件为 {size} MB，此处上限为 {limit} MB。请拆分文件，或请管理员在服务器上运行 "
        "fieldbot import customers。"
    ),
    "import.wrong_type": "请以 .xlsx 或 .csv 文件发送客户名单。",
    "import.at.line": "第 {line} 行：{problem}",
    "import.at.row": "第 {line} 行：{problem}",
    "import.encoding.unknown": (
        "文件不是 UTF-8、GBK/GB18030、Big5 或 Windows-1252 文本（第 {line} 行起无法识别）；" + _SAVE_UTF8_ZH
    ),
    "import.encoding.ambiguous": "文件可能是 GBK 也可能是 Big5，中文内容太少无法判断；" + _SAVE_UTF8_ZH,
    "import.encoding.mixed": (
        "文件到第 {line} 行之前是 UTF-8，之后是其他编码（是否从别的文件粘贴了内容？）；" + _SAVE_UTF8_ZH
    ),
    "import.encoding.broken": "UTF-16 文本在第 {line} 行损坏；" + _SAVE_UTF8_ZH,
    "import.file.old_excel": "这是旧版 Excel .xls 或带密码的工作簿；请取消密码并另存为 .xlsx（或 CSV UTF-8）",
    "import.file.bad_xlsx": "文件不是可读取的 .xlsx 工作簿；请用 Excel 打开后重新保存",
    "import.file.broken_csv": "CSV 在第 {line} 行附近损坏（引号未闭合？）；" + _SAVE_UTF8_ZH,
    "import.missing_columns": (
        "缺少列 {missing}；应为 name,address,contact,phone,latitude,longitude,radius_m,key_account"
    ),
    "import.too_many_rows": "文件有 {count} 行；每次最多 {limit} 行，请拆分",
    "import.no_rows": "文件中没有客户数据行",
    "import.no_team": "没有名为“{team}”的团队；请查看 fieldbot admin list-staff",
    "import.extra_cells": "有 {count} 个单元格，而表头只有 {expected} 个（值中含逗号时需加引号）",
    "import.too_long": "{column} 超过 {limit} 个字符",
    "import.bad_text": "{column}“{value}”无效",
    "import.bad_phone": "电话“{value}”无效（只能包含数字、空格、+ - ( )）",
    "import.name_empty": "名称为空",
    "import.half_coordinates": "纬度和经度必须同时填写或同时留空",
    "import.not_number": "{column}“{value}”不是数字",
    "import.no_such_place": "坐标 {lat}, {lon} 不存在",
    "import.bad_radius": "radius_m“{value}”必须是 {min} 到 {max} 之间的整数",
    "import.bad_key_account": "key_account“{value}”必须为 是/否（yes/no）",
    "import.duplicate.line": "名称“{name}”已在第 {first} 行出现",
    "import.duplicate.row": "名称“{name}”已在第 {first} 行出现",
    "import.name_taken": "团队 {team} 已有名为“{name}”的客户",
}
