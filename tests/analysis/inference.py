"""Small sequences of orders and status-list entries, one per rule of RECORDS.md B, with
the orders they reveal and the re-arrests they give; and a graph of them all, one
person per case, for the parity tests on a real Neo4j."""

from __future__ import annotations

from typing import NamedTuple

import networkx as nx
from detnet.graph.dates import bounds, parse
from detnet.graph.schema import AT, CONCERNS, STATUS, node_key
from detnet.graph.store import derive

from .graphs import Order, _record, build


class Listed(NamedTuple):
    """One entry of a status list: id, the list's day, what it says, where held."""

    id: str
    as_of: str
    status: str
    facility: str | None = None


class Case(NamedTuple):
    rule: str
    facts: list  # Order (its person is set per case) and Listed
    inferred: list[tuple]  # (id, kind, date, facility)
    rearrests: list[tuple] = []  # (release id, re-arrest id), releases verified only


def O(id, kind, day, status="verified", facility=None, official=None) -> Order:  # noqa: E743
    return Order(id, kind, day, "?", official, facility, status)


CASES = [
    Case(
        "held, then listed free: a release, dated from the day after the arrest, at no facility",
        [O("A1", "arrest", "2024-01-10", facility="C1"), Listed("L1", "2024-03-01", "released")],
        [("~L1", "release", "2024-01-11/2024-03-01", None)],
    ),
    Case(
        "free, then listed held: an arrest at the listed facility, a re-arrest",
        [O("A1", "arrest", "2024-01-10"), O("R1", "release", "2024-02-01"),
         Listed("L1", "2024-03-01", "detained", "C2")],
        [("~L1", "arrest", "2024-02-02/2024-03-01", "C2")],
        [("R1", "~L1")],
    ),
    Case(
        "first fact a free list: the arrest it reveals is no re-arrest",
        [Listed("L1", "2024-01-31", "released"), Listed("L2", "2024-02-29", "detained", "C1")],
        [("~L2", "arrest", "2024-02-01/2024-02-29", "C1")],
    ),
    Case(
        "a month of lists: held, free, held again",
        [Listed("L1", "2024-01-31", "detained", "C1"), Listed("L2", "2024-02-29", "released"),
         Listed("L3", "2024-03-31", "detained", "C2")],
        [("~L2", "release", "2024-02-01/2024-02-29", None),
         ("~L3", "arrest", "2024-03-01/2024-03-31", "C2")],
        [("~L2", "~L3")],
    ),
    Case(
        "nothing is inferred before the first fact",
        [Listed("L1", "2024-01-31", "detained", "C1"), O("R1", "release", "2024-02-10")],
        [],
    ),
    Case(
        "lists that agree with the facts reveal nothing; house arrest and whereabouts unknown are custody",
        [O("A1", "arrest", "2024-01-10", facility="C1"), Listed("L1", "2024-01-31", "detained"),
         Listed("L2", "2024-02-29", "house_arrest"), Listed("L3", "2024-03-31", "whereabouts_unknown")],
        [],
    ),
    Case(
        "a claimed release frees no one: the free list reveals the release, dated after the claim",
        [O("A1", "arrest", "2024-01-10"), O("R1", "release", "2024-02-01", "claimed"),
         Listed("L1", "2024-03-01", "released"), O("A2", "arrest", "2024-04-01")],
        [("~L1", "release", "2024-02-02/2024-03-01", None)],
        [("~L1", "A2")],
    ),
    Case(
        "a disputed release frees no one either",
        [O("A1", "arrest", "2024-01-10"), O("R1", "release", "2024-02-01", "disputed"),
         Listed("L1", "2024-03-01", "released")],
        [("~L1", "release", "2024-02-02/2024-03-01", None)],
    ),
    Case(
        "a claimed release before a free list, the list first known free: no release inferred",
        [Listed("L1", "2024-01-31", "released"), O("R1", "release", "2024-02-10", "claimed"),
         Listed("L2", "2024-02-29", "released")],
        [],
    ),
    Case(
        "a verified exile frees; an exiled list is free",
        [O("A1", "arrest", "2024-01-10"), O("X1", "exile", "2024-02-01"),
         Listed("L1", "2024-03-01", "exiled"), Listed("L2", "2024-04-01", "detained", "C1")],
        [("~L2", "arrest", "2024-03-02/2024-04-01", "C1")],
        [("X1", "~L2")],
    ),
    Case(
        "a death order ends the history",
        [O("A1", "arrest", "2024-01-10"), O("D1", "death", "2024-02-01"),
         Listed("L1", "2024-03-01", "released"), Listed("L2", "2024-04-01", "detained")],
        [],
    ),
    Case(
        "a dead list entry ends the history",
        [O("A1", "arrest", "2024-01-10"), Listed("L1", "2024-02-01", "dead"),
         Listed("L2", "2024-03-01", "released"), O("A2", "arrest", "2024-04-01")],
        [],
    ),
    Case(
        "same day: a list comes after an order (an arrest, then a free list)",
        [O("A1", "arrest", "2024-03-01T10:00"), Listed("L1", "2024-03-01", "released")],
        [("~L1", "release", "2024-03-01", None)],
    ),
    Case(
        "same day: a release, then a held list: a re-arrest that day",
        [O("A1", "arrest", "2024-01-10"), O("R1", "release", "2024-03-01"),
         Listed("L1", "2024-03-01", "detained", "C1")],
        [("~L1", "arrest", "2024-03-01", "C1")],
        [("R1", "~L1")],
    ),
    Case(
        "same day: lists of one day in id order",
        [Listed("L1-c", "2024-01-31", "released"), Listed("L1-a", "2024-01-31", "released"),
         Listed("L1-b", "2024-01-31", "detained", "C1")],
        [("~L1-b", "arrest", "2024-01-31", "C1"), ("~L1-c", "release", "2024-01-31", None)],
    ),
    Case(
        "an imprecise previous fact: from the day after its last possible day",
        [O("A1", "arrest", "2024-01"), Listed("L1", "2024-03-15", "released")],
        [("~L1", "release", "2024-02-01/2024-03-15", None)],
    ),
    Case(
        "a previous fact that may end after the list's day: from its first possible day",
        [O("A1", "arrest", "2024"), Listed("L1", "2024-03-01", "released")],
        [("~L1", "release", "2024-01-01/2024-03-01", None)],
    ),
    Case(
        "a transfer between: the previous fact, though it says nothing new",
        [O("A1", "arrest", "2024-01-10"), O("T1", "transfer", "2024-02-20", facility="C2"),
         Listed("L1", "2024-03-31", "released")],
        [("~L1", "release", "2024-02-21/2024-03-31", None)],
    ),
    Case(
        "a recorded arrest after a free list is a re-arrest of the inferred release",
        [O("A1", "arrest", "2024-01-10"), Listed("L1", "2024-02-29", "released"),
         O("A2", "arrest", "2024-03-10")],
        [("~L1", "release", "2024-01-11/2024-02-29", None)],
        [("~L1", "A2")],
    ),
    Case(
        "house arrest and disappearance orders are custody",
        [Listed("L1", "2024-01-31", "released"), O("H1", "house_arrest", "2024-02-10"),
         Listed("L2", "2024-02-29", "detained"), O("R1", "release", "2024-03-05"),
         O("W1", "disappearance", "2024-03-20"), Listed("L3", "2024-03-31", "detained")],
        [],
    ),
    Case(
        "an exiled list after custody is a release; whereabouts unknown after it an arrest at no facility",
        [O("A1", "arrest", "2024-01-10", facility="C1"), Listed("L1", "2024-02-29", "exiled"),
         Listed("L2", "2024-03-31", "whereabouts_unknown")],
        [("~L1", "release", "2024-01-11/2024-02-29", None),
         ("~L2", "arrest", "2024-03-01/2024-03-31", None)],
        [("~L1", "~L2")],
    ),
]  # fmt: skip


def person_of(i: int) -> str:
    return f"P{i:02d}"


def add_listed(G: nx.MultiDiGraph, entries: list[tuple[str, Listed]]) -> None:
    """Status-list entries (person id, entry), as the loader writes them."""
    for person, e in entries:
        key = node_key(STATUS, e.id)
        start, end = bounds(e.as_of)
        G.add_node(key, label=STATUS, id=e.id, as_of=e.as_of, as_of_start=start,
                   as_of_end=end, status=e.status, sources=[])  # fmt: skip
        G.add_edge(key, _record(G, "Person", person, name=f"Name of {person}"), key=CONCERNS)
        if e.facility:
            G.add_edge(
                key, _record(G, "Facility", e.facility, name=f"Name of {e.facility}"), key=AT
            )


def graph_of(cases: list[Case]) -> nx.MultiDiGraph:
    """One graph holding every case, case i's facts under person `person_of(i)` (and
    their ids prefixed with it, so that ids stay unique)."""
    orders, entries = [], []
    for i, case in enumerate(cases):
        person = person_of(i)
        for f in case.facts:
            if isinstance(f, Listed):
                entries.append((person, f._replace(id=f"{person}-{f.id}")))
            else:  # the date as the loader stores it: `2024-03-01T10:00` gains its seconds
                orders.append(
                    f._replace(id=f"{person}-{f.id}", person=person, date=parse(f.date).text)
                )
    G = build(orders)
    add_listed(G, entries)
    derive(G)  # every date's first and last possible day, as the loader stores them
    return G


def case_ids(case: Case, person: str, ids) -> list:
    """Ids of a case as `graph_of` writes them: `~L1` -> `~P03-L1`."""
    return ["~" + f"{person}-{id[1:]}" if id.startswith("~") else f"{person}-{id}" for id in ids]
