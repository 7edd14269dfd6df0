"""`fieldbot export` on the server: the workbook and a CSV per sheet, a progress bar on stderr, and one
line naming the cause and the fix for a bad month, an unknown team or a path it cannot write."""

from __future__ import annotations

from pathlib import Path

from openpyxl import load_workbook

from tests.test_cli import _fieldbot


def test_export_writes_the_workbook_and_csv_files_and_refuses_bad_input_in_one_line(tmp_path: Path) -> None:
    assert _fieldbot(tmp_path, "admin", "add-team", "North", "--timezone", "Asia/Shanghai").returncode == 0
    added = _fieldbot(
        tmp_path,
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

    done = _fieldbot(tmp_path, "export", "--month", "2026-10", "--out", "hr.xlsx", "--lang", "en")
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

    bad_month = _fieldbot(tmp_path, "export", "--month", "2026-13", "--out", "x.xlsx")
    assert (bad_month.returncode, bad_month.stderr) == (
        2,
        "fieldbot: --month '2026-13' is not a month; use YYYY-MM, e.g. --month 2026-11\n",
    )
    nowhere = _fieldbot(tmp_path, "export", "--month", "2026-10", "--out", "missing/dir/x.xlsx")
    assert (nowhere.returncode, nowhere.stderr) == (
        1,
        "fieldbot: cannot write missing/dir/x.xlsx: No such file or directory; "
        "choose a file in a folder you can write to\n",
    )
    team = _fieldbot(tmp_path, "export", "--month", "2026-10", "--out", "y.xlsx", "--team", "Nowhere")
    assert (
        team.returncode == 1
        and team.stderr == "fieldbot: no team named 'Nowhere'; see `fieldbot admin list-staff`\n"
    )
