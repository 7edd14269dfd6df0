"""One team's failure stays that team's: every per-team job runs each team inside `TeamGuard.team`.

A team whose stored zone is unknown (written before zones were checked, or by hand in the database) is
run in the default zone; any other failure skips that team for this run. Either way the job logs one
line (the traceback only at DEBUG), the admins are told once per team and problem (claimed in
team_problem, so not at every run and not again after a restart), and the job goes on with the next
team. When the problem has gone its claim is deleted, so a recurrence is told again.
"""

from __future__ import annotations

import logging
from collections.abc import AsyncIterator, Sequence
from contextlib import asynccontextmanager
from dataclasses import dataclass, field
from datetime import datetime
from typing import Any
from zoneinfo import ZoneInfo

from telegram import Bot

from domain.settings import DEFAULT_TIMEZONE, Settings
from domain.zones import is_valid_zone, team_zone
from presentation.delivery import RetryPolicy, deliver
from presentation.i18n import t
from storage import feedback as feedback_db
from storage import teams as teams_db
from storage.db import Database
from storage.models import Team
from storage.teams import ZONE_PROBLEM

log = logging.getLogger(__name__)

DEFAULT_ZONE = DEFAULT_TIMEZONE
# A notice is worth a few quick retries, not the minutes a reminder fan-out may wait.
NOTICE_RETRY = RetryPolicy(attempts=3, first_backoff=0.5, max_backoff=2.0, max_retry_after=10.0)


def guarded_zone(team: Team) -> ZoneInfo:
    """The zone of a team handed out by TeamGuard.team (already checked, or replaced by the default)."""
    return team_zone(team.timezone, DEFAULT_ZONE)


@dataclass
class TeamGuard:
    """Isolates the teams of one run of one job (`job` is a key under teams.job.* in the catalogs)."""

    bot: Bot | None
    db: Database
    job: str
    now: datetime
    default_zone: str = DEFAULT_ZONE
    admin_ids: Sequence[int] = ()
    default_language: str = "zh"
    _known: dict[int, set[str]] | None = field(default=None, repr=False)

    @classmethod
    def with_settings(cls, bot: Bot, db: Database, settings: Settings, job: str, now: datetime) -> TeamGuard:
        """A guard that falls back to the TIMEZONE setting and tells the ADMIN_TELEGRAM_IDS too."""
        return cls(
            bot,
            db,
            job,
            now,
            default_zone=settings.timezone,
            admin_ids=list(settings.admin_telegram_ids),
            default_language=settings.default_language,
        )

    @classmethod
    def of(cls, context: Any, job: str, now: datetime) -> TeamGuard:
        """The guard for one run of a scheduled job, from its callback context."""
        return cls.with_settings(context.bot, context.bot_data["db"], context.bot_data["settings"], job, now)

    @asynccontextmanager
    async def team(self, team: Team) -> AsyncIterator[Team]:
        """Run the block for `team` (given a copy with a usable zone); a failure is told and swallowed."""
        known = await self._problems(team.id or 0)
        usable = await self._zone_checked(team, known)
        try:
            yield usable
        # The isolation boundary: whatever one team's data makes go wrong must not stop the other
        # teams, so this is the one place a broad catch is right; it is logged and told, never hidden.
        except Exception as exc:
            problem = f"{self.job}:{type(exc).__name__}"[:64]
            new = problem not in known
            level = logging.WARNING if new else logging.INFO
            log.log(
                level,
                "%s: team %s failed (%s) and was skipped this run; the other teams went on",
                self.job,
                team.id,
                type(exc).__name__,
            )
            log.debug("%s: team %s failed", self.job, team.id, exc_info=exc)
            if new:
                await self._tell(team, problem, "teams.problem.failed", error=type(exc).__name__)
            return
        gone = {p for p in known if p.startswith(f"{self.job}:")}
        if gone:
            async with self.db.session() as session:
                await teams_db.clear_problems(session, team.id or 0, gone)
            known -= gone

    async def _problems(self, team_id: int) -> set[str]:
        if self._known is None:
            async with self.db.read() as session:
                self._known = await teams_db.known_problems(session)
        return self._known.setdefault(team_id, set())

    async def _zone_checked(self, team: Team, known: set[str]) -> Team:
        """The team itself when its zone is known; else a detached copy in the default zone."""
        if is_valid_zone(team.timezone):
            if ZONE_PROBLEM in known:
                async with self.db.session() as session:
                    await teams_db.clear_problems(session, team.id or 0, [ZONE_PROBLEM])
                known.discard(ZONE_PROBLEM)
            return team
        if ZONE_PROBLEM not in known:
            log.warning(
                "team %s has an unknown time zone %r; its jobs use %s until an admin sets one with /teams",
                team.id,
                team.timezone[:64],
                self.default_zone,
            )
            await self._tell(
                team, ZONE_PROBLEM, "teams.problem.zone", zone=team.timezone[:64], fallback=self.default_zone
            )
        return Team(**{**team.model_dump(), "timezone": self.default_zone})

    async def _tell(self, team: Team, problem: str, key: str, **values: str) -> None:
        """Claim the problem, then tell every admin in their language; only the run that claimed it tells."""
        if self.bot is None:
            return  # a run without a bot (a handler recomputing one team) leaves the telling to the jobs
        async with self.db.session() as session:
            claimed = await teams_db.claim_problem(session, team.id or 0, problem, self.now)
            admins = list(await feedback_db.admins(session))
        if self._known is not None:
            self._known.setdefault(team.id or 0, set()).add(problem)
        if not claimed:
            return
        recipients = {person.telegram_id: person.language for person in admins}
        for telegram_id in self.admin_ids:
            recipients.setdefault(telegram_id, self.default_language)
        if not recipients:
            log.warning("team %s: no admins to tell about %s", team.id, problem)
        for telegram_id, lang in recipients.items():
            text = t(lang, key, team=team.name, job=t(lang, f"teams.job.{self.job}"), **values)
            await deliver(self.bot, telegram_id, text, policy=NOTICE_RETRY)
