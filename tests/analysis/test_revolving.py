"""The revolving door: each rule of RECORDS.md on a graph built for it, then a property
test against a deliberately naive reading of the rules, and the same reading applied to
the record files themselves."""

from __future__ import annotations

import csv
from datetime import date
from pathlib import Path

import pytest
from detnet.graph.errors import UsageError
from detnet.queries.revolving import (
    facilities_by_rearrests,
    rearrests_by_official,
    revolving_door,
    same_official_rearrests,
)
from hypothesis import given, settings
from hypothesis import strategies as st

import detnet

from .graphs import Order, build


def pairs(rows) -> list[tuple[str, str]]:
    return [(r["release_order_id"], r["rearrest_order_id"]) for r in rows]


# --- each rule on its own graph ---------------------------------------------------------


def test_a_release_then_an_arrest_is_one_rearrest_with_every_column():
    G = build(
        [
            Order("A1", "arrest", "2024-01-10", "P1", "F1", "C1"),
            Order("R1", "release", "2024-02-10", "P1", "F2", "C1"),
            Order("A2", "arrest", "2024-03-01", "P1", "F1", "C2"),
        ],
        names={"P1": "Zorana Quintovar", "F1": "Judge Ploxulo"},
    )
    assert revolving_door(G) == [
        {
            "person_id": "P1",
            "person_name": "Zorana Quintovar",
            "release_order_id": "R1",
            "release_date": "2024-02-10",
            "release_status": "verified",
            "rearrest_order_id": "A2",
            "rearrest_date": "2024-03-01",
            "official_id": "F1",
            "official_name": "Judge Ploxulo",
            "days_free": 20,
            "same_official": True,
            "previous_official_id": "F1",
            "facility_id": "C2",
            "days_free_min": 20,
            "days_free_max": 20,
            "dates_exact": True,
            "release_inferred": False,
            "rearrest_inferred": False,
            "person_ids": ["P1"],
            "institution_id": None,
            "institution_name": None,
            "release_conditions": [],
        }
    ]
    assert list(revolving_door(G)[0]) == list(revolving_door.columns)


def test_a_claimed_release_counts_only_with_include_claimed():
    G = build(
        [
            Order("A1", "arrest", "2024-01-10", "P1"),
            Order("R1", "release", "2024-02-10", "P1", status="claimed"),
            Order("A2", "arrest", "2024-03-01", "P1"),
        ]
    )
    assert revolving_door(G) == []
    rows = revolving_door(G, include_claimed=True)
    assert pairs(rows) == [("R1", "A2")]
    assert rows[0]["release_status"] == "claimed"


def test_a_disputed_release_never_counts():
    G = build(
        [
            Order("A1", "arrest", "2024-01-10", "P1"),
            Order("R1", "release", "2024-02-10", "P1", status="disputed"),
            Order("A2", "arrest", "2024-03-01", "P1"),
        ]
    )
    assert revolving_door(G) == []
    assert revolving_door(G, include_claimed=True) == []


def test_two_releases_before_one_arrest_pair_the_latest_counted_one():
    G = build(
        [
            Order("A1", "arrest", "2024-01-10", "P1"),
            Order("R1", "release", "2024-02-01", "P1"),
            Order("R2", "release", "2024-02-15", "P1"),
            Order("R3", "release", "2024-02-20", "P1", status="disputed"),
            Order("R4", "release", "2024-02-25", "P1", status="claimed"),
            Order("A2", "arrest", "2024-03-01", "P1"),
        ]
    )
    assert pairs(revolving_door(G)) == [("R2", "A2")]
    assert pairs(revolving_door(G, include_claimed=True)) == [("R4", "A2")]
    assert revolving_door(G)[0]["days_free"] == 15


def test_only_the_first_arrest_after_a_release_is_a_rearrest():
    G = build(
        [
            Order("R1", "release", "2024-02-01", "P1"),
            Order("A2", "arrest", "2024-03-01", "P1"),
            Order("A3", "arrest", "2024-04-01", "P1"),
            Order("R2", "release", "2024-05-01", "P1"),
            Order("A4", "arrest", "2024-05-03", "P1"),
        ]
    )
    assert pairs(revolving_door(G)) == [("R1", "A2"), ("R2", "A4")]


def test_transfers_and_sentences_interrupt_nothing():
    G = build(
        [
            Order("A1", "arrest", "2024-01-10", "P1", "F1"),
            Order("T1", "transfer", "2024-01-20", "P1", "F2"),
            Order("S1", "sentence", "2024-01-25", "P1", "F3"),
            Order("R1", "release", "2024-02-10", "P1"),
            Order("T2", "transfer", "2024-02-20", "P1", "F2"),
            Order("S2", "sentence", "2024-02-21", "P1", "F1"),
            Order("A2", "arrest", "2024-03-01", "P1", "F1"),
        ]
    )
    rows = revolving_door(G)
    assert pairs(rows) == [("R1", "A2")]
    # The arrest before the release is A1 (F1), not the transfer or sentence after it.
    assert rows[0]["previous_official_id"] == "F1" and rows[0]["same_official"] is True


def test_an_unknown_official_is_none_and_never_the_same_official():
    G = build(
        [
            Order("A1", "arrest", "2024-01-10", "P1"),
            Order("R1", "release", "2024-02-10", "P1"),
            Order("A2", "arrest", "2024-03-01", "P1"),
        ]
    )
    [row] = revolving_door(G)
    assert row["official_id"] is None and row["official_name"] is None
    assert row["previous_official_id"] is None and row["facility_id"] is None
    assert row["same_official"] is False


@pytest.mark.parametrize(
    ("before", "rearrest_by", "same"),
    [("F1", "F1", True), ("F1", "F2", False), (None, "F1", False), ("F1", None, False)],
)
def test_same_official_both_ways(before, rearrest_by, same):
    G = build(
        [
            Order("A1", "arrest", "2024-01-10", "P1", before),
            Order("R1", "release", "2024-02-10", "P1", "F9"),
            Order("A2", "arrest", "2024-03-01", "P1", rearrest_by),
        ]
    )
    [row] = revolving_door(G)
    assert row["same_official"] is same
    assert row["previous_official_id"] == before


def test_with_no_arrest_before_the_release_nothing_is_the_same_official():
    G = build(
        [
            Order("R1", "release", "2024-02-10", "P1", "F1"),
            Order("A2", "arrest", "2024-03-01", "P1", "F1"),
        ]
    )
    [row] = revolving_door(G)
    assert row["previous_official_id"] is None and row["same_official"] is False


@pytest.mark.parametrize(
    ("release", "arrest", "days_free"),
    [
        ("2024-03-01", "2024-03-01", None),  # exact tie: the arrest is not after
        ("2024-03-01T10:00:00", "2024-03-01T10:00:00", None),
        ("2024-03-01T10:00:00", "2024-03-01T09:00:00", None),
        ("2024-03-01T10:00:00", "2024-03-01T11:00:00", 0),
        ("2024-03-01", "2024-03-01T08:00:00", 0),  # no time is the start of the day
        ("2024-03-01T08:00:00", "2024-03-01", None),
        ("2024-03-01T23:00:00", "2024-03-02T01:00:00", 1),  # days count calendar dates
    ],
)
def test_time_of_day_breaks_ties(release, arrest, days_free):
    G = build(
        [
            Order("A1", "arrest", "2024-01-01", "P1"),
            Order("R1", "release", release, "P1"),
            Order("A2", "arrest", arrest, "P1"),
        ]
    )
    rows = revolving_door(G)
    assert [r["days_free"] for r in rows] == ([] if days_free is None else [days_free])


def test_persons_are_never_mixed():
    G = build(
        [
            Order("R1", "release", "2024-02-01", "P1"),
            Order("A2", "arrest", "2024-03-01", "P2"),
        ]
    )
    assert revolving_door(G) == []


# --- filters, order, errors -------------------------------------------------------------


@pytest.fixture
def three_rearrests():
    return build(
        [
            Order("R1", "release", "2024-01-01", "P1"),
            Order("A1", "arrest", "2024-01-11", "P1", "F1", "C1"),  # 10 days
            Order("R2", "release", "2024-02-01", "P2"),
            Order("A2", "arrest", "2024-03-02T18:00:00", "P2", "F2", "C1"),  # 30 days
            Order("R3", "release", "2024-01-01", "P3"),
            Order("A3", "arrest", "2024-03-02", "P3", "F1", "C2"),  # 61 days
        ]
    )


def test_rows_are_sorted_by_rearrest_date_then_person(three_rearrests):
    assert [r["rearrest_order_id"] for r in revolving_door(three_rearrests)] == ["A1", "A3", "A2"]


def test_filters(three_rearrests):
    G = three_rearrests

    def ids(**filters):
        return [r["rearrest_order_id"] for r in revolving_door(G, **filters)]

    assert ids(official="F1") == ["A1", "A3"]
    assert ids(max_days=30) == ["A1", "A2"]
    assert ids(max_days=29) == ["A1"]
    assert ids(max_days=0) == []
    # since and until are inclusive, on the date part of the re-arrest date.
    assert ids(since="2024-03-02") == ["A3", "A2"]
    assert ids(until="2024-03-02") == ["A1", "A3", "A2"]
    assert ids(until="01/03/2024") == ["A1"]
    assert ids(since=date(2024, 1, 11), until=date(2024, 1, 11)) == ["A1"]


@pytest.mark.parametrize(
    ("filters", "message"),
    [
        ({"official": "F9"}, "unknown official 'F9'"),
        ({"since": "2024-13-01"}, "since: no such date: '2024-13-01'"),
        (
            {"until": "soon"},
            "until: not a date: 'soon' (expected a day, month, year or range, e.g. 2019-03-10, 10/03/2019, marzo 2019, 2019)",
        ),
        ({"max_days": -1}, "max_days: expected a whole number, 0 or more, not -1"),
    ],
)
def test_bad_parameters_name_what_is_wrong(three_rearrests, filters, message):
    for query in (revolving_door, rearrests_by_official):
        with pytest.raises(UsageError) as caught:
            query(three_rearrests, **filters)
        assert str(caught.value) == message


def test_rearrests_by_official():
    G = build(
        [
            Order("R1", "release", "2024-01-01", "P1"),
            Order("A1", "arrest", "2024-01-11", "P1", "F2"),  # 10
            Order("R2", "release", "2024-02-01", "P1"),
            Order("A2", "arrest", "2024-02-04", "P1", "F2"),  # 3
            Order("R3", "release", "2024-01-01", "P2"),
            Order("A3", "arrest", "2024-01-08", "P2", "F1"),  # 7
            Order("R4", "release", "2024-01-01", "P3"),
            Order("A4", "arrest", "2024-01-21", "P3", "F1"),  # 20
            Order("R5", "release", "2024-01-01", "P4"),
            Order("A5", "arrest", "2024-01-02", "P4"),  # 1, unknown official
            Order("R6", "release", "2024-01-01", "P5"),
            Order("A6", "arrest", "2024-01-05", "P5"),  # 4, unknown official
            Order("R7", "release", "2024-01-01", "P6"),
            Order("A7", "arrest", "2024-01-05", "P6", "F3"),  # 4
        ],
        names={"F1": "One", "F2": "Two", "F3": "Three"},
    )
    assert rearrests_by_official(G) == [
        {"official_id": "F1", "official_name": "One", "rearrests": 2, "persons": 2,
         "median_days_free": 13.5},
        {"official_id": "F2", "official_name": "Two", "rearrests": 2, "persons": 1,
         "median_days_free": 6.5},
        {"official_id": "F3", "official_name": "Three", "rearrests": 1, "persons": 1,
         "median_days_free": 4},
        {"official_id": None, "official_name": None, "rearrests": 2, "persons": 2,
         "median_days_free": 2.5},
    ]  # fmt: skip
    assert [r["official_id"] for r in rearrests_by_official(G, max_days=5)] == ["F2", "F3", None]


def test_same_official_rearrests_and_facilities():
    G = build(
        [
            Order("A0", "arrest", "2024-01-01", "P1", "F1"),
            Order("R1", "release", "2024-02-01", "P1"),
            Order("A1", "arrest", "2024-02-11", "P1", "F1", "C1"),
            Order("A9", "arrest", "2024-01-01", "P2", "F2"),
            Order("R2", "release", "2024-02-01", "P2"),
            Order("A2", "arrest", "2024-02-05", "P2", "F1", "C1"),
            Order("R3", "release", "2024-02-01", "P3"),
            Order("A3", "arrest", "2024-02-05", "P3", "F1"),
        ]
    )
    assert same_official_rearrests(G) == [
        {
            "official_id": "F1",
            "official_name": "Name of F1",
            "person_id": "P1",
            "person_name": "Name of P1",
            "arrest_order_id": "A0",
            "release_order_id": "R1",
            "rearrest_order_id": "A1",
            "days_free": 10,
        }
    ]
    assert facilities_by_rearrests(G) == [
        {"facility_id": "C1", "facility_name": "Name of C1", "rearrested_persons": 2,
         "rearrests": 2},
        {"facility_id": None, "facility_name": None, "rearrested_persons": 1, "rearrests": 1},
    ]  # fmt: skip


# --- against a naive reading of RECORDS.md ----------------------------------------------


def naive_revolving_door(orders: list[Order], include_claimed: bool) -> set[tuple]:
    """RECORDS.md read literally, quadratic on purpose: for each counted release, the
    first arrest of the same person after it; of the releases that share that arrest,
    the latest. Order: date string, an arrest before a release at the same instant, then
    id."""
    counted = {"verified", "claimed"} if include_claimed else {"verified"}

    def when(o: Order) -> tuple:
        return (o.date, 0 if o.kind == "arrest" else 1, o.id)

    paired: dict[Order, Order] = {}
    for release in orders:
        if release.kind != "release" or release.status not in counted:
            continue
        after = [
            a
            for a in orders
            if a.kind == "arrest" and a.person == release.person and when(a) > when(release)
        ]
        if not after:
            continue
        arrest = min(after, key=when)
        if arrest not in paired or when(release) > when(paired[arrest]):
            paired[arrest] = release
    rows = set()
    for arrest, release in paired.items():
        before = [
            a
            for a in orders
            if a.kind == "arrest" and a.person == release.person and when(a) < when(release)
        ]
        previous = max(before, key=when) if before else None
        days = (date.fromisoformat(arrest.date[:10]) - date.fromisoformat(release.date[:10])).days
        same = arrest.official is not None and previous is not None
        same = same and previous.official == arrest.official
        rows.add(
            (
                arrest.person,
                release.id,
                release.date,
                release.status,
                arrest.id,
                arrest.date,
                arrest.official,
                days,
                same,
                previous.official if previous else None,
                arrest.facility,
            )
        )
    return rows


def as_tuples(rows) -> set[tuple]:
    keys = ("person_id", "release_order_id", "release_date", "release_status",
            "rearrest_order_id", "rearrest_date", "official_id", "days_free", "same_official",
            "previous_official_id", "facility_id")  # fmt: skip
    return {tuple(r[k] for k in keys) for r in rows}


order_lists = st.lists(
    st.tuples(
        st.sampled_from(["P1", "P2", "P3"]),
        st.sampled_from(["arrest", "arrest", "release", "release", "transfer", "sentence"]),
        st.integers(0, 12),  # day
        st.sampled_from([None, None, "08:00:00", "12:00:00"]),  # time of day, if known
        st.sampled_from(["verified", "verified", "claimed", "disputed"]),
        st.sampled_from([None, "F1", "F2"]),
        st.sampled_from([None, "C1"]),
    ),
    max_size=25,
)


def to_orders(drawn) -> list[Order]:
    orders = []
    for i, (person, kind, day, time, status, official, facility) in enumerate(drawn):
        when = date(2024, 1, 1 + day).isoformat() + (f"T{time}" if time else "")
        orders.append(Order(f"O{i:02d}", kind, when, person, official, facility, status))
    return orders


@settings(max_examples=300, deadline=None)
@given(order_lists, st.booleans())
def test_matches_a_naive_reading_of_the_rules(drawn, include_claimed):
    orders = to_orders(drawn)
    rows = revolving_door(build(orders), include_claimed=include_claimed)
    assert as_tuples(rows) == naive_revolving_door(orders, include_claimed)
    assert len(rows) == len(as_tuples(rows))


@settings(max_examples=100, deadline=None)
@given(order_lists, st.integers(0, 12))
def test_by_official_adds_up_to_the_rows(drawn, max_days):
    G = build(to_orders(drawn))
    rows = revolving_door(G, max_days=max_days)
    by_official = rearrests_by_official(G, max_days=max_days)
    assert sum(r["rearrests"] for r in by_official) == len(rows)
    for group in by_official:
        mine = [r for r in rows if r["official_id"] == group["official_id"]]
        assert group["rearrests"] == len(mine)
        assert group["persons"] == len({r["person_id"] for r in mine})
        days = sorted(r["days_free"] for r in mine)
        middle = len(days) // 2
        expected = days[middle] if len(days) % 2 else (days[middle - 1] + days[middle]) / 2
        assert group["median_days_free"] == expected


def orders_from_files(folder: Path) -> list[Order]:
    """Orders straight from orders.csv, without the loader: ids, ISO dates as the
    generator writes them (a time without seconds gains ':00', as stored)."""
    orders = []
    with open(folder / "orders.csv", encoding="utf-8") as f:
        for row in csv.DictReader(f):
            when = row["date"] + (":00" if len(row["date"]) == 16 else "")
            orders.append(
                Order(
                    row["id"],
                    row["kind"],
                    when,
                    row["person_id"],
                    row["official_id"] or None,
                    row["facility_id"] or None,
                    row["status"] or "verified",
                )
            )
    return orders


@pytest.mark.parametrize("include_claimed", [False, True])
def test_the_synthetic_sample_matches_the_naive_reading_of_its_files(
    synthetic_graph, include_claimed
):
    expected = naive_revolving_door(
        orders_from_files(detnet.sample_path("synthetic")), include_claimed
    )
    rows = revolving_door(synthetic_graph, include_claimed=include_claimed)
    assert len(expected) > 20  # the sample does show the pattern
    assert as_tuples(rows) == expected


def test_a_generated_graph_matches_the_naive_reading_of_its_files(tmp_path):
    detnet.generate(tmp_path / "records", persons=400, seed=11)
    G = build()
    detnet.load(tmp_path / "records", graph=G, strict=True)
    expected = naive_revolving_door(orders_from_files(tmp_path / "records"), True)
    assert as_tuples(revolving_door(G, include_claimed=True)) == expected
