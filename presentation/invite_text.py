"""How /invite and registration read: the choices of role, the invite with its link, the phone keyboard."""

from __future__ import annotations

from collections.abc import Sequence
from datetime import datetime

from telegram import KeyboardButton, ReplyKeyboardMarkup

from domain.zones import team_zone
from presentation.choices import Rows, one_a_row
from presentation.i18n import t
from storage.models import Role, Staff, Team


def role_choices(lang: str, roles: Sequence[Role]) -> Rows:
    """The roles this person may hand out, one a row, Cancel last."""
    return one_a_row(lang, [(t(lang, f"role.{role}"), "role", role) for role in roles])


def invite_created(
    lang: str, role: Role, team: Team | None, link: str, expires_at: datetime, default_zone: str
) -> str:
    """The new invite: for whom, which team, the link to forward and until when it works (in the team's
    zone)."""
    zone = team_zone(team.timezone if team else None, default_zone)
    expires = expires_at.astimezone(zone).strftime("%Y-%m-%d %H:%M")
    team_name = team.name if team else "-"
    return t(lang, "invite.created", role=t(lang, f"role.{role}"), team=team_name, link=link, expires=expires)


def phone_keyboard(lang: str) -> ReplyKeyboardMarkup:
    """Share my phone number (Telegram sends the person's own contact), or Skip."""
    share = KeyboardButton(t(lang, "reg.share_phone"), request_contact=True)
    return ReplyKeyboardMarkup([[share], [t(lang, "reg.skip")]], resize_keyboard=True, one_time_keyboard=True)


def registered(lang: str, person: Staff) -> str:
    """The new person is told who they are registered as."""
    return t(lang, "reg.done", name=person.name, role=t(lang, f"role.{person.role}"))


def inviter_notice(lang: str, person: Staff) -> str:
    """Their inviter hears who registered and as what (in the inviter's language)."""
    return t(lang, "reg.inviter_notice", name=person.name, role=t(lang, f"role.{person.role}"))
