"""Texts of the conversation engine (handlers.forms), shared by every flow, in English and Chinese."""

EN: dict[str, str] = {
    "forms.step": "Question {n} of {total}.",
    "forms.current_answer": (
        "Current answer:\n<i>{answer}</i>\n\nType a new answer to replace it, or press Keep."
    ),
    "forms.skipped": "— (skipped)",
    "forms.keep": "Keep current",
    "forms.edit_which": "Which part do you want to change?",
}

ZH: dict[str, str] = {
    "forms.step": "第 {n} 题，共 {total} 题。",
    "forms.current_answer": "当前内容：\n<i>{answer}</i>\n\n输入新内容可替换，或按“保留”。",
    "forms.skipped": "—（已跳过）",
    "forms.keep": "保留",
    "forms.edit_which": "要修改哪一项？",
}
