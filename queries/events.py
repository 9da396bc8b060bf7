"""What every query that follows people through time reads: each person's facts, in order.

A person's facts are their orders (arrests, releases, transfers, sentences, house
arrests, disappearances, exiles, deaths) and their entries in status lists ("held at
El Rodeo as of 15/01/2026"), in one sequence by first possible day (RECORDS.md, A and
B). Walking it, a list entry that contradicts the custody the facts before it left
reveals an order no record holds: an *inferred* arrest or release, which joins the
sequence just before the entry that reveals it.

Records of one person kept under several ids (judged `same`, RECORDS.md C) are one
person here: every id below is the canonical id of its cluster (`Clusters`).

Facts are read in one pass over the graph (`Facts.of`), never by scanning the graph
once per person: a graph can hold a million orders.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Callable, Collection, Iterator
from dataclasses import dataclass, field
from datetime import date
from functools import cached_property
from typing import NamedTuple

import networkx as nx
from detnet.graph.dates import bounds, days, next_day
from detnet.graph.schema import (
    AT,
    CONCERNS,
    FACILITY,
    INSTITUTION,
    ISSUED,
    JUDGED,
    LABELS,
    MEMBER_OF,
    OFFICIAL,
    ORDER,
    PERSON,
    STATUS,
    key_id,
    node_key,
)
from detnet.graph.store import edges_of_type, gc_paused, nodes_with_edges

# On the same first day: an arrest first and a release last (an arrest at the same
# instant as a release is not "after" it; a transfer on the day of a release happened
# while the person was still held); a death ends the day.
TIE_RANK = {
    "arrest": 0,
    "transfer": 1,
    "house_arrest": 1,
    "disappearance": 1,
    "sentence": 2,
    "release": 3,
    "exile": 3,
    "death": 4,
}
LISTED = "listed"  # the kind of a status-list entry among a person's facts
RELEASES = frozenset({"release", "exile"})  # orders that free a person (when verified)
# What an order or a list entry says of custody after it: held, free, or dead.
HELD, FREE, DEAD = "held", "free", "dead"
ORDER_CUSTODY = {
    "arrest": HELD,
    "house_arrest": HELD,
    "disappearance": HELD,
    "death": DEAD,
}
DEATHS = frozenset(kind for kind, says in ORDER_CUSTODY.items() if says == DEAD)
LIST_CUSTODY = {
    "detained": HELD,
    "house_arrest": HELD,
    "whereabouts_unknown": HELD,
    "released": FREE,
    "exiled": FREE,
    "dead": DEAD,
}


class Event(NamedTuple):
    """One fact of a person: an order (recorded or inferred) or a status-list entry.

    A named tuple rather than a dataclass: a graph may hold a million orders, and
    tuples are much cheaper to make. Build one with `event` in examples and tests.
    """

    order_id: str  # the order's id; a list entry's status id; `~<status id>` if inferred
    kind: str  # an order kind, or LISTED
    date: str  # normalised: 2024-01-12, 2024-01-12T09:30:00, 2024-01, 2024, 2024-01/2024-03
    status: str  # verified, claimed or disputed; for a list entry, what the list says
    person_id: str
    official_id: str | None
    facility_id: str | None
    start: str  # the first possible day
    end: str  # the last possible day
    institution_id: str | None = None  # the issuing body, else the official's institution
    inferred: bool = False
    known: str = ""  # the day it became known: its `reported` (last possible) day, else `end`
    conditions: tuple[str, ...] = ()  # a release's condition codes

    @property
    def day(self) -> date:
        return date.fromisoformat(self.start)

    @property
    def exact(self) -> bool:
        """A single day, not marked approximate or uncertain."""
        return self.start == self.end and not self.date.endswith(("~", "?"))

    @property
    def custody(self) -> str | None:
        """What it says of custody after it: HELD, FREE, DEAD, or None (nothing)."""
        if self.kind == LISTED:
            return LIST_CUSTODY[self.status]
        if self.kind in RELEASES:
            return FREE if self.status == "verified" else None
        return ORDER_CUSTODY.get(self.kind)


def event(
    order_id: str,
    kind: str,
    when: str,
    person_id: str,
    official_id: str | None = None,
    facility_id: str | None = None,
    status: str = "verified",
    **more,
) -> Event:
    """An event with its first and last possible day worked out from `when`.

    >>> event("R1", "release", "2024-02", "P1").end
    '2024-02-29'
    """
    start, end = bounds(when)
    more.setdefault("known", end)
    return Event(
        order_id, kind, when, status, person_id, official_id, facility_id, start, end, **more
    )


def event_order(e: Event) -> tuple:
    """The sort key of a person's facts: first possible day; on the same day orders before
    list entries, orders by time of day where given, then kind (see TIE_RANK), then id.

    A date without a time sorts before the same date with one: a missing time means
    "start of day". For day-precise dates this is part 1's order: by date string.
    """
    listed = e.kind == LISTED
    time = e.date[10:] if len(e.date) > 10 and e.date[10] == "T" else ""
    return (e.start, listed, time, 0 if listed else TIE_RANK[e.kind], e.order_id)


def days_between(earlier: str, later: str) -> int:
    """Whole days between the first days of two ISO dates.

    >>> days_between("2024-01-31T23:00:00", "2024-02-01")
    1
    """
    return days(earlier, later)


# Inference (RECORDS.md, B)


def with_inferred(facts: list[Event], infer: bool = True) -> list[Event]:
    """A person's facts (in `event_order`) with the orders their list entries reveal
    (none if not `infer`), and nothing after a death.

    Walking the facts, each leaves a custody state (HELD, FREE, DEAD, or unknown before
    the first fact that says). A list entry that finds the person HELD and lists them
    free reveals a release; one that finds them FREE and lists them held, an arrest.
    Only a verified release or exile frees; a claimed or disputed one leaves the state
    as it was. Facts after a death are left out. The inferred order is dated from the
    day after the previous fact's last possible day to the list's day (from the previous
    fact's first possible day, when its last is the list's day or later: an arrest in
    `2024` before a list of 1 March 2024); its id is `~` and the entry's
    id; it is verified, has no official, and an inferred arrest is at the listed
    facility. It goes just before the entry that reveals it.

    >>> facts = [event("A1", "arrest", "2024-01-10", "P1"),
    ...          event("S1", "listed", "2024-03-01", "P1", status="released"),
    ...          event("S2", "listed", "2024-04-01", "P1", facility_id="C1", status="detained")]
    >>> [(e.order_id, e.kind, e.date) for e in with_inferred(facts) if e.inferred]
    [('~S1', 'release', '2024-01-11/2024-03-01'), ('~S2', 'arrest', '2024-03-02/2024-04-01')]
    """
    if not infer:  # no custody to follow: only "nothing after a death" (a quick pass)
        for i, fact in enumerate(facts):
            if fact.kind in DEATHS or (fact.kind == LISTED and LIST_CUSTODY[fact.status] == DEAD):
                return facts[: i + 1]
        return list(facts)
    found: list[Event] = []
    state = None  # unknown until a fact says
    for fact in facts:
        says = fact.custody
        if (
            infer
            and fact.kind == LISTED
            and state in (HELD, FREE)
            and says in (HELD, FREE)
            and says != state
        ):
            found.append(_inferred(fact, found[-1], says == HELD))
        found.append(fact)
        if says == DEAD:
            break
        if says is not None:
            state = says
    return found


def _inferred(entry: Event, previous: Event, arrest: bool) -> Event:
    last = entry.start
    first = next_day(previous.end)
    if first > last:  # the previous fact may have ended as late as the list's day
        first = previous.start
    when = last if first == last else f"{first}/{last}"
    return Event(
        f"~{entry.order_id}",
        "arrest" if arrest else "release",
        when,
        "verified",
        entry.person_id,
        None,
        entry.facility_id if arrest else None,
        first,
        last,
        inferred=True,
        known=entry.known,
    )


# Clusters (RECORDS.md, C)


@dataclass
class Clusters:
    """Records judged to be one: each record's canonical id, per label.

    A cluster is a connected group of `same` judgements; its canonical id is its
    smallest id. A cluster that also holds a `different` pair is a conflict: it is not
    merged (see `conflicts`).
    """

    canonical: dict[str, dict[str, str]] = field(default_factory=dict)  # label -> id -> canonical
    conflicts: dict[str, list[list[str]]] = field(default_factory=dict)  # label -> clusters

    @classmethod
    def of(cls, G: nx.MultiDiGraph) -> Clusters:
        """The clusters of a graph's JUDGED relationships.

        >>> from detnet.graph.store import new_graph
        >>> G = new_graph()
        >>> for p in ("P1", "P2", "P3"):
        ...     G.add_node(f"Person:{p}", label="Person", id=p)
        >>> _ = G.add_edge("Person:P2", "Person:P3", key="JUDGED", judgement="same")
        >>> Clusters.of(G).of_id("Person", "P3"), Clusters.of(G).members("Person", "P3")
        ('P2', ['P2', 'P3'])
        """
        same: dict[str, nx.Graph] = defaultdict(nx.Graph)
        different: dict[str, list[tuple[str, str]]] = defaultdict(list)
        for u, v, attrs in edges_of_type(G, JUDGED):
            label, judgement = G.nodes[u]["label"], attrs.get("judgement")
            if judgement == "same":
                same[label].add_edge(key_id(u), key_id(v))
            elif judgement == "different":
                different[label].append((key_id(u), key_id(v)))
        found = cls()
        for label, H in same.items():
            for members in nx.connected_components(H):
                if any(a in members and b in members for a, b in different[label]):
                    found.conflicts.setdefault(label, []).append(sorted(members))
                    continue
                first = min(members)
                found.canonical.setdefault(label, {}).update(dict.fromkeys(members, first))
        return found

    def of_id(self, label: str, id: str | None) -> str | None:
        """The canonical id of a record (itself when it is in no cluster)."""
        if id is None:
            return None
        return self.canonical.get(label, {}).get(id, id)

    def members(self, label: str, id: str) -> list[str]:
        """The ids merged into the record `id` names (its cluster, or itself), sorted."""
        merged = self._members.get(label, {}).get(self.of_id(label, id))
        return sorted(merged) if merged else [id]

    @cached_property
    def _members(self) -> dict[str, dict[str, list[str]]]:
        """label -> canonical id -> the ids merged into it (a view asks of every node)."""
        found: dict[str, dict[str, list[str]]] = {}
        for label, ids in self.canonical.items():
            by_canonical = found.setdefault(label, {})
            for member, canonical in ids.items():
                by_canonical.setdefault(canonical, []).append(member)
        return found


# Reading the graph


@dataclass
class Facts:
    """Every person's facts, read from a graph once, for the queries that walk them."""

    G: nx.MultiDiGraph
    clusters: Clusters
    recorded: dict[str, list[Event]]  # canonical person id -> their facts, in event_order
    lists: bool  # whether any status-list entry exists (else nothing is ever inferred)
    # Where names are looked up when not in G, facts kept without the graph (`ledger`):
    # label -> id -> name.
    names: dict[str, dict[str, str | None]] | None = None

    @classmethod
    def of(
        cls,
        G: nx.MultiDiGraph,
        persons: Collection[str] | None = None,
        clusters: Clusters | None = None,
    ) -> Facts:
        """The facts of a graph: of every person, or of the persons (ids) given.

        >>> import detnet
        >>> facts = Facts.of(detnet.load_sample("seed-article"))
        >>> [(e.order_id, e.kind) for e in facts.recorded["P-MARQUEZ"]]
        [('O-MARQUEZ-2026-01-12', 'arrest')]
        """
        with gc_paused():  # many small objects, no cycles: see store.gc_paused
            clusters = clusters or Clusters.of(G)
            read = _Reader(G, clusters)
            by_person: dict[str, list[Event]] = defaultdict(list)
            for e in read.all() if persons is None else read.of_persons(persons):
                by_person[e.person_id].append(e)
            recorded = {p: sorted(by_person[p], key=event_order) for p in sorted(by_person)}
            return cls(G, clusters, recorded, read.lists)

    def timelines(
        self,
        kinds: Collection[str] | None = None,
        *,
        as_known_on: str | None = None,
        recorded_only: bool = False,
        persons: Collection[str] | None = None,
    ) -> dict[str, list[Event]]:
        """Each person's facts with the orders their lists reveal, keyed by canonical id.

        `kinds` keeps only those kinds (after inference: inferred orders come from
        list entries); `as_known_on` first keeps only what was known by that day;
        `recorded_only` infers nothing (as part 1 of the contract); `persons` walks only
        those (canonical ids).
        """
        found = {}
        recorded = self.recorded
        if persons is not None:
            recorded = {p: recorded[p] for p in sorted(persons) if p in recorded}
        for person, facts in recorded.items():
            if as_known_on is not None:
                facts = [e for e in facts if e.known <= as_known_on]
            facts = with_inferred(facts, infer=self.lists and not recorded_only)
            if kinds is not None:
                facts = [e for e in facts if e.kind in kinds]
            if facts:
                found[person] = facts
        return found

    def name(self, label: str, id: str | None) -> str | None:
        """The `name` of a record (its canonical record's), None when there is none."""
        return self.namer(label)(id)

    def namer(self, label: str) -> Callable[[str | None], str | None]:
        """`name` of one label, as a function of the id: one lookup when the facts were
        kept without the graph and no record of the label is judged the same as another
        (a row asks for three names, and a million orders give a hundred thousand rows).

        >>> import detnet
        >>> person = Facts.of(detnet.load_sample("synthetic")).namer("Person")
        >>> person("P000001"), person(None)
        ('Quaulia Vargoza Wobovar', None)
        """
        canonical = self.clusters.canonical.get(label, {})
        if self.names is None:
            return lambda id: name(self.G, label, canonical.get(id, id))
        names = self.names.get(label, {})
        if not canonical:
            return names.get
        return lambda id: names.get(canonical.get(id, id))


class _Reader:
    """Turns order and status nodes into events, canonical ids and all."""

    def __init__(self, G: nx.MultiDiGraph, clusters: Clusters):
        self.G, self.clusters = G, clusters
        self.lists = False
        self.member_of = institutions_of_officials(G, clusters)
        self.merged = bool(clusters.canonical)  # else every id is its own canonical id

    def all(self) -> Iterator[Event]:
        for _, attrs, targets, sources in nodes_with_edges(self.G, ORDER):
            e = self.order(attrs, targets, sources)
            if e is not None:
                yield e
        for _, attrs, targets, _ in nodes_with_edges(self.G, STATUS):
            self.lists = True
            e = self.listed(attrs, targets)
            if e is not None:
                yield e

    def of_persons(self, persons: Collection[str]) -> Iterator[Event]:
        """The facts of some persons (and of every record merged with them)."""
        G, clusters = self.G, self.clusters
        members = {
            m for p in persons for m in clusters.members("Person", clusters.of_id("Person", p))
        }
        for person in sorted(members):
            key = node_key("Person", person)
            if key not in G:
                continue
            for fact in linked_keys(G, key, CONCERNS):
                attrs = G.nodes[fact]
                if attrs.get("label") == ORDER:
                    e = self.order(attrs, G.succ[fact], G.pred[fact])
                elif attrs.get("label") == STATUS:
                    self.lists = True
                    e = self.listed(attrs, G.succ[fact])
                else:
                    continue
                if e is not None and key_id(self.person_of(fact)) == person:
                    yield e

    def person_of(self, fact: str) -> str:
        """The person node a fact concerns (the first, in a graph built by hand with two)."""
        return next(o for o, ks in self.G.succ[fact].items() if CONCERNS in ks)

    def order(self, attrs: dict, targets: dict, sources: dict) -> Event | None:
        # The hottest loop of every query (once per order): keys are cut at their known
        # label's length, and ids made canonical only when some records are merged.
        person = facility = official = body = None
        for other, keys in targets.items():
            if CONCERNS in keys:
                person = other[PERSON_CUT:]
            elif AT in keys:
                facility = other[FACILITY_CUT:]
        if person is None:  # the contract requires one; a graph built by hand may lack it
            return None
        for other, keys in sources.items():
            if ISSUED in keys:
                if other.startswith(INSTITUTION_PREFIX):
                    body = other[INSTITUTION_CUT:]
                else:
                    official = other[OFFICIAL_CUT:]
        start, end = _bounds(attrs, "date")
        reported = attrs.get("reported_end") or (
            attrs.get("reported") and _bounds(attrs, "reported")[1]
        )
        if self.merged:
            canonical = self.clusters.of_id
            person = canonical(PERSON, person)
            official = canonical(OFFICIAL, official)
            facility = canonical(FACILITY, facility)
            body = canonical(INSTITUTION, body or self.member_of.get(official))
        elif body is None:
            body = self.member_of.get(official)
        return Event(
            attrs["id"],
            attrs["kind"],
            attrs["date"],
            attrs.get("status", "verified"),
            person,
            official,
            facility,
            start,
            end,
            body,
            False,
            reported or end,
            tuple(attrs.get("conditions_codes", ())),
        )

    def listed(self, attrs: dict, targets: dict) -> Event | None:
        # As hot as `order`: a year of monthly lists holds millions of entries.
        person = facility = None
        for other, keys in targets.items():
            if CONCERNS in keys:
                person = other[PERSON_CUT:]
            elif AT in keys:
                facility = other[FACILITY_CUT:]
        if person is None:
            return None
        start, end = _bounds(attrs, "as_of")
        if self.merged:
            person = self.clusters.of_id(PERSON, person)
            facility = self.clusters.of_id(FACILITY, facility)
        return Event(
            attrs["id"],
            LISTED,
            attrs["as_of"],
            attrs["status"],
            person,
            None,
            facility,
            start,
            end,
            known=attrs.get("reported_end") or end,
        )


def first_linked(
    G: nx.MultiDiGraph, clusters: Clusters, label: str, id: str, relationship: str
) -> str | None:
    """The record that the first of a cluster's records (by id: the canonical first) to
    name one links to by `relationship`, as a canonical id; None if none does. An
    official's institution (MEMBER_OF), a body's parent (PART_OF):
    `fragments/first_linked.cypher` in Cypher.

    >>> from detnet.graph.store import new_graph
    >>> G = new_graph()
    >>> for key in ("Official:F1", "Official:F2", "Institution:I1"):
    ...     G.add_node(key, label=key.split(":")[0], id=key.split(":")[1])
    >>> _ = G.add_edge("Official:F2", "Institution:I1", key="MEMBER_OF")
    >>> _ = G.add_edge("Official:F1", "Official:F2", key="JUDGED", judgement="same")
    >>> first_linked(G, Clusters.of(G), "Official", "F1", "MEMBER_OF")
    'I1'
    """
    for record in clusters.members(label, id):
        for other, types in sorted(G.succ[node_key(label, record)].items()):
            if relationship in types:
                label_of, other_id = other.split(":", 1)
                return clusters.of_id(label_of, other_id)
    return None


def institutions_of_officials(
    G: nx.MultiDiGraph, clusters: Clusters, officials: Collection[str] | None = None
) -> dict[str, str]:
    """The institution each official belongs to (MEMBER_OF), by canonical official id:
    `first_linked` for every official at once (or for the canonical ids `officials`).

    >>> from detnet.graph.store import new_graph
    >>> G = new_graph()
    >>> for key in ("Official:F1", "Official:F2", "Institution:I1"):
    ...     G.add_node(key, label=key.split(":")[0], id=key.split(":")[1])
    >>> _ = G.add_edge("Official:F2", "Institution:I1", key="MEMBER_OF")
    >>> _ = G.add_edge("Official:F1", "Official:F2", key="JUDGED", judgement="same")
    >>> institutions_of_officials(G, Clusters.of(G))
    {'F1': 'I1'}
    """
    canonical = clusters.of_id
    found: dict[str, str] = {}
    if officials is not None:  # read from those officials' records only
        for official in officials:
            body = first_linked(G, clusters, "Official", official, MEMBER_OF)
            if body is not None:
                found[official] = body
        return found
    # Sorted by official record: each cluster's first record to name one comes first.
    links = sorted((key_id(u), key_id(v)) for u, v, _ in edges_of_type(G, MEMBER_OF))
    for official, institution in links:
        found.setdefault(canonical("Official", official), canonical(INSTITUTION, institution))
    return found


# Where a node key's id starts, for the labels an order joins (`Person:` of `Person:P1`).
PERSON_CUT, FACILITY_CUT, OFFICIAL_CUT = (len(f"{x}:") for x in (PERSON, FACILITY, OFFICIAL))
INSTITUTION_PREFIX = f"{INSTITUTION}:"
INSTITUTION_CUT = len(INSTITUTION_PREFIX)


def _bounds(attrs: dict, name: str) -> tuple[str, str]:
    """A stored date's first and last possible day (worked out if a graph built by hand
    lacks them)."""
    start = attrs.get(f"{name}_start")
    if start is not None:
        return start, attrs[f"{name}_end"]
    return bounds(attrs[name])


def name(G: nx.MultiDiGraph, label: str, id: str | None) -> str | None:
    """The `name` of a record, None when the id is None or the record has no name."""
    if id is None:
        return None
    attrs = G.nodes.get(node_key(label, id))
    return None if attrs is None else attrs.get("name")


def linked_keys(G: nx.MultiDiGraph, key: str, relationship: str) -> list[str]:
    """The nodes linked to one node by `relationship`, either way."""
    found = [o for o, ks in G.succ[key].items() if relationship in ks]
    return found + [o for o, ks in G.pred[key].items() if relationship in ks]


def labelled(G: nx.MultiDiGraph, label: str) -> list[str]:
    """The ids of every record of a label, sorted."""
    if label not in LABELS:
        raise ValueError(f"unknown label {label!r}")
    return sorted(a["id"] for _, a in G.nodes(data=True) if a.get("label") == label)
