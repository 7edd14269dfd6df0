"""The after-sales KPI scheme on a team's month, every KPI exactly on a band edge (hand-computed):

- service cost ratio 4,500 / 1,000,000 = 0.45 % (the target): 70, weight 18 → 12.6
- warranty services per unit: 24 warranty visits / 10 units = 2.4: 90, weight 23 → 20.7
- repairs on time 19 / 20 = 95 % (the target): 70, weight 16 → 11.2
- commissioning on time 10 / 10: 100, weight 8 → 8
- satisfaction 99 / 100 (the target): 70, weight 15 → 10.5
- complaints against the rep: 1: 60, weight 10 → 6
- reports on time 3 / 4 = 75 %: 60 × 0.75 / 0.9 = 50, weight 10 → 5
Total 74.0, not flagged. Recomputing keeps a month's judged values (none in this scheme) and its rows.
"""

from __future__ import annotations

from datetime import date, timedelta
from decimal import Decimal

from sqlmodel import col, select

from storage import attendance as attendance_db
from storage import scores as scores_db
from storage.db import Database
from storage.field_models import Feedback
from storage.order_models import OrderRate
from storage.rate_models import OnTimeRate
from storage.score_models import KpiInput, ScoreEntry
from tests.support.field import make_customer, make_visit
from tests.support.paperwork import local
from tests.support.people import make_rep, make_team

OCTOBER = date(2026, 10, 1)


async def test_the_kpi_sheet_scores_each_kpi_in_its_band_and_weights_them(db: Database) -> None:
    north = await make_team(db)
    li = await make_rep(db, 9101, north, name="Li Lei")
    site = await make_customer(db, north, "Acme")
    for n in range(24):
        await make_visit(db, li, site, local(date(2026, 10, 1 + n), 10), visit_type="warranty_repair")
    await make_visit(db, li, site, local(date(2026, 10, 30), 10), visit_type="paid_repair")  # not warranty
    await make_visit(db, li, site, local(date(2026, 11, 1), 10), visit_type="warranty_repair")  # November
    async with db.session() as session:
        await attendance_db.save_work_settings(session, north.id or 0, scheme_key="after_sales_kpi")
        lid, tid = li.id or 0, north.id or 0
        session.add(
            KpiInput(
                staff_id=lid,
                month=OCTOBER,
                service_costs=Decimal("4500.00"),
                sales_revenue=Decimal("1000000.00"),
                units_in_warranty=10,
            )
        )
        for kind, total, good in (("repair", 20, 19), ("commissioning", 10, 10), ("satisfaction", 100, 99)):
            session.add(
                OrderRate(
                    staff_id=lid,
                    team_id=tid,
                    month=OCTOBER,
                    kind=kind,
                    total=total,
                    good=good,
                    rate=good / total,
                    computed_at=db.clock.now(),
                )
            )
        session.add(
            Feedback(
                staff_id=lid,
                team_id=tid,
                kind="complaint",
                complaint_category="staff",
                description="Rude",
                created_at=local(date(2026, 10, 20), 9),
            )
        )
        for week, on_time in enumerate((1, 1, 0, 1)):
            start = date(2026, 9, 28) + timedelta(weeks=week)
            session.add(
                OnTimeRate(
                    staff_id=lid,
                    team_id=tid,
                    kind="weekly",
                    period_start=start,
                    period_end=start + timedelta(days=6),
                    expected=1,
                    on_time=on_time,
                    missing=1 - on_time,
                    on_time_rate=float(on_time),
                )
            )

    for _ in range(2):  # a second computation gives the same rows
        async with db.session() as session:
            months = await scores_db.compute_month(session, tid, OCTOBER, db.clock.now())
    month = months[lid]
    assert (month.scheme_key, month.total, month.flagged) == ("after_sales_kpi", 74.0, False)
    async with db.session() as session:
        entries = (await session.exec(select(ScoreEntry).where(col(ScoreEntry.staff_id) == lid))).all()
    assert {e.item_key: round(e.points or 0, 6) for e in entries} == {
        "service_cost_ratio": 70,
        "warranty_services_per_unit": 90,
        "repair_on_time": 70,
        "commissioning_on_time": 100,
        "satisfaction": 70,
        "complaints": 60,
        "reports_on_time": 50,
    }
    assert len(entries) == 7 and all(e.auto for e in entries)
