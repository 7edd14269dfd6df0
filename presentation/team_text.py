"""How /teams reads: the list of teams, one team's card and the buttons under them (and the team picker of
/invite and /customers). Pure functions of the language and the rows."""

from __future__ import annotations

from collections.abc import Sequence

from domain.zones import is_valid_zone
from presentation.choices import Choice, Rows, cancel, one_a_row
from presentation.i18n import Raw, t
from storage.models import Team

# Offered as buttons after the setting's own zone: China's two, and where Chinese companies' service
# teams commonly sit abroad. Any other IANA name can be typed.
COMMON_ZONES = ("Asia/Shanghai", "Asia/Urumqi", "Asia/Hong_Kong", "Asia/Singapore", "Europe/Berlin")


def team_list(lang: str, teams: Sequence[Team], people: dict[int | None, int]) -> Raw:
    """Every team with its zone (flagged when unknown) and how many people it has."""
    lines = [
        t(
            lang,
            "teams.line",
            name=team.name,
            zone=team.timezone if is_valid_zone(team.timezone) else t(lang, "teams.bad_zone"),
            people=people.get(team.id, 0),
        )
        for team in teams
    ]
    return t(lang, "teams.list", count=len(teams), lines=Raw("\n".join(lines) or t(lang, "teams.empty")))


def team_card(lang: str, team: Team, people: int, note: str = "") -> str:
    """One team; `note` (what was just changed) above it."""
    card = t(lang, "teams.card", name=team.name, zone=team.timezone, people=people)
    return f"{note}\n\n{card}" if note else card


def team_choices(lang: str, teams: Sequence[Team]) -> Rows:
    """An admin's team picker (/invite, /customers): a team a row, Cancel last."""
    return one_a_row(lang, [(team.name, "team", str(team.id)) for team in teams])


def list_choices(lang: str, teams: Sequence[Team]) -> Rows:
    """/teams: one team a row, then New team with Cancel beside it."""
    new: Choice = (t(lang, "teams.new"), "new", "-")
    return [*([(team.name[:60], "team", str(team.id))] for team in teams), [new, cancel(lang)]]


def card_choices(lang: str) -> Rows:
    """Under a team's card: Rename and Time zone, then Back with Cancel beside it."""
    rename: Choice = (t(lang, "teams.rename"), "rename", "-")
    return [
        [rename, (t(lang, "teams.zone"), "zone", "-")],
        [(t(lang, "common.back"), "list", "-"), cancel(lang)],
    ]


def zone_choices(lang: str, own_zone: str) -> Rows:
    """The suggested time zones (the setting's own first) two a row, Cancel under them."""
    choices: list[Choice] = [(zone, "z", zone) for zone in dict.fromkeys((own_zone, *COMMON_ZONES))]
    return [*(choices[i : i + 2] for i in range(0, len(choices), 2)), [cancel(lang)]]
