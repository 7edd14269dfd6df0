"""`fieldbot export` on the server: the workbook and a CSV per sheet, a progress bar on stderr, and one
line naming the cause and the fix for a bad month, an unknown team or a path it cannot write."""

from __future__ import annotations

import sqlite3
from pathlib import Path

import pytest
from openpyxl import load_workbook

from tests.support.cli import InProcessFieldbot


@pytest.fixture
def fieldbot(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> InProcessFieldbot:
    """`fieldbot ARGS` in this process, in tmp_path, on the embedded database there."""
    return InProcessFieldbot(tmp_path, monkeypatch, capsys)


def test_export_writes_the_workbook_and_csv_files_and_refuses_bad_input_in_one_line(
    tmp_path: Path, fieldbot: InProcessFieldbot
) -> None:
    assert fieldbot("admin", "add-team", "North", "--timezone", "Asia/Shanghai").returncode == 0
    added = fieldbot(
        "admin",
        "add-staff",
        "--telegram-id",
        "7",
        "--name",
        "Li Lei",
        "--role",
        "rep",
        "--team",
        "North",
    )
    assert added.returncode == 0, added.stderr

    done = fieldbot("export", "--month", "2026-10", "--out", "hr.xlsx", "--lang", "en")
    assert done.returncode == 0, done.stderr
    assert done.stdout == "hr.xlsx: 1 rep(s), 6 sheets; CSV files beside it as hr-<sheet>.csv\n"
    # The bar redraws itself with \r (read back as a line break here): its last state is the full bar.
    assert done.stderr.endswith("fieldbot: [" + "#" * 30 + "] 1/1 team(s)\n")
    book = load_workbook(tmp_path / "hr.xlsx")
    assert book.sheetnames[:2] == ["Scorecard", "Attendance"]
    assert [c.value for c in book["Scorecard"]["A2":"B2"][0]] == ["North", "Li Lei"]
    # Registered after October: no day of it was theirs, so nothing is absent.
    assert book["Attendance"]["AG2"].value is None  # the 31st: not theirs either
    assert book["Attendance"]["AH2"].value == 0 and book["Attendance"]["AI2"].value == 100
    scorecard_csv = (tmp_path / "hr-scorecard.csv").read_bytes()
    assert scorecard_csv.startswith(b"\xef\xbb\xbfTeam,Rep,Scheme,Work quality,")
    assert sorted(p.name for p in tmp_path.glob("hr-*.csv")) == sorted(
        f"hr-{key}.csv" for key in ("scorecard", "attendance", "reports", "visits", "orders", "feedback")
    )

    bad_month = fieldbot("export", "--month", "2026-13", "--out", "x.xlsx")
    assert (bad_month.returncode, bad_month.stderr) == (
        2,
        "fieldbot: --month '2026-13' is not a month; use YYYY-MM, e.g. --month 2026-11\n",
    )
    nowhere = fieldbot("export", "--month", "2026-10", "--out", "missing/dir/x.xlsx")
    assert (nowhere.returncode, nowhere.stderr) == (
        1,
        "fieldbot: cannot write missing/dir/x.xlsx: No such file or directory; "
        "choose a file in a folder you can write to\n",
    )
    team = fieldbot("export", "--month", "2026-10", "--out", "y.xlsx", "--team", "Nowhere")
    assert (
        team.returncode == 1
        and team.stderr == "fieldbot: no team named 'Nowhere'; see `fieldbot admin list-staff`\n"
    )


def test_kpi_inputs_are_imported_whole_or_not_at_all(tmp_path: Path, fieldbot: InProcessFieldbot) -> None:
    assert fieldbot("admin", "add-team", "North").returncode == 0
    assert (
        fieldbot(
            "admin",
            "add-staff",
            "--telegram-id",
            "7",
            "--name",
            "Li",
            "--role",
            "rep",
            "--team",
            "North",
        ).returncode
        == 0
    )
    header = "telegram_id,month,service_costs,sales_revenue,units_in_warranty\n"
    (tmp_path / "bad.csv").write_text(
        header + "7,2026-10,4500,1000000,10\n8,2026-10,1,2,3\n7,2026-13,1,2,3\n"
    )
    bad = fieldbot("import", "kpi-inputs", "bad.csv")
    assert (bad.returncode, bad.stderr) == (
        1,
        "fieldbot: line 4: month '2026-13' is not a month; write YYYY-MM, e.g. 2026-11\n"
        "fieldbot: line 3: no staff with telegram id 8; see `fieldbot admin list-staff`\n"
        "fieldbot: nothing imported (2 problem(s))\n",
    )
    (tmp_path / "good.csv").write_text(header + '7,2026-10,"4,500.50",1000000,10\n', encoding="utf-8-sig")
    good = fieldbot("import", "kpi-inputs", "good.csv")
    assert (good.returncode, good.stdout) == (0, "1 KPI row(s) imported\n"), good.stderr
    with sqlite3.connect(tmp_path / "cli.db") as con:
        stored = con.execute(
            "SELECT month, service_costs, sales_revenue, units_in_warranty FROM kpi_input"
        ).fetchall()
    assert stored == [("2026-10-01", 4500.5, 1000000, 10)]
