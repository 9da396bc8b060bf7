"""Every rule under "Bad input" in RECORDS.md, each by its own test."""

from __future__ import annotations

import json

import pytest
from detnet.graph import store
from detnet.loaders.load import StrictAbort

import detnet

from .helpers import ORDERS, basic, write


def reasons(report) -> list[str]:
    return [f"{r.field}: {r.reason}" for r in report.rejections]


def load(folder, graph, **kw):
    return detnet.load(folder, graph=graph, **kw)


@pytest.mark.parametrize(
    ("orders", "expected"),
    [
        ("O9,arrest,2024-01-01,,F1,C1,", "person_id: required field is empty"),
        ("O9,,2024-01-01,P1,F1,C1,", "kind: required field is empty"),
        (",arrest,2024-01-01,P1,F1,C1,", "id: required field is empty"),
        ("O9,arrest,,P1,F1,C1,", "date: required field is empty"),
        (
            "O9,interrogation,2024-01-01,P1,F1,C1,",
            "kind: unknown kind 'interrogation' (expected one of arrest, death, disappearance, exile, house_arrest, release, sentence, transfer)",
        ),
        (
            "O9,arrest,2024-01-01,P1,F1,C1,rumoured",
            "status: unknown status 'rumoured' (expected one of claimed, disputed, verified)",
        ),
        ("O9,arrest,31/02/2024,P1,F1,C1,", "date: no such date: '31/02/2024'"),
        (
            "O9,arrest,Janvier 2024,P1,F1,C1,",
            "date: not a date: 'Janvier 2024' (expected a day, month, year or range, e.g. 2019-03-10, 10/03/2019, marzo 2019, 2019)",
        ),
        (
            "O9,arrest,2024-03/2024-01,P1,F1,C1,",
            "date: the range ends before it starts: '2024-03/2024-01'",
        ),
        (
            "O9,arrest,2024/01/05,P1,F1,C1,",
            "date: not a date: '2024/01/05' (expected a day, month, year or range, e.g. 2019-03-10, 10/03/2019, marzo 2019, 2019)",
        ),
        ("O9,arrest,2024-01-01T25:00,P1,F1,C1,", "date: no such time: '2024-01-01T25:00'"),
        ("O9,arrest,2024-01-01,P7,F1,C1,", "person_id: unknown person 'P7'"),
        ("O9,arrest,2024-01-01,P1,F7,C1,", "official_id: unknown official 'F7'"),
        ("O9,arrest,2024-01-01,P1,F1,C7,", "facility_id: unknown facility 'C7'"),
        (
            "O9,arrest,2024-01-01,P1,F1,C1,verified,extra",
            "(row): 8 cells but the header has 7 columns",
        ),
    ],
)
def test_a_row_breaking_the_contract_is_rejected_with_its_reason(tmp_path, orders, expected):
    folder = basic(tmp_path / "r", orders_csv=ORDERS + orders + "\n")
    report = load(folder, tmp_path / "g.json")
    assert reasons(report) == [expected]
    assert report.rejections[0].line == 4
    assert report.rejections[0].file == str(folder / "orders.csv")
    assert report.exit_code == 1
    G = store.read_graph(tmp_path / "g.json")
    assert "Order:O9" not in G and "Order:O1" in G  # the valid rows are loaded


@pytest.mark.parametrize(
    ("row", "expected"),
    [
        ('{"type": "order", "id": "O9"}', "kind: required field is empty"),
        ('{"type": "prisoner", "id": "P9"}', "type: expected one of source, person, institution, official, facility, order, status, claim, family, judgement, got 'prisoner'"),
        ('{"id": "P9"}', "type: expected one of source, person, institution, official, facility, order, status, claim, family, judgement, got None"),
        ('{"type": "person", "id": "P9", "name": {"first": "A"}}', "name: expected text, got dict"),
        ('{"type": "person", "id": "P9", "name": "A", "extra": {"x": 1}}', "extra: nested objects cannot be stored; give text, a number or a list"),
        ('{"type": "facility", "id": "C9", "name": "A", "latitude": 123}', "latitude: 123.0 is out of range (-90 to 90)"),
        ('{"type": "facility", "id": "C9", "name": "A", "longitude": "west"}', "longitude: expected a number, got 'west'"),
        ('["not", "an", "object"]', "(row): not a JSON object"),
        ('{"type": "person", "id": "P9", ', "(row): not valid JSON"),
        ('{"type": "family", "person_id": "P1", "relative_id": "P1", "relation": "sibling"}', "relative_id: a person cannot be their own relative"),
        ('{"type": "family", "person_id": "P1", "relative_id": "P2", "relation": "cousin"}', "relation: unknown relation 'cousin' (expected one of child, in_law, parent, relative, sibling, spouse)"),
        ('{"type": "person", "id": "P9", "name": "A", "sources": ["S404"]}', "sources: unknown source 'S404'"),
    ],
)  # fmt: skip
def test_jsonl_rows_are_rejected_with_their_reason(tmp_path, row, expected):
    folder = basic(tmp_path / "r", bad_jsonl=row + "\n")
    report = load(folder, tmp_path / "g.json")
    assert reasons(report) == [expected]
    assert (report.rejections[0].file, report.rejections[0].line) == (str(folder / "bad.jsonl"), 1)


def test_references_resolve_against_the_graph_and_the_same_load(tmp_path):
    graph = tmp_path / "g.json"
    load(basic(tmp_path / "first"), graph)
    # The person P1 is only in the graph; P3 only in this load.
    later = write(
        tmp_path / "later",
        persons_csv="id,name\nP3,Feniro Dranix\n",
        orders_csv="id,kind,date,person_id,official_id\nO7,arrest,2025-01-01,P1,F1\nO8,arrest,2025-01-02,P3,\n",
    )
    report = load(later, graph)
    assert report.exit_code == 0
    assert report.added == {"Person": 1, "Order": 2}


def test_a_reference_to_a_rejected_row_says_so(tmp_path):
    folder = basic(
        tmp_path / "r",
        persons_csv="id,name\nP1,A\nP2,\n",
        orders_csv="id,kind,date,person_id\nO1,arrest,2024-01-01,P2\n",
    )
    report = load(folder, tmp_path / "g.json")
    assert reasons(report)[0] == (
        f"person_id: unknown person 'P2' (its own row, {folder / 'persons.csv'}:3, was rejected)"
    )


def test_rejects_file_holds_each_row_in_full_and_reloads_once_fixed(tmp_path):
    graph, rejects = tmp_path / "g.json", tmp_path / "fix-me.jsonl"
    folder = basic(tmp_path / "r", orders_csv=ORDERS + "O3,detención,31/02/2024,P2,F1,C1,\n")
    report = load(folder, graph, rejects=rejects)
    assert report.rejects_file == rejects
    [row] = [json.loads(line) for line in rejects.read_text().splitlines()]
    assert row == {
        "type": "order", "id": "O3", "kind": "detención", "date": "31/02/2024",
        "person_id": "P2", "official_id": "F1", "facility_id": "C1", "status": "",
        "_rejected": {"file": str(folder / "orders.csv"), "line": 4, "field": "date",
                      "reason": "no such date: '31/02/2024'"},
    }  # fmt: skip
    # The analyst fixes the date in the rejects file and loads it again.
    rejects.write_text(rejects.read_text().replace("31/02/2024", "29/02/2024"))
    again = load(rejects, graph)
    assert again.exit_code == 0 and again.added == {"Order": 1}
    assert store.read_graph(graph).nodes["Order:O3"]["date"] == "2024-02-29"


def test_default_rejects_file_sits_beside_the_graph(tmp_path):
    folder = basic(tmp_path / "r", persons_csv="id,name\nP1,A\nP2,B\nP3,\n")
    report = load(folder, tmp_path / "g.json")
    assert report.rejects_file == tmp_path / "g.rejects.jsonl"
    assert report.rejects_file.stat().st_mode & 0o777 == 0o600  # it holds the rows in full


def test_strict_aborts_and_leaves_the_graph_exactly_as_it_was(tmp_path):
    graph = tmp_path / "g.json"
    load(basic(tmp_path / "first"), graph)
    before = graph.read_bytes()
    folder = write(tmp_path / "second", persons_csv="id,name\nP5,Good Row\nP6,\n")
    with pytest.raises(StrictAbort, match=r"--strict: 1 row rejected, nothing loaded"):
        load(folder, graph, strict=True)
    assert graph.read_bytes() == before


def test_reloading_the_same_records_changes_nothing(tmp_path):
    graph = tmp_path / "g.json"
    folder = basic(tmp_path / "r", family_csv="person_id,relative_id,relation\nP1,P2,spouse\n")
    first = load(folder, graph)
    before, mtime = graph.read_bytes(), graph.stat().st_mtime_ns
    second = load(folder, graph)
    assert second.added == {} and second.replaced == {} and second.rejections == []
    assert second.unchanged == first.added
    assert graph.read_bytes() == before and graph.stat().st_mtime_ns == mtime


def test_same_id_with_different_values_is_a_conflict(tmp_path):
    graph = tmp_path / "g.json"
    load(basic(tmp_path / "first"), graph)
    changed = write(tmp_path / "second", persons_csv="id,name\nP1,Zorana Quintovar-Hux\n")
    report = load(changed, graph)
    assert reasons(report) == [
        "id: conflicts with the record already in the graph; give --replace to overwrite it"
    ]
    assert report.exit_code == 2  # nothing else in this load
    assert store.read_graph(graph).nodes["Person:P1"]["name"] == "Zorana Quintovar"


def test_replace_overwrites_values_and_relationships(tmp_path):
    graph = tmp_path / "g.json"
    load(basic(tmp_path / "first"), graph)
    moved = write(
        tmp_path / "second",
        orders_csv="id,kind,date,person_id,official_id\nO1,arrest,2024-01-11,P2,\n",
    )
    report = load(moved, graph, replace=True)
    assert report.replaced == {"Order": 1} and report.exit_code == 0
    G = store.read_graph(graph)
    assert G.nodes["Order:O1"]["date"] == "2024-01-11"
    assert set(G.successors("Order:O1")) == {"Person:P2"}  # CONCERNS moved, AT gone
    assert list(G.predecessors("Order:O1")) == []  # ISSUED gone: official now unknown


def test_same_id_twice_in_one_load_with_different_values_is_rejected(tmp_path):
    folder = write(tmp_path / "r", persons_csv="id,name\nP1,A\nP1,A\nP1,B\n")
    report = load(folder, tmp_path / "g.json", replace=True)
    assert report.added == {"Person": 1} and report.unchanged == {"Person": 1}
    assert reasons(report) == [
        f"id: given again with different values (first at {folder / 'persons.csv'}:2)"
    ]


def test_exit_status_two_when_nothing_could_be_loaded(tmp_path):
    folder = write(tmp_path / "r", persons_csv="id,name\nP1,\nP2,\n")
    assert load(folder, tmp_path / "g.json").exit_code == 2
