"""Texts of the work-order SLA job: the rep's reminder before a target runs out and the supervisors' alert
when one is missed. Values are HTML; placeholders are filled with escaped values."""

EN: dict[str, str] = {
    "order_sla.reminder": (
        "⏳ <b>Work order #{id}</b>: {target} due in {left} (by {at}).\n{customer}\n{fault}"
    ),
    "order_sla.missed": (
        "🔴 <b>Work order #{id} missed its {target} target</b> (due {at}).\nRep: {rep}\n{customer}\n{fault}"
    ),
    "order_sla.target.accept": "accept",
    "order_sla.target.arrive": "on-site",
    "order_sla.target.finish": "finish",
    "order_sla.nobody": "not assigned",
    "order_sla.open_button": "📋 Open order",
    "order_sla.customer": "Customer: {name}",
    "order_sla.fault": "Fault: {fault}",
    "order_sla.digest": "Work orders: {opened} opened, {done} done, {overdue} overdue now",
    "teams.job.order_sla": "work-order reminders and SLA alerts",
    "teams.job.order_rates": "work-order rate calculation",
}

ZH: dict[str, str] = {
    "order_sla.reminder": ("⏳ <b>工单 #{id}</b>：{target}时限还剩 {left}（{at} 前）。\n{customer}\n{fault}"),
    "order_sla.missed": (
        "🔴 <b>工单 #{id} 已超出{target}时限</b>（应于 {at}）。\n服务人员：{rep}\n{customer}\n{fault}"
    ),
    "order_sla.target.accept": "接单",
    "order_sla.target.arrive": "到场",
    "order_sla.target.finish": "完工",
    "order_sla.nobody": "未派工",
    "order_sla.open_button": "📋 打开工单",
    "order_sla.customer": "客户：{name}",
    "order_sla.fault": "故障：{fault}",
    "order_sla.digest": "工单：新建 {opened}，完工 {done}，当前超时 {overdue}",
    "teams.job.order_sla": "工单提醒与超时告警",
    "teams.job.order_rates": "工单及时率计算",
}
