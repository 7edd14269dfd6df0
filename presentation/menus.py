"""Which commands each role gets, for /help and for Telegram's command menu."""

from __future__ import annotations

import logging

from telegram import (
    Bot,
    BotCommand,
    BotCommandScopeChat,
    BotCommandScopeDefault,
    KeyboardButton,
    ReplyKeyboardMarkup,
)
from telegram.error import TelegramError

from presentation.i18n import LANGUAGES, t
from storage.models import Role, Staff

log = logging.getLogger(__name__)

# Order is the order people see in the menu: most used first.
_COMMON = ["help", "language", "cancel"]
_FIELD = [
    "checkin",
    "checkout",
    "orders",
    "order",
    "visit",
    "weekly",
    "monthly",
    "feedback",
    "stats",
    "attendance",
    "score",
]
_MANAGE = [
    "orders",
    "order",
    "sla",
    "team",
    "missing",
    "visits",
    "stats",
    "customers",
    "invite",
    "schedule",
    "leave",
    "holiday",
    "attendance",
    "locate",
    "scoring",
    "score",
    "export",
]
COMMANDS: dict[str, list[str]] = {
    Role.REP: [*_FIELD, *_COMMON],
    Role.SUPERVISOR: [*_MANAGE, *_COMMON],
    Role.ADMIN: [*_MANAGE, "teams", *_COMMON],
}
# The reply keyboard a rep sees between conversations: the day's work one tap away.
MAIN_MENU = [
    ["menu.checkin", "menu.visit"],
    ["menu.weekly", "menu.feedback"],
    ["menu.stats", "menu.my_orders"],
]
# A supervisor's or admin's: the team's work orders (the rest of their work starts with a command).
MANAGER_MENU = [["menu.orders"]]
# Every menu button's text key: a menu button is never an answer to a flow's question.
MENU_KEYS = sorted({key for rows in (MAIN_MENU, MANAGER_MENU) for row in rows for key in row})
# What people who are not registered see: only how to get in.
STRANGER_COMMANDS = ["start", "help"]


def commands_for(role: str) -> list[str]:
    """Command names a role may use, in menu order."""
    return COMMANDS.get(role, COMMANDS[Role.REP])


def _bot_commands(names: list[str], lang: str) -> list[BotCommand]:
    return [BotCommand(name, t(lang, f"cmd.{name}")) for name in names]


async def set_default_commands(bot: Bot) -> None:
    """The menu for everyone without a personal one, in each language Telegram may ask for."""
    await bot.set_my_commands(_bot_commands(STRANGER_COMMANDS, "en"), scope=BotCommandScopeDefault())
    for lang in LANGUAGES:
        await bot.set_my_commands(
            _bot_commands(STRANGER_COMMANDS, lang), scope=BotCommandScopeDefault(), language_code=lang
        )


async def set_personal_commands(bot: Bot, staff: Staff) -> None:
    """Give one person the menu of their role, in their language (BotCommandScopeChat)."""
    names = commands_for(staff.role) if staff.active else STRANGER_COMMANDS
    try:
        await bot.set_my_commands(
            _bot_commands(names, staff.language), scope=BotCommandScopeChat(staff.telegram_id)
        )
    except TelegramError as exc:
        # The menu is a convenience; /help still lists everything, so a failure here must not stop anything.
        log.warning("could not set the command menu for staff %s: %s", staff.id, exc)


def main_menu(lang: str, role: str = Role.REP) -> ReplyKeyboardMarkup:
    """The main menu of a role as a reply keyboard (shown when a conversation ends)."""
    rows = MAIN_MENU if role == Role.REP else MANAGER_MENU
    return ReplyKeyboardMarkup([[t(lang, key) for key in row] for row in rows], resize_keyboard=True)


def share_location(label: str) -> ReplyKeyboardMarkup:
    """One button, `label`, that sends the phone's location (a reply keyboard: private chats only)."""
    return ReplyKeyboardMarkup(
        [[KeyboardButton(label, request_location=True)]], resize_keyboard=True, one_time_keyboard=True
    )
