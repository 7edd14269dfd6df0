"""presentation.split: every piece is a message Telegram accepts, and the pieces read as the whole.

"Accepts" is judged by the local Bot API server's own parser and length check (localbotapi), which
measure as Telegram does: UTF-16 code units of the text after HTML parsing."""

from __future__ import annotations

import html
import re

from hypothesis import assume, given, settings
from hypothesis import strategies as st

from localbotapi.entities import utf16_len
from localbotapi.html_parser import parse_html
from localbotapi.validation import format_text
from presentation.split import split_html, visible_length

# Astral-plane emoji (2 UTF-16 units each, some with skin tones and joiners), CJK, Latin, the
# characters HTML escaping turns into entities, spaces and newlines.
_EMOJI = ["👍", "👍🏽", "👨‍👩‍👧", "🇨🇳", "🔧", "⚠️", "✅", "1️⃣"]
_CHARS = st.sampled_from(["维", "修", "客", "户", "a", "Z", "7", " ", "\n", "&", "<", ">", '"', "'", *_EMOJI])
_TYPED = st.lists(_CHARS, max_size=60).map(lambda chars: html.escape("".join(chars)))


def _wrapped(inner: st.SearchStrategy[str]) -> st.SearchStrategy[str]:
    tags = st.sampled_from(["b", "i", "u", "code", 'a href="https://example.com/?a=1&amp;b=2"'])
    return st.tuples(tags, st.lists(inner, min_size=1, max_size=4)).map(
        lambda pair: f"<{pair[0]}>{''.join(pair[1])}</{pair[0].split()[0]}>"
    )


_HTML = st.lists(st.recursive(_TYPED, _wrapped, max_leaves=12), max_size=8).map("".join)


def _check(text: str, limit: int) -> list[str]:
    """Assert what a reader would notice; returns the pieces."""
    pieces = split_html(text, limit)
    whole, _ = parse_html(text)
    seen = []
    for piece in pieces:
        visible, _ = parse_html(piece)  # raises on a cut tag or an unbalanced one
        assert utf16_len(visible) <= limit, (piece, limit)
        if limit == 4096:  # the server's own check: not empty, not too long
            format_text(piece, "HTML", None)
        seen.append(visible)
    # Read in order, the pieces are the whole text; only whitespace at a cut may go (Telegram trims it).
    pattern = r"\s*" + r"\s*".join(re.escape(v.strip()) for v in seen) + r"\s*"
    assert re.fullmatch(pattern, whole), (text, pieces)
    assert bool(pieces) == bool(whole.strip())
    return pieces


@settings(max_examples=300, deadline=None)
@given(text=_HTML, limit=st.integers(min_value=16, max_value=120))  # longest picture: 8 units
def test_random_html_splits_into_messages_telegram_accepts(text: str, limit: int) -> None:
    _check(text, limit)


# Each example is a 10,000-character text cut at 4096, so ten cost what hundreds of short ones do; ten
# still catch a length counted in code points instead of UTF-16 units (tried: every run failed).
@settings(max_examples=10, deadline=None)
@given(parts=st.lists(_HTML, min_size=3, max_size=10))
def test_long_emoji_heavy_text_at_telegram_limit(parts: list[str]) -> None:
    text = "\n".join(parts)
    assume(visible_length(text) >= 20)
    _check("\n".join([text] * (1 + 10_000 // visible_length(text))), 4096)


def test_short_text_stays_whole_and_blank_text_sends_nothing() -> None:
    assert split_html("hello\nworld") == ["hello\nworld"]
    assert split_html("x" * 4096) == ["x" * 4096]
    assert split_html(" \n\n ") == []


def test_emoji_are_counted_as_telegram_counts_them() -> None:
    # 2,100 thumbs-up are 2,100 characters but 4,200 UTF-16 units: over Telegram's limit.
    pieces = _check("👍" * 2100, 4096)
    assert [visible_length(p) for p in pieces] == [4096, 104]
    assert visible_length("<b>A&amp;B</b>") == 3 and visible_length("中文") == 2


def test_cuts_at_line_ends_and_keeps_the_bold_open_across_a_cut() -> None:
    lines = [f"• line {i:03d} &amp; <b>bold 👍</b>" for i in range(400)]
    pieces = _check("\n".join(lines), 4096)
    assert len(pieces) == 3
    # Whole lines only: every piece starts a line and ends one.
    assert all(p.startswith("• line") and p.rstrip("\n").endswith("</b>") for p in pieces)
    long_bold = "<b>" + "word &amp; more " * 40 + "</b>\nlast line"
    cut = _check(long_bold, 100)
    assert all(p.startswith("<b>") for p in cut[:-1]) and cut[-1] == "last line"
    assert all(p.rstrip().endswith(("more</b>", "more </b>", "word</b>", "&amp;</b>")) for p in cut[:-1])


def test_an_emoji_sequence_is_never_cut() -> None:
    family = "👨‍👩‍👧"  # 3 people joined by zero-width joiners: 8 UTF-16 units, one picture
    pieces = _check(family * 30, 20)
    assert all(parse_html(p)[0] == family * 2 for p in pieces)
