"""A graph file is input from another person: opening one checks every node and
relationship against the schema, and refuses a broken one with one error naming what
is at fault. The broken files are generated from the schema, one break each."""

from __future__ import annotations

import pytest
from detnet.graph import store
from detnet.graph.errors import GraphFileError
from detnet.graph.schema import DERIVED

from .corpus import as_node_link, broken_graphs, full_graph, write_broken

DERIVED_SUFFIXES = {suffix for suffixes in DERIVED.values() for suffix in suffixes}


@pytest.fixture(scope="module")
def graph(tmp_path_factory):
    return full_graph(tmp_path_factory.mktemp("full"))


def test_a_graph_of_every_label_and_property_opens_in_both_layouts(graph, tmp_path):
    G = store.read_graph(graph)
    H = store.read_graph(as_node_link(graph, tmp_path / "v1.json"))
    assert dict(G.nodes(data=True)) == dict(H.nodes(data=True))


def test_every_break_is_refused_naming_what_is_at_fault(graph, tmp_path):
    breaks = list(broken_graphs(graph))
    assert len(breaks) > 200
    accepted = []
    for n, (name, change, message) in enumerate(breaks):
        path = write_broken(graph, change, tmp_path / f"broken-{n}.json")
        layouts = [path, as_node_link(path, tmp_path / f"broken-{n}-v1.json")]
        if any(f"{suffix} " in f"{name} " for suffix in DERIVED_SUFFIXES):
            layouts.pop()  # an older file's derived values are made afresh on opening
        for layout in layouts:
            try:
                store.read_graph(layout)
            except GraphFileError as e:
                assert str(e).startswith(f"{layout}: "), (name, str(e))
                assert message in str(e), (name, str(e))
                assert "\n" not in str(e)
            else:
                accepted.append((name, layout.name))
    assert accepted == []


@pytest.mark.parametrize(
    ("change", "message"),
    [
        (lambda d: d["nodes"]["Order:ORD-1"].pop("date"), "node 'Order:ORD-1': date: missing"),
        (lambda d: d["nodes"]["Order:ORD-1"].pop("status"), "node 'Order:ORD-1': status: missing"),
        (
            lambda d: d["nodes"]["Order:ORD-1"].update(date=20240102),
            "node 'Order:ORD-1': date: expected text, not 20240102",
        ),
        (
            lambda d: d["nodes"]["Order:ORD-1"].update(kind="interrogation"),
            "node 'Order:ORD-1': kind: unknown kind 'interrogation' "
            "(expected one of arrest, release, transfer, sentence, house_arrest, disappearance, "
            "exile, death)",
        ),
        (lambda d: d["nodes"]["Person:PER-1"].pop("id"), "node 'Person:PER-1': id: missing"),
        (
            lambda d: d["nodes"]["Person:PER-1"].update(name=["Ana", "Bea"]),
            "node 'Person:PER-1': name: expected text, not list",
        ),
    ],
)
def test_the_issues_examples_are_refused_with_these_words(graph, tmp_path, change, message):
    def changed(data):
        change(data)
        return data

    path = write_broken(graph, changed, tmp_path / "g.json")
    with pytest.raises(GraphFileError) as e:
        store.read_graph(path)
    assert str(e.value) == f"{path}: {message}"
