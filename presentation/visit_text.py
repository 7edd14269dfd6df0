"""A /visit draft as the rep previews it and as it is stored: times on site, the preview text, the row.

Pure functions of the draft (no Telegram, no database), so the questions, the preview and the submit all
use them. The draft is the form engine's: the answers under "answers" (the customer as {"id", "name"}),
plus what /visit put there when it began: "started_at", the team's zone "tz", today's "checkin".
"""

from __future__ import annotations

from collections.abc import Callable, Mapping, Sequence
from datetime import datetime
from typing import Any
from zoneinfo import ZoneInfo

from telegram import InlineKeyboardButton, InlineKeyboardMarkup

from domain.visits import MACHINE_OPTIONAL, VisitResult
from domain.zones import zone_or_default
from presentation.buttons import ShowVisit
from presentation.i18n import Raw, t
from storage.field_models import CheckIn, Customer, VisitRecord
from storage.models import Staff, Team

Draft = Mapping[str, Any]  # the form engine's draft (handlers.forms.spec)


def answers(draft: Draft) -> dict[str, Any]:
    """What was answered so far."""
    return dict(draft.get("answers") or {})


def machine_optional(draft: Draft) -> bool:
    """Whether this kind of visit may go without a machine model and serial number."""
    return answers(draft).get("type") in MACHINE_OPTIONAL


def asks_serial(draft: Draft) -> bool:
    """No serial number to ask for once the machine model was skipped: there is no machine."""
    given = answers(draft)
    return not (machine_optional(draft) and "model" in given and not given["model"])


def customer_id(draft: Draft) -> int | None:
    """The chosen customer's id."""
    customer = answers(draft).get("customer")
    return int(customer["id"]) if customer else None


def prefilled(checkin: CheckIn, customer: Customer) -> dict[str, Any]:
    """Today's check-in at `customer` as the draft keeps it ("checkin"), and that customer as the answer."""
    out = checkin.checked_out_at.isoformat() if checkin.checked_out_at else None
    at = checkin.checked_in_at.isoformat()
    return {
        "checkin": {"id": checkin.id, "customer_id": customer.id, "at": at, "out": out},
        "answers": {"customer": {"id": customer.id, "name": customer.name}},
    }


def checkin_of(draft: Draft) -> dict[str, Any] | None:
    """Today's check-in, if the visit is at its customer."""
    checkin = draft.get("checkin")
    return checkin if checkin and checkin.get("customer_id") == customer_id(draft) else None


def minutes_on_site(draft: Draft, now: datetime) -> int | None:
    """Minutes between check-in and check-out (or `now`), when the visit is the checked-in one."""
    checkin = checkin_of(draft)
    if checkin is None:
        return None
    end = datetime.fromisoformat(checkin["out"]) if checkin.get("out") else now
    return max(int((end - datetime.fromisoformat(checkin["at"])).total_seconds() // 60), 0)


def visited_at(draft: Draft) -> datetime:
    """Check-in time for the checked-in customer, otherwise when the record was started."""
    checkin = checkin_of(draft)
    return datetime.fromisoformat(checkin["at"] if checkin else draft["started_at"])


def local_time(draft: Draft, moment: datetime) -> str:
    """A time as the team reads it."""
    return moment.astimezone(ZoneInfo(draft["tz"])).strftime("%Y-%m-%d %H:%M")


def type_question(lang: str, draft: Draft) -> str:
    """Which customer (and since when on site, when prefilled from the check-in), then the question."""
    name = answers(draft)["customer"]["name"]
    if checkin_of(draft) is None:
        head = t(lang, "visit.chosen_customer", customer=name)
    else:
        # On site until the record was started: a question's text does not change while it is asked.
        minutes = minutes_on_site(draft, datetime.fromisoformat(draft["started_at"]))
        at = local_time(draft, visited_at(draft))[-5:]
        head = t(lang, "visit.prefilled", customer=name, time=at, minutes=minutes)
    return f"{head}\n\n{t(lang, 'visit.ask_type')}"


def machine_question(key: str) -> Callable[[str, Draft], str]:
    """The question for the machine's model or serial, saying "optional" where no machine is needed."""

    def question(lang: str, draft: Draft) -> str:
        return t(lang, f"visit.ask_{key}" + ("_optional" if machine_optional(draft) else ""))

    return question


def record(draft: Draft, staff_id: int, check_in_id: int | None, now: datetime) -> VisitRecord:
    """The row to store, from a complete draft."""
    given = answers(draft)
    return VisitRecord(
        staff_id=staff_id,
        customer_id=customer_id(draft) or 0,
        check_in_id=check_in_id,
        visited_at=visited_at(draft),
        minutes_on_site=minutes_on_site(draft, now) if check_in_id else None,
        visit_type=given["type"],
        machine_model=given.get("model") or None,
        serial_number=(given.get("serial") or None) if asks_serial(draft) else None,
        problem=given["problem"],
        work_done=given["work"],
        parts_used=given.get("parts") or None,
        result=given["result"],
        # None for a work order's record: the customer rates it through their own link.
        satisfaction=int(given["satisfaction"]) if given.get("satisfaction") else None,
        photo_file_ids=list(given.get("photos") or []),
        dispatch_sheet_file_id=given.get("sheet") or None,
        follow_up=given["result"] != VisitResult.RESOLVED,
    )


def preview_text(draft: Draft, lang: str, now: datetime) -> Raw:
    """Every answer, escaped, as the rep checks it before submitting."""
    given, none = answers(draft), t(lang, "visit.none")
    minutes = minutes_on_site(draft, now)
    stars = int(given.get("satisfaction") or 0)
    serial = given.get("serial") if asks_serial(draft) else None
    return t(
        lang,
        "visit.preview",
        customer=(given.get("customer") or {}).get("name", ""),
        time=local_time(draft, visited_at(draft)),
        minutes=t(lang, "visit.minutes", minutes=minutes) if minutes is not None else Raw(""),
        type=t(lang, f"visit.type.{given['type']}") if given.get("type") else none,
        model=given.get("model") or none,
        serial=serial or none,
        problem=given.get("problem") or none,
        work=given.get("work") or none,
        parts=given.get("parts") or none,
        result=t(lang, f"visit.result.{given['result']}") if given.get("result") else none,
        satisfaction=f"{'⭐' * stars} ({stars}/5)" if stars else none,
        photos=len(given.get("photos") or []),
        sheet=t(lang, "visit.sheet_yes" if given.get("sheet") else "visit.sheet_no"),
    )


def visit_button(
    visit: VisitRecord, rep: Staff, customer: Customer, team: Team | None, default_zone: str
) -> InlineKeyboardButton:
    """A /visits button: id, day, customer, rep, photo count, ✍️ for a signed sheet (no words, so no
    catalog; plain text, since Telegram does not parse button labels)."""
    zone = zone_or_default(team.timezone if team else None, default_zone)
    day = visit.visited_at.astimezone(zone).strftime("%m-%d")
    photos = f" 📷{len(visit.photo_file_ids)}" if visit.photo_file_ids else ""
    sheet = " ✍️" if visit.dispatch_sheet_file_id else ""
    label = f"#{visit.id} {day} {customer.name} · {rep.name}{photos}{sheet}"
    return InlineKeyboardButton(label, callback_data=ShowVisit(visit.id or 0).pack())


def visits_keyboard(
    rows: Sequence[tuple[VisitRecord, Staff, Customer, Team | None]], default_zone: str
) -> InlineKeyboardMarkup:
    """The /visits list: a button a record, the latest first."""
    return InlineKeyboardMarkup([[visit_button(*row, default_zone)] for row in rows])


def record_text(
    lang: str, visit: VisitRecord, rep: Staff, customer: Customer, team: Team | None, default_zone: str
) -> Raw:
    """A filed record as a supervisor reads it in /visits (its photos follow), in its team's zone."""
    zone = zone_or_default(team.timezone if team else None, default_zone)
    return t(
        lang,
        "photos.record",
        id=visit.id,
        customer=customer.name,
        rep=rep.name,
        time=visit.visited_at.astimezone(zone).strftime("%Y-%m-%d %H:%M"),
        type=t(lang, f"visit.type.{visit.visit_type}"),
        result=t(lang, f"visit.result.{visit.result}"),
        problem=visit.problem,
        work=visit.work_done,
        photos=len(visit.photo_file_ids),
        sheet=t(lang, "photos.yes" if visit.dispatch_sheet_file_id else "photos.no"),
    )
