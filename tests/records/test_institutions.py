"""Reading institutions, the new order kinds and release conditions (RECORDS.md, "Who
decides, and what a release means"): every spelling the contract lists, in CSV and JSON
Lines, Spanish file names and columns, the text of conditions kept beside its codes."""

from __future__ import annotations

import csv
import hashlib
import json

import pytest
from detnet.graph.schema import CONDITION_VALUES, ORDER_KIND_VALUES
from detnet.graph.store import new_graph
from detnet.graph.text import codes_in, fold

import detnet

from .helpers import basic, write


def load(folder):
    G = new_graph()
    report = detnet.load(folder, graph=G)
    return G, report


def order_row(kind: str, conditions: str = "") -> str:
    return (
        "id,kind,date,person_id,conditions\n"
        f'O1,arrest,2024-01-10,P1,\nO2,{kind},2024-02-10,P1,"{conditions}"\n'
    )


# Every spelling RECORDS-2 E lists for the new kinds (and each code itself).
KIND_SPELLINGS = [
    ("house_arrest", "house_arrest"),
    ("casa_por_carcel", "house_arrest"),
    ("Casa por cárcel", "house_arrest"),
    ("arresto_domiciliario", "house_arrest"),
    ("Arresto domiciliario", "house_arrest"),
    ("disappearance", "disappearance"),
    ("desaparicion", "disappearance"),
    ("Desaparición", "disappearance"),
    ("Desaparición forzada", "disappearance"),
    ("exile", "exile"),
    ("destierro", "exile"),
    ("exilio", "exile"),
    ("Expulsión", "exile"),
    ("death", "death"),
    ("fallecimiento", "death"),
    ("Muerte", "death"),
]


@pytest.mark.parametrize(("spelled", "kind"), KIND_SPELLINGS)
def test_every_spelling_of_the_new_kinds_is_read(tmp_path, spelled, kind):
    G, report = load(basic(tmp_path, orders_csv=order_row(spelled)))
    assert report.exit_code == 0, report.rejections
    assert G.nodes["Order:O2"]["kind"] == kind


def test_the_spellings_tested_are_those_the_schema_declares():
    declared = {
        (fold(s), v.name)
        for v in ORDER_KIND_VALUES
        if v.name in {"house_arrest", "disappearance", "exile", "death"}
        for s in (v.name, *v.spellings)
    }
    assert {(fold(s), k) for s, k in KIND_SPELLINGS} == declared


@pytest.mark.parametrize(
    ("text", "codes"),
    [
        ("prohibición de declarar", ["gag_order"]),
        ("Prohibicion de declarar a la prensa", ["gag_order"]),
        ("régimen de presentación cada 30 días", ["reporting"]),
        ("Régimen de presentación", ["reporting"]),
        ("prohibición de salida del país", ["travel_ban"]),
        ("fianza", ["bail"]),
        ("Libertad bajo fianza de 500 bolívares", ["bail"]),
        ("gag_order; reporting", ["gag_order", "reporting"]),
        ("travel_ban", ["travel_ban"]),
        ("other", ["other"]),
        ("medidas cautelares; prohibición de declarar", ["other", "gag_order"]),
        ("régimen de presentación y prohibición de salida del país", ["reporting", "travel_ban"]),
        ("medidas cautelares", ["other"]),
        ("habló en confianza", ["other"]),  # `fianza` only as a word of its own
        ("prohibition on speaking about their situation", ["gag_order"]),
    ],
)
def test_conditions_are_coded_from_codes_or_spanish_words_and_the_text_kept(tmp_path, text, codes):
    G, report = load(basic(tmp_path, orders_csv=order_row("release", text)))
    assert report.exit_code == 0, report.rejections
    order = G.nodes["Order:O2"]
    assert (order["conditions"], order["conditions_codes"]) == (text, codes)


def test_every_condition_code_has_its_spanish_words_as_the_contract_names_them():
    named = {v.name: v.doc for v in CONDITION_VALUES}
    assert named["gag_order"] == "prohibición de declarar"
    assert named["reporting"] == "régimen de presentación"
    assert named["travel_ban"] == "prohibición de salida del país"
    assert named["bail"] == "fianza"
    for v in CONDITION_VALUES[:-1]:  # `other`: any other condition
        assert codes_in(v.doc, CONDITION_VALUES) == [v.name]


def test_institutions_load_from_spanish_files_and_columns_with_their_hierarchy(tmp_path):
    folder = basic(
        tmp_path,
        instituciones_csv=(
            "id,nombre,tipo,padre_id,jurisdiccion\n"
            # A part may come before the body it is part of.
            "I2,Tribunal 2° de Control (invented),juzgado,I1,Trujillo\n"
            "I1,Invented Judicial Circuit,tribunal,,Trujillo\n"
            "I3,Invented Governorship,Gobernación,,\n"
        ),
        officials_csv="id,name,institucion_id\nF1,Judge Ploxulo,I2\n",
        facilities_csv="id,name,operador_id\nC1,Synthetic Centre,I3\n",
        orders_csv=(
            "id,kind,date,person_id,official_id,institucion_id\n"
            "O1,arrest,2024-01-10,P1,,I3\nO2,release,2024-02-10,P1,F1,I2\n"
        ),
    )
    G, report = load(folder)
    assert report.exit_code == 0, report.rejections
    assert G.nodes["Institution:I1"]["kind"] == "court"
    assert G.nodes["Institution:I3"]["kind"] == "executive"
    assert "PART_OF" in G["Institution:I2"]["Institution:I1"]
    assert "MEMBER_OF" in G["Official:F1"]["Institution:I2"]
    assert "OPERATES" in G["Institution:I3"]["Facility:C1"]
    assert "ISSUED" in G["Institution:I3"]["Order:O1"]  # signed by a body, no official
    assert {"ISSUED"} <= set(G["Official:F1"]["Order:O2"]) and "ISSUED" in G["Institution:I2"][
        "Order:O2"
    ]


def test_json_lines_institutions_and_conditions_given_as_a_list(tmp_path):
    lines = [
        {"type": "institucion", "id": "I1", "nombre": "Invented Service", "tipo": "inteligencia"},
        {"type": "person", "id": "P1", "name": "Zorana Quintovar"},
        {"type": "order", "id": "O1", "kind": "arrest", "date": "2024-01-10", "person_id": "P1",
         "institution_id": "I1"},
        {"type": "orden", "id": "O2", "tipo": "destierro", "fecha": "marzo 2024",
         "persona_id": "P1", "medidas": ["prohibición de declarar", "fianza"]},
    ]  # fmt: skip
    folder = write(tmp_path, records_jsonl="\n".join(json.dumps(x) for x in lines))
    G, report = load(folder)
    assert report.exit_code == 0, report.rejections
    assert G.nodes["Order:O2"]["kind"] == "exile"
    assert G.nodes["Order:O2"]["conditions"] == "prohibición de declarar; fianza"
    assert G.nodes["Order:O2"]["conditions_codes"] == ["gag_order", "bail"]


def test_an_institution_that_is_part_of_itself_is_rejected_with_the_reason(tmp_path):
    folder = write(tmp_path, institutions_csv="id,name,parent_id\nI1,One,I1\nI2,Two,\n")
    G, report = load(folder)
    assert [str(r) for r in report.rejections] == [
        f"{folder}/institutions.csv:2: parent_id: an institution cannot be part of itself"
    ]
    assert "Institution:I2" in G


def test_a_circle_of_parts_is_rejected_and_nothing_else(tmp_path):
    folder = write(
        tmp_path, institutions_csv="id,name,parent_id\nI1,One,I2\nI2,Two,I1\nI3,Three,\n"
    )
    G, report = load(folder)
    assert sorted(r.line for r in report.rejections) == [2, 3]
    assert "Institution:I3" in G and "Institution:I1" not in G


def test_an_unknown_kind_of_institution_names_the_accepted_ones(tmp_path):
    folder = write(tmp_path, institutions_csv="id,name,kind\nI1,One,tribunal supremo\n")
    _, report = load(folder)
    assert [str(r) for r in report.rejections] == [
        f"{folder}/institutions.csv:2: kind: unknown kind 'tribunal supremo' (expected one of court, "
        "executive, intelligence, legislature, military, other, police, prison_service, "
        "prosecutor)"
    ]


def test_generated_records_hold_institutions_and_what_they_sign(tmp_path):
    """`detnet generate`: a hierarchy of bodies, officials in them, facilities they run,
    orders signed by a body with no official, the new kinds spelled in Spanish, and
    Spanish conditions that the loader codes."""
    detnet.generate(tmp_path / "r", persons=800, seed=4)
    G, report = load(tmp_path / "r")
    assert report.exit_code == 0, report.rejections[:3]
    stats = detnet.stats(G)
    assert stats["nodes"]["Institution"] > 20
    ties = stats["relationships"]
    assert ties["PART_OF"] > 20 and ties["MEMBER_OF"] > 0 and ties["OPERATES"] > 0
    depth = max(
        len(detnet.institution_parts(G, institution=root)) for root in ("I-TSJ", "I-MININT")
    )
    assert depth > 3  # a body with parts, and parts of parts
    orders = [a for _, a in G.nodes(data=True) if a["label"] == "Order"]
    signed = [
        k
        for k, a in G.nodes(data=True)
        if a["label"] == "Order"
        and any(p.startswith("Institution:") for p in G.pred[k])
        and not any(p.startswith("Official:") for p in G.pred[k])
    ]
    assert len(signed) > 50
    assert {"house_arrest", "disappearance", "exile", "death"} <= {a["kind"] for a in orders}
    codes = {c for a in orders for c in a.get("conditions_codes", [])}
    assert {"gag_order", "reporting", "travel_ban", "bail", "other"} <= codes
    spelled = (tmp_path / "r" / "orders.csv").read_text(encoding="utf-8")
    assert "prohibición de declarar" in spelled and "casa por cárcel" in spelled
    assert detnet.rearrests_by_institution(G)[0]["institution_id"] is not None


# The part-1 orders of `generate(persons=150, seed=9)` as the generator wrote them before
# part 2 (id, kind, date, person, official, facility, status, one line each): SHA-256.
PART1_DIGEST = "7c97d085f8baa5c3"


def test_generating_institutions_leaves_the_part_1_records_as_they_were(tmp_path):
    """Part 2's records come from a generator of their own (seed + 1): the part-1 orders
    (ids O...) are those the same seed gave before them."""
    detnet.generate(tmp_path, persons=150, seed=9)
    kept = ("id", "kind", "date", "person_id", "official_id", "facility_id", "status")
    with open(tmp_path / "orders.csv", encoding="utf-8", newline="") as f:
        part1 = [",".join(r[c] for c in kept) for r in csv.DictReader(f) if r["id"][:2] == "O0"]
    assert len(part1) == 503
    assert hashlib.sha256("\n".join(part1).encode()).hexdigest()[:16] == PART1_DIGEST
