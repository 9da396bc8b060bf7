"""What a view shows: the nodes of a focused view or of the revolving door, the
re-arrests in it, and, for a view too large to draw node by node, its overview.
`detnet.viz` draws a view as an HTML page.

A view is a set of nodes (persons, officials, institutions, facilities and the orders
between them; sources and list entries appear in tooltips, not as nodes) and every
relationship among them. Every order in a view comes with its person, its official or
issuing body, and its facility, so that each order reads whole: who ordered what, for
whom, where, when.

Views read the graph as the queries do (`Reading`): records judged the same
(`events.Clusters`) are one node, under their canonical id; the orders that status
lists reveal (`events.with_inferred`) are nodes too, with keys of their own
(`Inferred:~<status id>`), since no node of the graph holds them. An inferred order
joins a view with its person: it is found from the person's facts.

A focused view is found from its focus outwards, and its re-arrests from its own
persons' facts: building a view reads the part of the graph it shows, not the whole.
"""

from __future__ import annotations

from collections import Counter, defaultdict
from collections.abc import Iterable, Sequence
from typing import NamedTuple

import networkx as nx
from detnet.graph.dates import bounds
from detnet.graph.errors import UsageError
from detnet.graph.schema import (
    AT,
    CONCERNS,
    FACILITY,
    FAMILY,
    INSTITUTION,
    IS_PERSON,
    ISSUED,
    MEMBER_OF,
    OFFICIAL,
    OPERATES,
    ORDER,
    PART_OF,
    PERSON,
    key_id,
    node_key,
    split_key,
)

from .events import Clusters, Event, Facts
from .network import within
from .params import existing
from .revolving import REVOLVING_KINDS, Rearrest, find_rearrests, person_rearrests, report_order

MAX_NODES = 1000  # above this, a browser takes minutes to lay the graph out: an overview
OVERVIEW_NODES = 300  # the aggregates an overview draws, most re-arrests first
OVERVIEW_EDGES_PER_ISSUER = 5  # each official's (or body's) busiest facilities
INFERRED = "Inferred"  # the key prefix of an inferred order: `Inferred:~S1`
ENTITIES = (PERSON, OFFICIAL, INSTITUTION, FACILITY)
ENTITY_PREFIXES = tuple(f"{label}:" for label in ENTITIES)
AGGREGATES = (OFFICIAL, INSTITUTION, FACILITY)  # what an overview draws
# Relationships between two entities that a view draws, read from the first end.
TIES = {PERSON: (FAMILY,), OFFICIAL: (IS_PERSON, MEMBER_OF), INSTITUTION: (PART_OF, OPERATES)}
ORDER_LINKS = (ISSUED, CONCERNS, AT)  # an order's relationships to its entities


class View(NamedTuple):
    """The nodes of a view, the re-arrests it shows, and how it read the graph."""

    nodes: set[str]
    rearrests: list[Rearrest]  # in `report_order`; each one's release and re-arrest in `nodes`
    reading: Reading


class Reading:
    """The graph as views read it: clusters as one node, and each person's facts with the
    orders their status lists reveal.

    >>> import detnet
    >>> reading = Reading(detnet.load_sample("seed-article"))
    >>> reading.canonical("Person:P-MARQUEZ")
    'Person:P-MARQUEZ'
    """

    def __init__(self, G: nx.MultiDiGraph, clusters: Clusters | None = None):
        self.G = G
        self.clusters = clusters or Clusters.of(G)
        self.events: dict[str, Event] = {}  # order key -> its event, for the persons read
        self.timelines: dict[str, list[Event]] = {}  # canonical person id -> facts
        self.facts: Facts | None = None
        self.persons_read: set[str] | None = set()  # canonical keys; None: every person

    def canonical(self, key: str) -> str:
        """The key a record is drawn under: its cluster's canonical record."""
        label, id = split_key(key)
        if label not in ENTITIES:
            return key
        return f"{label}:{self.clusters.of_id(label, id)}"

    def members(self, key: str) -> list[str]:
        """The keys of the records merged into a node (itself alone, mostly)."""
        label, id = split_key(key)
        if label not in ENTITIES:
            return [key]
        return [f"{label}:{m}" for m in self.clusters.members(label, id)]

    def read(self, persons: Iterable[str] | None = None, facts: Facts | None = None) -> None:
        """Read the facts of these persons (canonical keys), or of every person: `facts`,
        every person's, when already read."""
        self.persons_read = None if persons is None else set(persons)
        ids = None if persons is None else sorted({key_id(p) for p in self.persons_read})
        if facts is None or ids is not None:
            facts = Facts.of(self.G, ids, self.clusters)
        self.facts = facts
        self.timelines = self.facts.timelines()
        # Every recorded order (those after a death too, which no walk reads), and the
        # orders the lists reveal.
        for events in (*self.facts.recorded.values(), *self.timelines.values()):
            for e in events:
                if e.kind != "listed":
                    self.events[order_key(e)] = e

    def has_read(self, persons: Iterable[str]) -> bool:
        """Whether the facts of these persons (canonical keys) have been read."""
        if self.facts is None:
            return False
        return self.persons_read is None or set(persons) <= self.persons_read

    def inferred(self) -> Iterable[Event]:
        return (e for e in self.events.values() if e.inferred)

    def order_entities(self, order: str) -> list[str]:
        """The person, official or issuing body, and facility of an order (those on record),
        canonical."""
        if order.startswith(INFERRED + ":"):
            e = self.events[order]
            found = [node_key(PERSON, e.person_id)]
            return found + ([node_key(FACILITY, e.facility_id)] if e.facility_id else [])
        return [self.canonical(n) for n in order_entities(self.G, order)]

    def ties(self, key: str) -> Iterable[tuple[str, str, str, dict]]:
        """The drawn relationships from a node's records to other entities (canonical ends),
        with their attributes: family ties, IS_PERSON, MEMBER_OF, PART_OF, OPERATES."""
        G = self.G
        types = TIES.get(split_key(key)[0], ())
        for member in self.members(key):
            for other, keys in G.succ[member].items():
                for type in types:
                    if type in keys:
                        yield key, self.canonical(other), type, keys[type]

    def neighbours(self, key: str) -> Iterable[str]:
        """The entities tied to a node either way (family, IS_PERSON, MEMBER_OF, ...)."""
        G = self.G
        for member in self.members(key):
            for other, keys in G.succ[member].items():
                if any(t in keys for t in TIES.get(split_key(member)[0], ())):
                    yield self.canonical(other)
            for other, keys in G.pred[member].items():
                if any(t in keys for t in TIES.get(split_key(other)[0], ())):
                    yield self.canonical(other)

    def orders(self, key: str) -> Iterable[str]:
        """The recorded orders of a node's records (ISSUED, CONCERNS, AT)."""
        G = self.G
        for member in self.members(key):
            for other, keys in G.succ[member].items():
                if ISSUED in keys and other.startswith(ORDER + ":"):
                    yield other
            for other, keys in G.pred[member].items():
                if (CONCERNS in keys or AT in keys) and other.startswith(ORDER + ":"):
                    yield other


def order_key(event: Event) -> str:
    """The node key of an event's order: `Inferred:~S1` for an inferred one.

    >>> from detnet.queries.events import event
    >>> order_key(event("O1", "arrest", "2024-01-01", "P1"))
    'Order:O1'
    """
    return f"{INFERRED}:{event.order_id}" if event.inferred else node_key(ORDER, event.order_id)


def check_focus(
    G: nx.MultiDiGraph,
    *,
    person: str | None = None,
    official: str | None = None,
    facility: str | None = None,
    hops: int = 1,
    revolving_door: bool = False,
) -> list[tuple[str, str]]:
    """The focus of a view as (label, id) pairs, its ids and their combination checked.

    Examples
    --------
    >>> import detnet
    >>> G = detnet.load_sample("seed-article")
    >>> check_focus(G, person="P-MARQUEZ", hops=2)
    [('Person', 'P-MARQUEZ')]
    >>> check_focus(G, hops=2)
    Traceback (most recent call last):
    ...
    detnet.graph.errors.UsageError: --hops needs a focus: --person, --official or --facility
    """
    named = ((PERSON, person), (OFFICIAL, official), (FACILITY, facility))
    for label, id in named:
        existing(G, label, id)
    focus = [(label, id) for label, id in named if id is not None]
    if isinstance(hops, bool) or not isinstance(hops, int) or hops < 1:
        raise UsageError(f"--hops: expected a whole number of steps, 1 or more, not {hops!r}")
    if revolving_door and (person is not None or facility is not None or hops != 1):
        raise UsageError(
            "--revolving-door combines with --official, --since, --until and --include-claimed only"
        )
    if not focus and hops != 1:
        raise UsageError("--hops needs a focus: --person, --official or --facility")
    return focus


def too_large(count: int) -> bool:
    """Whether a view of `count` nodes is drawn as an overview rather than node by node.

    >>> too_large(1000), too_large(1001)
    (False, True)
    """
    return count > MAX_NODES


def _span(G: nx.MultiDiGraph, order: str) -> tuple[str, str]:
    attrs = G.nodes[order]
    start = attrs.get("date_start")
    return (start, attrs["date_end"]) if start else bounds(attrs["date"])


def window(since: str | None, until: str | None) -> tuple[str | None, str | None]:
    """The first and last day of a window given by two (possibly imprecise) dates.

    >>> window("2024-03", "2024")
    ('2024-03-01', '2024-12-31')
    """
    return (since and bounds(since)[0], until and bounds(until)[1])


def in_window(start: str, end: str, first: str | None, last: str | None) -> bool:
    """Whether an order's possible days overlap the window."""
    return (first is None or end >= first) and (last is None or start <= last)


def order_entities(G: nx.MultiDiGraph, order: str) -> list[str]:
    """The person, official or issuing body, and facility of an order (those on record).

    >>> import detnet
    >>> G = detnet.load_sample("seed-article")
    >>> order_entities(G, "Order:O-MARQUEZ-2026-01-12")
    ['Person:P-MARQUEZ', 'Official:F-TRUJILLO-GOVERNOR']
    """
    found = [v for v, keys in G.succ[order].items() if CONCERNS in keys or AT in keys]
    found += [u for u, keys in G.pred[order].items() if ISSUED in keys]
    return found


def neighbourhood(
    G: nx.MultiDiGraph | Reading,
    seeds: Sequence[str],
    hops: int = 1,
    since: str | None = None,
    until: str | None = None,
) -> set[str]:
    """The nodes within `hops` steps of the seed entities (canonical keys).

    One step goes from an entity through one of its orders (dated within the window)
    to the order's other entities, or along a family tie, IS_PERSON, MEMBER_OF,
    PART_OF or OPERATES. The view's persons' inferred orders dated within the window
    join it with their facilities. With no seeds: every order in the window with its
    entities, or, with no window either, every person, official, institution,
    facility and order.

    Examples
    --------
    >>> import detnet
    >>> G = detnet.load_sample("seed-article")
    >>> sorted(neighbourhood(G, ["Person:P-MARQUEZ"]))
    ['Official:F-TRUJILLO-GOVERNOR', 'Order:O-MARQUEZ-2026-01-12', 'Person:P-MARQUEZ']
    >>> len(neighbourhood(G, ["Person:P-MARQUEZ"], since="2026-01-13"))
    1
    """
    reading = G if isinstance(G, Reading) else Reading(G)
    G = reading.G
    first, last = window(since, until)
    everything = not seeds and first is None and last is None
    if everything:
        nodes = {
            reading.canonical(n)
            for n, label in G.nodes(data="label")
            if label in ENTITIES or label == ORDER
        }
    elif not seeds:
        nodes = set()
        for n, label in G.nodes(data="label"):
            if label == ORDER and in_window(*_span(G, n), first, last):
                nodes.add(n)
                nodes.update(reading.order_entities(n))
    else:

        def step(node: str) -> Iterable[str]:
            # An order is reached in the same step as its entities and leads nowhere
            # itself: a step goes through it, so that a view holds no order without its
            # parties.
            if not node.startswith(ENTITY_PREFIXES):
                return
            yield from reading.neighbours(node)
            for order in reading.orders(node):
                if in_window(*_span(G, order), first, last):
                    yield order
                    yield from reading.order_entities(order)

        nodes = set(within([reading.canonical(s) for s in seeds], step, hops))
    persons = [n for n in nodes if n.startswith(PERSON + ":")]
    reading.read(None if everything else persons)
    for e in list(reading.inferred()):
        if node_key(PERSON, e.person_id) in nodes and in_window(e.start, e.end, first, last):
            nodes.add(order_key(e))
            nodes.update(reading.order_entities(order_key(e)))
    return nodes


def rearrests_in(
    G: nx.MultiDiGraph | Reading, nodes: set[str], include_claimed: bool = False
) -> list[Rearrest]:
    """The re-arrests of `revolving_door(G, include_claimed=...)` whose re-arrest order
    is in `nodes`, in the same order.

    Found from the persons of the view alone, not the whole graph: a view holds each
    of its orders' persons (`neighbourhood`), so every re-arrest in it is among its
    persons' facts.

    >>> import detnet
    >>> G = detnet.load_sample("synthetic")
    >>> nodes = neighbourhood(G, ["Person:P000192"])
    >>> [(r.release.status, r.rearrest.order_id) for r in rearrests_in(G, nodes)]
    [('verified', 'O0000745')]
    >>> [(r.release.status, r.rearrest.order_id) for r in rearrests_in(G, nodes, True)]
    [('claimed', 'O0000742'), ('verified', 'O0000745')]
    """
    reading = G if isinstance(G, Reading) else Reading(G)
    persons = {n for n in nodes if n.startswith(PERSON + ":")}
    if not reading.has_read(persons):  # a person with no facts has been read all the same
        reading.read(persons)
    found = [
        r
        for person in persons
        for r in person_rearrests(
            [e for e in reading.timelines.get(key_id(person), ()) if e.kind in REVOLVING_KINDS],
            include_claimed,
        )
        if order_key(r.rearrest) in nodes
    ]
    found.sort(key=report_order)
    return found


def rearrest_nodes(found: Iterable[Rearrest]) -> set[str]:
    """The nodes that show re-arrests: the person, the latest arrest before the release
    (when on record), the release and the re-arrest, who ordered each (an official, else
    the issuing body), and the facility the person was taken back to.

    >>> import detnet
    >>> G = detnet.load_sample("synthetic")
    >>> labels = [n.split(":")[0] for n in rearrest_nodes(find_rearrests(G)[1][:1])]
    >>> labels.count("Order"), labels.count("Person")
    (3, 1)
    """
    nodes: set[str] = set()
    for r in found:
        nodes.add(node_key(PERSON, r.rearrest.person_id))
        nodes.update(chain_nodes(r))
    return nodes


def chain_nodes(r: Rearrest) -> list[str]:
    """The nodes of one re-arrest's chain (see `rearrest_nodes`), in chain order."""
    nodes = [node_key(PERSON, r.rearrest.person_id)]
    for order in (r.previous_arrest, r.release, r.rearrest):
        if order is not None:
            nodes.append(order_key(order))
            if order.official_id is not None:
                nodes.append(node_key(OFFICIAL, order.official_id))
            elif order.institution_id is not None and not order.inferred:
                nodes.append(node_key(INSTITUTION, order.institution_id))
    if r.rearrest.facility_id is not None:
        nodes.append(node_key(FACILITY, r.rearrest.facility_id))
    return nodes


def focus_view(
    G: nx.MultiDiGraph,
    seeds: Sequence[str],
    hops: int = 1,
    since: str | None = None,
    until: str | None = None,
    include_claimed: bool = False,
) -> View:
    """The `neighbourhood` of the seeds, and the re-arrests it shows whole (both the
    release and the re-arrest in it).

    >>> import detnet
    >>> G = detnet.load_sample("synthetic")
    >>> view = focus_view(G, ["Person:P000192"])
    >>> len(view.nodes), [r.rearrest.order_id for r in view.rearrests]
    (17, ['O0000745'])
    """
    reading = Reading(G)
    nodes = neighbourhood(reading, seeds, hops, since, until)
    found = rearrests_in(reading, nodes, include_claimed)
    return View(nodes, [r for r in found if order_key(r.release) in nodes], reading)


def door_view(
    G: nx.MultiDiGraph,
    official: str | None = None,
    since: str | None = None,
    until: str | None = None,
    include_claimed: bool = False,
) -> View:
    """The revolving door: the rows of `revolving_door` with these filters, each shown
    by its `rearrest_nodes`.

    >>> import detnet
    >>> from detnet.queries.revolving import revolving_door
    >>> G = detnet.load_sample("synthetic")
    >>> view = door_view(G, official="F0005")
    >>> len(view.rearrests) == len(revolving_door(G, official="F0005"))
    True
    """
    reading = Reading(G)
    facts, found = find_rearrests(
        G,
        official=official,
        since=since,
        until=until,
        include_claimed=include_claimed,
        facts=Facts.of(G, clusters=reading.clusters),
    )
    nodes = rearrest_nodes(found)
    if too_large(len(nodes)):  # an overview: every person's facts are needed
        reading.read(facts=facts)
    else:
        reading.read(n for n in nodes if n.startswith(PERSON + ":"))
    return View(nodes, found, reading)


def view_edges(reading: Reading, nodes: set[str]) -> list[tuple[str, str, str, dict]]:
    """Every relationship among `nodes` that a view draws, between canonical nodes, with
    its attributes, sorted: each order's ISSUED, CONCERNS and AT, and the ties between
    entities (family, IS_PERSON, MEMBER_OF, PART_OF, OPERATES). An inferred order
    concerns its person and is at its facility.

    Read from orders and the entities' own ties, never from an official's or a
    facility's orders: they may have thousands that are not in the view.

    >>> import detnet
    >>> G = detnet.load_sample("seed-article")
    >>> view_edges(Reading(G), {"Person:P-MARQUEZ", "Order:O-MARQUEZ-2026-01-12"})
    [('Order:O-MARQUEZ-2026-01-12', 'Person:P-MARQUEZ', 'CONCERNS', {})]
    """
    G = reading.G
    edges: dict[tuple[str, str, str], dict] = {}
    for node in nodes:
        label = split_key(node)[0]
        if label == ORDER:
            for v, ks in G.succ[node].items():
                for k in ks:
                    if k in ORDER_LINKS and (other := reading.canonical(v)) in nodes:
                        edges[node, other, k] = ks[k]
            for u, ks in G.pred[node].items():
                if ISSUED in ks and (other := reading.canonical(u)) in nodes:
                    edges[other, node, ISSUED] = ks[ISSUED]
        elif label == INFERRED:
            for other, type in zip(reading.order_entities(node), (CONCERNS, AT), strict=False):
                if other in nodes:
                    edges[node, other, type] = {}
        else:
            for u, v, type, attrs in reading.ties(node):
                if v in nodes and v != u:
                    edges[u, v, type] = attrs
    return sorted((u, v, k, attrs) for (u, v, k), attrs in edges.items())


# Overviews: a view too large to draw node by node.


class Overview(NamedTuple):
    """A view drawn by its officials, institutions and facilities.

    `events` are the view's orders (recorded and inferred); `entities` every official,
    institution and facility they name (canonical keys), busiest first, of which the
    first `drawn` are drawn; `ties` the MEMBER_OF, PART_OF and OPERATES among them;
    `pairs` the (issuer, facility) pairs drawn as weighted lines.
    """

    events: list[Event]
    rearrests: list[Rearrest]
    entities: list[str]
    drawn: int
    ties: list[tuple[str, str, str]]
    pairs: list[tuple[str, str]]
    size: int  # the nodes the view would have held


def issuer(e: Event) -> str | None:
    """Who issued an order, as a node key: its official, else its issuing body."""
    if e.official_id is not None:
        return node_key(OFFICIAL, e.official_id)
    return None if e.institution_id is None else node_key(INSTITUTION, e.institution_id)


def event_entities(e: Event) -> list[str]:
    """The official, institution and facility an order counts for in an overview."""
    found = [
        node_key(OFFICIAL, e.official_id) if e.official_id else None,
        node_key(INSTITUTION, e.institution_id) if e.institution_id else None,
        node_key(FACILITY, e.facility_id) if e.facility_id else None,
    ]
    return [k for k in found if k is not None]


def overview(view: View) -> Overview:
    """The overview of a view: its orders counted by official, institution and facility.

    >>> import detnet
    >>> G = detnet.load_sample("synthetic")
    >>> o = overview(door_view(G))
    >>> o.entities[0], o.drawn == len(o.entities), len(o.events) <= o.size
    ('Institution:I-DCI', True, True)
    """
    reading = view.reading
    events = [reading.events[n] for n in sorted(view.nodes & reading.events.keys())]
    # Counted by Counter's constructor, in C: `update` pays an isinstance check per call.
    rearrests_of = Counter(k for r in view.rearrests for k in set(event_entities(r.rearrest)))
    orders_of = Counter(k for e in events for k in event_entities(e))
    pair_orders: dict[str, Counter] = defaultdict(Counter)
    for e in events:
        who = issuer(e)
        if who is not None and e.facility_id is not None:
            pair_orders[who][node_key(FACILITY, e.facility_id)] += 1
    # The institutions tied to those in the view (an official's, a body's parent).
    entities = set(orders_of)
    ties = set()
    for key in sorted(entities):
        for u, v, type, _ in reading.ties(key):
            if type in (MEMBER_OF, PART_OF, OPERATES):
                ties.add((u, v, type))
                entities.add(v)
    ranked = sorted(entities, key=lambda k: (-rearrests_of[k], -orders_of[k], k))
    drawn = set(ranked[:OVERVIEW_NODES])
    pairs = [
        (who, facility)
        for who in sorted(pair_orders)
        if who in drawn
        for facility, _ in sorted(pair_orders[who].items(), key=lambda kv: (-kv[1], kv[0]))[
            :OVERVIEW_EDGES_PER_ISSUER
        ]
        if facility in drawn
    ]
    return Overview(
        events,
        list(view.rearrests),
        ranked,
        len(drawn),
        sorted(t for t in ties if t[0] in drawn and t[1] in drawn),
        pairs,
        len(view.nodes),
    )
