"""Typed callback data: a subclass is a frozen dataclass without saying so, packs into 64 bytes and
parses back, refuses what it did not make (another kind, a forged int); all kinds are in one module."""

from __future__ import annotations

import dataclasses
import re

import pytest

import bot.app  # noqa: F401  (imports every handler and job, so every button kind is defined)
from presentation import buttons
from presentation.buttons import AcknowledgeFeedback, FormButton, TeamFigures
from presentation.callbacks import _REGISTRY, CallbackData


@pytest.mark.parametrize("value", [0, 1, 2**31 - 1])
def test_an_int_in_the_columns_range_comes_back(value: int) -> None:
    data = AcknowledgeFeedback(value).pack()
    assert AcknowledgeFeedback.unpack(data) == AcknowledgeFeedback(value)


@pytest.mark.parametrize("text", [str(2**31), "-1", "99999999999", "1e3", " 7", ""])
def test_a_forged_int_outside_the_range_is_refused(text: str) -> None:
    assert AcknowledgeFeedback.unpack(f"{AcknowledgeFeedback.prefix}:{text}") is None


def test_a_subclass_is_a_frozen_dataclass_without_a_decorator() -> None:
    pressed = TeamFigures("stats", 7)
    assert [f.name for f in dataclasses.fields(pressed)] == ["action", "team_id", "range"]
    assert pressed == TeamFigures("stats", 7, "-") and hash(pressed) == hash(TeamFigures("stats", 7))
    with pytest.raises(dataclasses.FrozenInstanceError):
        pressed.team_id = 8  # type: ignore[misc]


def test_pack_unpack_and_pattern_keep_kinds_apart() -> None:
    data = FormButton("weekly", "skip", "", "t0k").pack()
    assert data == "f:weekly:skip::t0k"
    assert FormButton.unpack(data) == FormButton("weekly", "skip", "", "t0k")
    assert re.match(FormButton.pattern(), data) and not re.match(FormButton.pattern(), "fbak:1")
    assert AcknowledgeFeedback.unpack(data) is None and FormButton.unpack("fbak:1") is None
    with pytest.raises(ValueError, match="over 64"):
        FormButton("weekly", "skip", "x" * 60, "t0k").pack()


def test_a_taken_prefix_is_refused_when_the_class_is_defined() -> None:
    with pytest.raises(ValueError, match="'f' is taken by FormButton"):

        class Again(CallbackData, prefix="f"):
            arg: str


def test_every_button_kind_is_declared_in_presentation_buttons() -> None:
    ours = {prefix: kind for prefix, kind in _REGISTRY.items() if not kind.__module__.startswith("tests")}
    assert len(ours) >= 29
    assert {kind.__module__ for kind in ours.values()} == {buttons.__name__}
