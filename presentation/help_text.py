"""What /start, /help and /language show: a role's commands, each with what it does, and the language
buttons. Pure functions of the language and the role (handlers.common sends them)."""

from __future__ import annotations

from telegram import InlineKeyboardButton, InlineKeyboardMarkup

from presentation.buttons import ChooseLanguage
from presentation.i18n import LANGUAGES, Raw, t
from presentation.menus import commands_for


def help_text(lang: str, role: str) -> Raw:
    """The commands of this role, each with what it does."""
    lines = [f"/{name} — {t(lang, f'cmd.{name}')}" for name in commands_for(role)]
    return t(lang, "help.text", role=t(lang, f"role.{role}"), commands=Raw("\n".join(lines)))


def language_keyboard() -> InlineKeyboardMarkup:
    """One button per language, each named in its own language."""
    buttons = [
        InlineKeyboardButton(t(lang, "lang.name"), callback_data=ChooseLanguage(lang).pack())
        for lang in LANGUAGES
    ]
    return InlineKeyboardMarkup([buttons])
