"""Small hand-built graphs for the analysis tests, in the shape the loader writes.

`build(orders, family)` adds a Person, Official or Facility node for every id an order
or tie names, so a test states only what it is about.
"""

from __future__ import annotations

from typing import NamedTuple

import networkx as nx
from detnet.graph.schema import (
    AT,
    CITES,
    CONCERNS,
    FACILITY,
    FAMILY,
    ISSUED,
    OFFICIAL,
    ORDER,
    PERSON,
    SOURCE,
    node_key,
)
from detnet.graph.store import new_graph


class Order(NamedTuple):
    """One order: id, kind, date, person, official, facility, status."""

    id: str
    kind: str
    date: str
    person: str
    official: str | None = None
    facility: str | None = None
    status: str = "verified"


def _record(G: nx.MultiDiGraph, label: str, id: str, **attrs) -> str:
    key = node_key(label, id)
    if key not in G:
        G.add_node(key, label=label, id=id, sources=[], **attrs)
    return key


def build(
    orders: list[Order] = (),
    family: list[tuple[str, str, str]] = (),
    names: dict[str, str] | None = None,
) -> nx.MultiDiGraph:
    """A graph of these orders and (person, relative, relation) ties.

    `names` gives names by id; others are named "Name of <id>".
    """
    names = names or {}
    G = new_graph()

    def named(label: str, id: str) -> str:
        return _record(G, label, id, name=names.get(id, f"Name of {id}"))

    for o in orders:
        key = _record(G, ORDER, o.id, kind=o.kind, date=o.date, status=o.status)
        G.add_edge(key, named(PERSON, o.person), key=CONCERNS)
        if o.official:
            G.add_edge(named(OFFICIAL, o.official), key, key=ISSUED)
        if o.facility:
            G.add_edge(key, named(FACILITY, o.facility), key=AT)
    for person, relative, relation in family:
        G.add_edge(
            named(PERSON, person),
            named(PERSON, relative),
            key=FAMILY,
            relation=relation,
            sources=[],
        )
    return G


def cite(G: nx.MultiDiGraph, key: str, source: str) -> None:
    """Make the node `key` cite a source, as a record's `sources` column does."""
    G.add_edge(key, _record(G, SOURCE, source, title=f"Report {source}"), key=CITES)
    G.nodes[key]["sources"].append(source)
