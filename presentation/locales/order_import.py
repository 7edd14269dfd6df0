"""Texts of the work-order import (`fieldbot import orders FILE --team NAME`) and `fieldbot admin add-order`:
one line per problem, naming the fix. Keys sit under import.* so the customer import's wording helpers
(line or row numbers, encodings) serve both."""

_CATEGORIES = "warranty_repair, paid_repair, contract_service, installation, maintenance"
_CATEGORIES_ZH = "免费保修、有偿维修、合同服务、安装调试、维护保养"
_HEADER = "customer,contact_name,contact_phone,product_model,serial_number,fault,category,priority"

EN: dict[str, str] = {
    "import.order.missing_columns": "missing column(s) {missing}; expected " + _HEADER,
    "import.order.too_many_rows": "the file has {count} rows; at most {limit} at a time, so split it",
    "import.order.extra_cells": (
        "{count} cells where the header has {expected} (a comma inside a value needs quotes)"
    ),
    "import.order.no_rows": "the file has no work-order rows",
    "import.order.no_team": "no team named '{team}'; see fieldbot admin list-staff",
    "import.order.too_long": "{column} is longer than {limit} characters; shorten it",
    "import.order.bad_text": (
        "{column} '{value}' is not valid (a phone number has digits, spaces and + ( ) - only); correct it"
    ),
    "import.order.empty": "{column} is empty; every order needs one",
    "import.order.bad_category": (
        "category '{value}' is unknown; use one of " + _CATEGORIES + " (or " + _CATEGORIES_ZH + ")"
    ),
    "import.order.bad_priority": (
        "priority '{value}' is unknown; use normal or urgent (普通 / 紧急), or leave it empty"
    ),
    "import.order.unknown_customer": (
        "team {team} has no customer named '{name}'; add the customer first (fieldbot import customers, "
        "or /customers in the bot) or correct the name"
    ),
}

ZH: dict[str, str] = {
    "import.order.missing_columns": "缺少列 {missing}；应有的列为 " + _HEADER,
    "import.order.too_many_rows": "文件有 {count} 行；每次最多 {limit} 行，请拆分",
    "import.order.extra_cells": "有 {count} 个单元格，而表头只有 {expected} 个（值中含逗号时需加引号）",
    "import.order.no_rows": "文件中没有工单行",
    "import.order.no_team": "没有名为“{team}”的团队；请用 fieldbot admin list-staff 查看",
    "import.order.too_long": "{column} 超过 {limit} 个字符，请缩短",
    "import.order.bad_text": "{column}“{value}”无效（电话号码只能包含数字、空格和 + ( ) -），请更正",
    "import.order.empty": "{column} 为空；每个工单都必须填写",
    "import.order.bad_category": "类别“{value}”无法识别；请使用 "
    + _CATEGORIES_ZH
    + "（或 "
    + _CATEGORIES
    + "）",
    "import.order.bad_priority": "优先级“{value}”无法识别；请填写 普通 或 紧急（normal / urgent），或留空",
    "import.order.unknown_customer": (
        "团队 {team} 没有名为“{name}”的客户；请先添加该客户（fieldbot import customers，或在机器人中用 "
        "/customers），或更正名称"
    ),
}
