"""An institution's record: what it and its parts ordered, against whom, who serves in
it, what it runs (RECORDS.md, "Who decides").

An order is an institution's when its issuing body (the order's own `institution_id`,
else its official's institution: see `events`) is the institution or a part of it at
any depth (`revolving.part_depths`), as `revolving_door --institution` counts it. Like
`officials`, each function is one flat-row query with a Cypher twin; `detnet
institution ID` prints them together. They read the institution's records outwards
(its parts, their officials, the orders these issued), not the whole graph.
"""

from __future__ import annotations

import statistics
from collections import Counter, defaultdict
from dataclasses import dataclass

import networkx as nx
from detnet.graph.dates import bounds
from detnet.graph.schema import (
    AT,
    CONCERNS,
    FACILITY,
    INSTITUTION,
    ISSUED,
    MEMBER_OF,
    OFFICIAL,
    OPERATES,
    ORDER,
    ORDER_KINDS,
    PART_OF,
    PERSON,
    key_id,
    node_key,
)

from .events import (
    Clusters,
    Event,
    Facts,
    event_order,
    first_linked,
    institutions_of_officials,
    labelled,
    name,
)
from .officials import KIND_COLUMNS, persons_rows
from .revolving import REVOLVING_KINDS, part_depths, person_rearrests
from .rows import Rows
from .twins import query


@dataclass
class _Tree:
    """An institution, its parts, and the orders they issued."""

    G: nx.MultiDiGraph
    clusters: Clusters
    institution: str  # canonical id
    depths: dict[str, int]  # itself and each part (canonical ids), with steps down from it
    records: dict[str, list[str]]  # each body's records (ids merged into it)
    facts: Facts | None = None  # the facts of the persons its orders concern
    orders: tuple[Event, ...] = ()  # the orders issued by a body of `depths`, in time order

    def name(self, label: str, id: str | None) -> str | None:
        return name(self.G, label, self.clusters.of_id(label, id))

    def linked(self, relationship: str, outgoing: bool) -> dict[str, set[str]]:
        """The nodes each body's records link to by `relationship` (out or in)."""
        found = defaultdict(set)
        for body, records in self.records.items():
            for record in records:
                key = node_key(INSTITUTION, record)
                for other, types in (self.G.succ if outgoing else self.G.pred)[key].items():
                    if relationship in types:
                        found[body].add(other)
        return found


def _of_institution(G: nx.MultiDiGraph, institution: str) -> _Tree:
    clusters = Clusters.of(G)
    institution = clusters.of_id(INSTITUTION, institution)
    depths = part_depths(G, clusters, institution)
    records: dict[str, list[str]] = {body: [] for body in depths}
    # A record merged with a body counts as that body, wherever it stands in PART_OF.
    for record in labelled(G, INSTITUTION) if clusters.canonical.get(INSTITUTION) else depths:
        body = clusters.of_id(INSTITUTION, record)
        if body in records:
            records[body].append(record)
    tree = _Tree(G, clusters, institution, depths, records)
    # The orders the bodies signed, and those of their officials (every record of each).
    orders = {o for found in tree.linked(ISSUED, True).values() for o in found}
    for members in tree.linked(MEMBER_OF, False).values():
        for official in members:
            for m in clusters.members(OFFICIAL, clusters.of_id(OFFICIAL, key_id(official))):
                key = node_key(OFFICIAL, m)
                orders.update(o for o, types in G.succ[key].items() if ISSUED in types)
    persons = {key_id(p) for o in orders for p, types in G.succ[o].items() if CONCERNS in types}
    tree.facts = Facts.of(G, persons, clusters)
    tree.orders = tuple(
        sorted(
            (
                e
                for events in tree.facts.recorded.values()
                for e in events
                if e.institution_id in depths and e.kind in ORDER_KINDS
            ),
            key=event_order,
        )
    )
    return tree


def _officials(tree: _Tree) -> dict[str, str]:
    """The officials of an institution and its parts (canonical ids), and the body of
    each (its MEMBER_OF, as `events.institutions_of_officials` reads it)."""
    G, clusters = tree.G, tree.clusters
    candidates = {
        clusters.of_id(OFFICIAL, key_id(o))
        for found in tree.linked(MEMBER_OF, False).values()
        for o in found
    }
    bodies = institutions_of_officials(G, clusters, candidates)
    return {o: body for o, body in bodies.items() if body in tree.depths}


def _signed(G: nx.MultiDiGraph, e: Event) -> bool:
    """Whether an order names its issuing body (rather than only an official of it)."""
    return any(k.startswith(INSTITUTION + ":") for k in G.pred[node_key(ORDER, e.order_id)])


def _rearrests(tree: _Tree, include_claimed: bool = False, as_known_on: str | None = None):
    known = as_known_on and bounds(as_known_on)[1]
    return [
        r
        for events in tree.facts.timelines(REVOLVING_KINDS, as_known_on=known).values()
        for r in person_rearrests(events, include_claimed)
        if r.rearrest.institution_id in tree.depths
    ]


@query(
    "institution_id",
    "institution_name",
    "kind",
    "jurisdiction",
    "parent_id",
    "parent_name",
    "parts",
    "officials",
    "facilities",
    "orders",
    "orders_signed",
    "orders_by_officials",
    "orders_by_parts",
    *KIND_COLUMNS.values(),
    "persons",
    "rearrests",
    "median_days_free",
    "first_order_date",
    "last_order_date",
)
def institution_profile(
    G, *, institution: str, include_claimed: bool = False, as_known_on: str | None = None
) -> Rows:
    """One institution's record in one row, its parts' included.

    Parameters
    ----------
    graph : path, None or networkx.MultiDiGraph
    institution : str
        The institution's id.
    include_claimed : bool
        As in `revolving_door`: count claimed releases when finding re-arrests.
    as_known_on : str, optional
        Only records known by this day (for the re-arrests).

    Returns
    -------
    Rows
        One row. `parent_id`: the body it is part of; `parts`: the bodies part of it,
        at any depth; `officials`: officials who belong to it or to a part;
        `facilities`: facilities it or a part runs. `orders`: orders issued by it or a
        part (the order's issuing body, else its official's institution), split into
        `orders_signed` (naming it as their issuing body), `orders_by_officials`
        (issued by its own officials, naming no body) and `orders_by_parts`; the kind
        counts split `orders` by kind. `persons`: distinct persons they concern.
        `rearrests`: re-arrests issued by it or a part (`revolving_door --institution`),
        `median_days_free` their median days free (None without re-arrests).

    Examples
    --------
    >>> import detnet
    >>> G = detnet.load_sample("seed-article")
    >>> row = institution_profile(G, institution="I-GOBERNACION-TRUJILLO")[0]
    >>> row["orders"], row["orders_by_officials"], row["arrests"], row["persons"]
    (1, 1, 1, 1)
    """
    tree = _of_institution(G, institution)
    G, clusters, me = tree.G, tree.clusters, tree.institution
    kinds = Counter(e.kind for e in tree.orders)
    own = [e for e in tree.orders if e.institution_id == me]
    signed = sum(_signed(G, e) for e in own)
    found = _rearrests(tree, include_claimed, as_known_on)
    operated = {
        clusters.of_id(FACILITY, key_id(f))
        for fs in tree.linked(OPERATES, True).values()
        for f in fs
    }
    attrs = G.nodes[node_key(INSTITUTION, me)]
    parent = first_linked(G, clusters, INSTITUTION, me, PART_OF)
    row = {
        "institution_id": me,
        "institution_name": attrs.get("name"),
        "kind": attrs.get("kind"),
        "jurisdiction": attrs.get("jurisdiction"),
        "parent_id": parent,
        "parent_name": tree.name(INSTITUTION, parent),
        "parts": len(tree.depths) - 1,
        "officials": len(_officials(tree)),
        "facilities": len(operated),
        "orders": len(tree.orders),
        "orders_signed": signed,
        "orders_by_officials": len(own) - signed,
        "orders_by_parts": len(tree.orders) - len(own),
        **{KIND_COLUMNS[k]: kinds[k] for k in ORDER_KINDS},
        "persons": len({e.person_id for e in tree.orders}),
        "rearrests": len(found),
        "median_days_free": statistics.median(r.days_free for r in found) if found else None,
        "first_order_date": tree.orders[0].date if tree.orders else None,
        "last_order_date": tree.orders[-1].date if tree.orders else None,
    }
    return Rows([row], institution_profile.columns)


@query("institution_id", "institution_name", "kind", "parent_id", "depth", "officials", "orders")
def institution_parts(G, *, institution: str) -> Rows:
    """An institution and every body part of it, at any depth, one row each.

    `depth`: steps down from the institution (0: itself); `parent_id`: the body each is
    part of; `officials` and `orders`: the officials who belong to that body and the
    orders it issued, as given (no roll-up: the rows add up to the profile's). Sorted by
    depth, then institution_id.

    Examples
    --------
    >>> import detnet
    >>> G = detnet.load_sample("seed-article")
    >>> [(r["institution_id"], r["depth"]) for r in institution_parts(G, institution="I-GOBERNACION-TRUJILLO")]
    [('I-GOBERNACION-TRUJILLO', 0)]
    """
    tree = _of_institution(G, institution)
    G, clusters = tree.G, tree.clusters
    officials = Counter(_officials(tree).values())
    orders = Counter(e.institution_id for e in tree.orders)
    rows = []
    for body, depth in sorted(tree.depths.items(), key=lambda item: (item[1], item[0])):
        attrs = G.nodes[node_key(INSTITUTION, body)]
        rows.append(
            {
                "institution_id": body,
                "institution_name": attrs.get("name"),
                "kind": attrs.get("kind"),
                "parent_id": first_linked(G, clusters, INSTITUTION, body, PART_OF),
                "depth": depth,
                "officials": officials[body],
                "orders": orders[body],
            }
        )
    return Rows(rows, institution_parts.columns)


@query(
    "official_id",
    "official_name",
    "position",
    "institution_id",
    "institution_name",
    "orders",
    "persons",
    "rearrests",
)
def institution_officials(G, *, institution: str) -> Rows:
    """The officials who belong to an institution or a part of it.

    `institution_id`: the body each belongs to; `orders`, `persons` and `rearrests`:
    the institution's orders (and re-arrests) they issued, and the persons these
    concern. Sorted by orders descending, then official_id.

    Examples
    --------
    >>> import detnet
    >>> G = detnet.load_sample("seed-article")
    >>> [r["official_id"] for r in institution_officials(G, institution="I-GOBERNACION-TRUJILLO")]
    ['F-TRUJILLO-GOVERNOR']
    """
    tree = _of_institution(G, institution)
    members = _officials(tree)
    orders: dict[str, list[Event]] = defaultdict(list)
    for e in tree.orders:
        orders[e.official_id].append(e)
    rearrests = Counter(r.rearrest.official_id for r in _rearrests(tree))
    rows = (
        {
            "official_id": o,
            "official_name": tree.name(OFFICIAL, o),
            "position": tree.G.nodes[node_key(OFFICIAL, o)].get("position"),
            "institution_id": body,
            "institution_name": tree.name(INSTITUTION, body),
            "orders": len(orders[o]),
            "persons": len({e.person_id for e in orders[o]}),
            "rearrests": rearrests[o],
        }
        for o, body in sorted(members.items(), key=lambda item: (-len(orders[item[0]]), item[0]))
    )
    return Rows(rows, institution_officials.columns)


@query(
    "facility_id",
    "facility_name",
    "kind",
    "operator_id",
    "operator_name",
    "orders",
    "persons",
)
def institution_facilities(G, *, institution: str) -> Rows:
    """The facilities an institution or a part of it runs (OPERATES).

    `operator_id`: the body that runs it (the first by id, should records name
    several); `orders`: every order naming the facility, whoever issued it, and
    `persons` the persons these concern. Sorted by orders descending, then facility_id.

    Examples
    --------
    >>> import detnet
    >>> G = detnet.load_sample("seed-article")
    >>> institution_facilities(G, institution="I-GOBERNACION-TRUJILLO")
    []
    """
    tree = _of_institution(G, institution)
    G, clusters = tree.G, tree.clusters
    operator: dict[str, str] = {}
    for body, facilities in sorted(tree.linked(OPERATES, True).items()):
        for f in facilities:
            operator.setdefault(clusters.of_id(FACILITY, key_id(f)), body)
    orders: Counter = Counter()
    persons: dict[str, set[str]] = defaultdict(set)
    for facility in operator:
        for record in clusters.members(FACILITY, facility):
            for o, types in G.pred[node_key(FACILITY, record)].items():
                if AT in types and G.nodes[o].get("label") == ORDER:
                    orders[facility] += 1
                    persons[facility].update(
                        clusters.of_id(PERSON, key_id(p))
                        for p, ts in G.succ[o].items()
                        if CONCERNS in ts
                    )
    rows = (
        {
            "facility_id": f,
            "facility_name": tree.name(FACILITY, f),
            "kind": G.nodes[node_key(FACILITY, f)].get("kind"),
            "operator_id": body,
            "operator_name": tree.name(INSTITUTION, body),
            "orders": orders[f],
            "persons": len(persons[f]),
        }
        for f, body in sorted(operator.items(), key=lambda item: (-orders[item[0]], item[0]))
    )
    return Rows(rows, institution_facilities.columns)


@query("person_id", "person_name", "orders", "arrests", "first_order_date", "last_order_date")
def institution_persons(G, *, institution: str) -> Rows:
    """The persons the orders of an institution and its parts concerned, most orders
    first, then by person_id (as `official_persons`).

    Examples
    --------
    >>> import detnet
    >>> G = detnet.load_sample("seed-article")
    >>> [r["person_name"] for r in institution_persons(G, institution="I-GOBERNACION-TRUJILLO")]
    ['Alfredo Márquez']
    """
    tree = _of_institution(G, institution)
    return Rows(persons_rows(tree.facts, tree.orders), institution_persons.columns)
