"""Transform: a validated record becomes its footprint in the graph (pure).

A record owns a node (or, for a family tie, an edge) and the relationships its
reference fields declare in the contract. The footprint is what is added, what is
compared to tell "unchanged" from "conflict", and what `--replace` swaps.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass

import networkx as nx
from detnet.graph.schema import JUDGED, KEY, node_key
from detnet.graph.store import add_from

from .contract import Kind
from .validate import Record

Edge = tuple[str, str, str, dict]


@dataclass(slots=True)  # one per row: a million of them
class Footprint:
    identity: str | tuple[str, str, str]  # node key, or (FAMILY, from, to)
    label: str  # node label, or FAMILY
    node: dict | None  # node attributes; None for a family tie
    edges: list[Edge]


def footprint(record: Record) -> Footprint:
    """What a record puts in the graph.

    >>> from detnet.loaders.contract import BY_NAME
    >>> order = Record(BY_NAME["orders"], "orders.csv", 2,
    ...                {"id": "O1", "kind": "arrest", "date": "2026-01-12", "person_id": "P1",
    ...                 "status": "verified", "sources": []}, {})
    >>> fp = footprint(order)
    >>> fp.identity, fp.edges
    ('Order:O1', [('Order:O1', 'Person:P1', 'CONCERNS', {})])
    """
    kind, values = record.kind, record.values
    label = kind.label
    if label is None:
        return _edge_footprint(kind, values)
    key = node_key(label, values["id"])
    attrs: dict = {"label": label}
    edges: list[Edge] = []
    links = kind.links
    for name, value in values.items():
        link = links.get(name)
        if link is None:
            attrs[name] = value
            continue
        prefix, relationship, incoming, many = link
        # A list naming the same record twice ("S1;S1") gives one relationship, as in G.
        for target in dict.fromkeys(value) if many else (value,):
            other = prefix + target
            edges.append(
                (other, key, relationship, {}) if incoming else (key, other, relationship, {})
            )
        if many:
            attrs[name] = value  # every node also carries its sources as a list
    return Footprint(key, label, attrs, edges)


def end_key(field, value: str) -> str:
    """The node key a reference names: a REF's id under its label, or a KEY itself."""
    return value if field.type == KEY else node_key(field.ref, value)


def _edge_footprint(kind: Kind, values: dict) -> Footprint:
    """A record that is a relationship: a family tie, a judgement.

    A judgement is about a pair, whichever way round it was written: its identity is
    the pair in key order, and a later judgement of the pair replaces the edge.
    """
    edge = kind.schema.edge
    u = end_key(kind.by_name[edge.source], values[edge.source])
    v = end_key(kind.by_name[edge.target], values[edge.target])
    attrs = {k: x for k, x in values.items() if k not in (edge.source, edge.target)}
    pair = (u, v) if edge.type != JUDGED else tuple(sorted((u, v)))
    return Footprint((edge.type, *pair), edge.type, None, [(u, v, edge.type, attrs)])


def owned_types(kind: Kind) -> tuple[set[str], set[str]]:
    """The relationship types a node record owns: (outgoing, incoming)."""
    out = {f.relationship for f in kind.fields if f.relationship and not f.incoming}
    into = {f.relationship for f in kind.fields if f.relationship and f.incoming}
    return out, into


def current(G: nx.MultiDiGraph, kind: Kind, fp: Footprint) -> Footprint | None:
    """The footprint the graph holds now for the same identity, if any."""
    if fp.node is None:
        type, u, v = fp.identity
        for a, b in ((u, v), (v, u)) if type == JUDGED else ((u, v),):
            if G.has_edge(a, b, type):
                return Footprint(fp.identity, type, None, [(a, b, type, G.edges[a, b, type])])
        return None
    key = fp.identity
    if key not in G:
        return None
    out, into = owned_types(kind)
    edges = [(key, t, k, a) for _, t, k, a in G.out_edges(key, keys=True, data=True) if k in out]
    edges += [(s, key, k, a) for s, _, k, a in G.in_edges(key, keys=True, data=True) if k in into]
    return Footprint(key, fp.label, dict(G.nodes[key]), edges)


def same(a: Footprint, b: Footprint) -> bool:
    def edge_set(fp: Footprint) -> list:
        return sorted((u, v, k, sorted(a.items(), key=str)) for u, v, k, a in fp.edges)

    return a.node == b.node and edge_set(a) == edge_set(b)


def put_new(G: nx.MultiDiGraph, footprints: Iterable[Footprint]) -> None:
    """Put the footprints of records new to `G` all at once (their references checked).

    The same as `put` for each, in order, without networkx's per-node and per-edge calls:
    most of a load's time when a million orders go into a new graph.
    """
    footprints = list(footprints)
    nodes = [(fp.identity, fp.node) for fp in footprints if fp.node is not None]
    add_from(G, nodes, [edge for fp in footprints for edge in fp.edges])


def put(G: nx.MultiDiGraph, fp: Footprint, old: Footprint | None = None) -> None:
    """Write a footprint into the graph, first removing the old one it replaces."""
    if old is not None:
        G.remove_edges_from((u, v, k) for u, v, k, _ in old.edges)
        if fp.node is not None:
            G.nodes[fp.identity].clear()
    if fp.node is not None:
        G.add_node(fp.identity, **fp.node)
    for u, v, k, attrs in fp.edges:
        G.add_edge(u, v, key=k, **attrs)
