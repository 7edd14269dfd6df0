"""A company's own scoring scheme, dropped into SCORING_SCHEMES_DIR without code: a team switches to it
with /scoring and the next scoring list scores by its items."""

from __future__ import annotations

from pathlib import Path

import pytest

from bot.app import FieldApplication
from domain.settings import Settings
from localbotapi.server import LocalBotApiServer
from storage.db import Database
from tests.support.score_story import october

ACME = """
[scheme]
key = "acme_tidy"
kind = "points"
title_en = "Acme tidiness"
title_zh = "Acme 整洁度"

[[items]]
key = "tidy_van"
title_en = "Tidy van"
title_zh = "车辆整洁"
rule = "judged"
max = 100
"""


@pytest.fixture
def settings(settings: Settings, tmp_path: Path) -> Settings:
    folder = tmp_path / "schemes"
    folder.mkdir()
    (folder / "acme.toml").write_text(ACME, "utf-8")
    return settings.model_copy(update={"scoring_schemes_dir": folder})


async def test_a_team_scores_by_the_companys_own_file(
    app: FieldApplication, api: LocalBotApiServer, db: Database
) -> None:
    await october(db)
    boss = api.user(9001, "Chen")
    await boss.send_command("/scoring", "scheme acme_tidy")
    assert (await boss.next_message()).text == "✅ Team North now scores by Acme tidiness."
    await boss.send_command("/scoring")
    listing = await boss.next_message()
    li = next(b["text"] for b in listing.inline_buttons() if b["text"].startswith("✏️ Li Lei"))
    await boss.press(listing, li)
    question = await boss.next_message()
    assert "Tidy van" in (question.text or "")
