"""简体中文文本。值为 HTML（parse_mode=HTML），占位符填入的值已转义。"""

MESSAGES: dict[str, str] = {
    # 角色
    "role.rep": "售后服务人员",
    "role.supervisor": "售后服务经理",
    "role.admin": "管理员",
    # 命令菜单
    "cmd.start": "使用邀请链接注册",
    "cmd.help": "我能为你做什么",
    "cmd.language": "切换语言 / Change language",
    "cmd.cancel": "取消当前操作",
    "cmd.invite": "邀请新同事",
    "cmd.checkin": "客户现场签到",
    "cmd.checkout": "签退离开现场",
    "cmd.visit": "填写拜访纪实",
    "cmd.weekly": "周报",
    "cmd.monthly": "月报",
    "cmd.feedback": "质量反馈、客户投诉、市场资讯",
    "cmd.stats": "我本周和本月的数据",
    "cmd.team": "团队成员在哪里",
    "cmd.missing": "谁还没交报表",
    "cmd.customers": "客户：新增、修改、列表",
    "cmd.schedule": "报表截止时间与提醒",
    "cmd.leave": "登记员工请假",
    "cmd.holiday": "设置团队假日",
    # 主菜单（回复键盘）
    "menu.checkin": "📍 签到",
    "menu.visit": "📝 拜访纪实",
    "menu.weekly": "📅 周报",
    "menu.feedback": "⚠️ 反馈",
    "menu.stats": "📊 我的数据",
    "common.back": "« 返回",
    "common.submit": "✅ 提交",
    "common.edit": "✏️ 修改",
    "common.skip": "跳过",
    "common.too_long": "内容过长：最多 {limit} 个字符，你输入了 {length} 个。请精简后再发。",
    "common.text_expected": "请以文字形式输入。",
    "common.finish_first": "你正在进行另一项操作。请先完成，或发送 /cancel 取消。",
    "common.not_yours": "这不是你的记录，无法打开。",
    # 访问
    "access.refused": (
        "抱歉，fieldbot 仅供已注册的售后服务人员使用。\n如需使用，请向你的售后服务经理索取邀请链接并打开。"
    ),
    "group.private_only": "我只在私聊中工作，请直接给我发消息。",
    # 注册
    "reg.already": "你已注册为 {name}。",
    "reg.confirm_name": (
        "欢迎使用 fieldbot！\n\n同事们将看到你的名字：<b>{name}</b>。\n"
        "点击按钮保留此名字，或直接输入你想用的名字。"
    ),
    "reg.keep_name": "保留此名字",
    "reg.name_invalid": "请输入 1 到 {limit} 个字符的名字。",
    "reg.name_expected": "请输入你的名字，或点击“保留此名字”。",
    "reg.ask_phone": "谢谢，{name}。请分享你的手机号，方便经理在外勤时联系你；也可以跳过。",
    "reg.share_phone": "📱 分享我的手机号",
    "reg.skip": "跳过",
    "reg.not_own_contact": "请用下面的按钮分享你本人的手机号。",
    "reg.phone_expected": "请使用下面的按钮：分享手机号，或跳过。",
    "reg.done": "注册成功：<b>{name}</b>（{role}）。发送 /help 查看可用功能。",
    "reg.inviter_notice": "{name} 已注册为{role}。",
    "registration.cancelled": "已停止注册。再次打开邀请链接即可继续。",
    # 邀请
    "invite.not_allowed": "你没有权限执行此操作。",
    "invite.no_team": "你还没有分配到团队，请联系管理员。",
    "invite.ask_role": "你要邀请的人是什么角色？",
    "invite.no_teams": "还没有团队。请先用 /teams 创建。",
    "invite.ask_team": "加入哪个团队？",
    "invite.created": (
        "新{role}的邀请，团队：{team}。\n\n请把此链接转发给对方：\n{link}\n\n"
        "仅限一人使用一次，有效期至 {expires}。"
    ),
    # 通用
    "common.cancel": "取消",
    "common.cancelled": "已取消，未保存任何内容。",
    "common.use_buttons": "请使用上方的按钮选择，或发送 /cancel 取消。",
    "common.nothing_to_cancel": "当前没有可取消的操作。",
    "common.stale_button": "此按钮已失效。",
    "common.not_understood": "没有理解你的意思。发送 /help 查看可用功能。",
    "start.welcome_back": "欢迎回来，{name}！",
    "help.text": "你的身份：{role}。可用命令：\n{commands}",
    # 语言
    "lang.name": "简体中文",
    "lang.choose": "请选择语言：",
    "lang.set": "语言已切换为简体中文。",
    # 错误
    "error.user_saved": "抱歉，系统出了点问题。你已输入的内容都已保存，请稍后再试，或发送 /cancel。",
    "error.admin_notice": "⚠️ fieldbot 处理 {where} 时出错：\n<code>{error}</code>",
}
