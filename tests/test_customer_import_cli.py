"""`fieldbot import customers`: one line per problem, progress only on big files, 20,000 rows in seconds."""

from __future__ import annotations

import asyncio
import time
from pathlib import Path

import pytest

from bot.cli import main
from storage.db import Database
from tests.support.field import all_customers
from tests.support.people import make_team

HEADER = "name,address,contact,phone,latitude,longitude,radius_m,key_account\n"


@pytest.fixture
def cli_env(database_url: str, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """The CLI reads its settings from the environment, like an operator's shell."""
    monkeypatch.chdir(tmp_path)
    monkeypatch.setenv("DATABASE_URL", database_url)
    monkeypatch.delenv("TELEGRAM_BOT_TOKEN", raising=False)
    return tmp_path


async def _run_cli(argv: list[str]) -> int:
    """main() runs its own event loop, so it goes to a worker thread."""
    return await asyncio.to_thread(main, argv)


async def test_cli_import(cli_env: Path, db: Database, capsys: pytest.CaptureFixture[str]) -> None:
    await make_team(db, "East")
    good, bad, big5 = cli_env / "good.csv", cli_env / "bad.csv", cli_env / "taipei.csv"
    good.write_text(HEADER + "ACME <Tools> & Co,,,,,,,\n", encoding="utf-8")
    bad.write_text(HEADER + "Other,,,,,,10,\n", encoding="utf-8")
    big5.write_bytes((HEADER + "臺北機械,臺北市,陳先生,,,,,\n").encode("cp950"))
    assert await _run_cli(["import", "customers", str(bad), "--team", "East"]) == 1
    assert capsys.readouterr().err == (
        "fieldbot: line 2: radius_m '10' must be a whole number from 50 to 3000\n"
        "fieldbot: nothing imported (1 problem(s))\n"
    )
    assert await _run_cli(["import", "customers", str(good), "--team", "Nowhere"]) == 1
    assert "no team named 'Nowhere'" in capsys.readouterr().err
    assert await _run_cli(["import", "customers", str(cli_env / "missing.csv"), "--team", "East"]) == 1
    assert "cannot read" in capsys.readouterr().err
    assert await _run_cli(["import", "customers", str(good), "--team", "East"]) == 0
    out, err = capsys.readouterr()
    assert (out, err) == ("1 customer(s) imported into team 'East'\n", "")
    assert await _run_cli(["import", "customers", str(big5), "--team", "East"]) == 0
    assert sorted(c.name for c in await all_customers(db)) == ["ACME <Tools> & Co", "臺北機械"]
    # A name already taken is quoted as typed, not as HTML.
    assert await _run_cli(["import", "customers", str(good), "--team", "East"]) == 1
    assert "a customer named 'ACME <Tools> & Co'" in capsys.readouterr().err


async def test_twenty_thousand_rows_with_progress(
    cli_env: Path, db: Database, capsys: pytest.CaptureFixture[str]
) -> None:
    await make_team(db, "East")
    rows = "".join(
        f"客户{i:05d} Müller,{i} Nanjing Rd,王工,+86 21 {i:05d},31.{i:04d},121.4737,300,"
        f"{'是' if i % 7 else '否'}\n"
        for i in range(20_000)
    )
    path = cli_env / "big.csv"
    path.write_bytes((HEADER + rows).encode("gb18030"))
    started = time.monotonic()
    assert await _run_cli(["import", "customers", str(path), "--team", "East"]) == 0
    took = time.monotonic() - started
    out, err = capsys.readouterr()
    assert out.startswith("20000 customer(s) imported into team 'East' in ")
    assert "fieldbot: checked 10,000 of 20,000 rows" in err
    assert "fieldbot: imported 20,000 of 20,000 rows" in err
    stored = await all_customers(db)
    assert len(stored) == 20_000
    assert {c.name for c in stored if c.name.startswith("客户00007")} == {"客户00007 Müller"}
    print(f"\n20,000-row GB18030 import through the CLI: {took:.1f} s")
    assert took < 120  # what an operator would call stuck; measured figures are in the report
