"""`fieldbot import orders FILE --team NAME` and `fieldbot admin add-order`: every row is checked first,
one line per problem with its line and the fix, and the file is imported whole or not at all."""

from __future__ import annotations

import asyncio
from pathlib import Path

import pytest
from sqlmodel import select

from bot.cli import main
from domain.orders import EventKind, OrderState
from storage.db import Database
from storage.order_models import OrderTarget, WorkOrder, WorkOrderEvent
from tests.support.field import make_customer
from tests.support.people import make_team

ACME_ROW = (
    '"ACME <Tools> & Co",Mr Wang,+86 21 5555 0101,XG-200,SN-1,"Spindle noise, loud",paid_repair,urgent\n'
)
HEADER = "customer,contact_name,contact_phone,product_model,serial_number,fault,category,priority\n"


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


async def all_orders(db: Database) -> list[WorkOrder]:
    async with db.session() as session:
        return list((await session.exec(select(WorkOrder).order_by(WorkOrder.id))).all())  # type: ignore[arg-type]


async def test_a_file_with_one_bad_row_imports_nothing_and_says_where_and_how_to_fix_it(
    cli_env: Path, db: Database, capsys: pytest.CaptureFixture[str]
) -> None:
    team = await make_team(db, "East")
    await make_customer(db, team, "ACME <Tools> & Co")
    await make_customer(db, team, "华东机械厂")
    other = await make_team(db, "West")
    await make_customer(db, other, "West Only Ltd")
    bad = cli_env / "bad.csv"
    bad.write_text(
        HEADER
        + ACME_ROW
        + "华东机械厂,,,,,漏油,安装调试,\n"
        + "Nobody Inc,,,,,Broken,warranty_repair,normal\n"
        + "West Only Ltd,,call me,,,Broken,repair,soon\n"
        + "华东机械厂,,,,,,有偿维修,紧急\n",
        encoding="utf-8",
    )
    assert await _run_cli(["import", "orders", str(bad), "--team", "East"]) == 1
    assert capsys.readouterr().err == (
        "fieldbot: line 4: team East has no customer named 'Nobody Inc'; add the customer first "
        "(fieldbot import customers, or /customers in the bot) or correct the name\n"
        "fieldbot: line 5: contact_phone 'call me' is not valid (a phone number has digits, spaces and "
        "+ ( ) - only); correct it\n"
        "fieldbot: line 5: category 'repair' is unknown; use one of warranty_repair, paid_repair, "
        "contract_service, installation, maintenance (or 免费保修、有偿维修、合同服务、安装调试、维护保养)\n"
        "fieldbot: line 5: priority 'soon' is unknown; use normal or urgent (普通 / 紧急), "
        "or leave it empty\n"
        "fieldbot: line 5: team East has no customer named 'West Only Ltd'; add the customer first "
        "(fieldbot import customers, or /customers in the bot) or correct the name\n"
        "fieldbot: line 6: fault is empty; every order needs one\n"
        "fieldbot: nothing imported (6 problem(s))\n"
    )
    assert await all_orders(db) == []

    good = cli_env / "good.csv"
    good.write_bytes(
        (HEADER + ACME_ROW + "华东机械厂,,,,,漏油,安装调试,\n\n").encode(
            "gb18030"
        )  # a service desk's Excel in China saves GBK
    )
    assert await _run_cli(["import", "orders", str(good), "--team", "East"]) == 0
    out, err = capsys.readouterr()
    assert (out, err) == ("2 work order(s) imported into team 'East'; dispatch them with /orders\n", "")
    first, second = await all_orders(db)
    assert (first.fault, first.category, first.priority, first.source) == (
        "Spindle noise, loud",
        "paid_repair",
        "urgent",
        "csv",
    )
    assert (first.contact_name, first.contact_phone, first.product_model) == (
        "Mr Wang",
        "+86 21 5555 0101",
        "XG-200",
    )
    assert (second.category, second.priority, second.state, second.assignee_id) == (
        "installation",
        "normal",
        OrderState.NEW,
        None,
    )
    async with db.session() as session:
        events = (await session.exec(select(WorkOrderEvent))).all()
        targets = (await session.exec(select(OrderTarget))).all()
    assert sorted((e.order_id, e.kind) for e in events) == [
        (first.id, EventKind.CREATED),
        (second.id, EventKind.CREATED),
    ]
    assert len(targets) == 6  # accept, arrive and finish clocks run from the import


async def test_files_that_are_not_order_sheets(
    cli_env: Path, db: Database, capsys: pytest.CaptureFixture[str]
) -> None:
    await make_team(db, "East")
    wrong = cli_env / "customers.csv"
    wrong.write_text("name,address\nACME,Somewhere\n", encoding="utf-8")
    assert await _run_cli(["import", "orders", str(wrong), "--team", "East"]) == 1
    assert "line 1: missing column(s) customer, contact_name" in capsys.readouterr().err
    empty = cli_env / "empty.csv"
    empty.write_text(HEADER, encoding="utf-8")
    assert await _run_cli(["import", "orders", str(empty), "--team", "East"]) == 1
    assert "fieldbot: the file has no work-order rows" in capsys.readouterr().err
    assert await _run_cli(["import", "orders", str(empty), "--team", "Nowhere"]) == 1
    assert "no team named 'Nowhere'" in capsys.readouterr().err
    assert await _run_cli(["import", "orders", str(cli_env / "missing.csv"), "--team", "East"]) == 1
    assert "cannot read" in capsys.readouterr().err
    # A file of another team's customers: the first 20 problems, then how many more, not 25 lines.
    wrong_team = cli_env / "wrong_team.csv"
    wrong_team.write_text(HEADER + "Beta,,,,,Broken,paid_repair,\n" * 25, encoding="utf-8")
    assert await _run_cli(["import", "orders", str(wrong_team), "--team", "East"]) == 1
    lines = capsys.readouterr().err.splitlines()
    assert len(lines) == 22
    assert lines[19].startswith("fieldbot: line 21: team East has no customer named 'Beta'")
    assert lines[20:] == ["fieldbot: …and 5 more problems.", "fieldbot: nothing imported (25 problem(s))"]


async def test_admin_add_order(cli_env: Path, db: Database, capsys: pytest.CaptureFixture[str]) -> None:
    team = await make_team(db, "East")
    await make_customer(db, team, "ACME")
    base = ["admin", "add-order", "--team", "East", "--customer", "ACME", "--fault", "No power"]
    assert await _run_cli([*base, "--category", "fixing"]) == 1
    assert capsys.readouterr().err.startswith(
        "fieldbot: category 'fixing' is unknown; use one of warranty_repair"
    )
    assert (
        await _run_cli(
            [
                "admin",
                "add-order",
                "--team",
                "East",
                "--customer",
                "Acme",
                "--fault",
                "x",
                "--category",
                "paid_repair",
            ]
        )
        == 1
    )
    assert "team East has no customer named 'Acme'" in capsys.readouterr().err
    assert await all_orders(db) == []
    assert (
        await _run_cli([*base, "--category", "warranty repair", "--priority", "紧急", "--model", "XG-200"])
        == 0
    )
    [order] = await all_orders(db)
    assert capsys.readouterr().out == (
        f"work order #{order.id} for 'ACME' created in team 'East'; dispatch it with /orders in the bot\n"
    )
    assert (order.category, order.priority, order.source, order.product_model, order.fault) == (
        "warranty_repair",
        "urgent",
        "cli",
        "XG-200",
        "No power",
    )
