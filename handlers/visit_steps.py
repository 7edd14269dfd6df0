"""The steps of /visit: what each one asks, with which buttons, and the preview (its text: visit_record).

The draft (context.draft("visit")) holds every answer as it is given. The next question is always the
first step still unanswered, so Back, Edit and a restart all continue at the right place.
"""

from __future__ import annotations

from datetime import datetime
from typing import Any

from telegram import InlineKeyboardButton, InlineKeyboardMarkup, Update

from bot.context import FieldContext
from bot.i18n import t
from handlers.visit_record import local_time, minutes_on_site, preview_text, visited_at
from storage import visits as visits_db

DRAFT = "visit"
# Step keys; the conversation state of a step is "visit.<key>".
ORDER = [
    "customer",
    "type",
    "model",
    "serial",
    "problem",
    "work",
    "parts",
    "result",
    "satisfaction",
    "photos",
    "sheet",
]
SEARCH, PREVIEW, EDIT = "search", "preview", "edit"
STATES = {key: f"visit.{key}" for key in [*ORDER, SEARCH, PREVIEW, EDIT]}
TEXT_STEPS = {"model": 100, "serial": 100, "problem": 1000, "work": 1000, "parts": 500}
BUTTON_STEPS = {"type", "result", "satisfaction", PREVIEW, EDIT}
PHOTO_STEPS = {"photos", "sheet"}
VISIT_TYPES = [
    "installation",
    "warranty_repair",
    "paid_repair",
    "contract",
    "training",
    "regular",
    "parts_sale",
]
# Visits that need not be about one machine; repairs, installation and contract service always are.
MACHINE_OPTIONAL = {"training", "regular", "parts_sale"}
RESULTS = ["resolved", "follow_up", "waiting_parts"]
MAX_PHOTOS = 20
# Values of the "set" buttons that are not answers themselves.
SKIP, DONE = "-", "done"
CUSTOMER_BUTTONS = 8


def state(step: str) -> str:
    """The conversation state of a step."""
    return STATES[step]


def data(draft: dict[str, Any], step: str, action: str, arg: object = "") -> str:
    """Callback data of a button of this visit (the nonce makes buttons of earlier visits stale)."""
    return f"vis:{draft['nonce']}:{step}:{action}" + (f":{arg}" if arg != "" else "")


def skippable(draft: dict[str, Any], step: str) -> bool:
    """Whether a step offers Skip."""
    if step in ("model", "serial"):
        return draft.get("type") in MACHINE_OPTIONAL
    return step in ("parts", "sheet")


def missing(draft: dict[str, Any]) -> str | None:
    """The first step without an answer (a required machine field that was skipped counts as none)."""
    for step in ORDER:
        if step == "customer" and "customer_id" not in draft:
            return step
        skipped = step in draft and skippable(draft, step)
        if step in ("model", "serial") and not draft.get(step) and not skipped:
            return step
        if step != "customer" and step not in draft:
            return step
    return None


def previous(step: str) -> str:
    """Where Back goes from a step."""
    if step == SEARCH:
        return "customer"
    return PREVIEW if step == EDIT else ORDER[max(ORDER.index(step) - 1, 0)]


def reachable(step: str) -> set[str]:
    """Steps a navigation button of `step` may lead to (anything else in callback data is forged)."""
    if step == "customer":
        return {SEARCH}
    if step == PREVIEW:
        return {EDIT}
    if step == EDIT:
        return {*ORDER, PREVIEW}
    return {previous(step)}


def value_for(draft: dict[str, Any], step: str, arg: str) -> tuple[bool, Any]:
    """(valid, value) of a "set" button: only values the step's buttons offer are accepted."""
    if arg == SKIP:
        return skippable(draft, step), None
    if step == "satisfaction":
        return arg in {"1", "2", "3", "4", "5"}, int(arg) if arg.isdigit() else None
    offered = {"type": VISIT_TYPES, "result": RESULTS, "photos": [DONE]}.get(step, [])
    return arg in offered, arg


def _button(text: str, callback: str) -> InlineKeyboardButton:
    return InlineKeyboardButton(text, callback_data=callback)


def customer_keyboard(draft: dict[str, Any], step: str, customers: list[Any], lang: str) -> list[list[Any]]:
    """One button per customer (id checked again on press), then Search or Back."""
    rows = [[_button(c.name, data(draft, step, "pick", c.id))] for c in customers]
    if step == "customer":
        rows.append([_button(t(lang, "visit.search"), data(draft, step, "go", SEARCH))])
    else:
        rows.append([_button(t(lang, "common.back"), data(draft, step, "go", "customer"))])
    return rows


def _question(draft: dict[str, Any], step: str, lang: str, now: datetime) -> tuple[str, list[list[Any]]]:
    """Text and buttons of every step but the customer list and the preview."""
    back = [_button(t(lang, "common.back"), data(draft, step, "go", previous(step)))]
    skip = [_button(t(lang, "common.skip"), data(draft, step, "set", SKIP))] if skippable(draft, step) else []
    if step == "type":
        minutes = minutes_on_site(draft, now)
        if minutes is not None:
            head = t(
                lang,
                "visit.prefilled",
                customer=draft["customer"],
                time=local_time(draft, visited_at(draft))[-5:],
                minutes=minutes,
            )
            back = [_button(t(lang, "visit.other_customer"), data(draft, step, "go", "customer"))]
        else:
            head = t(lang, "visit.chosen_customer", customer=draft["customer"])
        types = [_button(t(lang, f"visit.type.{v}"), data(draft, step, "set", v)) for v in VISIT_TYPES]
        return f"{head}\n\n{t(lang, 'visit.ask_type')}", [
            types[i : i + 2] for i in range(0, len(types), 2)
        ] + [back]
    if step in ("model", "serial"):
        key = f"visit.ask_{step}" + ("_optional" if skip else "")
        return t(lang, key), [skip + back]
    if step in TEXT_STEPS:
        return t(lang, f"visit.ask_{step}"), [skip + back]
    if step == "result":
        return t(lang, "visit.ask_result"), [
            *[[_button(t(lang, f"visit.result.{r}"), data(draft, step, "set", r))] for r in RESULTS],
            back,
        ]
    if step == "satisfaction":
        stars = [_button(f"⭐{n}", data(draft, step, "set", n)) for n in range(1, 6)]
        return t(lang, "visit.ask_satisfaction"), [stars, back]
    if step == "photos":
        return t(lang, "visit.ask_photos"), photo_keyboard(draft, lang)
    if step == "sheet":
        return t(lang, "visit.ask_sheet"), [skip + back]
    if step == SEARCH:
        return t(lang, "visit.ask_search"), [back]
    fields = [_button(t(lang, f"visit.field.{f}"), data(draft, EDIT, "go", f)) for f in ORDER]
    return t(lang, "visit.ask_edit"), [fields[i : i + 2] for i in range(0, len(fields), 2)] + [back]


def photo_keyboard(draft: dict[str, Any], lang: str) -> list[list[Any]]:
    """Done, Remove (when there are photos) and Back, under the photo step's messages."""
    rows = [[_button(t(lang, "visit.photos_done"), data(draft, "photos", "set", DONE))]]
    if draft.get("photo_ids"):
        rows.append([_button(t(lang, "visit.photos_clear"), data(draft, "photos", "clear"))])
    rows.append([_button(t(lang, "common.back"), data(draft, "photos", "go", "satisfaction"))])
    return rows


async def ask(update: Update, context: FieldContext, step: str) -> str:
    """Send the question of `step` (or the preview) and make it the current step."""
    draft = context.draft(DRAFT)
    lang = context.lang
    assert update.effective_chat is not None
    draft["step"] = step
    text: str
    if step == "customer":
        async with context.db.session() as session:
            customers = await visits_db.recent_customers(
                session, context.me.team_id or 0, limit=CUSTOMER_BUTTONS
            )
        text, rows = t(lang, "visit.ask_customer"), customer_keyboard(draft, step, customers, lang)
    elif step == PREVIEW:
        text = preview_text(draft, lang, context.now())
        rows = [
            [
                _button(t(lang, "common.edit"), data(draft, step, "go", EDIT)),
                _button(t(lang, "common.submit"), data(draft, step, "submit")),
            ]
        ]
    else:
        text, rows = _question(draft, step, lang, context.now())
    await context.bot.send_message(update.effective_chat.id, text, reply_markup=InlineKeyboardMarkup(rows))
    return state(step)


async def ask_next(update: Update, context: FieldContext) -> str:
    """Go on with the first unanswered step, or the preview when everything is answered."""
    return await ask(update, context, missing(context.draft(DRAFT)) or PREVIEW)
