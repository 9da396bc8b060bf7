"""The one pass over the orders that the revolving door, custody and timeline share:
the same events however networkx's dicts happen to be ordered or viewed."""

from __future__ import annotations

import networkx as nx
from detnet.queries.events import order_event, order_events


def _reference(G: nx.MultiDiGraph) -> list:
    """Each order asked for its own event, the slow way."""
    orders = [n for n, label in G.nodes(data="label") if label == "Order"]
    return sorted(e for e in map(lambda n: order_event(G, n), orders) if e is not None)


def test_order_events_equal_asking_each_order(synthetic_graph):
    assert sorted(order_events(synthetic_graph)) == _reference(synthetic_graph)
    arrests = order_events(synthetic_graph, {"arrest"})
    assert arrests and all(e.kind == "arrest" for e in arrests)
    assert sorted(arrests) == [e for e in _reference(synthetic_graph) if e.kind == "arrest"]


def test_order_events_when_the_adjacency_is_in_another_order(synthetic_graph):
    G = synthetic_graph.copy()
    for side in (G._succ, G._pred):  # same dicts (networkx shares _succ with _adj)
        items = list(side.items())
        side.clear()
        side.update(reversed(items))
    assert sorted(order_events(G)) == _reference(synthetic_graph)


def test_order_events_on_a_view(synthetic_graph):
    keep = list(synthetic_graph)[::2]  # half the nodes: some orders lose their person
    view = synthetic_graph.subgraph(keep)
    assert sorted(order_events(view)) == _reference(view)
    reverse = synthetic_graph.reverse(copy=False)
    assert sorted(order_events(reverse)) == _reference(reverse) == []
