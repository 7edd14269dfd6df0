"""Scorecard arithmetic for both shipped schemes, with answers worked out by hand."""

from __future__ import annotations

from pathlib import Path

import pytest

from domain.scoring import (
    Facts,
    SchemeError,
    kpi_band_score,
    load_schemes,
    monthly_total,
    parse_scheme,
    score_item,
    shipped_schemes,
    yearly_score,
)

SCHEMES = shipped_schemes()
MONTHLY = SCHEMES["field_rep_monthly"]
KPI = SCHEMES["after_sales_kpi"]


def test_both_seed_schemes_ship_and_add_up() -> None:
    assert set(SCHEMES) >= {"field_rep_monthly", "after_sales_kpi"}
    assert sum(item.max_points for item in MONTHLY.items) == 100
    assert [item.weight for item in KPI.items] == [18, 23, 16, 8, 15, 10, 10]
    assert MONTHLY.item("whereabouts").title("zh") == "去向"


def test_whereabouts_lose_two_points_per_time_not_found_never_below_zero() -> None:
    item = MONTHLY.item("whereabouts")
    assert score_item(item, Facts(counts={"whereabouts_not_found": 0})) == 10
    assert score_item(item, Facts(counts={"whereabouts_not_found": 3})) == 4
    assert score_item(item, Facts(counts={"whereabouts_not_found": 7})) == 0


def test_training_loses_three_per_absence() -> None:
    assert score_item(MONTHLY.item("training"), Facts(counts={"training_absences": 2})) == 4


def test_judged_items_have_no_automatic_score() -> None:
    assert score_item(MONTHLY.item("work_quality"), Facts()) is None


@pytest.mark.parametrize(
    ("expected", "on_time", "missed", "in_a_row", "points"),
    [
        (5, 5, 0, 0, 10.0),  # all on time
        (5, 0, 5, 5, 0.0),  # none at all scores 0
        (5, 4, 1, 1, 8.0),  # one missed: 10 x (1 - 1/5)
        (5, 3, 2, 2, 4.0),  # two missed in a row: the second counts double, 10 x (1 - 3/5)
        (5, 3, 2, 1, 6.0),  # two missed apart: 10 x (1 - 2/5)
        (5, 4, 0, 0, 8.0),  # one late, none missed
        (0, 0, 0, 0, 10.0),  # nothing was due
    ],
)
def test_reports_on_time_with_the_double_penalty(
    expected: int, on_time: int, missed: int, in_a_row: int, points: float
) -> None:
    facts = Facts(
        expected_reports=expected, on_time_reports=on_time, missed_reports=missed, missed_in_a_row=in_a_row
    )
    assert score_item(MONTHLY.item("reports"), facts) == pytest.approx(points)


def test_monthly_score_blends_daily_work_and_attendance() -> None:
    points = {item.key: item.max_points for item in MONTHLY.items}
    points["work_quality"] = 8  # judged: -2
    points["special_deductions"] = -5
    # daily work 100 - 2 - 5 = 93; attendance 2 absent days = 92; 93 x 0.7 + 92 x 0.3 = 92.7
    assert monthly_total(MONTHLY, points, attendance=92) == pytest.approx(92.7)


@pytest.mark.parametrize(
    ("value", "score"),
    [
        (0.95, 70.0),  # on target
        (0.975, 90.0),  # band edge: far above target starts
        (1.0, 100.0),
        (0.855, 60.0),  # band edge: 10 % short of the target
        (0.9025, 65.0),  # halfway through the on-target band
        (0.0, 0.0),
    ],
)
def test_repair_on_time_bands(value: float, score: float) -> None:
    item = KPI.item("repair_on_time")
    assert score_item(item, Facts(rates={"repair_on_time": value})) == pytest.approx(score)


def test_lower_is_better_kpis_and_flat_past_the_ends() -> None:
    cost = KPI.item("service_cost_ratio").points
    assert kpi_band_score(0.45, cost) == 70
    assert kpi_band_score(0.36, cost) == 90
    assert kpi_band_score(2.0, cost) == 0
    complaints = KPI.item("complaints").points
    assert kpi_band_score(0, complaints) == 100
    assert kpi_band_score(1, complaints) == 60
    assert kpi_band_score(9, complaints) == 0


def test_kpi_total_is_the_weighted_sum() -> None:
    scores = {item.key: 100.0 for item in KPI.items}
    scores["service_cost_ratio"] = 70.0  # 18 % of 30 points lost = 5.4
    scores["complaints"] = 60.0  # 10 % of 40 = 4
    assert monthly_total(KPI, scores, attendance=0) == pytest.approx(90.6)


def test_a_kpi_with_nothing_to_measure_is_left_for_a_person() -> None:
    assert score_item(KPI.item("satisfaction"), Facts()) is None


def test_yearly_score_is_the_mean_of_the_months() -> None:
    assert yearly_score([80, 90, 55.5]) == pytest.approx(75.1666, rel=1e-4)
    assert yearly_score([]) is None


GOOD = '[scheme]\nkey = "acme"\nkind = "points"\n[[items]]\nkey = "tidy"\nrule = "judged"\nmax = 100\n'


def test_a_company_adds_its_own_scheme_without_code(tmp_path: Path) -> None:
    (tmp_path / "acme.toml").write_text(GOOD, "utf-8")
    schemes = load_schemes(tmp_path)
    assert schemes["acme"].item("tidy").judged
    assert "field_rep_monthly" in schemes


KPI_HEAD = "[scheme]\nkind = 'kpi'\n[[items]]\nkey='a'\nrule='kpi'\n"


@pytest.mark.parametrize(
    ("text", "says"),
    [
        ("[scheme]\nkind = 'points'\n", "no [[items]]"),
        ("[scheme]\nkind = 'bonus'\n", "kind must be"),
        ("[scheme]\nkind = 'points'\n[[items]]\nkey = 'a'\nrule = 'guess'\n", "rule, one of"),
        (f"{KPI_HEAD}weight=50\npoints=[[0,0],[1,100]]\n", "not 100"),
        (f"{KPI_HEAD}weight=100\npoints=[[1,0],[0,100]]\n", "rising"),
        ("[scheme\n", "not valid TOML"),
    ],
)
def test_a_bad_scheme_file_names_the_file_and_the_fix(text: str, says: str) -> None:
    with pytest.raises(SchemeError, match=r"acme\.toml") as caught:
        parse_scheme("acme.toml", text)
    assert says in str(caught.value)


def test_the_company_folder_is_a_setting_checked_at_start(tmp_path: Path) -> None:
    from domain.settings import SettingsError, load_settings

    assert load_settings(_env_file=None, scoring_schemes_dir="").scoring_schemes_dir is None
    (tmp_path / "acme.toml").write_text('[scheme]\nkind = "bonus"\n', "utf-8")
    with pytest.raises(SettingsError) as caught:
        load_settings(_env_file=None, scoring_schemes_dir=str(tmp_path))
    message = str(caught.value)
    assert "SCORING_SCHEMES_DIR" in message and "acme.toml" in message and "kind must be" in message
    assert "\n" not in message
    with pytest.raises(SettingsError, match="not a folder"):
        load_settings(_env_file=None, scoring_schemes_dir=str(tmp_path / "missing"))
    (tmp_path / "acme.toml").write_text(GOOD, "utf-8")
    assert load_settings(_env_file=None, scoring_schemes_dir=str(tmp_path)).scoring_schemes_dir == tmp_path


def test_a_kpi_with_nothing_to_measure_is_left_out_of_the_weights() -> None:
    # A rep given no repairs or commissioning this month: only complaints (100, weight 10) and reports
    # (60, weight 10) were measured: (1000 + 600) / 20 = 80, not (1000 + 600) / 100 = 16 and a flag.
    scores: dict[str, float | None] = {item.key: None for item in KPI.items}
    scores["complaints"], scores["reports_on_time"] = 100.0, 60.0
    assert monthly_total(KPI, scores, attendance=0) == pytest.approx(80.0)
    assert monthly_total(KPI, dict.fromkeys(scores), attendance=0) == 0.0
