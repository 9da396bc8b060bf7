"""How the queries that follow people through time treat an imprecise date (RECORDS.md A):
each from its first possible day, as their help and docs/analysis.md say."""

from __future__ import annotations

import pytest
from click.testing import CliRunner
from detnet.queries.custody import custody_gaps, detained_on
from detnet.queries.officials import official_orders_by_year, official_profile
from detnet.queries.revolving import revolving_door
from detnet.queries.timeline import timeline

from detnet.cli import cli

from .graphs import Order, build


@pytest.fixture(scope="module")
def G():
    return build(
        [
            Order("A1", "arrest", "2024-03", "P1", "F1", "C1"),  # some day in March
            Order("R1", "release", "2024-04/2024-05", "P1", "F1"),
            Order("A2", "arrest", "2024-06-10~", "P1", "F1", "C1"),
            Order("A3", "arrest", "2019/2020", "P2", "F1"),  # no facility: a custody gap
            Order("T3", "transfer", "circa 2020-02", "P2", "F2", "C2"),
        ]
    )


def test_detained_on_counts_a_fact_from_its_first_possible_day(G):
    assert [r["person_id"] for r in detained_on(G, day="2024-02-29")] == ["P2"]
    assert [r["person_id"] for r in detained_on(G, day="2024-03-01")] == ["P1", "P2"]
    # A month or a year as the day: its last day.
    assert [r["person_id"] for r in detained_on(G, day="2024-02")] == ["P2"]
    assert [r["person_id"] for r in detained_on(G, day="2024-03")] == ["P1", "P2"]
    # Released in April or May: free from 1 April.
    assert [r["person_id"] for r in detained_on(G, day="2024-04-01")] == ["P2"]
    (row,) = detained_on(G, day="2024-03-15", facility="C1")
    assert (row["detained_since"], row["detention_order_id"]) == ("2024-03", "A1")
    assert detained_on(G, day="2018")[:] == [] and len(detained_on(G, day="2019")) == 1


def test_the_timeline_puts_a_fact_in_the_period_of_its_first_possible_day(G):
    rows = {r["period"]: r for r in timeline(G, period="month")}
    assert rows["2019-01-01"]["first_arrests"] == 1 and rows["2019-01-01"]["imprecise"] == 1
    assert rows["2020-02-01"]["imprecise"] == 1  # a month: more than its first day
    march, april, june = rows["2024-03-01"], rows["2024-04-01"], rows["2024-06-01"]
    assert (march["first_arrests"], march["imprecise"], march["detained_at_end"]) == (1, 1, 2)
    assert (april["verified_releases"], april["imprecise"], april["detained_at_end"]) == (1, 1, 1)
    # An approximate day spans no more than its day: not counted as imprecise.
    assert (june["rearrests"], june["imprecise"]) == (1, 0)


def test_custody_gaps_count_days_between_first_possible_days(G):
    (gap,) = custody_gaps(G)
    assert (gap["person_id"], gap["start_date"], gap["end_order_id"], gap["days"]) == (
        "P2", "2019/2020", "T3", 396)  # 2019-01-01 to 2020-02-01  # fmt: skip


def test_the_official_counts_an_order_in_the_year_of_its_first_possible_day(G):
    years = {r["year"]: r["orders"] for r in official_orders_by_year(G, official="F1")}
    assert years == {2019: 1, 2024: 3}
    row = official_profile(G, official="F1")[0]
    assert (row["first_order_date"], row["last_order_date"]) == ("2019/2020", "2024-06-10~")


def test_the_revolving_door_with_imprecise_dates(G):
    (row,) = revolving_door(G)
    assert (row["release_date"], row["rearrest_date"], row["days_free"], row["days_free_min"],
            row["days_free_max"], row["dates_exact"]) == (
        "2024-04/2024-05", "2024-06-10~", 70, 10, 70, False)  # fmt: skip
    assert revolving_door(G, exact_dates=True) == []
    assert len(revolving_door(G, max_days=10)) == 1 and revolving_door(G, max_days=9) == []
    # --since and --until by overlap with the re-arrest's possible days
    assert len(revolving_door(G, since="2024-06-10")) == 1
    assert revolving_door(G, since="2024-06-11") == []
    assert len(revolving_door(G, until="2024-06")) == 1 and revolving_door(G, until="2024-05") == []


@pytest.mark.parametrize(
    "command, words",
    [
        ("detained-on", "A fact counts from its first possible day; a month or a year as DATE means its last day."),
        ("timeline", "A fact falls in the period of its first possible day"),
        ("custody-gaps", "Days run between first possible days"),
        ("official", "An order counts in the year of its first possible day"),
        ("revolving-door", "Dates are a day, a month, a year or a range"),
    ],
)  # fmt: skip
def test_the_help_says_how_an_imprecise_date_counts(command, words):
    text = CliRunner().invoke(cli, [command, "--help"], terminal_width=400).output
    assert words in " ".join(text.split())
