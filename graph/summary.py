"""What a graph holds, counted: the `detnet stats` report."""

from __future__ import annotations

from collections import Counter

import networkx as nx

from .schema import LABELS, ORDER, RELATIONSHIPS


def stats(G: nx.MultiDiGraph) -> dict:
    """Counts of nodes by label, relationships by type, orders by kind and status.

    >>> G = nx.MultiDiGraph()
    >>> G.add_node("Order:O1", label="Order", kind="arrest", status="verified", date="2026-01-12")
    >>> stats(G)["orders"]
    {'by_kind': {'arrest': 1}, 'by_status': {'verified': 1}}
    >>> stats(G)["dates"]
    {'first': '2026-01-12', 'last': '2026-01-12'}
    """
    nodes = Counter({label: 0 for label in LABELS})
    kinds: Counter = Counter()
    statuses: Counter = Counter()
    first = last = None
    for _, attrs in G.nodes(data=True):
        nodes[attrs["label"]] += 1
        if attrs["label"] == ORDER:
            kinds[attrs["kind"]] += 1
            statuses[attrs["status"]] += 1
            day = attrs["date"][:10]
            first = day if first is None or day < first else first
            last = day if last is None or day > last else last
    relationships = Counter({t: 0 for t in RELATIONSHIPS})
    relationships.update(k for _, _, k in G.edges(keys=True))
    return {
        "nodes": dict(nodes),
        "relationships": dict(relationships),
        "orders": {
            "by_kind": dict(sorted(kinds.items())),
            "by_status": dict(sorted(statuses.items())),
        },
        "dates": {"first": first, "last": last},
    }
