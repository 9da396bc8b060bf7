"""The rules of resolution by example: national ids, names, and what reaches the default
threshold (docs/RECORDS.md, "The same person, twice")."""

from __future__ import annotations

import pytest
from detnet.graph.text import national_id_key
from detnet.queries.resolve import (
    DEFAULT_MIN_SCORE,
    Features,
    candidate_pairs,
    name_words,
    score,
)


@pytest.mark.parametrize(
    "given, key",
    [
        ("V-12.345.678", "12345678"),
        ("v12345678", "12345678"),
        ("12345678", "12345678"),
        ("V 12 345 678", "12345678"),
        ("C.I. V-12.345.678", "12345678"),
        ("  v-12.345.678 ", "12345678"),
        ("E-12.345.678", "e12345678"),  # a foreigner's cédula: another id
        ("e12345678", "e12345678"),
        ("AB-123456", "ab123456"),  # a passport keeps its letters
        ("", None),
        ("s/n", None),
        (None, None),
    ],
)
def test_national_ids_are_compared_in_one_form(given, key):
    assert national_id_key(given) == key


def test_a_foreigners_cedula_is_not_a_venezuelans():
    assert national_id_key("E-12.345.678") != national_id_key("V-12.345.678")


# Names alone: pairs that must reach the default threshold, and pairs that must not.
SAME = [
    ("Zorvana Quillet Mora", "Zorvana Quillet Mora"),  # the same
    ("José Pérez Mora", "JOSE PEREZ MORA"),  # accents and capitals
    ("Zorvana Quillet Mora", "Quillet Mora, Zorvana"),  # surnames first
    ("Zorvana Quillet Mora", "Zorvana Mora Quillet"),  # surnames in either order
    ("Zorvana Quillet Mora", "Zorvana Quillet"),  # the second surname missing
    ("María José Pérez Mora", "María Pérez Mora"),  # a compound first name, halved
    ("María José Pérez", "Mariajosé Pérez"),  # a compound first name as one word
    ("José Gregorio Hernández", "J. Gregorio Hernández"),  # an initial
    ("Zorvana Quillet Mora", "Zorvana Quilet Mora"),  # a typo
    ("Zorvana Quillet Mora", "Zorvana Quillett"),  # a typo, and a surname missing
    ("Dra. Ana de la Peña", "Ana Peña"),  # a title and particles
    ("Aleksandr Shevchenko", "Александр Шевченко"),  # Cyrillic, and its romanisation
    ("Alexander Shevchenko", "Aleksandr Shevchenko"),  # two romanisations
    ("Mohammad Reza Salavati", "Mohammad Reza Salvati"),  # Persian, two spellings
    ("Muhammad Reza Salavati", "Mohammad Reza Salavati"),
    ("Abolghasem Salavati", "Abolqasem Salavati"),
    ("محمد رضا صالحی", "محمد رضا صالحي"),  # Persian script, typed with an Arabic ye
    ("Алексей Навальный", "Aleksei Navalny"),
    ("张伟", "Zhang Wei"),  # Chinese, and its pinyin
    ("Zhang Wei", "Chang Wei"),  # Wade-Giles and pinyin
]
DIFFERENT = [
    ("Ana Pérez Mora", "Ana Gómez Mora"),  # another surname
    ("Ana Pérez Mora", "Luisa Pérez Mora"),  # another given name: a sister
    ("Zorana Quintovar Vargeth", "Zorito Quintovar Vargeth"),
    ("Ana Pérez", "Pedro Gómez"),
    ("Ana Pérez Mora", "Ana"),  # one word in common is not a name
    ("Tribunal 2° de Control", "Tribunal 3° de Control"),
]


@pytest.mark.parametrize("left, right", SAME)
def test_these_names_are_candidates(left, right):
    found = score("Person", {"name": left}, {"name": right})
    assert found.score >= DEFAULT_MIN_SCORE, found


@pytest.mark.parametrize("left, right", DIFFERENT)
def test_these_names_are_not(left, right):
    label = "Facility" if left.startswith("Tribunal") else "Person"
    found = score(label, {"name": left}, {"name": right})
    assert found.score < DEFAULT_MIN_SCORE, found


@pytest.mark.parametrize("left, right", SAME)
def test_a_name_alone_never_scores_one(left, right):
    assert score("Person", {"name": left}, {"name": right}).score < 1


def test_equal_national_ids_score_one_whatever_the_spelling():
    found = score(
        "Person",
        {"name": "Tessik Brovar Ulm", "national_id": "V-10.000.002"},
        {"name": "T. Brovar", "national_id": "10000002"},
    )
    assert found.score == 1 and found.reasons[0] == "same national id"


@pytest.mark.parametrize(
    "left, right",
    [
        ({"national_id": "V-10.000.002"}, {"national_id": "V-10.000.003"}),
        ({"national_id": "V-10.000.002"}, {"national_id": "E-10.000.002"}),
        ({"birth_date": "1980-03-02"}, {"birth_date": "02/03/1981"}),
        ({"birth_date": "1980-03-02"}, {"birth_date": "1979"}),
        (
            {"birth_date": "1980-03-02", "sex": "F", "national_id": "V1"},
            {"birth_date": "1980-03-02", "sex": "F", "national_id": "V2"},
        ),
    ],
)
def test_different_ids_or_birth_dates_never_reach_the_default_threshold(left, right):
    name = {"name": "Zorvana Quillet Mora"}
    found = score("Person", {**name, **left}, {**name, **right})
    assert found.score < DEFAULT_MIN_SCORE, found
    assert any(r.startswith("different") for r in found.reasons)


def test_agreeing_evidence_raises_the_score_and_says_so():
    name = score("Person", {"name": "Zorvana Quillet Mora"}, {"name": "Zorvana Quillet"})
    more = score(
        "Person",
        {"name": "Zorvana Quillet Mora", "birth_date": "1980-03-02", "sex": "F",
         "facilities": ["C1", "C2"]},
        {"name": "Zorvana Quillet", "birth_date": "02/03/1980", "sex": "f", "facilities": ["C1"]},
    )  # fmt: skip
    assert name.score < more.score < 1
    assert more.reasons[1:] == ("same birth date", "same sex", "both held at C1")


def test_reasons_name_no_protected_value():
    """Reasons are shown with --redact too: they say what agreed, not the values."""
    found = score(
        "Person",
        {"name": "Zorvana Quillet Mora", "national_id": "V-10.000.009", "birth_date": "1980"},
        {"name": "Zorvana Quillet Mora", "national_id": "V-10.000.008", "birth_date": "1980"},
    )
    text = " ".join(found.reasons).lower()
    assert "zorvana" not in text and "10" not in text and "1980" not in text


def test_officials_and_facilities_are_scored_on_their_own_evidence():
    judge = score(
        "Official",
        {"name": "Commander Plix Varnom", "position": "intelligence commander", "persons": ["P2"]},
        {"name": "Cmdr. P. Varnom", "position": "intelligence commander", "persons": ["P2"]},
    )
    assert judge.score >= DEFAULT_MIN_SCORE and "same position" in judge.reasons
    prison = score(
        "Facility",
        {"name": "Fashafuyeh Prison", "kind": "prison", "state": "Tehran"},
        {"name": "Fashafoyeh", "kind": "prison", "state": "Tehran"},
    )
    assert prison.score >= DEFAULT_MIN_SCORE
    far = score(
        "Facility",
        {"name": "El Rodeo", "latitude": 10.3, "longitude": -66.7},
        {"name": "El Rodeo", "latitude": 8.1, "longitude": -63.5},
    )
    assert far.score < DEFAULT_MIN_SCORE and "more than 50 km apart" in far.reasons


def test_names_are_folded_once_for_every_script():
    """ICU (normality 3, or 2 with PyICU) and text-unidecode (normality 2 alone) romanise
    some letters differently (`Шевченко`: `sevcenko`, `shevchenko`): both are ASCII."""
    assert name_words("Алексей Навальный") == ("aleksei", "navalnyi")
    assert name_words("Александр Шевченко") in (
        ("aleksandr", "shevchenko"),
        ("aleksandr", "sevcenko"),
    )
    assert name_words("O’Brien-Núñez") == ("obrien", "nunez")
    assert name_words("Tribunal 2° de Control", "Facility") == ("tribunal", "2", "de", "control")
    assert name_words("Juez Néstor Reverol", "Official") == ("nestor", "reverol")


def test_blocking_never_compares_all_pairs():
    names = [f"{a} {b} {c}" for a in ("Ana", "Luisa", "Marta", "Rosa") for b in
             ("Pérez", "Gómez", "Mora", "Quillet") for c in ("Ulm", "Dran", "Hux", "Vex")]  # fmt: skip
    features = [Features.of("Person", {"id": str(i), "name": n}) for i, n in enumerate(names)]
    pairs = list(candidate_pairs(features))
    assert len(pairs) == len(set(pairs))
    assert len(pairs) < len(names) * (len(names) - 1) / 2
    # ... yet every pair sharing two words is among them
    index = {n: i for i, n in enumerate(names)}
    assert (index["Ana Pérez Ulm"], index["Ana Pérez Dran"]) in pairs
