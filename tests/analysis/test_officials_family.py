"""An official's profile, and family reprisals."""

from __future__ import annotations

import pytest
from detnet.graph.errors import UsageError
from detnet.queries.family import family_reprisals
from detnet.queries.officials import (
    official_co_officials,
    official_facilities,
    official_orders_by_year,
    official_persons,
    official_profile,
)

from .graphs import Order, build


@pytest.fixture
def judge():
    G = build(
        [
            # P1: F1 arrests, F2 releases, F1 re-arrests 30 days later (same official).
            Order("A1", "arrest", "2023-05-01", "P1", "F1", "C1"),
            Order("R1", "release", "2023-06-01", "P1", "F2", "C1"),
            Order("A2", "arrest", "2023-07-01", "P1", "F1", "C2"),
            # P2: F3 arrests, released, F1 re-arrests 11 days later (not the same).
            Order("A3", "arrest", "2024-01-01", "P2", "F3"),
            Order("R2", "release", "2024-02-01", "P2", "F3"),
            Order("A4", "arrest", "2024-02-12", "P2", "F1", "C1"),
            Order("T4", "transfer", "2024-03-01", "P2", "F1", "C2"),
            # P3: only a sentence by F1; F2 ordered the arrest.
            Order("A5", "arrest", "2024-04-01", "P3", "F2"),
            Order("S5", "sentence", "2024-05-01", "P3", "F1"),
        ]
    )
    G.nodes["Official:F1"].update(position="control court judge", institution="Tribunal")
    return G


def test_profile_counts_orders_persons_facilities_and_rearrests(judge):
    assert official_profile(judge, official="F1") == [
        {
            "official_id": "F1",
            "official_name": "Name of F1",
            "position": "control court judge",
            "institution": "Tribunal",
            "orders": 5,
            "arrests": 3,
            "releases": 0,
            "transfers": 1,
            "sentences": 1,
            "house_arrests": 0,
            "disappearances": 0,
            "exiles": 0,
            "deaths": 0,
            "persons": 3,
            "facilities": 2,
            "rearrests": 2,
            "rearrests_after_own_arrest": 1,
            "same_official_share": 0.5,
            "median_days_free": 20.5,
            "first_order_date": "2023-05-01",
            "last_order_date": "2024-05-01",
            "institution_id": None,
            "institution_name": None,
        }
    ]
    row = official_profile(judge, official="F3")[0]
    assert (row["rearrests"], row["same_official_share"], row["median_days_free"]) == (
        0,
        None,
        None,
    )
    assert row["position"] is None


def test_orders_by_year_facilities_persons_and_co_officials(judge):
    by_year = official_orders_by_year(judge, official="F1")
    assert [
        {k: r[k] for k in ("year", "arrests", "transfers", "sentences", "orders")} for r in by_year
    ] == [
        {"year": 2023, "arrests": 2, "transfers": 0, "sentences": 0, "orders": 2},
        {"year": 2024, "arrests": 1, "transfers": 1, "sentences": 1, "orders": 3},
    ]
    assert sum(r["releases"] + r["exiles"] + r["deaths"] for r in by_year) == 0
    assert official_facilities(judge, official="F1") == [
        {"facility_id": "C1", "facility_name": "Name of C1", "orders": 2, "persons": 2},
        {"facility_id": "C2", "facility_name": "Name of C2", "orders": 2, "persons": 2},
    ]
    assert [
        (r["person_id"], r["orders"], r["arrests"]) for r in official_persons(judge, official="F1")
    ] == [
        ("P1", 2, 2),
        ("P2", 2, 1),
        ("P3", 1, 0),
    ]
    assert official_co_officials(judge, official="F1") == [
        {"official_id": "F2", "official_name": "Name of F2", "persons": 2, "orders": 2},
        {"official_id": "F3", "official_name": "Name of F3", "persons": 1, "orders": 2},
    ]


def test_include_claimed_changes_the_rearrests():
    G = build(
        [
            Order("A1", "arrest", "2024-01-01", "P1", "F1"),
            Order("R1", "release", "2024-02-01", "P1", status="claimed"),
            Order("A2", "arrest", "2024-02-03", "P1", "F1"),
        ]
    )
    assert official_profile(G, official="F1")[0]["rearrests"] == 0
    assert official_profile(G, official="F1", include_claimed=True)[0]["rearrests"] == 1


@pytest.mark.parametrize(
    "query",
    [official_profile, official_orders_by_year, official_facilities, official_persons,
     official_co_officials],
)  # fmt: skip
def test_an_unknown_official_is_named(judge, query):
    with pytest.raises(UsageError) as caught:
        query(judge, official="F404")
    assert str(caught.value) == "unknown official 'F404'"


# --- family reprisals -------------------------------------------------------------------


@pytest.fixture
def family():
    return build(
        [
            Order("R1", "release", "2024-03-01", "P1", "F1"),  # P1 released (and speaks out)
            Order("A2", "arrest", "2024-03-15", "P2", "F1"),  # P1's daughter, 14 days later
            Order("A3", "arrest", "2024-05-30", "P3", "F2"),  # P1's father, 90 days later
            Order("R4", "release", "2024-06-01", "P4", "F3", status="disputed"),  # not a trigger
            Order("A5", "arrest", "2024-06-02", "P5", "F3"),
            Order("A6", "arrest", "2024-07-01", "P6"),  # same day, no time: not after
            Order("A7", "arrest", "2024-07-01", "P7", "F4"),
            Order("A8", "arrest", "2024-07-01T08:00:00", "P8", "F4"),  # with a time: after
        ],
        family=[
            ("P1", "P2", "child"),  # P2 is P1's child
            ("P3", "P1", "child"),  # P1 is P3's child, so P3 is P1's parent
            ("P4", "P5", "spouse"),
            ("P6", "P7", "sibling"),
            ("P7", "P8", "in_law"),
        ],
    )


def reprisals(G, **kw):
    return [
        (r["person_id"], r["trigger_order_id"], r["relative_id"], r["relation"],
         r["arrest_order_id"], r["days_after"], r["same_official"])
        for r in family_reprisals(G, **kw)
    ]  # fmt: skip


def test_relatives_arrested_after_a_persons_release_or_arrest(family):
    assert reprisals(family) == [
        ("P1", "R1", "P2", "child", "A2", 14, True),
        ("P1", "R1", "P3", "parent", "A3", 90, False),
        ("P7", "A7", "P8", "in_law", "A8", 0, True),
    ]
    assert reprisals(family, within=89) == reprisals(family)[::2]
    assert reprisals(family, within=0) == reprisals(family)[2:]


def test_every_column_of_a_reprisal(family):
    assert family_reprisals(family)[0] == {
        "person_id": "P1",
        "person_name": "Name of P1",
        "trigger_order_id": "R1",
        "trigger_kind": "release",
        "trigger_date": "2024-03-01",
        "trigger_official_id": "F1",
        "relative_id": "P2",
        "relative_name": "Name of P2",
        "relation": "child",
        "arrest_order_id": "A2",
        "arrest_date": "2024-03-15",
        "arrest_official_id": "F1",
        "days_after": 14,
        "same_official": True,
    }


def test_bad_within(family):
    with pytest.raises(UsageError) as caught:
        family_reprisals(family, within=-1)
    assert str(caught.value) == "within: expected a whole number, 0 or more, not -1"
