"""Every text exists in both languages with the same placeholders; every menu command exists."""

from __future__ import annotations

import string

from telegram.ext import CommandHandler, ConversationHandler

from bot.app import build_application
from domain.settings import Settings
from presentation.i18n import CATALOGS
from presentation.menus import COMMANDS, STRANGER_COMMANDS
from tests.conftest import TOKEN


def _placeholders(text: str) -> set[str]:
    return {name for _, name, _, _ in string.Formatter().parse(text) if name}


def test_both_languages_have_every_key_with_the_same_placeholders() -> None:
    assert set(CATALOGS["en"]) == set(CATALOGS["zh"])
    for key, english in CATALOGS["en"].items():
        assert _placeholders(english) == _placeholders(CATALOGS["zh"][key]), key
        assert CATALOGS["zh"][key].strip(), key


def _commands(handlers: list[object]) -> set[str]:
    found: set[str] = set()
    for handler in handlers:
        if isinstance(handler, CommandHandler):
            found |= set(handler.commands)
        elif isinstance(handler, ConversationHandler):
            found |= _commands([*handler.entry_points, *handler.fallbacks])
    return found


def test_every_menu_command_is_handled_and_described() -> None:
    app = build_application(Settings(telegram_bot_token=TOKEN, _env_file=None))  # type: ignore[arg-type,call-arg]
    handled = _commands([h for group in app.handlers.values() for h in group])
    for names in [*COMMANDS.values(), STRANGER_COMMANDS]:
        for name in names:
            assert name in handled, name
            assert f"cmd.{name}" in CATALOGS["en"], name
