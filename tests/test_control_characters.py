"""Control characters in typed text: a NUL pasted into a feedback description is filed the same way on
SQLite and PostgreSQL (PostgreSQL used to refuse the whole submit), with the NUL replaced by a space."""

from __future__ import annotations

from hypothesis import given
from hypothesis import strategies as st

from bot.app import FieldApplication
from domain.text import CONTROL, scrub
from localbotapi.server import LocalBotApiServer
from storage.db import Database
from tests.support.chat import said
from tests.support.flows import file_feedback
from tests.support.paperwork import all_feedback
from tests.support.people import make_staff, make_team


async def test_a_nul_byte_in_a_long_description_is_filed_on_both_databases(
    app: FieldApplication, api: LocalBotApiServer, db: Database
) -> None:
    team = await make_team(db)
    await make_staff(db, 3001, team=team)
    rep = api.user(3001, "Li")
    typed = "Spindle noise\x00 after 2 h; bearing 6204 worn." + "。" * 1940 + "\x07end"
    preview = await file_feedback(rep, kind="Product quality problem", product="XG-200", description=typed)
    assert "\x00" not in preview.text and "Spindle noise  after 2 h" in preview.text
    await rep.press(preview, "✅ Submit")
    await said(rep, "Thank you. Feedback #")
    [stored] = await all_feedback(db)
    assert stored.description == typed.replace("\x00", " ").replace("\x07", " ")


@given(st.text(alphabet=st.characters(codec="utf-16", categories=None)))
def test_scrub_leaves_no_control_character_and_keeps_utf16_length(text: str) -> None:
    cleaned = scrub({"message": {"text": text, "entities": [{"offset": 0}]}})["message"]["text"]
    assert CONTROL.search(cleaned) is None
    assert len(cleaned.encode("utf-16-le", "surrogatepass")) == len(text.encode("utf-16-le", "surrogatepass"))
    assert [c for c in cleaned if c != " "] == [c for c in text if c != " " and not CONTROL.match(c)]
