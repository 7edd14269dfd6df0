"""The team a fresh install starts with, so an admin on a phone can invite people at once."""

from __future__ import annotations

import logging

from domain.settings import Settings
from storage import teams as teams_db
from storage.db import Database
from storage.models import Team

log = logging.getLogger(__name__)


def default_team_name(zone: str) -> str:
    """The first team's name: the city of the TIMEZONE setting ("Asia/Shanghai" gives "Shanghai")."""
    return zone.rsplit("/", 1)[-1].replace("_", " ")[: teams_db.NAME_MAX] or zone


async def create_default_team(db: Database, settings: Settings) -> Team | None:
    """On a fresh install, one team in the TIMEZONE setting's zone, so an admin on a phone can invite
    people at once (renamed later with /teams); every later start finds a team and does nothing."""
    name = default_team_name(settings.timezone)
    async with db.session() as session:
        team = await teams_db.ensure_default_team(session, name=name, timezone=settings.timezone)
    if team is not None:
        log.info("created the default team %s (%s); rename it with /teams", team.id, settings.timezone)
    return team
