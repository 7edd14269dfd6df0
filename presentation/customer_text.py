"""How customers read and how the customer form maps to a stored customer: the /customers list, the form's
summary, and the answers <-> columns both ways. Also import problems worded, for the bot and the CLI."""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from typing import Any

from presentation.choices import Rows, cancel, one_a_row
from presentation.i18n import CATALOGS, Raw, t
from storage.checked_table import Problem
from storage.customer_import import ImportResult
from storage.customers import RADIUS_DEFAULT
from storage.field_models import Customer
from storage.models import Team

LIST_MAX = 60  # one message, read on a phone
# Far above any real customer list (20,000 rows of CSV are about 2 MB), far below getFile's 20 MB.
MAX_UPLOAD_MB = 10
FILE_TYPES = (".csv", ".txt", ".tsv", ".xlsx", ".xls")
# A Telegram message holds 4096 characters; the first problems are what the person fixes first.
SHOWN_PROBLEMS = 10
RADII = (100, 300, 500, 1000)  # the quick answers; any whole number in range may be typed


def customer_list(lang: str, team: Team | None, customers: Sequence[Customer]) -> Raw:
    """The team's customers: new ones marked, key accounts starred, each site's radius or "no site"."""
    lines = [
        t(
            lang,
            "customers.line",
            new="🆕 " if c.is_new else "",
            name=c.name,
            star=" ⭐" if c.key_account else "",
            site=t(lang, "customers.site_radius", radius=c.radius_m)
            if c.latitude is not None
            else t(lang, "customers.no_site"),
        )
        for c in customers[:LIST_MAX]
    ]
    if len(customers) > LIST_MAX:
        lines.append(t(lang, "customers.more", count=len(customers) - LIST_MAX))
    return t(
        lang,
        "customers.list",
        team=team.name if team else "-",
        count=len(customers),
        lines=Raw("\n".join(lines) or t(lang, "customers.empty")),
    )


def menu_choices(lang: str) -> Rows:
    """Under the list: Add and Edit, Import a file, Cancel."""
    add, change = (t(lang, "customers.add"), "add", "0"), (t(lang, "customers.edit"), "change", "0")
    return [[add, change], [(t(lang, "import.button"), "import", "0")], [cancel(lang)]]


def pick_choices(lang: str, customers: Sequence[Customer]) -> Rows:
    """The customers to change (new ones marked), one a row, Cancel last."""
    marked = [
        (("🆕 " if c.is_new else "") + c.name[:60], "pick", str(c.id or 0)) for c in customers[:LIST_MAX]
    ]
    return one_a_row(lang, marked)


def radii(lang: str, _draft: Mapping[str, Any]) -> Sequence[tuple[str, str]]:
    """The form's quick answers for a site's radius: (label, metres)."""
    return [(t(lang, "customers.metres", value=r), str(r)) for r in RADII]


def yes_no(lang: str, _draft: Mapping[str, Any]) -> Sequence[tuple[str, str]]:
    """The form's Yes / No (a key account): stored as "1" or "0"."""
    return [(t(lang, "customers.yes"), "1"), (t(lang, "customers.no"), "0")]


def answers_of(customer: Customer) -> dict[str, Any]:
    """A stored customer as the form's answers (a part left empty counts as skipped)."""
    located = customer.latitude is not None and customer.longitude is not None
    return {
        "name": customer.name,
        "address": customer.address or "",
        "contact": customer.contact or "",
        "phone": customer.phone or "",
        "location": {"latitude": customer.latitude, "longitude": customer.longitude} if located else "",
        "radius_m": customer.radius_m,
        "key_account": "1" if customer.key_account else "0",
    }


def columns_of(answers: Mapping[str, Any]) -> dict[str, Any]:
    """The form's answers as Customer columns (skipped parts are empty)."""
    site = answers.get("location") or {}
    return {
        "name": answers.get("name"),
        "address": answers.get("address") or None,
        "contact": answers.get("contact") or None,
        "phone": answers.get("phone") or None,
        "latitude": site.get("latitude"),
        "longitude": site.get("longitude"),
        "radius_m": int(answers.get("radius_m") or RADIUS_DEFAULT),
        "key_account": answers.get("key_account") == "1",
    }


def summary(lang: str, fields: Mapping[str, Any]) -> Raw:
    """A customer's columns as the form's preview shows them."""
    none = t(lang, "customers.none")
    site: Raw = none
    if fields["latitude"] is not None:
        site = t(
            lang, "customers.coordinates", lat=f"{fields['latitude']:.5f}", lon=f"{fields['longitude']:.5f}"
        )
    return t(
        lang,
        "customers.summary",
        name=fields["name"] or none,
        address=fields["address"] or none,
        contact=fields["contact"] or none,
        phone=fields["phone"] or none,
        site=site,
        radius=fields["radius_m"],
        key_account=t(lang, "customers.yes" if fields["key_account"] else "customers.no"),
    )


def upload_refusal(lang: str, name: str, size: int) -> str | None:
    """Why a file sent to /customers is not even downloaded (its type, its size), or None."""
    if not name.lower().endswith(FILE_TYPES):
        return t(lang, "import.wrong_type")
    if size > MAX_UPLOAD_MB * 1024 * 1024:
        return t(lang, "import.too_big", size=f"{size / 1024 / 1024:.1f}", limit=MAX_UPLOAD_MB)
    return None


def import_failed(lang: str, file: str, result: ImportResult) -> str:
    """A file /customers did not import: its name and its first problems."""
    problems = Raw("\n".join(result_problems(lang, result, SHOWN_PROBLEMS)))
    return t(lang, "import.failed", file=file, problems=problems)


def problem_text(lang: str, problem: Problem, unit: str) -> str:
    """One import problem in `lang`, with its line or row when it has one."""
    key = f"import.{problem.key}"
    if f"{key}.{unit}" in CATALOGS["en"]:
        key = f"{key}.{unit}"
    text = t(lang, key, **problem.values)
    return t(lang, f"import.at.{unit}", line=problem.line, problem=text) if problem.line else text


def result_problems(lang: str, result: ImportResult, limit: int | None = None) -> list[str]:
    """The problems of a failed import, worded; past `limit` one line says how many more."""
    shown = result.problems if limit is None else result.problems[:limit]
    lines = [problem_text(lang, problem, result.unit) for problem in shown]
    if len(result.problems) > len(shown):
        lines.append(t(lang, "import.more", count=len(result.problems) - len(shown)))
    return lines
