"""The HR workbook through the real bot: a Chinese admin's /export of October 2026 (tests/test_scores.py's
month for Li Lei and Wang Wu), opened with openpyxl and checked cell by cell, formula-like text kept as
text, the CSV files in UTF-8 with a BOM; a supervisor exports only their own team."""

from __future__ import annotations

import csv
import io
import zipfile
from datetime import date, datetime

from openpyxl import load_workbook

from localbotapi.server import LocalBotApiServer
from storage.db import Database
from storage.models import Role
from tests.conftest import RunningBot
from tests.support.field import make_customer, make_visit
from tests.support.paperwork import local
from tests.support.people import make_rep, make_staff, make_team
from tests.support.score_story import october

FORMULA = '=HYPERLINK("http://evil.example","click")'


async def test_an_admin_exports_october_in_chinese_cell_by_cell(
    bot: RunningBot, api: LocalBotApiServer, db: Database
) -> None:
    north, _, li, _ = await october(db)
    await make_staff(db, 9900, role=Role.ADMIN, name="HR Zhao", language="zh")
    site = await make_customer(db, north, "@home")
    await make_visit(
        db,
        li,
        site,
        local(date(2026, 10, 9), 14, 30),
        visit_type="warranty_repair",
        problem=FORMULA,
        work_done="-2 parts",
        machine_model="+X1",
    )
    south = await make_team(db, "South")
    await make_rep(db, 9201, south, name="Zhou Qi")
    admin = api.user(9900, "Zhao")

    await admin.send_command("/export")
    picker = await admin.next_message()
    assert picker.text == "📊 导出哪个月的表格？（全部团队）"
    assert [b["text"] for b in picker.inline_buttons()] == ["2026-10", "2026-11", "2026-09", "2026-08"]
    await admin.press(picker, "2026-10")
    note = await admin.next_message()
    assert note.text == "⏳ 正在准备 2026-10 的表格…"
    book_message = await admin.next_message()
    zip_message = await admin.next_message()
    await admin.wait_until(lambda: note.edit_date is not None)
    assert note.text == "✅ 2026-10（全部团队）的表格如下：3 位服务人员，6 个工作表；CSV 文件在压缩包中。"
    assert book_message.kind == "document" and book_message.media["file_name"] == "fieldbot-2026-10.xlsx"
    stored = api.files.get(book_message.document_file_id or "")
    assert stored is not None
    book = load_workbook(io.BytesIO(stored.data))
    assert book.sheetnames == ["考核表", "出勤", "报表上交及时率", "客户拜访纪实", "派工单", "反馈与投诉"]

    card = book["考核表"]
    assert card.freeze_panes == "C2"
    assert [c.value for c in card[1]] == [
        "团队",
        "服务人员",
        "考核方案",
        "工作质量",
        "去向",
        "用户投诉",
        "服务中心工作质量",
        "经销商意见",
        "走访报告及月度计划总结按时上交",
        "内部培训",
        "服务活动",
        "质量信息反馈及时",
        "特别扣分",
        "日常工作得分",
        "出勤得分",
        "月度得分",
        "低于60分",
        "主管已评分",
    ]
    rows = [[c.value for c in row] for row in card.iter_rows(min_row=2)]
    # Li before the supervisor judged: judged items at full marks (see tests/test_scores.py).
    assert rows[0] == [
        "North",
        "Li Lei",
        "现场服务代表月度考核",
        10,
        6,
        5,
        20,
        10,
        2.5,
        7,
        10,
        5,
        0,
        75.5,
        88,
        79.25,
        "否",
        "否",
    ]
    assert rows[1][:2] == ["North", "Wang Wu"] and rows[1][-4:] == [16, 74.8, "否", "否"]
    # South has no holiday on the 2nd: Zhou Qi was absent 22 workdays, 100 − 88 = 12; 70 + 3.6 = 73.6.
    assert rows[2][:2] == ["South", "Zhou Qi"] and rows[2][-4:-2] == [12, 73.6]

    attendance = book["出勤"]
    header = [c.value for c in attendance[1]]
    assert header[:3] == ["团队", "服务人员", datetime(2026, 10, 1)] and header[-2:] == [
        "缺勤天数",
        "出勤得分",
    ]
    li_days = [c.value for c in attendance[2]]
    assert li_days[:2] == ["North", "Li Lei"]
    marks = dict(zip(range(1, 32), li_days[2:33], strict=True))
    assert (marks[1], marks[2], marks[3], marks[5], marks[14], marks[16], marks[21], marks[31]) == (
        "P",
        "H",
        "H",
        "P",
        "A",
        "A",
        "A",
        "H",
    )
    assert li_days[-2:] == [3, 88]

    reports = book["报表上交及时率"]
    assert [c.value for c in reports[2]] == [
        "North",
        "Li Lei",
        "周报",
        datetime(2026, 9, 28),
        datetime(2026, 10, 4),
        1,
        1,
        0,
        0,
        1.0,
    ]
    assert reports.max_row == 5  # the four weeks ending in October
    assert reports["D2"].number_format == "yyyy-mm-dd"

    visits = book["客户拜访纪实"]
    visit = [c.value for c in visits[2]]
    assert visit[:5] == ["North", "Li Lei", datetime(2026, 10, 9, 14, 30), "@home", "保修期内维修"]
    assert visit[5:9] == ["+X1", None, FORMULA, "-2 parts"]
    for cell in ("D2", "F2", "H2", "I2"):  # never a formula: text cells holding exactly what was typed
        assert visits[cell].data_type == "s", cell

    orders = book["派工单"]
    assert [c.value for c in orders[1]][2:5] == ["派工单号", "客户", "类别"] and orders.max_row == 1

    feedback = book["反馈与投诉"]
    kinds = [(row[1].value, row[3].value, row[5].value) for row in feedback.iter_rows(min_row=2)]
    assert kinds == [
        ("Li Lei", "产品质量问题反馈", None),
        ("Li Lei", "产品质量问题反馈", None),
        ("Li Lei", "客户投诉", "人员态度或失职"),
        ("Li Lei", "客户投诉", "产品质量或功能"),
    ]  # September's complaint is not October's

    archive = zipfile.ZipFile(io.BytesIO(api.files.get(zip_message.document_file_id or "").data))  # type: ignore[union-attr]
    assert sorted(archive.namelist()) == sorted(
        f"fieldbot-2026-10-{key}.csv"
        for key in ("scorecard", "attendance", "reports", "visits", "orders", "feedback")
    )
    raw = archive.read("fieldbot-2026-10-visits.csv")
    assert raw.startswith(b"\xef\xbb\xbf")
    lines = list(csv.reader(io.StringIO(raw.decode("utf-8-sig"))))
    assert lines[0][:3] == ["团队", "服务人员", "拜访时间"]
    assert lines[1][2:9] == [
        "2026-10-09 14:30",
        "'@home",
        "保修期内维修",
        "'+X1",
        "",
        "'" + FORMULA,
        "'-2 parts",
    ]


async def test_a_supervisor_exports_only_their_team_and_a_rep_cannot(
    bot: RunningBot, api: LocalBotApiServer, db: Database
) -> None:
    north, _, _, _ = await october(db)
    south = await make_team(db, "South")
    await make_rep(db, 9201, south, name="Zhou Qi")
    boss, rep = api.user(9001, "Chen"), api.user(9101, "Li")

    await rep.send_command("/export")
    assert (await rep.next_message()).text == "Only supervisors and admins export workbooks."
    await boss.send_command("/export")
    picker = await boss.next_message()
    assert picker.text == "📊 Which month's workbook? (team North)"
    await boss.press(picker, "2026-10")
    note = await boss.next_message()
    book_message = await boss.next_message()
    await boss.next_message()
    await boss.wait_until(lambda: note.edit_date is not None)
    assert (
        note.text == "✅ The workbook for 2026-10 (team North): 2 rep(s), 6 sheets; the CSV files in the zip."
    )
    book = load_workbook(io.BytesIO(api.files.get(book_message.document_file_id or "").data))  # type: ignore[union-attr]
    assert [row[1].value for row in book["Scorecard"].iter_rows(min_row=2)] == ["Li Lei", "Wang Wu"]
    assert north.name == "North"
