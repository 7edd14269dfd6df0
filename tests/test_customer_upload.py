"""A customer file sent to the bot in /customers: downloaded through the Bot API, imported whole or
not at all, in the sender's language; reps and oversized files are refused."""

from __future__ import annotations

import io

from openpyxl import Workbook

from bot.app import FieldApplication
from localbotapi.server import LocalBotApiServer
from presentation.buttons import FormButton
from presentation.i18n import t
from storage.db import Database
from storage.models import Role
from tests.support.chat import edited
from tests.support.field import all_customers, make_customer
from tests.support.people import make_staff, make_team

HEADER = "name,address,contact,phone,latitude,longitude,radius_m,key_account\n"
CSV, XLSX = "text/csv", "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"


def workbook(*rows: list[object]) -> bytes:
    book = Workbook()
    sheet = book.active
    assert sheet is not None
    for values in rows:
        sheet.append(values)
    buffer = io.BytesIO()
    book.save(buffer)
    return buffer.getvalue()


async def test_supervisor_uploads_a_big5_csv_after_fixing_it(
    app: FieldApplication, api: LocalBotApiServer, db: Database
) -> None:
    team = await make_team(db, "North")
    await make_staff(db, 5101, team=team, role=Role.SUPERVISOR)
    await make_customer(db, team, "Old <Mill>")
    boss = api.user(5101, "Boss")

    await boss.send_command("/customers")
    listing = await boss.next_message()
    await boss.press(listing, "📥 Import a file")
    await edited(boss, listing, "Send the customer list as a file")
    await boss.send_text("here it comes")
    assert "as an .xlsx or .csv file" in (await boss.next_message()).text
    await boss.send_document(b"%PDF-1.4", "customers.pdf", "application/pdf")
    assert "as an .xlsx or .csv file" in (await boss.next_message()).text

    bad = HEADER + "臺北機械,臺北市,陳先生,,,,,\nOld <Mill>,,,,,,,\n高雄重工,,,,,,5000,\n"
    await boss.send_document(bad.encode("cp950"), "客戶.csv", CSV)
    assert (await boss.next_message()).text == "Checking 客戶.csv…"
    failed = await boss.next_message()
    assert failed.text == (
        "❌ Nothing was imported from 客戶.csv. Please fix and send it again:\n"
        "line 3: team North already has a customer named 'Old <Mill>'\n"
        "line 4: radius_m '5000' must be a whole number from 50 to 3000"
    )
    assert [c.name for c in await all_customers(db)] == ["Old <Mill>"]

    good = HEADER + "臺北機械,臺北市,陳先生,,25.05,121.52,,是\n高雄重工,,,,,,500,\n"
    await boss.send_document(good.encode("cp950"), "客戶.csv", CSV)
    await boss.next_message()
    assert (await boss.next_message()).text == "✅ 2 customers imported into North."
    stored = {c.name: c for c in await all_customers(db)}
    assert (stored["臺北機械"].contact, stored["臺北機械"].key_account, stored["臺北機械"].team_id) == (
        "陳先生",
        True,
        team.id,
    )
    assert stored["高雄重工"].radius_m == 500
    # The conversation is over: a further file is not imported behind the person's back.
    await boss.send_document(good.encode("cp950"), "again.csv", CSV)
    assert "did not understand" in (await boss.next_message()).text
    await boss.send_command("/customers")
    assert "Customers of North (3)" in (await boss.next_message()).text


async def test_admin_uploads_xlsx_in_chinese_into_the_chosen_team(
    app: FieldApplication, api: LocalBotApiServer, db: Database
) -> None:
    await make_team(db, "North")
    south = await make_team(db, "South")
    await make_staff(db, 5102, role=Role.ADMIN, language="zh")
    admin = api.user(5102, "管理员", language_code="zh")
    await admin.send_command("/customers")
    ask = await admin.next_message()
    await admin.press(ask, "South")
    await edited(admin, ask, "South 的客户")

    columns = HEADER.strip().split(",")
    broken = workbook(columns, ["东方机械", None, None, "call me", None, None, None, None])
    await admin.send_document(broken, "客户.xlsx", XLSX)
    assert (await admin.next_message()).text == "正在检查 客户.xlsx……"
    assert (await admin.next_message()).text == (
        "❌ 客户.xlsx 未导入任何客户。请修改后重新发送：\n"
        "第 2 行：电话“call me”无效（只能包含数字、空格、+ - ( )）"
    )
    fixed = workbook(columns, ["东方机械", "上海", "王工", 13800000000, 31.2, 121.4, 300, True])
    await admin.send_document(fixed, "客户.xlsx", XLSX)
    await admin.next_message()
    assert (await admin.next_message()).text == "✅ 已导入 1 个客户到 South。"
    [stored] = await all_customers(db)
    assert (stored.name, stored.team_id, stored.phone, stored.latitude) == (
        "东方机械",
        south.id,
        "13800000000",
        31.2,
    )


async def test_reps_and_oversized_files_are_refused(
    app: FieldApplication, api: LocalBotApiServer, db: Database
) -> None:
    team = await make_team(db, "North")
    await make_staff(db, 5103, team=team)
    await make_staff(db, 5104, team=team, role=Role.SUPERVISOR)
    rep, boss = api.user(5103, "Rep"), api.user(5104, "Boss")
    good = (HEADER + "ACME,,,,,,,\n").encode()

    await rep.send_command("/customers")
    assert "Only service managers and admins" in (await rep.next_message()).text
    await rep.send_document(good, "customers.csv", CSV)
    assert "did not understand" in (await rep.next_message()).text
    press = await rep.press_raw(1, FormButton("customers", "import", "0", "0").pack())
    assert (await rep.callback_answer(press)).text == t("en", "common.stale_button")

    await boss.send_command("/customers")
    listing = await boss.next_message()
    huge = good + b"x" * (11 * 1024 * 1024)
    await boss.send_document(huge, "customers.csv", CSV)
    assert (await boss.next_message()).text.startswith("That file is 11.0 MB; the limit here is 10 MB.")
    # Cancel under the list ends /customers: a file sent afterwards is not imported.
    await boss.press(listing, "Cancel")
    assert (await boss.next_message()).text == t("en", "common.cancelled")
    await boss.send_document(good, "customers.csv", CSV)
    assert "did not understand" in (await boss.next_message()).text
    assert await all_customers(db) == []
