"""What a view should hold, worked out from the graph by plain loops, independently of
`detnet.queries.views` and `detnet.view_page`, so that the page can be checked against it.
"""

from __future__ import annotations

import networkx as nx

ENTITY_EDGES = ("ISSUED", "CONCERNS", "AT")


def order_entities(G: nx.MultiDiGraph, order: str) -> set[str]:
    found = set()
    for u, v, k in G.edges(keys=True):
        if k in ENTITY_EDGES and order in (u, v):
            found.add(v if u == order else u)
    return found


def person_view(G: nx.MultiDiGraph, person: str) -> set[str]:
    """A person, their orders with each order's parties, relatives and official selves."""
    nodes = {person}
    for u, v, k in G.edges(keys=True):
        if k == "CONCERNS" and v == person:
            nodes |= {u} | order_entities(G, u)
        if k in ("FAMILY", "IS_PERSON") and person in (u, v):
            nodes |= {u, v}
    return nodes


def latest_arrest_before(G: nx.MultiDiGraph, person: str, release: str) -> str | None:
    arrests = [
        (G.nodes[u]["date"], G.nodes[u]["id"], u)
        for u, v, k in G.edges(keys=True)
        if k == "CONCERNS"
        and v == person
        and G.nodes[u]["kind"] == "arrest"
        and G.nodes[u]["date"] <= G.nodes[release]["date"]
    ]
    return max(arrests)[2] if arrests else None


def door_view(G: nx.MultiDiGraph, rows: list[dict]) -> tuple[set[str], int]:
    """The revolving-door nodes and the number of chain edges the page adds."""
    nodes: set[str] = set()
    chain_edges = 0
    for row in rows:
        person = f"Person:{row['person_id']}"
        release = f"Order:{row['release_order_id']}"
        rearrest = f"Order:{row['rearrest_order_id']}"
        arrest = latest_arrest_before(G, person, release)
        orders = [o for o in (arrest, release, rearrest) if o]
        nodes |= {person, *orders}
        nodes |= {u for u, v, k in G.edges(keys=True) if k == "ISSUED" and v in orders}
        if row["facility_id"]:
            nodes.add(f"Facility:{row['facility_id']}")
        chain_edges += 2 if arrest else 1
    return nodes, chain_edges


def edges_among(G: nx.MultiDiGraph, nodes: set[str]) -> int:
    """Relationships among the nodes, sources' citations aside."""
    return sum(1 for u, v, k in G.edges(keys=True) if u in nodes and v in nodes and k != "CITES")
