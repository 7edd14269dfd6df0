"""Buttons of the customer's confirm-and-rate chat and of the supervisors' alert about a bad answer.

Each carries the order it was made for; the storage step it leads to is a compare-and-set, so a button
naming another order, or pressed a second time, changes nothing and is told so.
"""

from __future__ import annotations

from telegram import InlineKeyboardButton, InlineKeyboardMarkup

from presentation.buttons import ConfirmWork, RateWork, TurnIntoComplaint
from presentation.i18n import t

STARS = (1, 2, 3, 4, 5)


def confirm_keyboard(lang: str, order_id: int) -> InlineKeyboardMarkup:
    """Done / Not done."""
    return InlineKeyboardMarkup(
        [
            [
                InlineKeyboardButton(t(lang, "clink.done"), callback_data=ConfirmWork(order_id, 1).pack()),
                InlineKeyboardButton(
                    t(lang, "clink.not_done"), callback_data=ConfirmWork(order_id, 0).pack()
                ),
            ]
        ]
    )


def rating_keyboard(order_id: int) -> InlineKeyboardMarkup:
    """One to five stars, in one row."""
    return InlineKeyboardMarkup(
        [[InlineKeyboardButton(f"{n}⭐", callback_data=RateWork(order_id, n).pack()) for n in STARS]]
    )


def complaint_keyboard(lang: str, order_id: int) -> InlineKeyboardMarkup:
    """The supervisor's "Turn into a complaint"."""
    return InlineKeyboardMarkup(
        [
            [
                InlineKeyboardButton(
                    t(lang, "clink.to_complaint"), callback_data=TurnIntoComplaint(order_id).pack()
                )
            ]
        ]
    )
