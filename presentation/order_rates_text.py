"""The order rates in /stats, beside the on-time rates: repairs handled on time (报修处理及时率),
commissioning on time (调试及时率) and satisfaction (满意率), per rep and for the team, for one month."""

from __future__ import annotations

from datetime import date

from presentation.digest_text import percent
from presentation.i18n import Raw, t
from storage.db import Database
from storage.order_rates import RepOrderRates, team_order_rates


def _line(lang: str, name: str, rates: RepOrderRates) -> Raw:
    repair, commissioning = rates.repair, rates.commissioning
    return t(
        lang,
        "orders.rates_line",
        name=name,
        repair=percent(lang, repair.rate),
        repair_good=repair.good,
        repair_total=repair.total,
        commissioning=percent(lang, commissioning.rate),
        commissioning_good=commissioning.good,
        commissioning_total=commissioning.total,
        satisfaction=percent(lang, rates.satisfaction.rate),
    )


def _counted(rates: RepOrderRates) -> bool:
    return any(cell.total for cell in (rates.repair, rates.commissioning, rates.satisfaction))


async def order_rates_block(
    db: Database, lang: str, team_id: int, month: date, *, staff_id: int | None = None
) -> Raw:
    """The team's month (the whole team, then each rep with something counted), or one rep's own."""
    async with db.read() as session:
        rates = await team_order_rates(session, team_id, month)
    label = month.strftime("%Y-%m")
    if staff_id is not None:
        rows = [(r.name, r) for r in rates.reps if r.staff_id == staff_id]
    else:
        rows = [(t(lang, "orders.rates_team"), rates.team), *((r.name, r) for r in rates.reps)]
    lines = [_line(lang, name, r) for name, r in rows if _counted(r)]
    if not lines:
        return t(lang, "orders.rates_none", month=label)
    return Raw("\n".join([t(lang, "orders.rates_title", month=label), *lines]))
