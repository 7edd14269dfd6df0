"""/stats: a rep's own numbers this week and month; for supervisors and admins, the team's numbers for
a chosen week or month (the period buttons are handled in handlers.supervisor)."""

from __future__ import annotations

from datetime import date

from telegram import Update
from telegram.ext import BaseHandler, CommandHandler, MessageHandler, filters

from domain.zones import local_day_bounds, team_zone
from handlers.supervisor import STATS, ask_range, ask_scope, date_range
from presentation import digest_text as fmt
from presentation.context import FieldContext
from presentation.i18n import Raw, all_texts, t
from presentation.menus import main_menu
from storage import stats as stats_db
from storage.models import Role, Staff, Team


async def _figures(
    context: FieldContext, team: Team, reps: list[Staff], first: date, last: date
) -> tuple[dict[int, stats_db.CheckInCounts], dict[int, int], dict[int, stats_db.ReportCounts]]:
    """Check-ins, visits and report punctuality per rep for the local days first..last."""
    zone = team_zone(team.timezone, context.settings.timezone)
    start, end = local_day_bounds(first, last, zone)
    ids = [rep.id or 0 for rep in reps]
    async with context.db.session() as session:
        checkins = await stats_db.checkin_counts(session, ids, start, end)
        visits = await stats_db.visit_counts(session, ids, start, end)
        reports = await stats_db.report_counts(session, team, reps, first, last, context.now(), zone=zone)
    return checkins, visits, reports


async def team_stats_text(context: FieldContext, team: Team, range_name: str) -> str:
    """The team's figures for a named period: a summary line, then one block per rep."""
    lang = context.lang
    first, last = date_range(
        range_name, context.now().astimezone(team_zone(team.timezone, context.settings.timezone)).date()
    )
    async with context.db.session() as session:
        reps = list(await stats_db.team_reps(session, team.id or 0))
    checkins, visits, reports = await _figures(context, team, reps, first, last)
    on_time, late, missing = (
        sum(getattr(r, name) for r in reports.values()) for name in ("on_time", "late", "missing")
    )
    lines = [
        t(
            lang,
            "stats.team_stats.title",
            team=team.name,
            range=t(lang, f"stats.range.{range_name}"),
            start=first.isoformat(),
            end=last.isoformat(),
        ),
        t(
            lang,
            "stats.team_stats.summary",
            total=sum(c.total for c in checkins.values()),
            suspicious=sum(c.suspicious for c in checkins.values()),
            visits=sum(visits.values()),
            on_time=on_time,
            late=late,
            missing=missing,
            rate=fmt.percent(lang, stats_db.rate(on_time, on_time + late + missing)),
        ),
        "",
    ]
    for rep in reps:
        sid = rep.id or 0
        lines.append(fmt.rep_line(lang, rep.name, checkins[sid], visits[sid]))
        row = reports[sid]
        lines.append(
            t(lang, "stats.team_stats.reports", on_time=row.on_time, late=row.late, missing=row.missing)
        )
    if not reps:
        lines.append(t(lang, "stats.team.no_reps", team=team.name))
    return fmt.join_lines(lines)


async def my_stats_text(context: FieldContext) -> str:
    """A rep's own numbers this week and this month."""
    me, lang = context.me, context.lang
    async with context.db.session() as session:
        team = await session.get(Team, me.team_id) if me.team_id is not None else None
    # A rep without a team still has numbers; the default zone stands in for the team's.
    team = team or Team(id=0, name="", timezone=context.settings.timezone)
    today = context.now().astimezone(team_zone(team.timezone, context.settings.timezone)).date()
    blocks = [t(lang, "stats.mine.title", name=me.name)]
    for range_name in ("this_week", "this_month"):
        first, last = date_range(range_name, today)
        checkins, visits, reports = await _figures(context, team, [me], first, last)
        counts, row = checkins[me.id or 0], reports[me.id or 0]
        blocks.append(
            t(
                lang,
                "stats.mine.block",
                label=t(lang, f"stats.range.{range_name}"),
                start=first.isoformat(),
                end=last.isoformat(),
                total=counts.total,
                at_site=counts.at_site,
                outside=counts.outside,
                suspicious=counts.suspicious,
                visits=visits[me.id or 0],
                on_time=row.on_time,
                late=row.late,
                missing=row.missing,
            )
        )
    return Raw("\n\n".join(blocks))


async def show_stats(update: Update, context: FieldContext) -> None:
    """/stats or the menu button: own numbers for reps, a period picker for managers."""
    assert update.message is not None and update.effective_chat is not None
    if context.me.role == Role.REP:
        await update.message.reply_text(await my_stats_text(context), reply_markup=main_menu(context.lang))
        return
    team = await ask_scope(update, context, STATS)
    if team is not None:
        await ask_range(context, update.effective_chat.id, STATS, team)


def build() -> list[BaseHandler[Update, FieldContext, None]]:
    """/stats and the rep's 📊 menu button."""
    return [
        CommandHandler("stats", show_stats),
        MessageHandler(filters.Text(sorted(all_texts("menu.stats"))), show_stats),
    ]
