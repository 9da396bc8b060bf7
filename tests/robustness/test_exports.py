"""Every GraphML and GEXF export opens in networkx and igraph, whatever the records hold:
names other tools reserve (`viz`, `spells`, `start`...), characters XML cannot hold, a
column that is a number in one row and text in another."""

from __future__ import annotations

import json
import warnings

import igraph
import networkx as nx
import pytest
from detnet.graph import store
from detnet.graph.export import GEXF_RESERVED, flat_graph

import detnet

CONTROL = "\x00\x01\x08\x0b\x1b\ufffe\uffff"
# Names an extra column may have that GEXF keeps for itself (the loader renames `id`,
# `label` and `type` already).
RESERVED = sorted(GEXF_RESERVED - {"id", "label", "type"})


@pytest.fixture(scope="module")
def graph(tmp_path_factory):
    folder = tmp_path_factory.mktemp("hostile")
    rows = [
        {"type": "person", "id": f"P{CONTROL}1", "name": f"Ana{CONTROL}Pérez", "n": 1},
        {"type": "person", "id": "P2", "name": "Bea", "n": "abc", **dict.fromkeys(RESERVED, "x")},
        {"type": "person", "id": "P3", "name": "Cy", "n": True, "viz": 5},
        {"type": "person", "id": "P4", "name": "Di", "n": 2.5, "spells": [1, "two"]},
        {"type": "order", "id": "O1", "kind": "arrest", "date": "2024-01-01",
         "person_id": f"P{CONTROL}1", "notes": "\x1b[2J", "weight": "heavy"},
        {"type": "family", "person_id": "P2", "relative_id": "P3", "relation": "sibling",
         "start": 3, "viz": {"nested": "no"}["nested"]},
    ]  # fmt: skip
    (folder / "r.jsonl").write_text("".join(json.dumps(r) + "\n" for r in rows))
    graph = folder / "g.json"
    report = detnet.load(folder / "r.jsonl", graph=graph)
    assert report.exit_code == 0, [str(r) for r in report.rejections]
    return graph


@pytest.mark.parametrize("fmt", ["graphml", "gexf"])
def test_networkx_reads_every_export(graph, tmp_path, fmt):
    out = tmp_path / f"g.{fmt}"
    detnet.export(graph, out=out, format=fmt)
    G = nx.read_graphml(out) if fmt == "graphml" else nx.read_gexf(out)
    assert G.number_of_nodes() == store.read_graph(graph).number_of_nodes()


def test_igraph_reads_every_graphml_export(graph, tmp_path):
    out = tmp_path / "g.graphml"
    detnet.export(graph, out=out, format="graphml")
    with warnings.catch_warnings():
        warnings.simplefilter("ignore", RuntimeWarning)  # igraph's own "id" attribute
        g = igraph.Graph.Read_GraphML(str(out))
    assert g.vcount() == store.read_graph(graph).number_of_nodes()


def test_what_xml_cannot_hold_is_shown_as_a_replacement_character(graph):
    F = flat_graph(store.read_graph(graph), "graphml")
    [key] = [k for k in F if k.startswith("Person:P") and k.endswith("1")]
    assert key == "Person:P" + "\ufffd" * len(CONTROL) + "1"
    assert F.nodes[key]["name"] == "Ana" + "\ufffd" * len(CONTROL) + "Pérez"


def test_a_column_of_mixed_types_is_text_throughout(graph):
    F = flat_graph(store.read_graph(graph), "gexf")
    assert {type(a.get("n")) for _, a in F.nodes(data=True) if a.get("label") == "Person"} == {str}


def test_a_name_other_tools_reserve_is_kept_under_another(graph):
    F = flat_graph(store.read_graph(graph), "gexf")
    attrs = F.nodes["Person:P2"]
    assert all(attrs[f"{name}_"] == "x" for name in RESERVED)
