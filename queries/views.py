"""What a view shows: the nodes of a focused view or of the revolving door, and the
re-arrests in it. `detnet.viz` draws a view as an HTML page.

A view is a set of nodes (persons, officials, facilities and the orders between
them; sources appear in tooltips, not as nodes) and every relationship among them.
Every order in a view comes with its person, its official and its facility, so that
each order reads whole: who ordered what, for whom, where, when.

A focused view is found from its focus outwards, and its re-arrests from its own
persons' orders: building a view reads the part of the graph it shows, not the whole.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from typing import NamedTuple

import networkx as nx
from detnet.graph.errors import UsageError
from detnet.graph.schema import (
    AT,
    CITES,
    CONCERNS,
    FACILITY,
    FAMILY,
    IS_PERSON,
    ISSUED,
    OFFICIAL,
    ORDER,
    PERSON,
    SOURCE,
    node_key,
    split_key,
)

from .events import Event, Facts
from .network import within
from .params import existing
from .revolving import REVOLVING_KINDS, Rearrest, find_rearrests, person_rearrests, report_order

MAX_NODES = 1000  # above this, a browser takes minutes to lay the graph out
FOCUS_ADVICE = "narrow it with --person, --official, --facility, --hops or --since/--until"
DOOR_ADVICE = "narrow it with --official or --since/--until"


class View(NamedTuple):
    """The nodes of a view and the re-arrests it shows."""

    nodes: set[str]
    rearrests: list[Rearrest]  # in `report_order`; each one's release and re-arrest in `nodes`


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


def check_size(count: int, advice: str) -> None:
    """Refuse a view too large for a browser to draw.

    >>> check_size(1001, "narrow it")
    Traceback (most recent call last):
    ...
    detnet.graph.errors.UsageError: the view holds 1,001 nodes, more than the 1,000 ... narrow it
    """
    if count > MAX_NODES:
        raise UsageError(
            f"the view holds {count:,} nodes, more than the {MAX_NODES:,} a browser can "
            f"lay out; {advice}"
        )


def order_key(event: Event) -> str:
    """The node key of an event's order.

    >>> from detnet.queries.events import event
    >>> order_key(event("O1", "arrest", "2024-01-01", "P1"))
    'Order:O1'
    """
    return node_key(ORDER, event.order_id)


def _day(G: nx.MultiDiGraph, order: str) -> str:
    return G.nodes[order]["date"][:10]


def _in_window(day: str, since: str | None, until: str | None) -> bool:
    return (since is None or day >= since[:10]) and (until is None or day <= until[:10])


def order_entities(G: nx.MultiDiGraph, order: str) -> list[str]:
    """The person, official and facility of an order (those on record).

    >>> import detnet
    >>> G = detnet.load_sample("seed-article")
    >>> order_entities(G, "Order:O-MARQUEZ-2026-01-12")
    ['Person:P-MARQUEZ', 'Official:F-TRUJILLO-GOVERNOR']
    """
    found = [v for v, keys in G.succ[order].items() if CONCERNS in keys or AT in keys]
    found += [u for u, keys in G.pred[order].items() if ISSUED in keys]
    return found


def _ties(G: nx.MultiDiGraph, node: str) -> Iterable[str]:
    """The orders and the persons or officials tied to an entity (family, IS_PERSON)."""
    for other in (*G.succ[node], *G.pred[node]):
        if G.nodes[other]["label"] != SOURCE:
            yield other


def neighbourhood(
    G: nx.MultiDiGraph,
    seeds: Sequence[str],
    hops: int = 1,
    since: str | None = None,
    until: str | None = None,
) -> set[str]:
    """The nodes within `hops` steps of the seed entities.

    One step goes from an entity through one of its orders (dated within the window)
    to the order's other entities, or along a family tie or an IS_PERSON link.
    With no seeds: every order in the window with its entities, or, with no window
    either, every person, official, facility and order.

    Examples
    --------
    >>> import detnet
    >>> G = detnet.load_sample("seed-article")
    >>> sorted(neighbourhood(G, ["Person:P-MARQUEZ"]))
    ['Official:F-TRUJILLO-GOVERNOR', 'Order:O-MARQUEZ-2026-01-12', 'Person:P-MARQUEZ']
    >>> len(neighbourhood(G, ["Person:P-MARQUEZ"], since="2026-01-13"))
    1
    """
    if not seeds:
        if since is None and until is None:
            return {n for n, label in G.nodes(data="label") if label != SOURCE}
        orders = [
            n
            for n, label in G.nodes(data="label")
            if label == ORDER and _in_window(_day(G, n), since, until)
        ]
        return {*orders, *(e for o in orders for e in order_entities(G, o))}

    def step(node: str) -> Iterable[str]:
        # An order is reached in the same step as its entities and leads nowhere itself:
        # a step goes through it, so that a view holds no order without its parties.
        if G.nodes[node]["label"] == ORDER:
            return
        for other in _ties(G, node):
            if G.nodes[other]["label"] != ORDER:
                yield other
            elif _in_window(_day(G, other), since, until):
                yield other
                yield from order_entities(G, other)

    return set(within(seeds, step, hops))


def rearrests_in(
    G: nx.MultiDiGraph, nodes: set[str], include_claimed: bool = False
) -> list[Rearrest]:
    """The re-arrests of `revolving_door(G, include_claimed=...)` whose re-arrest order
    is in `nodes`, in the same order.

    Found from the persons of the view alone, not the whole graph: a view holds each
    of its orders' persons (`neighbourhood`), so every re-arrest in it is among its
    persons' orders.

    >>> import detnet
    >>> G = detnet.load_sample("synthetic")
    >>> nodes = neighbourhood(G, ["Person:P000192"])
    >>> [(r.release.status, r.rearrest.order_id) for r in rearrests_in(G, nodes)]
    [('verified', 'O0000745')]
    >>> [(r.release.status, r.rearrest.order_id) for r in rearrests_in(G, nodes, True)]
    [('claimed', 'O0000742'), ('verified', 'O0000745')]
    """
    persons = [split_key(node)[1] for node in nodes if G.nodes[node]["label"] == PERSON]
    # Views draw recorded orders only, so far: an inferred order is no node.
    timelines = Facts.of(G, persons).timelines(REVOLVING_KINDS, recorded_only=True)
    found = [
        r
        for events in timelines.values()
        for r in person_rearrests(events, include_claimed)
        if order_key(r.rearrest) in nodes
    ]
    found.sort(key=report_order)
    return found


def rearrest_nodes(found: Iterable[Rearrest]) -> set[str]:
    """The nodes that show re-arrests: the person, the latest arrest before the release
    (when on record), the release and the re-arrest, who ordered each, and the
    facility the person was taken back to.

    >>> import detnet
    >>> G = detnet.load_sample("synthetic")
    >>> labels = [G.nodes[n]["label"] for n in rearrest_nodes(find_rearrests(G)[1][:1])]
    >>> labels.count("Order"), labels.count("Person")
    (3, 1)
    """
    nodes: set[str] = set()
    for r in found:
        nodes.add(node_key(PERSON, r.rearrest.person_id))
        for order in (r.previous_arrest, r.release, r.rearrest):
            if order is not None:
                nodes.add(order_key(order))
                if order.official_id is not None:
                    nodes.add(node_key(OFFICIAL, order.official_id))
        if r.rearrest.facility_id is not None:
            nodes.add(node_key(FACILITY, r.rearrest.facility_id))
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
    nodes = neighbourhood(G, seeds, hops, since, until)
    check_size(len(nodes), FOCUS_ADVICE)
    found = rearrests_in(G, nodes, include_claimed)
    return View(nodes, [r for r in found if order_key(r.release) in nodes])


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
    _, found = find_rearrests(
        G,
        official=official,
        since=since,
        until=until,
        include_claimed=include_claimed,
        recorded_only=True,  # views draw recorded orders only, so far
    )
    check_size(3 * len(found), DOOR_ADVICE)  # about three orders per re-arrest, at least
    nodes = rearrest_nodes(found)
    check_size(len(nodes), DOOR_ADVICE)
    return View(nodes, found)


def view_edges(G: nx.MultiDiGraph, nodes: set[str]) -> list[tuple[str, str, str]]:
    """Every relationship among `nodes` but CITES, sorted.

    Read from orders and persons only, whose degree is small: an official or a
    facility may have thousands of orders that are not in the view.

    >>> import detnet
    >>> G = detnet.load_sample("seed-article")
    >>> view_edges(G, {"Person:P-MARQUEZ", "Order:O-MARQUEZ-2026-01-12"})
    [('Order:O-MARQUEZ-2026-01-12', 'Person:P-MARQUEZ', 'CONCERNS')]
    """
    edges = set()
    for node in nodes:
        label = G.nodes[node]["label"]
        if label == ORDER:
            edges.update((node, v, k) for v, ks in G.succ[node].items() if v in nodes for k in ks)
            edges.update((u, node, k) for u, ks in G.pred[node].items() if u in nodes for k in ks)
        elif label == PERSON:
            edges.update(
                (node, v, FAMILY) for v, ks in G.succ[node].items() if v in nodes and FAMILY in ks
            )
            edges.update(
                (u, node, IS_PERSON)
                for u, ks in G.pred[node].items()
                if u in nodes and IS_PERSON in ks
            )
    return sorted(e for e in edges if e[2] != CITES)
