"""Feedback's vocabulary (what is reported, how severe, what a complaint is about) and where a complaint
is routed: pure rules that storage files by and the flow and notices word."""

from __future__ import annotations

from enum import StrEnum


class FeedbackKind(StrEnum):
    """What is being reported (产品质量问题反馈 / 客户投诉 / 市场资讯反馈 / 建议)."""

    QUALITY = "quality"
    COMPLAINT = "complaint"
    MARKET = "market"
    SUGGESTION = "suggestion"


class Severity(StrEnum):
    """Normal, a batch quality problem (特殊批量质量问题), or critical (media, legal or safety risk)."""

    NORMAL = "normal"
    BATCH = "batch"
    CRITICAL = "critical"


class ComplaintCategory(StrEnum):
    """What a complaint is about; decides the department it is routed to."""

    PRODUCT = "product"
    PACKAGING = "packaging"
    STAFF = "staff"
    DEALER = "dealer"


class Department(StrEnum):
    """Where complaints go (技术部门 / 仓储运输 / 服务管理 / 销售部门)."""

    TECHNICAL = "technical"
    WAREHOUSE = "warehouse"
    SERVICE = "service"
    SALES = "sales"


ROUTING: dict[ComplaintCategory, Department] = {
    ComplaintCategory.PRODUCT: Department.TECHNICAL,
    ComplaintCategory.PACKAGING: Department.WAREHOUSE,
    ComplaintCategory.STAFF: Department.SERVICE,
    ComplaintCategory.DEALER: Department.SALES,
}
# Severities a supervisor must acknowledge (told at once, with a button).
URGENT = (Severity.BATCH, Severity.CRITICAL)


def route(kind: str, category: str | None) -> str | None:
    """The department a complaint goes to; other kinds are not routed."""
    if kind != FeedbackKind.COMPLAINT or category is None:
        return None
    return ROUTING[ComplaintCategory(category)].value
