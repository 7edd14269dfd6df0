"""What the bot counted for each rep of a team in a month, as domain.scoring.Facts.

A handful of aggregate queries per team and month (complaints, on-time rates, whereabouts, training
absences, quality feedback, and for the KPI scheme work-order rates, warranty visits and imported
figures), never one query per rep: the 1st of the month scores every team at once.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Sequence
from datetime import UTC, date, datetime, timedelta
from typing import Any

from sqlalchemy import and_, func
from sqlmodel import col, select
from sqlmodel.ext.asyncio.session import AsyncSession

from domain.attendance import month_days
from domain.feedback import ComplaintCategory, FeedbackKind, Severity
from domain.scoring import Facts
from domain.settings import DEFAULT_TIMEZONE
from domain.zones import local_day_bounds
from storage.attendance import team_reps, training_absences, zone_of
from storage.field_models import CheckIn, Feedback, VisitRecord
from storage.rate_models import OnTimeRate
from storage.score_models import KpiInput
from storage.whereabouts import month_counts

# Batch and critical quality problems must reach the company within a day of the rep being on site.
FEEDBACK_WITHIN = timedelta(hours=24)
WARRANTY_VISIT = "warranty_repair"


async def month_bounds(
    session: AsyncSession, team_id: int, month: date, default_zone: str = DEFAULT_TIMEZONE
) -> tuple[datetime, datetime]:
    """The month from local midnight of its 1st to local midnight after its last day, in the team's zone."""
    zone = await zone_of(session, team_id, default_zone)
    days = month_days(month.year, month.month)
    return local_day_bounds(days[0], days[-1], zone)


async def complaints_against(
    session: AsyncSession, ids: Sequence[int], begin: datetime, end: datetime
) -> dict[int, int]:
    """Complaints about the rep's own service (category staff, e.g. from a customer's bad rating)."""
    query = (
        select(Feedback.staff_id, func.count())
        .where(
            col(Feedback.staff_id).in_(ids),
            col(Feedback.kind) == FeedbackKind.COMPLAINT.value,
            col(Feedback.complaint_category) == ComplaintCategory.STAFF.value,
            Feedback.created_at >= begin,
            Feedback.created_at < end,
        )
        .group_by(col(Feedback.staff_id))
    )
    return {staff_id: count for staff_id, count in (await session.exec(query)).all()}


def longest_run(missing: Sequence[bool]) -> int:
    """The longest run of consecutive missed periods."""
    best = run = 0
    for missed in missing:
        run = run + 1 if missed else 0
        best = max(best, run)
    return best


async def report_counts(
    session: AsyncSession, ids: Sequence[int], month: date
) -> dict[int, tuple[int, int, int, int]]:
    """(expected, on time, missing, longest run missed) per rep over the rated periods ending in `month`."""
    last = month_days(month.year, month.month)[-1]
    query = (
        select(  # type: ignore[call-overload]
            OnTimeRate.staff_id, OnTimeRate.kind, OnTimeRate.expected, OnTimeRate.on_time, OnTimeRate.missing
        )
        .where(
            col(OnTimeRate.staff_id).in_(ids), OnTimeRate.period_end >= month, OnTimeRate.period_end <= last
        )
        .order_by(col(OnTimeRate.staff_id), col(OnTimeRate.kind), col(OnTimeRate.period_start))
    )
    sums: dict[int, list[int]] = defaultdict(lambda: [0, 0, 0])
    runs: dict[tuple[int, str], list[bool]] = defaultdict(list)
    for staff_id, kind, expected, on_time, missing in await session.exec(query):
        total = sums[staff_id]
        total[0], total[1], total[2] = total[0] + expected, total[1] + on_time, total[2] + missing
        if expected:
            runs[(staff_id, kind)].append(missing > 0)
    longest: dict[int, int] = defaultdict(int)
    for (staff_id, _kind), missed in runs.items():
        longest[staff_id] = max(longest[staff_id], longest_run(missed))
    return {staff_id: (e, o, m, longest[staff_id]) for staff_id, (e, o, m) in sums.items()}


async def quality_feedback(
    session: AsyncSession, ids: Sequence[int], begin: datetime, end: datetime
) -> dict[int, tuple[int, int]]:
    """(on time, total) per rep: batch and critical quality problems filed within a day of the rep's
    last check-in at that customer (one without a customer or a visit before counts as on time)."""
    last_visit = (
        select(func.max(CheckIn.checked_in_at))
        .where(
            and_(
                col(CheckIn.staff_id) == Feedback.staff_id,
                col(CheckIn.customer_id) == Feedback.customer_id,
                col(CheckIn.checked_in_at) <= Feedback.created_at,
            )
        )
        .scalar_subquery()
    )
    query = select(Feedback.staff_id, Feedback.created_at, last_visit).where(
        col(Feedback.staff_id).in_(ids),
        col(Feedback.kind) == FeedbackKind.QUALITY.value,
        col(Feedback.severity).in_([Severity.BATCH.value, Severity.CRITICAL.value]),
        Feedback.created_at >= begin,
        Feedback.created_at < end,
    )
    counts: dict[int, list[int]] = defaultdict(lambda: [0, 0])
    for staff_id, filed, visited in await session.exec(query):
        late = visited is not None and _aware(filed) - _aware(visited) > FEEDBACK_WITHIN
        counts[staff_id][0] += 0 if late else 1
        counts[staff_id][1] += 1
    return {staff_id: (good, total) for staff_id, (good, total) in counts.items()}


def _aware(value: Any) -> datetime:
    """A time read through a scalar subquery may come back naive on SQLite: it is UTC."""
    if isinstance(value, str):
        value = datetime.fromisoformat(value)
    return value if value.tzinfo else value.replace(tzinfo=UTC)


async def kpi_facts(
    session: AsyncSession, team_id: int, ids: Sequence[int], month: date, begin: datetime, end: datetime
) -> dict[int, dict[str, float | None]]:
    """The KPI scheme's rates: work-order rates, cost ratio and warranty services per unit."""
    from storage.order_rates import team_order_rates  # only the KPI scheme reads work orders

    rates: dict[int, dict[str, float | None]] = defaultdict(dict)
    for rep in (await team_order_rates(session, team_id, month)).reps:
        mine = rates[rep.staff_id]
        mine["repair_on_time"] = rep.repair.rate
        mine["commissioning_on_time"] = rep.commissioning.rate
        mine["satisfaction"] = rep.satisfaction.rate
    visits_q = (
        select(VisitRecord.staff_id, func.count())
        .where(
            col(VisitRecord.staff_id).in_(ids),
            col(VisitRecord.visit_type) == WARRANTY_VISIT,
            VisitRecord.visited_at >= begin,
            VisitRecord.visited_at < end,
        )
        .group_by(col(VisitRecord.staff_id))
    )
    visits = dict((await session.exec(visits_q)).all())
    inputs = await session.exec(
        select(KpiInput).where(col(KpiInput.staff_id).in_(ids), col(KpiInput.month) == month)
    )
    for row in inputs:
        mine = rates[row.staff_id]
        if row.service_costs is not None and row.sales_revenue:
            mine["service_cost_ratio"] = float(row.service_costs / row.sales_revenue * 100)
        if row.units_in_warranty:
            mine["warranty_services_per_unit"] = visits.get(row.staff_id, 0) / row.units_in_warranty
    return rates


async def facts_for_month(
    session: AsyncSession,
    team_id: int,
    month: date,
    *,
    kpi: bool = False,
    default_zone: str = DEFAULT_TIMEZONE,
) -> dict[int, Facts]:
    """Each active rep's Facts for `month` (its first day); `kpi` adds the KPI scheme's figures."""
    ids = [rep.id for rep in await team_reps(session, team_id) if rep.id is not None]
    if not ids:
        return {}
    begin, end = await month_bounds(session, team_id, month, default_zone)
    last = month_days(month.year, month.month)[-1]
    complaints = await complaints_against(session, ids, begin, end)
    reports = await report_counts(session, ids, month)
    whereabouts = await month_counts(session, team_id, month, default_zone=default_zone)
    training = await training_absences(session, team_id, month, last)
    quality = await quality_feedback(session, ids, begin, end)
    extra = await kpi_facts(session, team_id, ids, month, begin, end) if kpi else {}
    facts = {}
    for staff_id in ids:
        expected, on_time, missing, in_a_row = reports.get(staff_id, (0, 0, 0, 0))
        good, total = quality.get(staff_id, (0, 0))
        found, not_found = whereabouts.get(staff_id, (0, 0))
        rates: dict[str, float | None] = {
            "quality_feedback_on_time": good / total if total else None,
            "reports_on_time": on_time / expected if expected else None,
            **extra.get(staff_id, {}),
        }
        facts[staff_id] = Facts(
            counts={
                "complaints": complaints.get(staff_id, 0),
                "whereabouts_found": found,
                "whereabouts_not_found": not_found,
                "training_absences": training.get(staff_id, 0),
                "quality_feedback": total,
                "quality_feedback_late": total - good,
            },
            rates=rates,
            expected_reports=expected,
            on_time_reports=on_time,
            missed_reports=missing,
            missed_in_a_row=in_a_row,
        )
    return facts
