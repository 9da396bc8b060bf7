"""The one pass over the orders that the revolving door, custody and timeline share:
the same facts however networkx's dicts happen to be ordered or viewed, and the same
as reading each person's orders on their own."""

from __future__ import annotations

import networkx as nx
from detnet.queries.events import Facts, labelled


def _reference(G: nx.MultiDiGraph) -> dict:
    """Each person's facts read person by person, the slow way."""
    return Facts.of(G, labelled(G, "Person")).recorded


def test_the_one_pass_equals_reading_each_person(synthetic_graph):
    facts = Facts.of(synthetic_graph).recorded
    assert facts == _reference(synthetic_graph)
    assert sum(map(len, facts.values())) > 700


def test_the_one_pass_when_the_adjacency_is_in_another_order(synthetic_graph):
    G = synthetic_graph.copy()
    for side in (G._succ, G._pred):  # same dicts (networkx shares _succ with _adj)
        items = list(side.items())
        side.clear()
        side.update(reversed(items))
    assert Facts.of(G).recorded == _reference(synthetic_graph)


def test_the_one_pass_on_a_view(synthetic_graph):
    keep = list(synthetic_graph)[::2]  # half the nodes: some orders lose their person
    view = synthetic_graph.subgraph(keep)
    assert Facts.of(view).recorded == _reference(view)
    reverse = synthetic_graph.reverse(copy=False)
    assert Facts.of(reverse).recorded == _reference(reverse) == {}
