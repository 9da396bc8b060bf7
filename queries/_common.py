"""What every networkx query shares: the query registry, parameter checks, and the
per-person event lists that the revolving door, custody and timeline queries walk.

Orders are read in one pass over the graph (`events_by_person`), never by scanning the
graph once per person: a graph can hold a million orders.
"""

from __future__ import annotations

import inspect
from collections import defaultdict
from collections.abc import Callable, Collection, Iterator
from datetime import date, datetime
from typing import NamedTuple

import networkx as nx
from detnet.graph.errors import UsageError
from detnet.graph.schema import AT, CONCERNS, ISSUED, ORDER
from detnet.graph.store import gc_paused
from detnet.loaders.validate import BadValue, parse_date

QUERIES: dict[str, Callable] = {}

# On an exact tie of date strings, an arrest comes first and a release last: an arrest at
# the same instant as a release is not "after" it, and a transfer on the day of a release
# happened while the person was still held.
TIE_RANK = {"arrest": 0, "transfer": 1, "sentence": 2, "release": 3}


def query(*columns: str, saved: bool = True) -> Callable[[Callable], Callable]:
    """Declare a function a query with these output columns; register it if `saved`.

    The function keeps its own signature (its parameters are the query's parameters);
    it gains `name` and `columns`, which the Cypher twin must match. A view that has
    no Cypher twin (a network measure networkx computes, not Cypher) is `saved=False`:
    it has columns but stays out of `QUERIES`.

    >>> @query("a", "b")
    ... def example(graph, *, n=1):
    ...     return []
    >>> example.name, example.columns
    ('example', ('a', 'b'))
    >>> del QUERIES["example"]
    """

    def register(fn: Callable) -> Callable:
        fn.name = fn.__name__
        fn.columns = columns
        if saved:
            QUERIES[fn.name] = fn
        return fn

    return register


def all_queries() -> dict[str, Callable]:
    """Every networkx query, by name.

    >>> sorted(all_queries())[:3]
    ['custody_gaps', 'detained_on', 'detained_on_by_facility']
    """
    from . import custody, family, network, officials, revolving, timeline  # noqa: F401

    return dict(sorted(QUERIES.items()))


def parameters(fn: Callable) -> tuple[str, ...]:
    """A query's parameters, the graph excepted.

    >>> from detnet.queries.revolving import revolving_door
    >>> parameters(revolving_door)
    ('official', 'max_days', 'since', 'until', 'include_claimed')
    """
    return tuple(inspect.signature(fn).parameters)[1:]


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
    return _event(key, G.nodes[key], G._succ[key], G._pred[key])


def order_events(G: nx.MultiDiGraph, kinds: Collection[str] | None = None) -> list[Event]:
    """Every order of the graph that concerns a person (only those of `kinds`, if
    given), unsorted, in one pass over the orders (a graph can hold a million)."""
    events = (_event(*sides) for sides in _orders(G, kinds))
    return [e for e in events if e is not None]


def _orders(G: nx.MultiDiGraph, kinds: Collection[str] | None) -> Iterator[tuple]:
    """(key, attributes, successors, predecessors) of each order of `kinds` (or all).

    networkx's raw dicts, not its views (a view costs an object per lookup), walked side
    by side: networkx keeps a node's entries in the same place in all three, so this
    reads memory in order instead of hashing into two large tables per order. Where the
    keys differ (a graph some code rebuilt), it falls back to lookups.
    """
    node, succ, pred = G._node, G._succ, G._pred
    aligned = len(node) == len(succ) == len(pred)
    sides = zip(node.items(), succ.items(), pred.items(), strict=True) if aligned else ()
    for (key, attrs), (key_s, targets), (key_p, sources) in sides:
        if attrs.get("label") != ORDER or (kinds is not None and attrs.get("kind") not in kinds):
            continue
        if key != key_s or key != key_p:
            targets, sources = succ[key], pred[key]
        yield key, attrs, targets, sources
    if not aligned:
        for key, attrs in node.items():
            if attrs.get("label") == ORDER and (kinds is None or attrs.get("kind") in kinds):
                yield key, attrs, succ[key], pred[key]


def _event(key: str, attrs: dict, targets: dict, sources: dict) -> Event | None:
    """The event of one order, from its attributes and relationships."""
    person = official = facility = None
    for other, keys in targets.items():
        if CONCERNS in keys:
            person = other.partition(":")[2]  # the id of a "Label:id" key, as split_key
        elif AT in keys:
            facility = other.partition(":")[2]
    if person is None:
        return None
    for other, keys in sources.items():
        if ISSUED in keys:
            official = other.partition(":")[2]
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


# Parameter checks. Messages name the CLI option, since that is what most users typed;
# the Python parameter is the same name with underscores.


def date_param(value: str | date | None, option: str) -> str | None:
    """An ISO date string from an ISO or DD/MM/YYYY string, a `date` or a `datetime`.

    >>> date_param("12/01/2026", "--since")
    '2026-01-12'
    >>> date_param("31/02/2026", "--since")
    Traceback (most recent call last):
    ...
    detnet.graph.errors.UsageError: --since: no such date: '31/02/2026'
    """
    if value is None:
        return None
    if isinstance(value, datetime):
        return value.replace(microsecond=0, tzinfo=None).isoformat()
    if isinstance(value, date):
        return value.isoformat()
    try:
        return parse_date(str(value))
    except BadValue as e:
        raise UsageError(f"{option}: {e}") from None


def days_param(value: int | None, option: str, optional: bool = True) -> int | None:
    """A number of days, 0 or more; None too when `optional`.

    >>> days_param(-1, "--max-days")
    Traceback (most recent call last):
    ...
    detnet.graph.errors.UsageError: --max-days: expected a whole number of days, 0 or more, not -1
    """
    if value is None and optional:
        return None
    if isinstance(value, bool) or not isinstance(value, int) or value < 0:
        raise UsageError(f"{option}: expected a whole number of days, 0 or more, not {value!r}")
    return value


def choice_param(value: str, choices: tuple[str, ...], option: str) -> str:
    """One of `choices`, or a UsageError listing them."""
    if value not in choices:
        raise UsageError(f"{option}: expected one of {', '.join(choices)}, not {value!r}")
    return value


def check_id(G: nx.MultiDiGraph, label: str, id: str | None) -> str | None:
    """`id` itself when a record of that label holds it; a UsageError naming it if not.

    >>> G = nx.MultiDiGraph()
    >>> check_id(G, "Official", "F9")
    Traceback (most recent call last):
    ...
    detnet.graph.errors.UsageError: unknown official 'F9'
    """
    if id is not None and f"{label}:{id}" not in G:
        raise UsageError(f"unknown {label.lower()} {id!r}")
    return id


# Custody: where a person is held, following arrests, transfers and releases.


class Custody(NamedTuple):
    """A person in custody. Free is `None`."""

    facility_id: str | None  # where held now; None when whereabouts are unknown
    placed_by: Event  # the arrest or transfer that put them there
    detained_by: Event  # the arrest (or first transfer) that began this detention
    claimed_release: Event | None = None  # a release announced but not verified since


def next_custody(state: Custody | None, event: Event) -> Custody | None:
    """The custody state after `event`, from the state before it.

    An arrest starts a detention at its facility; a transfer moves the person (and is
    evidence of custody even with no arrest on record); a verified release frees them;
    a claimed release is noted but does not free them; a disputed release and a sentence
    change nothing.
    """
    if event.kind == "arrest":
        return Custody(event.facility_id, event, event)
    if event.kind == "transfer":
        detained_by = state.detained_by if state else event
        return Custody(event.facility_id, event, detained_by)
    if event.kind == "release" and state is not None:
        if event.status == "verified":
            return None
        if event.status == "claimed" and state.claimed_release is None:
            return state._replace(claimed_release=event)
    return state
