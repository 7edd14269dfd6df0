"""A /visit draft as the rep previews it and as it is stored: times on site, the preview text, the row.

Pure functions of the draft (no Telegram, no database), so the questions and the submit both use them.
"""

from __future__ import annotations

from datetime import datetime
from typing import Any
from zoneinfo import ZoneInfo

from bot.i18n import Raw, t
from storage.field_models import VisitRecord


def minutes_on_site(draft: dict[str, Any], now: datetime) -> int | None:
    """Minutes between check-in and check-out (or `now`), when the visit is the checked-in one."""
    checkin = draft.get("checkin")
    if not checkin or checkin.get("customer_id") != draft.get("customer_id"):
        return None
    end = datetime.fromisoformat(checkin["out"]) if checkin.get("out") else now
    return max(int((end - datetime.fromisoformat(checkin["at"])).total_seconds() // 60), 0)


def visited_at(draft: dict[str, Any]) -> datetime:
    """Check-in time for the checked-in customer, otherwise when the record was started."""
    checkin = draft.get("checkin")
    if checkin and checkin.get("customer_id") == draft.get("customer_id"):
        return datetime.fromisoformat(checkin["at"])
    return datetime.fromisoformat(draft["started_at"])


def local_time(draft: dict[str, Any], moment: datetime) -> str:
    """A time as the team reads it."""
    return moment.astimezone(ZoneInfo(draft.get("tz") or "Asia/Shanghai")).strftime("%Y-%m-%d %H:%M")


def record(draft: dict[str, Any], staff_id: int, check_in_id: int | None, now: datetime) -> VisitRecord:
    """The row to store, from a complete draft."""
    return VisitRecord(
        staff_id=staff_id,
        customer_id=draft["customer_id"],
        check_in_id=check_in_id,
        visited_at=visited_at(draft),
        minutes_on_site=minutes_on_site(draft, now) if check_in_id else None,
        visit_type=draft["type"],
        machine_model=draft.get("model"),
        serial_number=draft.get("serial"),
        problem=draft["problem"],
        work_done=draft["work"],
        parts_used=draft.get("parts"),
        result=draft["result"],
        satisfaction=draft["satisfaction"],
        photo_file_ids=list(draft.get("photo_ids") or []),
        dispatch_sheet_file_id=draft.get("sheet"),
        follow_up=draft["result"] != "resolved",
    )


def preview_text(draft: dict[str, Any], lang: str, now: datetime) -> Raw:
    """Every answer, escaped, as the rep checks it before submitting."""
    none = t(lang, "visit.none")
    minutes = minutes_on_site(draft, now)
    stars = draft.get("satisfaction")
    sheet = "visit.sheet_yes" if draft.get("sheet") else "visit.sheet_no"
    return t(
        lang,
        "visit.preview",
        customer=draft.get("customer", ""),
        time=local_time(draft, visited_at(draft)),
        minutes=t(lang, "visit.minutes", minutes=minutes) if minutes is not None else Raw(""),
        type=t(lang, f"visit.type.{draft['type']}") if draft.get("type") else none,
        model=draft.get("model") or none,
        serial=draft.get("serial") or none,
        problem=draft.get("problem") or none,
        work=draft.get("work") or none,
        parts=draft.get("parts") or none,
        result=t(lang, f"visit.result.{draft['result']}") if draft.get("result") else none,
        satisfaction=f"{'⭐' * stars} ({stars}/5)" if stars else none,
        photos=len(draft.get("photo_ids") or []),
        sheet=t(lang, sheet),
    )
