"""How /team, /missing and /stats read: the named periods, where each rep is, who is missing reports, the
team's and a rep's own figures, and the team and period buttons. Pure functions of the language and the
rows (handlers read them)."""

from __future__ import annotations

from collections.abc import Sequence
from datetime import date, datetime, timedelta
from zoneinfo import ZoneInfo

from telegram import InlineKeyboardButton, InlineKeyboardMarkup

from domain.deadlines import period_containing
from presentation import digest_text as fmt
from presentation.buttons import RANGES, TeamFigures
from presentation.i18n import Raw, t
from storage import stats as stats_db
from storage.field_models import CheckIn
from storage.models import Staff, Team

Figures = stats_db.Figures


def _button(text: str, data: TeamFigures) -> InlineKeyboardButton:
    return InlineKeyboardButton(text, callback_data=data.pack())


def team_question(lang: str, teams: Sequence[Team], action: str) -> tuple[str, InlineKeyboardMarkup | None]:
    """An admin's choice of team, one a row (or that there are no teams)."""
    rows = [[_button(team.name, TeamFigures(action, team.id or 0))] for team in teams]
    markup = InlineKeyboardMarkup(rows) if rows else None
    return t(lang, "stats.pick_team" if teams else "stats.no_teams"), markup


def range_question(lang: str, action: str, team: Team) -> tuple[Raw, InlineKeyboardMarkup]:
    """Which period: this week, last week, this month, last month."""
    rows = [
        [_button(t(lang, f"stats.range.{name}"), TeamFigures(action, team.id or 0, name)) for name in pair]
        for pair in (RANGES[:2], RANGES[2:])
    ]
    text = t(lang, "stats.pick_range", what=t(lang, f"stats.what.{action}"), team=team.name)
    return text, InlineKeyboardMarkup(rows)


def date_range(name: str, today: date) -> tuple[date, date]:
    """First and last day of a named period around `today` (this/last week, this/last month)."""
    kind = "weekly" if name.endswith("week") else "monthly"
    first, last = period_containing(kind, today)
    if name.startswith("last"):
        first, last = period_containing(kind, first - timedelta(days=1))
    return first, last


def _title(lang: str, key: str, team: Team, range_name: str, first: date, last: date) -> Raw:
    label = t(lang, f"stats.range.{range_name}")
    return t(lang, key, team=team.name, range=label, start=first.isoformat(), end=last.isoformat())


def team_view(
    lang: str,
    team: Team,
    reps: Sequence[Staff],
    last: dict[int, tuple[CheckIn, str | None]],
    now: datetime,
    zone: ZoneInfo,
) -> Raw:
    """/team: where each rep of the team is right now."""
    if not reps:
        return t(lang, "stats.team.no_reps", team=team.name)
    lines = [t(lang, "stats.team.title", team=team.name, now=now.astimezone(zone).strftime("%H:%M"))]
    lines += [where_line(lang, rep, last.get(rep.id or 0), now, zone) for rep in reps]
    return Raw("\n".join(lines))


def where_line(
    lang: str, rep: Staff, last: tuple[CheckIn, str | None] | None, now: datetime, zone: ZoneInfo
) -> Raw:
    """One rep's line of /team: today's last check-in, or not checked in today."""
    if last is None or last[0].checked_in_at.astimezone(zone).date() != now.astimezone(zone).date():
        return t(lang, "stats.team.not_today", name=rep.name)
    checkin, customer = last
    verdict = fmt.label(lang, "stats.verdict", checkin.verdict)
    if checkin.suspicious:
        verdict += ", " + t(lang, "stats.verdict.suspicious")
    still = t(lang, "stats.team.still_there") if checkin.checked_out_at is None else ""
    return t(
        lang,
        "stats.team.line",
        name=rep.name,
        customer=customer or t(lang, "digests.no_customer"),
        verdict=Raw(verdict),
        ago=fmt.ago(lang, checkin.checked_in_at, now),
        still=still,
    )


def missing_text(
    lang: str,
    team: Team,
    range_name: str,
    days: tuple[date, date],
    reps: list[Staff],
    counts: dict[int, stats_db.ReportCounts],
) -> Raw:
    """Who has missing (and late) reports for periods in the chosen range."""
    lines = [_title(lang, "stats.missing.title", team, range_name, *days)]
    for rep in reps:
        row = counts[rep.id or 0]
        if row.missing:
            periods = ", ".join(
                t(lang, f"stats.kind.{kind}", start=start)
                for kind, start in (item.split(" ", 1) for item in row.missing_periods)
            )
            line = t(
                lang,
                "stats.missing.line",
                name=rep.name,
                missing=row.missing,
                late=row.late,
                periods=Raw(periods),
            )
            lines.append(line)
    if len(lines) == 1:
        lines.append(t(lang, "stats.missing.none"))
    return fmt.join_lines(lines)


def team_stats_text(
    lang: str, team: Team, range_name: str, days: tuple[date, date], reps: list[Staff], figures: Figures
) -> Raw:
    """The team's figures for a named period: a summary line, then one block per rep."""
    checkins, visits, reports = figures
    on_time, late, missing = (
        sum(getattr(r, name) for r in reports.values()) for name in ("on_time", "late", "missing")
    )
    summary = t(
        lang,
        "stats.team_stats.summary",
        total=sum(c.total for c in checkins.values()),
        suspicious=sum(c.suspicious for c in checkins.values()),
        visits=sum(visits.values()),
        on_time=on_time,
        late=late,
        missing=missing,
        rate=fmt.percent(lang, stats_db.rate(on_time, on_time + late + missing)),
    )
    lines = [_title(lang, "stats.team_stats.title", team, range_name, *days), summary, ""]
    for rep in reps:
        sid, row = rep.id or 0, reports[rep.id or 0]
        lines.append(fmt.rep_line(lang, rep.name, checkins[sid], visits[sid]))
        lines.append(
            t(lang, "stats.team_stats.reports", on_time=row.on_time, late=row.late, missing=row.missing)
        )
    if not reps:
        lines.append(t(lang, "stats.team.no_reps", team=team.name))
    return fmt.join_lines(lines)


def my_block(lang: str, range_name: str, days: tuple[date, date], me: Staff, figures: Figures) -> Raw:
    """A rep's own figures for one named period."""
    checkins, visits, reports = figures
    counts, row = checkins[me.id or 0], reports[me.id or 0]
    return t(
        lang,
        "stats.mine.block",
        label=t(lang, f"stats.range.{range_name}"),
        start=days[0].isoformat(),
        end=days[1].isoformat(),
        total=counts.total,
        at_site=counts.at_site,
        outside=counts.outside,
        suspicious=counts.suspicious,
        visits=visits[me.id or 0],
        on_time=row.on_time,
        late=row.late,
        missing=row.missing,
    )
