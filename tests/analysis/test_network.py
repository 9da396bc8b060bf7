"""Network views: ranking officials, shortest paths, neighbourhoods and exports."""

from __future__ import annotations

import io
import json
import xml.etree.ElementTree as ET
from collections import Counter

import networkx as nx
import pytest
from detnet.graph.errors import UsageError
from detnet.graph.store import new_graph
from detnet.queries.network import (
    ego,
    ego_nodes,
    format_chain,
    rank_officials,
    shortest_path,
)

from detnet.api import export

from .graphs import Order, build, cite


@pytest.fixture
def officials():
    G = build(
        [
            Order("O1", "arrest", "2024-01-01", "P1", "F1", "C1"),
            Order("O2", "release", "2024-02-01", "P1", "F1", "C1"),
            Order("O3", "arrest", "2024-03-01", "P1", "F1", "C1"),  # a re-arrest by F1
            Order("O4", "arrest", "2024-01-01", "P2", "F1", "C1"),
            Order("O5", "arrest", "2024-01-01", "P6", "F1", "C1"),
            Order("O6", "arrest", "2024-01-01", "P3", "F2", "C1"),
            Order("O7", "arrest", "2024-01-01", "P4", "F2", "C1"),
            Order("O8", "release", "2024-02-01", "P4", "F2", "C1"),
            Order("O9", "arrest", "2024-02-02", "P4", "F3", "C1"),  # a re-arrest by F3
        ],
        family=[("P2", "P3", "sibling")],
    )
    G.add_node("Official:F4", label="Official", id="F4", name="Idle", sources=[])
    G.add_edge("Official:F4", "Person:P5", key="IS_PERSON")
    G.add_node("Person:P5", label="Person", id="P5", name="Idle as a person", sources=[])
    return G


def ranking(G, by, **kw):
    return [(r["rank"], r["official_id"]) for r in rank_officials(G, by=by, **kw)]


def test_rank_by_orders_persons_and_rearrests(officials):
    assert ranking(officials, "orders") == [(1, "F1"), (2, "F2"), (3, "F3"), (4, "F4")]
    assert ranking(officials, "persons") == [(1, "F1"), (2, "F2"), (3, "F3"), (4, "F4")]
    assert ranking(officials, "rearrests") == [(1, "F1"), (2, "F3"), (3, "F2"), (4, "F4")]
    assert ranking(officials, "orders", limit=2) == [(1, "F1"), (2, "F2")]
    first = rank_officials(officials, by="orders")[0]
    assert first == {
        "rank": 1,
        "official_id": "F1",
        "official_name": "Name of F1",
        "orders": 5,
        "persons": 3,
        "rearrests": 1,
        "betweenness": None,
    }


def test_betweenness_is_over_officials_persons_and_family_not_facilities(officials):
    # The network betweenness is defined on, written out by hand: the facility C1
    # that every order names is not in it.
    H = nx.Graph()
    H.add_edges_from([("F1", "P1"), ("F1", "P2"), ("F1", "P6"), ("F2", "P3"), ("F2", "P4"),
                      ("F3", "P4"), ("P2", "P3"), ("F4", "P5")])  # fmt: skip
    expected = nx.betweenness_centrality(H)
    rows = rank_officials(officials, by="betweenness")
    assert [r["official_id"] for r in rows] == ["F1", "F2", "F3", "F4"]
    for r in rows:
        assert r["betweenness"] == pytest.approx(expected[r["official_id"]], abs=1e-6)
    assert rows[0]["betweenness"] > rows[1]["betweenness"] > 0
    assert rows[3]["betweenness"] == 0


@pytest.mark.parametrize(
    ("kw", "message"),
    [
        (
            {"by": "fame"},
            "by: expected one of rearrests, orders, persons, betweenness, not 'fame'",
        ),
        ({"limit": -1}, "limit: expected a whole number, 0 or more, not -1"),
    ],
)
def test_rank_bad_parameters(officials, kw, message):
    with pytest.raises(UsageError) as caught:
        rank_officials(officials, **kw)
    assert str(caught.value) == message


# --- shortest path ----------------------------------------------------------------------


def test_the_seed_article_path_reads_as_a_chain(seed_graph):
    rows = shortest_path(seed_graph, person_a="P-TUDARES", person_b="P-GONZALEZ-URRUTIA")
    assert format_chain(rows) == (
        "Rafael Tudares (Person) -[FAMILY in_law]- Edmundo González Urrutia (Person)"
    )
    assert rows[1] == {
        "step": 1,
        "node_key": "Person:P-GONZALEZ-URRUTIA",
        "label": "Person",
        "name": "Edmundo González Urrutia",
        "relationship": "FAMILY in_law",
    }


def test_a_path_runs_through_orders_and_officials():
    G = build(
        [
            Order("O1", "arrest", "2024-01-01", "P1", "F1"),
            Order("O2", "arrest", "2024-02-01", "P2", "F1"),
        ]
    )
    rows = shortest_path(G, person_a="P1", person_b="P2")
    assert [(r["node_key"], r["relationship"]) for r in rows] == [
        ("Person:P1", None),
        ("Order:O1", "CONCERNS"),
        ("Official:F1", "ISSUED"),
        ("Order:O2", "ISSUED"),
        ("Person:P2", "CONCERNS"),
    ]
    assert rows[1]["name"] == "arrest 2024-01-01"
    assert [r["step"] for r in rows] == [0, 1, 2, 3, 4]


def test_among_equal_paths_the_answer_does_not_depend_on_insertion_order():
    orders = [
        Order("O1", "arrest", "2024-01-01", "P1", "F1", "C1"),
        Order("O2", "arrest", "2024-02-01", "P2", "F1", "C1"),
    ]
    forwards = shortest_path(build(orders), person_a="P1", person_b="P2")
    backwards = shortest_path(build(orders[::-1]), person_a="P1", person_b="P2")
    assert forwards == backwards
    assert forwards[2]["node_key"] == "Facility:C1"  # node-key order: Facility < Official


def test_sources_connect_no_one():
    G = build(
        [Order("O1", "arrest", "2024-01-01", "P1"), Order("O2", "arrest", "2024-01-01", "P2")]
    )
    cite(G, "Person:P1", "S1")
    cite(G, "Person:P2", "S1")
    assert shortest_path(G, person_a="P1", person_b="P2") == []
    assert [r["node_key"] for r in shortest_path(G, person_a="P1", person_b="P1")] == ["Person:P1"]


def test_path_unknown_person(seed_graph):
    with pytest.raises(UsageError) as caught:
        shortest_path(seed_graph, person_a="P-TUDARES", person_b="F-TRUJILLO-GOVERNOR")
    assert str(caught.value) == "unknown person 'F-TRUJILLO-GOVERNOR'"


# --- ego --------------------------------------------------------------------------------


def test_ego_keeps_the_neighbourhood_and_its_sources(seed_graph):
    H = ego(seed_graph, node="P-TUDARES", hops=1)
    assert sorted(H) == [
        "Order:O-TUDARES-2026-01-22",
        "Person:P-GONZALEZ-URRUTIA",
        "Person:P-TUDARES",
        "Source:S-SEED-2026-01-24",
    ]
    assert H.has_edge("Person:P-GONZALEZ-URRUTIA", "Person:P-TUDARES", "FAMILY")
    assert H.nodes["Person:P-TUDARES"] == seed_graph.nodes["Person:P-TUDARES"]
    assert H.graph["format"] == "detnet-graph"
    H.add_node("Person:new")  # a copy: the graph it came from is untouched
    assert "Person:new" not in seed_graph
    assert sorted(ego(seed_graph, node="Person:P-TUDARES", hops=0)) == [
        "Person:P-TUDARES",
        "Source:S-SEED-2026-01-24",
    ]


def test_ego_nodes_lists_distances(seed_graph):
    rows = ego_nodes(seed_graph, node="P-MARQUEZ", hops=2)
    assert [(r["node_key"], r["hops"]) for r in rows] == [
        ("Person:P-MARQUEZ", 0),
        ("Order:O-MARQUEZ-2026-01-12", 1),
        ("Official:F-TRUJILLO-GOVERNOR", 2),
    ]


def test_ego_names_an_ambiguous_or_unknown_id():
    G = build([Order("X1", "arrest", "2024-01-01", "X1", "X1")])
    with pytest.raises(UsageError) as caught:
        ego(G, node="X1")
    assert str(caught.value) == (
        "'X1' is ambiguous: Person:X1, Official:X1, Order:X1; give the node key"
    )
    assert "Official:X1" in ego(G, node="Official:X1", hops=0)
    with pytest.raises(UsageError, match="^unknown node 'X2'$"):
        ego(G, node="X2")
    with pytest.raises(UsageError, match="^hops: expected a whole number"):
        ego(G, node="Person:X1", hops=-1)


# --- export -----------------------------------------------------------------------------


@pytest.fixture
def small():
    G = build(
        [Order("O1", "arrest", "2024-01-01T10:00:00", "P1", "F1", "C1")],
        family=[("P1", "P2", "spouse")],
    )
    G.nodes["Order:O1"]["charges"] = ["conspiracy", "treason"]
    G.nodes["Facility:C1"]["latitude"] = 10.5
    G.add_node("Official:P1", label="Official", id="P1", name="Same id, other label", sources=[])
    cite(G, "Order:O1", "S1")
    return G


def exported(G, fmt, **kw) -> bytes:
    out = io.BytesIO()
    export(G, out=out, format=fmt, **kw)
    return out.getvalue()


def edge_types(G) -> Counter:
    return Counter((u, v, k) for u, v, k in G.edges(keys=True))


def test_graphml_is_read_back_by_networkx_with_the_same_names(small):
    blob = exported(small, "graphml")
    H = nx.read_graphml(io.BytesIO(blob), force_multigraph=True)
    assert set(H) == set(small)
    assert H.nodes["Order:O1"]["charges"] == "conspiracy;treason"
    assert H.nodes["Order:O1"]["date"] == "2024-01-01T10:00:00"
    assert H.nodes["Facility:C1"]["latitude"] == 10.5
    assert H.nodes["Official:P1"]["label"] == "Official" and H.nodes["Official:P1"]["id"] == "P1"
    read = Counter((u, v, a["type"]) for u, v, a in H.edges(data=True))
    assert read == edge_types(small)
    [family] = [a for _, _, a in H.edges(data=True) if a["type"] == "FAMILY"]
    assert family["relation"] == "spouse"
    ids = [
        e.get("id") for e in ET.fromstring(blob).iter("{http://graphml.graphdrawing.org/xmlns}edge")
    ]
    assert len(ids) == len(set(ids)) == small.number_of_edges()  # Gephi drops repeated ids


def test_gexf_is_read_back_by_networkx_with_the_same_names(small):
    H = nx.read_gexf(io.BytesIO(exported(small, "gexf")))
    assert set(H) == set(small)
    assert {n: a["label"] for n, a in H.nodes(data=True)} == dict(small.nodes(data="label"))
    assert H.nodes["Order:O1"]["charges"] == "conspiracy;treason"
    assert H.nodes["Person:P1"]["name"] == "Name of P1"
    read = Counter((u, v, a["label"]) for u, v, a in H.edges(data=True))
    assert read == edge_types(small)


def test_json_is_the_stores_own_format(small):
    data = json.loads(exported(small, "json"))
    H = nx.node_link_graph(data, name="key", edges="edges")
    assert dict(H.nodes(data=True)) == dict(small.nodes(data=True))
    assert edge_types(H) == edge_types(small)


def test_export_an_ego_network_to_a_file(small, tmp_path):
    export(small, out=tmp_path / "ego.graphml", format="graphml", ego="Person:P2", hops=1)
    H = nx.read_graphml(tmp_path / "ego.graphml", force_multigraph=True)
    assert sorted(H) == ["Person:P1", "Person:P2"]


def test_export_bad_parameters(small):
    with pytest.raises(UsageError, match=r"^--hops: only with --ego$"):
        exported(small, "json", hops=1)
    with pytest.raises(UsageError, match=r"^--format: expected one of graphml, gexf, json"):
        exported(small, "dot")
    with pytest.raises(UsageError, match="^'P1' is ambiguous"):
        exported(small, "json", ego="P1")


def test_an_empty_graph_exports():
    assert nx.read_graphml(io.BytesIO(exported(new_graph(), "graphml"))).number_of_nodes() == 0
