"""Who decides, and what a release means (RECORDS.md): institutions and their parts, orders
signed by a body, the new order kinds, coded release conditions, on the hand-made folder
tests/data/institutions (read its orders alongside: every figure below is counted there).
The parity tests hold the Cypher twins to the same rows."""

from __future__ import annotations

import pytest
from detnet.graph.store import new_graph
from detnet.queries.custody import custody_gaps, detained_on
from detnet.queries.institutions import (
    institution_facilities,
    institution_officials,
    institution_parts,
    institution_persons,
    institution_profile,
)
from detnet.queries.officials import official_profile
from detnet.queries.revolving import (
    rearrest_conditions_by_institution,
    rearrest_conditions_by_official,
    rearrests_by_institution,
    revolving_door,
)
from detnet.queries.timeline import timeline

import detnet

FOLDER = "tests/data/institutions"


@pytest.fixture(scope="module")
def G():
    graph = new_graph()
    report = detnet.load(FOLDER, graph=graph, strict=True)
    assert report.exit_code == 0
    return graph


def picked(rows, *columns):
    return [tuple(r[c] for c in columns) for r in rows]


def test_each_rearrest_names_its_issuing_body_else_its_officials_institution(G):
    rows = revolving_door(G)
    assert picked(rows, "rearrest_order_id", "official_id", "institution_id", "institution_name") == [
        ("A2", "F1", "I-UNIT", "Invented Watch Unit Nine"),  # F1 belongs to I-UNIT
        # F3 names no institution, but the record judged the same (F3b) does.
        ("A4", "F3", "I-SVC", "Invented Watch Service"),
        ("A6", None, "I-COURT", "Invented Control Court No. 4"),  # signed by the court
    ]  # fmt: skip


def test_an_exile_is_a_release_and_a_death_ends_the_history(G):
    rows = revolving_door(G)
    assert ("X3", "A4") in picked(rows, "release_order_id", "rearrest_order_id")
    # P4 was arrested again after their death was recorded: no re-arrest, nothing after.
    assert "P4" not in {r["person_id"] for r in rows}


def test_release_conditions_are_the_codes_of_the_release_a_rearrest_followed(G):
    rows = revolving_door(G, include_claimed=True)
    assert picked(rows, "release_order_id", "release_conditions") == [
        ("R1", ["gag_order", "reporting"]),  # Spanish free text
        ("R9", ["gag_order", "travel_ban"]),  # an English and a Spanish spelling
        ("X3", ["bail"]),  # "Fianza de 500"
        ("R5", ["reporting"]),
    ]


@pytest.mark.parametrize(
    ("institution", "found"),
    [
        ("I-ROOT", ["A2", "A4"]),  # its parts, two levels down
        ("I-SVC", ["A2", "A4"]),
        ("I-UNIT", ["A2"]),
        ("I-COURT", ["A6"]),
    ],
)
def test_institution_keeps_rearrests_by_the_body_or_any_part_of_it(G, institution, found):
    assert [r["rearrest_order_id"] for r in revolving_door(G, institution=institution)] == found


def test_by_institution_counts_each_body_as_given_with_no_roll_up(G):
    rows = rearrests_by_institution(G, include_claimed=True)
    assert picked(rows, "institution_id", "rearrests", "persons", "median_days_free") == [
        ("I-COURT", 2, 2, 45.0),  # A6 (61 days) and, claimed release, A10 (29 days)
        ("I-SVC", 1, 1, 60),
        ("I-UNIT", 1, 1, 29),
    ]
    assert "I-ROOT" not in {r["institution_id"] for r in rows}


def test_the_seeds_question_by_institution(G):
    rows = rearrest_conditions_by_institution(G)
    assert picked(
        rows,
        "institution_id",
        "rearrests",
        "after_gag_order",
        "after_reporting",
        "after_gag_order_or_reporting",
        "persons_after_gag_order_or_reporting",
    ) == [("I-COURT", 1, 0, 1, 1, 1), ("I-SVC", 1, 0, 0, 0, 0), ("I-UNIT", 1, 1, 1, 1, 1)]


def test_the_seeds_question_by_official(G):
    rows = rearrest_conditions_by_official(G, include_claimed=True)
    assert picked(
        rows, "official_id", "rearrests", "after_gag_order", "after_gag_order_or_reporting"
    ) == [("F1", 1, 1, 1), ("F2", 1, 1, 1), ("F3", 1, 0, 0), (None, 1, 0, 1)]
    # Filtered like the revolving door: the same re-arrests, counted once each.
    assert sum(r["rearrests"] for r in rows) == len(revolving_door(G, include_claimed=True))
    only = rearrest_conditions_by_official(G, institution="I-ROOT")
    assert picked(only, "official_id", "rearrests") == [("F1", 1), ("F3", 1)]


def test_profile_counts_the_orders_of_the_body_its_officials_and_its_parts(G):
    (row,) = institution_profile(G, institution="I-SVC")
    assert row == {
        "institution_id": "I-SVC",
        "institution_name": "Invented Watch Service",
        "kind": "intelligence",  # spelled `inteligencia` in the file
        "jurisdiction": None,
        "parent_id": "I-ROOT",
        "parent_name": "Invented Ministry of Order",
        "parts": 1,
        "officials": 2,  # F3 (through F3b) and F1 of its part
        "facilities": 2,
        "orders": 6,
        "orders_signed": 1,  # A3
        "orders_by_officials": 1,  # A4, by F3
        "orders_by_parts": 4,  # A2, A5, A7, A8: I-UNIT's
        "arrests": 6,
        "releases": 0,
        "transfers": 0,
        "sentences": 0,
        "house_arrests": 0,
        "disappearances": 0,
        "exiles": 0,
        "deaths": 0,
        "persons": 4,
        "rearrests": 2,
        "median_days_free": 44.5,
        "first_order_date": "2024-01-01",
        "last_order_date": "2024-04-10",
    }


def test_profile_of_a_court_that_signs_releases_house_arrest_and_exile(G):
    (row,) = institution_profile(G, institution="I-COURT")
    assert picked([row], "orders", "orders_signed", "orders_by_officials", "releases",
                  "house_arrests", "exiles", "rearrests") == [(9, 5, 4, 3, 1, 1, 1)]  # fmt: skip
    (claimed,) = institution_profile(G, institution="I-COURT", include_claimed=True)
    assert claimed["rearrests"] == 2


def test_parts_add_up_to_the_profile(G):
    rows = institution_parts(G, institution="I-ROOT")
    assert picked(rows, "institution_id", "parent_id", "depth", "officials", "orders") == [
        ("I-ROOT", None, 0, 0, 0),
        ("I-SVC", "I-ROOT", 1, 1, 2),
        ("I-UNIT", "I-SVC", 2, 1, 4),
    ]
    (profile,) = institution_profile(G, institution="I-ROOT")
    assert sum(r["orders"] for r in rows) == profile["orders"] == profile["orders_by_parts"]
    assert sum(r["officials"] for r in rows) == profile["officials"]


def test_officials_facilities_and_persons_of_an_institution(G):
    officials = institution_officials(G, institution="I-ROOT")
    assert picked(officials, "official_id", "institution_id", "orders", "persons", "rearrests") == [
        ("F1", "I-UNIT", 3, 3, 1),
        ("F3", "I-SVC", 1, 1, 1),
    ]  # fmt: skip
    facilities = institution_facilities(G, institution="I-ROOT")
    assert picked(facilities, "facility_id", "operator_id", "orders", "persons") == [
        ("C2", "I-UNIT", 4, 3),  # every order naming it, whoever issued it
        ("C1", "I-SVC", 2, 2),
    ]
    persons = institution_persons(G, institution="I-ROOT")
    assert picked(persons, "person_id", "orders", "first_order_date") == [
        ("P2", 2, "2024-01-10"),
        ("P4", 2, "2024-01-01"),
        ("P1", 1, "2024-03-01"),
        ("P3", 1, "2024-01-05"),
    ]


def test_an_official_kept_under_two_records_belongs_where_either_says(G):
    (row,) = official_profile(G, official="F3b")
    assert (row["official_id"], row["institution_id"]) == ("F3", "I-SVC")


def test_house_arrest_and_disappearance_are_custody_death_and_exile_end_it(G):
    def custody(day):
        return {r["person_id"]: (r["custody"], r["facility_id"]) for r in detained_on(G, day=day)}

    assert custody("2024-01-20")["P4"] == ("whereabouts_unknown", None)
    assert custody("2024-02-15")["P3"] == ("house_arrest", None)
    later = custody("2024-03-15")
    assert "P4" not in later and "P2" not in later  # dead; exiled


def test_a_disappearance_opens_a_custody_gap_that_a_death_closes(G):
    rows = custody_gaps(G)
    assert picked(rows, "person_id", "start_kind", "end_kind", "days", "ongoing") == [
        ("P4", "disappearance", "death", 46, False)
    ]


def test_timeline_counts_the_new_kinds_in_columns_of_their_own(G):
    rows = {r["period"]: r for r in timeline(G)}
    columns = ("house_arrests", "disappearances", "exiles", "deaths", "verified_releases")
    assert picked([rows["2024-01-01"]], *columns) == [(0, 1, 0, 0, 0)]
    assert picked([rows["2024-02-01"]], *columns) == [(1, 0, 1, 0, 1)]  # an exile is not
    assert picked([rows["2024-03-01"]], *columns) == [(0, 0, 0, 1, 1)]  # counted twice


def test_an_unknown_institution_is_refused(G):
    with pytest.raises(detnet.DetnetError, match="unknown institution 'I-NOPE'"):
        institution_profile(G, institution="I-NOPE")


def test_a_body_kept_under_two_records_is_one(G):
    """I-UNIT-OLD, judged the same as I-UNIT, signed A7: the body is I-UNIT throughout."""
    assert institution_profile(G, institution="I-UNIT-OLD") == institution_profile(
        G, institution="I-UNIT"
    )
    (row,) = institution_profile(G, institution="I-UNIT")
    assert (row["orders_signed"], row["parent_id"]) == (1, "I-SVC")  # A7; I-UNIT's parent
    assert revolving_door(G, institution="I-UNIT-OLD") == revolving_door(G, institution="I-UNIT")
