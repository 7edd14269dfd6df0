"""Texts about copies of the bot: the notice admins get when Telegram says another copy is polling."""

EN: dict[str, str] = {
    "instance.conflict_notice": (
        "⚠️ Telegram says another copy of this bot is fetching its updates with the same token "
        "(409 Conflict), so people's messages are split between the two copies. It is not a copy on "
        "this bot's database ({me} holds that). Stop the other copy, or give it a token of its own "
        "from @BotFather. You will not be told again while this goes on."
    ),
}

ZH: dict[str, str] = {
    "instance.conflict_notice": (
        "⚠️ Telegram 提示：另有一个本机器人的副本正在用同一个令牌获取消息（409 Conflict），"
        "大家发来的消息会被两个副本分走。它不是使用本机器人数据库的副本（该数据库由 {me} 占用）。"
        "请停掉另一个副本，或在 @BotFather 为它申请单独的令牌。此情况持续期间不会再次提醒。"
    ),
}
