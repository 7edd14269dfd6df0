"""Typed callback data refuses an int that no database id column could hold, so handlers need not."""

from __future__ import annotations

import pytest

from presentation.buttons import AcknowledgeFeedback


@pytest.mark.parametrize("value", [0, 1, 2**31 - 1])
def test_an_int_in_the_columns_range_comes_back(value: int) -> None:
    data = AcknowledgeFeedback(value).pack()
    assert AcknowledgeFeedback.unpack(data) == AcknowledgeFeedback(value)


@pytest.mark.parametrize("text", [str(2**31), "-1", "99999999999", "1e3", " 7", ""])
def test_a_forged_int_outside_the_range_is_refused(text: str) -> None:
    assert AcknowledgeFeedback.unpack(f"{AcknowledgeFeedback.prefix}:{text}") is None
