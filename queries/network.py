"""Network views: who sits at the centre, how two persons are connected, a node's
neighbourhood. (Exports for Gephi and other graph tools: `detnet.graph.export`.)

Connections run through every relationship type but CITES: two records citing the same
report are not connected by it, and a few sources would otherwise connect everyone.
"""

from __future__ import annotations

import sys
from collections import Counter, defaultdict
from collections.abc import Callable, Iterable, Iterator
from itertools import islice

import networkx as nx
from detnet.graph import schema
from detnet.graph.errors import UsageError
from detnet.graph.schema import (
    CITES,
    FAMILY,
    IS_PERSON,
    JUDGED,
    LABELS,
    OFFICIAL,
    PERSON,
    split_key,
)
from detnet.graph.store import open_graph

from .events import LISTED, Clusters, Event, Facts, labelled
from .params import whole_number
from .revolving import person_rearrests
from .rows import Rows
from .twins import query

RANK_BY = ("rearrests", "orders", "persons", "betweenness")
# Exact betweenness costs O(nodes x edges); above this many nodes it is estimated from
# a fixed sample of source nodes with a fixed seed, so that a ranking is repeatable.
EXACT_BETWEENNESS_NODES = 1000
BETWEENNESS_SAMPLE = 100


def resolve_node(G: nx.MultiDiGraph, node: str) -> str:
    """The node key for `node`: a key such as `Person:P1`, or a bare id of one label.

    >>> import detnet
    >>> G = detnet.load_sample("seed-article")
    >>> resolve_node(G, "P-TUDARES"), resolve_node(G, "Person:P-TUDARES")
    ('Person:P-TUDARES', 'Person:P-TUDARES')
    >>> resolve_node(G, "P-NOBODY")
    Traceback (most recent call last):
    ...
    detnet.graph.errors.UsageError: unknown node 'P-NOBODY'
    """
    if node in G:
        return node
    keys = [f"{label}:{node}" for label in LABELS if f"{label}:{node}" in G]
    if not keys:
        raise UsageError(f"unknown node {node!r}")
    if len(keys) > 1:
        raise UsageError(f"{node!r} is ambiguous: {', '.join(keys)}; give the node key")
    return keys[0]


# Not a tie between records: citing one report, and judgements (records judged the same
# are one node, see `_within`; records judged different are not thereby connected).
NOT_TIES = frozenset({CITES, JUDGED})


def neighbours(G: nx.MultiDiGraph, key: str) -> set[str]:
    """The nodes tied to `key` either way by any relationship but CITES and JUDGED.

    >>> import detnet
    >>> sorted(neighbours(detnet.load_sample("seed-article"), "Person:P-TUDARES"))
    ['Order:O-TUDARES-2026-01-22', 'Person:P-GONZALEZ-URRUTIA']
    """
    out = {m for m, types in G.succ[key].items() if any(t not in NOT_TIES for t in types)}
    return out | {m for m, types in G.pred[key].items() if any(t not in NOT_TIES for t in types)}


def display_name(G: nx.MultiDiGraph, key: str) -> str:
    """What to call a node in a sentence (see `detnet.graph.schema.display_name`).

    >>> import detnet
    >>> G = detnet.load_sample("seed-article")
    >>> display_name(G, "Order:O-MARQUEZ-2026-01-12"), display_name(G, "Person:P-MARQUEZ")
    ('arrest 2026-01-12', 'Alfredo Márquez')
    """
    return schema.display_name(G.nodes[key])


def _relationship(G: nx.MultiDiGraph, u: str, v: str) -> str:
    """The relationship between two adjacent nodes, e.g. `CONCERNS` or `FAMILY in_law`."""
    found = [(t, a) for t, a in G.succ[u].get(v, {}).items() if _walked(t, a)]
    found += [(t, a) for t, a in G.pred[u].get(v, {}).items() if _walked(t, a)]
    rel, attrs = min(found, key=lambda item: item[0])
    if rel == FAMILY and attrs.get("relation"):
        return f"{rel} {attrs['relation']}"
    return f"{rel} same" if rel == JUDGED else rel


def _walked(type: str, attrs: dict) -> bool:
    """Whether a path may go along a relationship: any but CITES, and of judgements only
    `same` ones (records judged different or unsure are not thereby connected)."""
    return type != CITES and (type != JUDGED or attrs.get("judgement") == "same")


def path_neighbours(G: nx.MultiDiGraph, key: str) -> set[str]:
    """The nodes a path may step to from `key` (see `_walked`)."""
    out = {m for m, types in G.succ[key].items() if any(_walked(t, a) for t, a in types.items())}
    return out | {
        m for m, types in G.pred[key].items() if any(_walked(t, a) for t, a in types.items())
    }


def canonical_key(clusters: Clusters, key: str) -> str:
    """The node key of the record a record's cluster is reported under.

    >>> canonical_key(Clusters(canonical={"Person": {"P2b": "P2"}}), "Person:P2b")
    'Person:P2'
    """
    label, id = split_key(key)
    return f"{label}:{clusters.of_id(label, id)}" if label in clusters.canonical else key


def _busiest(events_by: dict[str, list[Event]]) -> tuple[Counter, dict, Counter]:
    orders: Counter = Counter()
    persons: dict[str, set] = defaultdict(set)
    rearrests: Counter = Counter()
    for person, events in events_by.items():
        for e in events:
            if e.official_id is not None and e.kind != LISTED:
                orders[e.official_id] += 1
                persons[e.official_id].add(person)
        for r in person_rearrests(events):
            if r.rearrest.official_id is not None:
                rearrests[r.rearrest.official_id] += 1
    return orders, persons, rearrests


def official_betweenness(G: nx.MultiDiGraph, events_by: dict[str, list[Event]]) -> dict:
    """Betweenness of each official in the network of officials and persons.

    The network joins an official to each person they issued an order on, a person to
    their relatives, and an official to the person they are (IS_PERSON). Facilities
    are left out: a prison ties together everyone held there, which says little about
    who connects whom. Normalised; estimated from a sample above
    `EXACT_BETWEENNESS_NODES` nodes.

    >>> import detnet
    >>> from detnet.queries.events import Facts
    >>> G = detnet.load_sample("synthetic")
    >>> scores = official_betweenness(G, Facts.of(G).timelines())
    >>> len(scores), all(0 <= s <= 1 for s in scores.values())
    (10, True)
    """
    H = nx.Graph()
    H.add_nodes_from(sorted(k for k, label in G.nodes(data="label") if label in (OFFICIAL, PERSON)))
    for person, events in events_by.items():
        H.add_edges_from(
            (f"{OFFICIAL}:{e.official_id}", f"{PERSON}:{person}") for e in events if e.official_id
        )
    H.add_edges_from((u, v) for u, v, t in G.edges(keys=True) if t in (FAMILY, IS_PERSON))
    sample = BETWEENNESS_SAMPLE if len(H) > EXACT_BETWEENNESS_NODES else None
    scores = nx.betweenness_centrality(H, k=sample, seed=0)
    return {split_key(k)[1]: round(v, 6) for k, v in scores.items() if k.startswith(OFFICIAL + ":")}


@query(
    "rank",
    "official_id",
    "official_name",
    "orders",
    "persons",
    "rearrests",
    "betweenness",
    params=[
        'by: rearrests|orders|persons|betweenness = "rearrests" -- what to rank them by',
        "limit: int = null -- only the first N",
    ],
)
def rank_officials(G, *, by: str = "rearrests", limit: int | None = None) -> Rows:
    """Officials ranked by re-arrests ordered, orders issued, persons affected or betweenness.

    Parameters
    ----------
    graph : path, None or networkx.MultiDiGraph
    by : {"rearrests", "orders", "persons", "betweenness"}
    limit : int, optional
        Only the first `limit` officials.

    Returns
    -------
    Rows
        Every official, `rank` 1 first; ties broken by official_id. `rearrests` as
        `revolving_door` counts them; `persons` distinct persons their orders
        concerned. `betweenness` (see `official_betweenness`) is computed only when
        ranking by it, and is None otherwise: it is costly on a large graph.

    Examples
    --------
    >>> import detnet
    >>> G = detnet.load_sample("synthetic")
    >>> rows = rank_officials(G, by="orders", limit=3)
    >>> [r["rank"] for r in rows], rows[0]["orders"] >= rows[1]["orders"] >= rows[2]["orders"]
    ([1, 2, 3], True)
    """
    facts = Facts.of(G)
    events_by = facts.timelines()
    orders, persons, rearrests = _busiest(events_by)
    betweenness = official_betweenness(G, events_by) if by == "betweenness" else None
    canonical = facts.clusters.of_id
    officials = sorted({canonical(OFFICIAL, o) for o in labelled(G, OFFICIAL)})
    measure = {
        "rearrests": rearrests.__getitem__,
        "orders": orders.__getitem__,
        "persons": lambda o: len(persons[o]),
        "betweenness": lambda o: betweenness.get(o, 0.0),
    }[by]
    officials.sort(key=lambda o: -measure(o))  # stable: ties stay in id order
    rows = (
        {
            "rank": rank,
            "official_id": o,
            "official_name": facts.name(OFFICIAL, o),
            "orders": orders[o],
            "persons": len(persons[o]),
            "rearrests": rearrests[o],
            "betweenness": betweenness.get(o, 0.0) if betweenness is not None else None,
        }
        for rank, o in enumerate(officials[:limit], start=1)
    )
    return Rows(rows, rank_officials.columns)


@query("step", "node_key", "label", "name", "relationship")
def shortest_path(G, *, person_a: str, person_b: str) -> Rows:
    """The shortest connection between two persons, through any relationship but CITES.

    Family ties, orders, officials and facilities all connect; direction is ignored.
    Records judged the same (RECORDS.md, C) are one: a `same` judgement connects its two
    records too, and consecutive records of one cluster make one row, under the
    cluster's canonical id. So a path may reach a person through one group's record and
    leave through another's. (In a conflict nothing is merged: the judgement shows as a
    step, `JUDGED same`.)

    Among the paths with fewest relationships, the one with fewest rows is returned,
    then the one whose canonical node keys come first, step by step, then the one whose
    recorded keys do; so the answer does not depend on how the graph was built.

    Parameters
    ----------
    graph : path, None or networkx.MultiDiGraph
    person_a, person_b : str
        Person ids.

    Returns
    -------
    Rows
        One row per node on the path (a cluster once), `step` 0 being `person_a`'s;
        `node_key` canonical; `name` is the record's name (an order's kind and date, a
        source's title); `relationship` ties the node to the previous one (`FAMILY`
        with its relation, e.g. `FAMILY in_law`), None at step 0. No rows when the two
        are not connected.

    Examples
    --------
    >>> import detnet
    >>> G = detnet.load_sample("seed-article")
    >>> for r in shortest_path(G, person_a="P-TUDARES", person_b="P-GONZALEZ-URRUTIA"):
    ...     print(r["step"], r["name"], r["relationship"])
    0 Rafael Tudares None
    1 Edmundo González Urrutia FAMILY in_law
    """
    start, goal = f"{PERSON}:{person_a}", f"{PERSON}:{person_b}"
    layers: list[dict[str, None]] = []
    parents: dict[str, list[str]] = {start: []}
    frontier = [start]
    while frontier and goal not in parents:
        reached: dict[str, list[str]] = {}
        for node in frontier:
            for other in sorted(path_neighbours(G, node)):
                if other not in parents:
                    reached.setdefault(other, []).append(node)
        parents.update(reached)
        layers.append(dict.fromkeys(frontier))
        frontier = list(reached)
    if goal not in parents:
        return Rows([], shortest_path.columns)
    # Only nodes on a shortest path to the goal matter: walk back from it.
    on_path, back = {goal}, [goal]
    while back:
        for parent in parents[back.pop()]:
            if parent not in on_path:
                on_path.add(parent)
                back.append(parent)
    clusters = Clusters.of(G)
    canonical = {node: canonical_key(clusters, node) for node in on_path}
    # The best path to each node, by (rows, canonical keys, recorded keys): the best
    # path to the goal goes through the best path to each node on it.
    best: dict[str, tuple] = {start: (1, [canonical[start]], [start])}
    for layer in [*layers[1:], {goal: None}]:
        for node in layer:
            if node not in on_path or node in best:
                continue
            options = []
            for parent in parents[node]:
                size, collapsed, recorded = best[parent]
                if canonical[node] != collapsed[-1]:
                    size, collapsed = size + 1, [*collapsed, canonical[node]]
                options.append((size, collapsed, [*recorded, node]))
            best[node] = min(options)
    _, collapsed, recorded = best[goal]
    rows = []
    for i, node in enumerate(recorded):
        key = canonical[node]
        if i and key == canonical[recorded[i - 1]]:
            continue
        rows.append({
            "step": len(rows),
            "node_key": key,
            "label": G.nodes[key]["label"],
            "name": display_name(G, key),
            "relationship": _relationship(G, recorded[i - 1], node) if i else None,
        })  # fmt: skip
    return Rows(rows, shortest_path.columns)


def format_chain(rows: list[dict]) -> str:
    """A path as one readable line.

    >>> print(format_chain([{"name": "A", "label": "Person", "relationship": None},
    ...                     {"name": "B", "label": "Person", "relationship": "FAMILY in_law"}]))
    A (Person) -[FAMILY in_law]- B (Person)
    """
    parts = []
    for row in rows:
        if row["relationship"]:
            parts.append(f"-[{row['relationship']}]-")
        parts.append(f"{row['name']} ({row['label']})")
    return " ".join(parts)


def breadth_first(
    seeds: Iterable[str], step: Callable[[str], Iterable[str]]
) -> Iterator[dict[str, str | None]]:
    """The layers of a breadth-first search: the seeds, then the nodes first reached
    from each layer, each mapped to the node it was reached from (None for a seed).

    `step(node)` gives the nodes one step from `node`, in the order they are visited:
    the first node of a layer to step to a node is its parent. The search is the one
    of every walk in detnet: ego networks and shortest paths (a step along any
    relationship but CITES) and views (`detnet.queries.views`, a step through an
    order). Lazy: a layer is found when it is asked for, so stop asking to stop.

    >>> ties = {"a": ["b", "c"], "b": ["c", "d"], "c": ["a"], "d": []}
    >>> list(breadth_first(["a"], ties.__getitem__))
    [{'a': None}, {'b': 'a', 'c': 'a'}, {'d': 'b'}]
    """
    seen = set(seeds)
    layer: dict[str, str | None] = dict.fromkeys(seeds)
    while layer:
        yield layer
        reached = {}
        for node in layer:
            for other in step(node):
                if other not in seen:
                    seen.add(other)
                    reached[other] = node
        layer = reached


def within(seeds: Iterable[str], step: Callable[[str], Iterable[str]], hops: int) -> dict[str, int]:
    """The nodes at most `hops` steps from the seeds, with their distance.

    >>> ties = {"a": ["b"], "b": ["c"], "c": ["d"], "d": []}
    >>> within(["a"], ties.__getitem__, 2)
    {'a': 0, 'b': 1, 'c': 2}
    """
    # A search ends when a layer is empty: more hops than nodes mean all of them.
    layers = islice(breadth_first(seeds, step), min(hops, sys.maxsize - 1) + 1)
    return {node: hop for hop, layer in enumerate(layers) for node in layer}


def _within(
    G: nx.MultiDiGraph, key: str, hops: int, clusters: Clusters | None = None
) -> dict[str, int]:
    """The nodes at most `hops` steps from `key` (not through CITES), with their distance.

    Records judged the same are one node (RECORDS.md, C), under the canonical key:
    a step from a cluster is a step from any of its records.
    """
    clusters = clusters if clusters is not None else Clusters.of(G)
    if not clusters.canonical:
        return within([key], lambda node: neighbours(G, node), hops)
    members: dict[str, list[str]] = {}
    for label, ids in clusters.canonical.items():
        for id, canonical in ids.items():
            members.setdefault(f"{label}:{canonical}", []).append(f"{label}:{id}")

    def step(node: str) -> set[str]:
        reached = set()
        for member in members.get(node, [node]):
            reached |= {canonical_key(clusters, m) for m in neighbours(G, member)}
        reached.discard(node)
        return reached

    return within([canonical_key(clusters, key)], step, hops)


def ego(graph, *, node: str, hops: int = 2) -> nx.MultiDiGraph:
    """The neighbourhood of a node as a detnet graph of its own.

    Parameters
    ----------
    graph : path, None or networkx.MultiDiGraph
    node : str
        A node key (`Person:P000001`) or a bare id, if only one label holds it.
    hops : int
        How many steps out, through any relationship but CITES (a person's orders
        are 1 step away, the officials who issued them 2).

    Returns
    -------
    networkx.MultiDiGraph
        The nodes within `hops`, every relationship among them, and the sources
        they cite (so that what is shown keeps its provenance). A copy: write it
        with `detnet.graph.store.write_graph`.

    Examples
    --------
    >>> import detnet
    >>> G = detnet.load_sample("seed-article")
    >>> for key in sorted(ego(G, node="P-MARQUEZ", hops=2)):
    ...     print(key)
    Official:F-TRUJILLO-GOVERNOR
    Order:O-MARQUEZ-2026-01-12
    Person:P-MARQUEZ
    Source:S-SEED-2026-01-24
    """
    G = open_graph(graph)
    return neighbourhood(G, resolve_node(G, node), whole_number("hops", hops))


def neighbourhood(G: nx.MultiDiGraph, key: str, hops: int) -> nx.MultiDiGraph:
    """The subgraph `ego` returns, for a node key: every record of each cluster reached
    (records judged the same, RECORDS.md C), with the judgements among them.

    >>> import detnet
    >>> sorted(neighbourhood(detnet.load_sample("seed-article"), "Person:P-TUDARES", 0))
    ['Person:P-TUDARES', 'Source:S-SEED-2026-01-24']
    """
    clusters = Clusters.of(G)
    kept = {
        f"{split_key(k)[0]}:{m}"
        for k in _within(G, key, hops, clusters)
        for m in clusters.members(split_key(k)[0], split_key(k)[1])
    }
    kept |= {s for n in list(kept) for s, types in G.succ[n].items() if CITES in types}
    return G.subgraph(kept).copy()


@query(
    "node_key",
    "label",
    "id",
    "name",
    "hops",
    params=[
        "node: str -- a node key (Person:P000001) or a bare id held by one label",
        "hops: int = 2 -- how many steps out",
    ],
)
def ego_nodes(G, *, node: str, hops: int = 2) -> Rows:
    """The nodes of `ego` reached through relationships (not the cited sources).

    Records judged the same are one node, under their canonical key and id. Sorted by
    hops, then node_key.

    Examples
    --------
    >>> import detnet
    >>> G = detnet.load_sample("seed-article")
    >>> [(r["node_key"], r["hops"]) for r in ego_nodes(G, node="P-TUDARES", hops=1)]
    [('Person:P-TUDARES', 0), ('Order:O-TUDARES-2026-01-22', 1), ('Person:P-GONZALEZ-URRUTIA', 1)]
    """
    distance = _within(G, resolve_node(G, node), hops)
    rows = (
        {
            "node_key": key,
            "label": G.nodes[key]["label"],
            "id": G.nodes[key].get("id"),
            "name": display_name(G, key),
            "hops": d,
        }
        for key, d in sorted(distance.items(), key=lambda item: (item[1], item[0]))
    )
    return Rows(rows, ego_nodes.columns)
