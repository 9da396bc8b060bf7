"""Who was held where on a day, and custody with whereabouts unknown."""

from __future__ import annotations

import pytest
from detnet.graph.errors import UsageError
from detnet.queries.custody import custody_gaps, detained_on, detained_on_by_facility

from .graphs import Order, build


@pytest.fixture
def moves():
    return build(
        [
            # P1: arrested to C1, moved to C2, release announced, then verified.
            Order("A1", "arrest", "2024-01-10", "P1", "F1", "C1"),
            Order("T1", "transfer", "2024-02-01", "P1", "F2", "C2"),
            Order("R1", "release", "2024-03-01", "P1", status="claimed"),
            Order("R2", "release", "2024-04-01T10:00:00", "P1", status="verified"),
            # P2: arrested with no facility named; a disputed release changes nothing.
            Order("A2", "arrest", "2024-01-20", "P2", "F2"),
            Order("R3", "release", "2024-02-15", "P2", status="disputed"),
            # P3: a sentence while held, then a verified release.
            Order("A3", "arrest", "2024-01-05", "P3", None, "C2"),
            Order("S3", "sentence", "2024-01-25", "P3", "F1", "C9"),
            Order("R4", "release", "2024-02-10", "P3"),
        ]
    )


def held(G, day, **kw):
    return [(r["person_id"], r["facility_id"], r["custody"]) for r in detained_on(G, day=day, **kw)]


def test_arrests_transfers_and_releases_move_people(moves):
    assert held(moves, "2024-01-04") == []
    assert held(moves, "2024-01-09") == [("P3", "C2", "held")]
    assert held(moves, "2024-01-10") == [("P1", "C1", "held"), ("P3", "C2", "held")]
    assert held(moves, "2024-01-31") == [
        ("P1", "C1", "held"),
        ("P3", "C2", "held"),
        ("P2", None, "held"),
    ]
    assert held(moves, "2024-02-10") == [("P1", "C2", "held"), ("P2", None, "held")]
    assert held(moves, "2024-03-15") == [("P1", "C2", "release_claimed"), ("P2", None, "held")]
    assert held(moves, "2024-04-02") == [("P2", None, "held")]


def test_every_column_of_a_row(moves):
    row = detained_on(moves, day="2024-03-15")[0]
    assert row == {
        "facility_id": "C2",
        "facility_name": "Name of C2",
        "person_id": "P1",
        "person_name": "Name of P1",
        "custody": "release_claimed",
        "detained_since": "2024-01-10",
        "detention_order_id": "A1",
        "official_id": "F1",
        "at_facility_since": "2024-02-01",
        "placement_order_id": "T1",
        "claimed_release_order_id": "R1",
        "from_list": False,
    }


def test_a_day_counts_every_order_dated_that_day_and_a_time_counts_up_to_that_instant(moves):
    # Released on 1 April at 10:00: held that morning, free at the end of the day.
    assert ("P1", "C2", "release_claimed") not in held(moves, "2024-04-01")
    assert ("P1", "C2", "release_claimed") in held(moves, "2024-04-01T09:59")
    assert ("P1", "C2", "release_claimed") not in held(moves, "2024-04-01T10:00")
    # DD/MM/YYYY works as in the records.
    assert held(moves, "10/02/2024") == held(moves, "2024-02-10")


def test_facility_filter_and_counts(moves):
    assert held(moves, "2024-03-15", facility="C2") == [("P1", "C2", "release_claimed")]
    assert detained_on_by_facility(moves, day="2024-01-31") == [
        {"facility_id": "C1", "facility_name": "Name of C1", "held": 1, "release_claimed": 0,
         "persons": 1, "from_lists": 0},
        {"facility_id": "C2", "facility_name": "Name of C2", "held": 1, "release_claimed": 0,
         "persons": 1, "from_lists": 0},
        {"facility_id": None, "facility_name": None, "held": 1, "release_claimed": 0,
         "persons": 1, "from_lists": 0},
    ]  # fmt: skip
    counts = detained_on_by_facility(moves, day="2024-03-15")
    assert [(r["facility_id"], r["held"], r["release_claimed"]) for r in counts] == [
        ("C2", 0, 1),
        (None, 1, 0),
    ]


@pytest.mark.parametrize(
    ("kw", "message"),
    [
        ({"day": "2024-02-30"}, "day: no such date: '2024-02-30'"),
        (
            {"day": "June"},
            "day: not a date: 'June' (expected a day, month, year or range, e.g. 2019-03-10, 10/03/2019, marzo 2019, 2019)",
        ),
        ({"day": "2024-02-01", "facility": "C7"}, "unknown facility 'C7'"),
    ],
)
def test_bad_parameters(moves, kw, message):
    for query in (detained_on, detained_on_by_facility):
        with pytest.raises(UsageError) as caught:
            query(moves, **kw)
        assert str(caught.value) == message


def gaps(G, **kw):
    return [
        (r["person_id"], r["start_order_id"], r["end_order_id"], r["facility_id"], r["days"])
        for r in custody_gaps(G, **kw)
    ]


def test_custody_gaps_start_with_no_facility_and_end_at_a_known_one_or_a_release():
    G = build(
        [
            # Arrested to nowhere known, found at C1 ten days later.
            Order("A1", "arrest", "2024-01-01", "P1", "F1"),
            Order("T1", "transfer", "2024-01-11", "P1", "F2", "C1"),
            # Moved from C1 to an unknown place, then released (from C3).
            Order("T2", "transfer", "2024-02-01", "P1", "F2"),
            Order("T3", "transfer", "2024-02-05", "P1"),  # still unknown: same gap
            Order("R1", "release", "2024-03-02", "P1", None, "C3"),
            # Taken to nowhere known; a release is announced but never verified.
            Order("A2", "arrest", "2024-05-01", "P2", "F3"),
            Order("R2", "release", "2024-05-10", "P2", status="claimed"),
            # The last order in the graph: the end of the records.
            Order("A3", "arrest", "2024-06-30", "P3", None, "C1"),
        ]
    )
    assert gaps(G) == [
        ("P2", "A2", None, None, 60),
        ("P1", "T2", "R1", "C3", 30),
        ("P1", "A1", "T1", "C1", 10),
    ]
    rows = custody_gaps(G)
    assert rows[0] == {
        "person_id": "P2",
        "person_name": "Name of P2",
        "start_order_id": "A2",
        "start_kind": "arrest",
        "start_date": "2024-05-01",
        "official_id": "F3",
        "previous_facility_id": None,
        "end_order_id": None,
        "end_kind": None,
        "end_date": None,
        "facility_id": None,
        "days": 60,
        "ongoing": True,
        "release_claimed": True,
    }
    assert rows[1]["previous_facility_id"] == "C1" and rows[1]["end_kind"] == "release"
    assert rows[1]["ongoing"] is False and rows[1]["release_claimed"] is False
    assert gaps(G, min_days=30) == gaps(G)[:2]
    assert gaps(G, min_days=61) == []


def test_a_person_always_at_known_facilities_has_no_gap(moves):
    assert [r["person_id"] for r in custody_gaps(moves)] == ["P2"]


def test_bad_min_days(moves):
    with pytest.raises(UsageError, match="^min_days: expected a whole number, 0 or more"):
        custody_gaps(moves, min_days=-2)
