"""The orders of each person, in time order: what the revolving door, custody and the
timeline walk.

Orders are read in one pass over the graph (`events_by_person`), never by scanning the
graph once per person: a graph can hold a million orders.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Collection
from datetime import date
from typing import NamedTuple

import networkx as nx
from detnet.graph.schema import AT, CONCERNS, ISSUED, ORDER, key_id
from detnet.graph.store import gc_paused, nodes_with_edges

# On an exact tie of date strings, an arrest comes first and a release last: an arrest at
# the same instant as a release is not "after" it, and a transfer on the day of a release
# happened while the person was still held.
TIE_RANK = {"arrest": 0, "transfer": 1, "sentence": 2, "release": 3}


class Event(NamedTuple):
    """One order, with the ids its relationships point to (None when not recorded).

    A named tuple rather than a dataclass: a graph may hold a million orders, and
    tuples are much cheaper to make.
    """

    order_id: str
    kind: str
    date: str  # ISO, as stored: YYYY-MM-DD or YYYY-MM-DDTHH:MM:SS
    status: str
    person_id: str
    official_id: str | None
    facility_id: str | None

    @property
    def day(self) -> date:
        return date.fromisoformat(self.date[:10])


def event_order(event: Event) -> tuple[str, int, str]:
    """The sort key of a person's orders: date string, then kind (see TIE_RANK), then id.

    A date without a time sorts before the same date with one: a missing time means
    "start of day".
    """
    return (event.date, TIE_RANK[event.kind], event.order_id)


def order_event(G: nx.MultiDiGraph, key: str) -> Event | None:
    """The order at node `key` with its person, official and facility ids.

    None when the order concerns no person: the contract requires one, but a graph
    built by hand may lack it.
    """
    return _event(G.nodes[key], G.succ[key], G.pred[key])


def order_events(G: nx.MultiDiGraph, kinds: Collection[str] | None = None) -> list[Event]:
    """Every order of the graph that concerns a person (only those of `kinds`, if
    given), unsorted, in one pass over the orders (a graph can hold a million)."""
    events = (
        _event(attrs, targets, sources)
        for _, attrs, targets, sources in nodes_with_edges(G, ORDER)
        if kinds is None or attrs.get("kind") in kinds
    )
    return [e for e in events if e is not None]


def _event(attrs: dict, targets: dict, sources: dict) -> Event | None:
    """The event of one order, from its attributes and relationships."""
    person = official = facility = None
    for other, keys in targets.items():
        if CONCERNS in keys:
            person = key_id(other)
        elif AT in keys:
            facility = key_id(other)
    if person is None:
        return None
    for other, keys in sources.items():
        if ISSUED in keys:
            official = key_id(other)
    status = attrs.get("status", "verified")
    return Event(attrs["id"], attrs["kind"], attrs["date"], status, person, official, facility)


def linked_events(G: nx.MultiDiGraph, key: str, relationship: str) -> list[Event]:
    """The orders linked to one node by `relationship` (either way), in `event_order`.

    For one person's orders (CONCERNS) or one official's (ISSUED), without reading
    the whole graph.
    """
    keys = [o for o, ks in G.succ[key].items() if relationship in ks]
    keys += [o for o, ks in G.pred[key].items() if relationship in ks]
    events = (order_event(G, o) for o in keys)
    return sorted((e for e in events if e is not None), key=event_order)


def events_by_person(
    G: nx.MultiDiGraph, kinds: Collection[str] | None = None
) -> dict[str, list[Event]]:
    """Each person's orders (only those of `kinds`, if given) in `event_order`, keyed by
    person id, persons sorted by id."""
    with gc_paused():  # many small objects, no cycles: see store.gc_paused
        by_person: dict[str, list[Event]] = defaultdict(list)
        for event in order_events(G, kinds):
            by_person[event.person_id].append(event)
        return {p: sorted(by_person[p], key=event_order) for p in sorted(by_person)}


def name(G: nx.MultiDiGraph, label: str, id: str | None) -> str | None:
    """The `name` of a record, None when the id is None or the record has no name."""
    if id is None:
        return None
    attrs = G.nodes.get(f"{label}:{id}")
    return None if attrs is None else attrs.get("name")


def days_between(earlier: str, later: str) -> int:
    """Whole days between the date parts of two ISO dates.

    >>> days_between("2024-01-31T23:00:00", "2024-02-01")
    1
    """
    return (date.fromisoformat(later[:10]) - date.fromisoformat(earlier[:10])).days
