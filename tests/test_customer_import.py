"""Customer files as people really save them: every encoding Excel writes, `;` and tab delimiters,
.xlsx workbooks; refused whole (with the reason and the fix) when a reading could garble a name."""

from __future__ import annotations

import io
from datetime import UTC, datetime
from typing import Any

import pytest
from openpyxl import Workbook

from presentation.customer_text import result_problems
from storage.customer_import import ImportResult, import_customers, parse_customers
from storage.db import Database
from tests.support.field import all_customers, make_customer
from tests.support.people import make_team

NOW = datetime(2026, 3, 2, 1, 30, tzinfo=UTC)
HEADER = "name,address,contact,phone,latitude,longitude,radius_m,key_account\n"
SAVE_AS = "“CSV UTF-8 (Comma delimited)”"


def problems(result: ImportResult) -> list[str]:
    """The problems as the CLI and the bot word them in English."""
    return result_problems("en", result)


def parse_problems(data: bytes) -> list[str]:
    _rows, found, unit = parse_customers(data)
    return problems(ImportResult(unit=unit, problems=found))


def workbook(*rows: list[Any]) -> bytes:
    """An .xlsx written by openpyxl, as Excel would save it."""
    book = Workbook()
    sheet = book.active
    assert sheet is not None
    for values in rows:
        sheet.append(values)
    buffer = io.BytesIO()
    book.save(buffer)
    return buffer.getvalue()


async def test_csv_import_good_file(db: Database) -> None:
    team = await make_team(db, "East")
    data = (
        HEADER + "ACME,1 Nanjing Rd,Mr Li,+86 21 5555,31.2304,121.4737,500,yes\n"
        '"Bright, Star",,,,,,,\n\n东方机械,上海,王工,,31.0,121.0,,是\n'
    ).encode("utf-8-sig")
    result = await import_customers(db, data, team_name="East", now=NOW)
    assert (result.imported, result.team, problems(result)) == (3, "East", [])
    by_name = {c.name: c for c in await all_customers(db)}
    assert by_name["ACME"].radius_m == 500 and by_name["ACME"].key_account
    assert by_name["ACME"].team_id == team.id
    assert by_name["Bright, Star"].latitude is None and by_name["Bright, Star"].radius_m == 300
    assert by_name["东方机械"].key_account and by_name["东方机械"].contact == "王工"
    assert {(c.created_at, c.is_new, c.created_by_id) for c in by_name.values()} == {(NOW, False, None)}


@pytest.mark.parametrize(
    ("encoding", "rows"),
    [
        (
            "cp950",
            "臺北機械,臺北市中山區,陳先生,02 2555 1234,25.05,121.52,300,是\n高雄重工,高雄市,林小姐,,,,,\n",
        ),
        ("big5", "臺北機械,,,,,,,\n"),
        ("gb18030", "东方机械,上海市浦东新区,王工,,31.0,121.0,,是\n鑫达机械,深圳市南山区,李经理,,,,,\n"),
        ("gbk", "东方机械,,,,,,,\n"),
        ("cp1252", "Müller & Söhne Café,Hauptstraße 5,Jürgen,,,,,\n€uro Trading — “Le Café”,,,,,,,\n"),
        ("utf-8", "Müller & Söhne Café,臺北市,王工,,,,,\n"),
        ("utf-8-sig", "Müller & Söhne Café,,,,,,,\n东方机械,,,,,,,\n"),
        ("utf-16", "Müller & Söhne Café\t\t\t\t\t\t\t\n臺北機械\t\t\t\t\t\t\t\n"),
    ],
)
async def test_each_encoding_excel_writes_is_stored_as_typed(db: Database, encoding: str, rows: str) -> None:
    await make_team(db, "East")
    header = HEADER.replace(",", "\t") if encoding == "utf-16" else HEADER
    result = await import_customers(db, (header + rows).encode(encoding), team_name="East", now=NOW)
    assert problems(result) == []
    expected = {line.split("\t" if encoding == "utf-16" else ",")[0] for line in rows.splitlines()}
    stored = await all_customers(db)
    assert {c.name for c in stored} == expected
    if encoding == "cp950":
        taipei = next(c for c in stored if c.name == "臺北機械")
        assert (taipei.address, taipei.contact) == ("臺北市中山區", "陳先生")


@pytest.mark.parametrize(
    ("data", "expected"),
    [
        (
            (HEADER + "東京機械株式会社,東京都港区,山田さん,,,,,\n").encode("shift_jis"),
            "the file is not UTF-8, GBK/GB18030, Big5 or Windows-1252 text (first unreadable byte on line 2)",
        ),
        (
            (HEADER + "Müller GmbH,,,,,,,\n").encode() + "Café Söhne,,,,,,,\n".encode("cp1252"),
            "the file is UTF-8 up to line 3 and something else from there",
        ),
        (
            (HEADER + "东方机械,上海,王工,,,,,\n").encode() + "北京重工,北京,李经理,,,,,\n".encode("gbk"),
            "the file is UTF-8 up to line 3 and something else from there",
        ),
        (
            (HEADER + "李经理,,,,,,,\n").encode("gbk"),
            "the file could be GBK or Big5 and its Chinese text is too short to tell which",
        ),
        (b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + bytes(500), "this is an old Excel .xls"),
        (b"PK\x03\x04" + bytes(100), "the file is not a readable .xlsx workbook"),
    ],
    ids=["shift-jis", "utf8-then-cp1252", "utf8-then-gbk", "too-little-chinese", "xls", "broken-xlsx"],
)
def test_files_that_could_garble_are_refused_with_the_fix(data: bytes, expected: str) -> None:
    [problem] = parse_problems(data)
    assert problem.startswith(expected), problem
    if "xlsx" not in expected:
        assert SAVE_AS in problem or "save it" in problem


async def test_refused_file_stores_nothing(db: Database) -> None:
    await make_team(db, "East")
    data = (HEADER + "Müller GmbH,,,,,,,\n").encode() + "Café Söhne,,,,,,,\n".encode("cp1252")
    result = await import_customers(db, data, team_name="East", now=NOW)
    assert result.imported == 0 and len(result.problems) == 1
    assert await all_customers(db) == []


def test_semicolon_and_tab_delimiters_even_in_a_two_line_file() -> None:
    semicolon = HEADER.replace(",", ";") + "Bright, Star;Rue A, 5;;;48,8566;2,3522;;oui\n"
    rows, found, _ = parse_customers(semicolon.encode("cp1252"))
    assert found[0].key == "bad_key_account"  # "oui" is not yes/no: the row was split where it should be
    fixed = semicolon.replace("oui", "yes")
    rows, found, _ = parse_customers(fixed.encode("cp1252"))
    assert found == []
    assert (rows[0]["name"], rows[0]["address"], rows[0]["latitude"], rows[0]["longitude"]) == (
        "Bright, Star",
        "Rue A, 5",
        48.8566,
        2.3522,
    )
    tab = HEADER.replace(",", "\t") + "Tab; Co, Ltd\t\t\t\t31.2\t121.4\t\t\n"
    rows, found, _ = parse_customers(tab.encode())
    assert found == [] and rows[0]["name"] == "Tab; Co, Ltd" and rows[0]["longitude"] == 121.4


def test_an_unquoted_comma_is_caught_not_shifted() -> None:
    assert parse_problems((HEADER + "ACME,1 Road, Suite 5,Mr Li,,,,,\n").encode()) == [
        "line 2: 9 cells where the header has 8 (a comma inside a value needs quotes)"
    ]


async def test_xlsx_is_read_with_the_same_columns_and_checks(db: Database) -> None:
    team = await make_team(db, "East")
    await make_customer(db, team, "Old Customer")
    columns = HEADER.strip().split(",")
    good = workbook(
        columns,
        ["臺北機械", "臺北市", "陳先生", 13800000000, 25.05, 121.52, 500, True],
        ["Müller & Söhne Café", None, None, "+49 30 1234", None, None, None, "no"],
        [None] * 8,
        ["东方机械", "上海", None, None, 31, 121, 300.0, "是"],
    )
    result = await import_customers(db, good, team_name="East", now=NOW)
    assert (result.imported, problems(result)) == (3, [])
    by_name = {c.name: c for c in await all_customers(db)}
    taipei = by_name["臺北機械"]
    assert (taipei.phone, taipei.latitude, taipei.radius_m, taipei.key_account) == (
        "13800000000",
        25.05,
        500,
        True,
    )
    assert by_name["Müller & Söhne Café"].phone == "+49 30 1234"
    assert (by_name["东方机械"].latitude, by_name["东方机械"].radius_m) == (31.0, 300)

    bad = workbook(
        columns,
        ["Fine", None, None, None, None, None, None, None],
        [None, "no name", None, None, None, None, None, None],
        ["Wide", None, None, None, None, None, 5000, None],
        ["Old Customer", None, None, None, None, None, None, None],
    )
    result = await import_customers(db, bad, team_name="East", now=NOW)
    assert (result.imported, problems(result)) == (
        0,
        [
            "row 3: name is empty",
            "row 4: radius_m '5000' must be a whole number from 50 to 3000",
            "row 5: team East already has a customer named 'Old Customer'",
        ],
    )
    assert "Fine" not in {c.name for c in await all_customers(db)}


async def test_bad_file_reports_every_row_and_inserts_nothing(db: Database) -> None:
    team = await make_team(db, "East")
    await make_customer(db, team, "Old Customer")
    data = (
        HEADER + "Good One,,,,,,,\n"
        ",no name,,,,,,\n"
        "Half,,,,31.2,,,\n"
        "Far,,,,95,121,,\n"
        "Wide,,,,,,5000,\n"
        "Flag,,,,,,,maybe\n"
        "Phone,,,call me,,,,\n"
        "Good One,,,,,,,\n"
        "Old Customer,,,,,,,\n"
        "Where,,,,north,121,,\n"
    ).encode()
    result = await import_customers(db, data, team_name="East", now=NOW)
    assert result.imported == 0
    assert problems(result) == [
        "line 3: name is empty",
        "line 4: latitude and longitude must both be given or both be empty",
        "line 5: coordinates 95.0, 121.0 do not exist",
        "line 6: radius_m '5000' must be a whole number from 50 to 3000",
        "line 7: key_account 'maybe' must be yes or no",
        "line 8: phone 'call me' is not valid (digits, spaces, + - ( ) only)",
        "line 9: name 'Good One' already appears on line 2",
        "line 10: team East already has a customer named 'Old Customer'",
        "line 11: latitude 'north' is not a number",
    ]
    assert [c.name for c in await all_customers(db)] == ["Old Customer"]
    assert parse_problems(b"name,phone\nA,1\n") == [
        "line 1: missing column(s) address, contact, latitude, longitude, radius_m, key_account; "
        "expected name,address,contact,phone,latitude,longitude,radius_m,key_account"
    ]
    assert parse_problems(HEADER.encode()) == ["the file has no customer rows"]
