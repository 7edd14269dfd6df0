"""What the digests say: the daily digest of a team's day and the weekly digest with its chart.

Figures come from storage.stats and storage.digests; user-typed values go through t(), which escapes them.
"""

from __future__ import annotations

import html
from dataclasses import dataclass
from datetime import date, datetime, timedelta

from domain.deadlines import period_for
from domain.zones import local_day_bounds
from jobs.chart import render_rate_chart
from jobs.team_guard import guarded_zone
from presentation import digest_text as fmt
from presentation.i18n import t
from storage import digests as digests_db
from storage import order_queries as orders_db
from storage import stats as stats_db
from storage.db import Database
from storage.models import Team
from storage.schedules import schedule_for

CHART_WEEKS = 8
WEEKLY = "weekly"


@dataclass
class Digest:
    """What one recipient gets: HTML text, and optionally a chart with its caption."""

    text: str
    photo: bytes | None = None
    caption: str | None = None


async def daily_digest_text(db: Database, team: Team, now: datetime, lang: str) -> str | None:
    """The daily digest of the team's local day containing `now`, or None when the team had no activity."""
    zone = guarded_zone(team)
    day = now.astimezone(zone).date()
    start, end = local_day_bounds(day, None, zone)
    async with db.read() as session:
        reps = await stats_db.team_reps(session, team.id or 0)
        ids = [rep.id or 0 for rep in reps]
        checkins = await stats_db.checkin_counts(session, ids, start, end)
        visits = await stats_db.visit_counts(session, ids, start, end)
        feedback = await digests_db.new_feedback(session, team.id or 0, start, end)
        escalations = await digests_db.open_escalations(session, team.id or 0)
        holiday, on_leave = await digests_db.excused_today(session, team, day)
        orders = await orders_db.order_day_counts(session, team.id or 0, start, end, now)
    activity = any(c.total for c in checkins.values()) or any(visits.values()) or feedback or escalations
    if not (activity or orders):
        return None
    absent = (
        [] if holiday else [r.name for r in reps if not checkins[r.id or 0].total and r.id not in on_leave]
    )
    lines = [
        t(lang, "digests.daily.title", team=team.name, day=day.isoformat()),
        t(
            lang,
            "digests.daily.summary",
            checkins=sum(c.total for c in checkins.values()),
            suspicious=sum(c.suspicious for c in checkins.values()),
            visits=sum(visits.values()),
            feedback=len(feedback),
            escalations=len(escalations),
            absent=len(absent),
        ),
        # Only teams that use work orders get the line.
        *(
            [t(lang, "order_sla.digest", opened=orders.opened, done=orders.done, overdue=orders.overdue)]
            if orders
            else []
        ),
        "",
        t(lang, "digests.section.reps"),
    ]
    lines += [
        fmt.rep_line(lang, r.name, checkins[r.id or 0], visits[r.id or 0])
        for r in reps
        if checkins[r.id or 0].total or visits[r.id or 0]
    ]
    if feedback:
        lines += ["", t(lang, "digests.section.feedback")]
        for item, rep, customer in feedback:
            kind = fmt.label(lang, "digests.kind", item.kind)
            lines.append(fmt.feedback_line(lang, "digests.feedback_line", item, rep, customer, kind=kind))
    if escalations:
        lines += ["", t(lang, "digests.section.escalations")]
        for item, rep, customer in escalations:
            severity = fmt.label(lang, "digests.severity", item.severity)
            ago = fmt.ago(lang, item.created_at, now)
            key = "digests.escalation_line"
            lines.append(fmt.feedback_line(lang, key, item, rep, customer, severity=severity, ago=ago))
    if holiday:
        lines += ["", t(lang, "digests.holiday")]
    elif absent:
        lines += ["", t(lang, "digests.section.absent"), html.escape(", ".join(absent), quote=False)]
    return fmt.join_lines(lines)


async def weekly_digest(
    db: Database, team: Team, period_start: date, now: datetime, lang: str
) -> Digest | None:
    """The weekly digest for the week starting `period_start`: reports per rep, the rate chart, follow-ups."""
    async with db.read() as session:
        schedule = await schedule_for(session, team.id, WEEKLY)
        zone = guarded_zone(team)
        period = period_for(schedule, period_start, zone)
        reps = await stats_db.team_reps(session, team.id or 0)
        counts = await stats_db.report_counts(
            session, team, reps, period.start, period.start, now, kinds=(WEEKLY,), zone=zone
        )
        weeks = [
            period_for(schedule, period.start - timedelta(weeks=back), zone)
            for back in range(CHART_WEEKS - 1, -1, -1)
        ]
        rates = await digests_db.weekly_team_rates(session, team, weeks, reps, zone)
        follow_ups = await digests_db.open_follow_ups(session, team.id or 0, now)
    totals = [sum(getattr(c, name) for c in counts.values()) for name in ("on_time", "late", "missing")]
    if not sum(totals) and not follow_ups:
        return None
    lines = [
        t(
            lang,
            "digests.weekly.title",
            team=team.name,
            start=period.start.isoformat(),
            end=period.end.isoformat(),
        ),
        t(
            lang,
            "digests.weekly.summary",
            on_time=totals[0],
            late=totals[1],
            missing=totals[2],
            rate=fmt.percent(lang, rates[-1]),
        ),
        "",
        t(lang, "digests.section.reports"),
    ]
    lines += [
        t(
            lang,
            "digests.report_line",
            name=rep.name,
            on_time=counts[rep.id or 0].on_time,
            late=counts[rep.id or 0].late,
            missing=counts[rep.id or 0].missing,
        )
        for rep in reps
    ]
    lines += ["", t(lang, "digests.section.follow_ups")]
    lines += [
        t(
            lang,
            "digests.follow_up_line",
            day=visit.visited_at.astimezone(zone).date().isoformat(),
            customer=customer,
            rep=rep,
            text=fmt.excerpt(visit.problem or visit.work_done),
        )
        for visit, rep, customer in follow_ups
    ] or [t(lang, "digests.no_follow_ups")]
    caption = t(
        lang, "digests.chart_caption", weeks=CHART_WEEKS, rates=" ".join(fmt.percent(lang, r) for r in rates)
    )
    photo = render_rate_chart([w.start for w in weeks], rates)
    return Digest(fmt.join_lines(lines), photo, caption[:1024])
