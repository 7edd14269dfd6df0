"""The date-sensitive flows on the days that used to break them, through the real bot.

Every other test starts on an ordinary Wednesday (tests/conftest.py TEST_START). Here the one clock that
the bot, its jobs, the database and the local Bot API server share starts on: a month's last day after
the monthly deadline, a Monday morning before the weekly deadline, 29 February, and both days a
daylight-saving change happens in a team's zone. The expected periods are written out by hand per day,
not computed by the code under test.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime, timedelta
from zoneinfo import ZoneInfo

import pytest
from sqlmodel import select

from domain.deadlines import DEFAULT_SCHEDULES, Period, period_for
from jobs.reminders import send_due_reminders
from localbotapi.driver import TelegramUser
from localbotapi.server import LocalBotApiServer
from presentation.i18n import t
from presentation.report_text import period_button, period_label
from storage.db import Database
from storage.field_models import CheckIn, Report, VisitRecord
from tests.conftest import RunningBot
from tests.support.field import SITE, make_customer, north_of
from tests.support.people import make_rep, make_staff, make_team

SHANGHAI, BERLIN = ZoneInfo("Asia/Shanghai"), ZoneInfo("Europe/Berlin")


@dataclass(frozen=True)
class Day:
    """One awkward day: when the clock starts, the team's zone, and what the reports must be for."""

    name: str
    start: datetime
    zone: ZoneInfo
    week: tuple[date, date]  # the week /weekly files
    week_has_todays_visit: bool
    month: date  # first day of the month /monthly opens (or offers first)
    missed_month: date | None  # a month whose deadline passed unfiled: offered too, filed late

    @property
    def key(self) -> str:
        return self.name


DAYS = [
    # 19:27 on Monday 30 November: the monthly deadline (30th 18:00) has passed, so /monthly offers
    # December and November (late); the weekly deadline (Monday 10:00) has passed too, so /weekly is
    # this week's, and today's visit is in it.
    Day(
        "month-end",
        datetime(2026, 11, 30, 19, 27, tzinfo=SHANGHAI),
        SHANGHAI,
        (date(2026, 11, 30), date(2026, 12, 6)),
        True,
        date(2026, 12, 1),
        date(2026, 11, 1),
    ),
    # 09:00 on a Monday: last week's report is still due at 10:00, and today's visit is not in it.
    Day(
        "monday-morning",
        datetime(2026, 11, 30, 9, 0, tzinfo=SHANGHAI),
        SHANGHAI,
        (date(2026, 11, 23), date(2026, 11, 29)),
        False,
        date(2026, 11, 1),
        None,
    ),
    # 29 February: the monthly deadline "the 30th" is clamped to today 18:00.
    Day(
        "leap-day",
        datetime(2028, 2, 29, 10, 0, tzinfo=SHANGHAI),
        SHANGHAI,
        (date(2028, 2, 28), date(2028, 3, 5)),
        True,
        date(2028, 2, 1),
        None,
    ),
    # Sunday 29 March 2026 in Berlin: clocks went from 02:00 to 03:00 this morning.
    Day(
        "dst-starts",
        datetime(2026, 3, 29, 9, 0, tzinfo=BERLIN),
        BERLIN,
        (date(2026, 3, 23), date(2026, 3, 29)),
        True,
        date(2026, 3, 1),
        None,
    ),
    # Sunday 25 October 2026 in Berlin: clocks went from 03:00 back to 02:00 this morning.
    Day(
        "dst-ends",
        datetime(2026, 10, 25, 9, 0, tzinfo=BERLIN),
        BERLIN,
        (date(2026, 10, 19), date(2026, 10, 25)),
        True,
        date(2026, 10, 1),
        None,
    ),
]


@pytest.fixture(params=DAYS, ids=lambda day: day.key)
def day(request: pytest.FixtureRequest) -> Day:
    return request.param


@pytest.fixture
def start_at(day: Day) -> datetime:
    """Overrides conftest's ordinary Wednesday: the clock starts on the awkward day."""
    return day.start


def _monthly(day: Day, start: date) -> Period:
    return period_for(DEFAULT_SCHEDULES["monthly"], start, day.zone)


async def _check_in_and_visit(user: TelegramUser) -> None:
    """A check-in at ACME and a short visit record, as a rep does in the morning."""
    await user.send_command("/checkin")
    await user.next_message()
    await user.send_location(*north_of(*SITE, 80), horizontal_accuracy=15)
    await user.next_message()  # "Location received"
    offer = await user.next_message()
    await user.press(offer, "ACME Ltd · 80 m")
    await user.press(await user.next_message(), "Skip")  # no photo
    preview = await user.next_message()
    assert "Check in at ACME Ltd" in preview.text
    await user.press(preview, "✅ Check in")
    await user.next_message()
    await user.send_command("/visit")
    await user.press(await user.next_message(), "Paid repair")
    await user.next_message()  # model?
    for answer in ("XG-200", "SN-1", "Noise", "Replaced bearing", "Bearing 6204"):
        await user.send_text(answer)
        ask_result = await user.next_message()
    await user.press(ask_result, "✅ Resolved")
    await user.press(await user.next_message(), "⭐5")
    await user.press(await user.next_message(), "Done")  # no photos
    await user.press(await user.next_message(), "Skip")  # no dispatch sheet
    await user.press(await user.next_message(), "✅ Submit")
    await user.next_message()


async def test_a_field_day_files_the_right_periods(
    bot: RunningBot, api: LocalBotApiServer, db: Database, day: Day
) -> None:
    team = await make_team(db, timezone=day.zone.key)
    rep = await make_staff(db, 8101, team=team, name="Li Lei")
    await make_customer(db, team, "ACME Ltd")
    user = api.user(8101, "Li")

    await _check_in_and_visit(user)
    async with db.session() as session:
        checkin = (await session.exec(select(CheckIn))).one()
        visit = (await session.exec(select(VisitRecord))).one()
    # The check-in is stamped with the awkward day's time, not the machine's.
    assert abs(checkin.checked_in_at - day.start) < timedelta(minutes=5)
    assert checkin.verdict == "at_site" and visit.check_in_id == checkin.id

    # /weekly opens the week whose deadline is next, with the visits of that week.
    await user.send_command("/weekly")
    overview = await user.next_message()
    week_start, week_end = day.week
    assert str(period_label("en", "weekly", week_start, week_end)) in overview.text
    assert ("ACME Ltd" in overview.text) is day.week_has_todays_visit
    await user.next_message()  # question 1
    await user.send_text("Summary.")
    await user.next_message()
    await user.send_text("Plan.")
    await user.press(await user.next_message(), "Skip")
    await user.press(await user.next_message(), "Skip")
    await user.press(await user.next_message(), "✅ Submit")
    assert t("en", "reports.on_time") in (await user.next_message()).text

    # /monthly: the month due next; after the deadline also the missed month, which is filed late.
    await user.send_command("/monthly")
    first = await user.next_message()
    month = _monthly(day, day.month)
    assert str(period_label("en", "monthly", month.start, month.end)) in first.text
    filed_month = month
    if day.missed_month is not None:
        missed = _monthly(day, day.missed_month)
        assert str(period_label("en", "monthly", missed.start, missed.end)) in first.text
        await user.press(first, str(period_button("en", missed, late=True)))
        await user.next_message()
        filed_month = missed
    for answer in ("Month summary.", "Next month.", "More spare parts."):
        await user.send_text(answer)
        await user.next_message()
    await user.press(user.last_message, "✅ Submit")
    await user.next_message()

    async with db.session() as session:
        reports = {r.kind: r for r in (await session.exec(select(Report).where(Report.staff_id == rep.id)))}
    weekly, monthly = reports["weekly"], reports["monthly"]
    assert (weekly.period_start, weekly.period_end, weekly.late) == (week_start, week_end, False)
    assert weekly.due_at == period_for(DEFAULT_SCHEDULES["weekly"], week_start, day.zone).due_at
    assert (monthly.period_start, monthly.late) == (filed_month.start, day.missed_month is not None)


async def test_reminders_fire_at_the_right_instant_on_the_awkward_days(
    bot: RunningBot, api: LocalBotApiServer, db: Database, day: Day
) -> None:
    """The 24-hour reminder before the weekly deadline: not a minute early, and once, whatever the day."""
    team = await make_team(db, timezone=day.zone.key)
    await make_rep(db, 8201, team, joined=day.start - timedelta(days=60))
    api.user(8201, "Wang", started=True)
    upcoming = period_for(DEFAULT_SCHEDULES["weekly"], day.week[0], day.zone)
    reminder_at = upcoming.due_at - timedelta(hours=24)
    assert bot.app is not None
    before = _sent_to(api, 8201)
    assert await send_due_reminders(bot.app.bot, db, reminder_at - timedelta(minutes=1)) == {}
    sent = await send_due_reminders(bot.app.bot, db, reminder_at + timedelta(minutes=1))
    again = await send_due_reminders(bot.app.bot, db, reminder_at + timedelta(minutes=2))
    assert sent == {"sent": 1} and again == {}
    assert _sent_to(api, 8201) == before + 1
    # The deadline is 10:00 on the team's wall clock, on both sides of a daylight-saving change.
    local_due = upcoming.due_at.astimezone(day.zone)
    assert (local_due.hour, local_due.minute, local_due.weekday()) == (10, 0, 0)


def _sent_to(api: LocalBotApiServer, chat_id: int) -> int:
    return sum(1 for message in api.sent if message.chat_id == chat_id)
