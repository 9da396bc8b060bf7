"""An official's record: what they ordered, against whom, where, and with whom.

Each function is one flat-row query (so that each has a Cypher twin); `detnet official
ID` prints them together. They read only the official's orders and the orders of the
persons those concern, not the whole graph.
"""

from __future__ import annotations

import statistics
from collections import Counter, defaultdict

import networkx as nx
from detnet.graph.dates import bounds
from detnet.graph.schema import (
    CONCERNS,
    FACILITY,
    INSTITUTION,
    ISSUED,
    MEMBER_OF,
    OFFICIAL,
    ORDER_KINDS,
    PERSON,
    key_id,
    node_key,
)

from .events import Clusters, Event, Facts, event_order, linked_keys
from .revolving import REVOLVING_KINDS, person_rearrests
from .rows import Rows
from .twins import query

# The column each order kind is counted in: "arrest" -> "arrests".
KIND_COLUMNS = {kind: f"{kind}s" for kind in ORDER_KINDS}


def _of_official(G: nx.MultiDiGraph, official: str) -> tuple[Facts, str, list[Event]]:
    """The facts of the persons an official's orders concern, the official's canonical
    id, and their orders (those of every record merged with theirs), in time order.

    Read from the official's orders outwards, not from the whole graph.
    """
    clusters = Clusters.of(G)
    official = clusters.of_id(OFFICIAL, official)
    persons = set()
    for member in clusters.members(OFFICIAL, official):
        for order in linked_keys(G, node_key(OFFICIAL, member), ISSUED):
            persons.update(key_id(p) for p in linked_keys(G, order, CONCERNS))
    facts = Facts.of(G, persons, clusters)
    orders = sorted(
        (e for events in facts.recorded.values() for e in events if e.official_id == official),
        key=event_order,
    )
    return facts, official, orders


@query(
    "official_id",
    "official_name",
    "position",
    "institution",
    "orders",
    *KIND_COLUMNS.values(),
    "persons",
    "facilities",
    "rearrests",
    "rearrests_after_own_arrest",
    "same_official_share",
    "median_days_free",
    "first_order_date",
    "last_order_date",
    "institution_id",
    "institution_name",
)
def official_profile(
    G, *, official: str, include_claimed: bool = False, as_known_on: str | None = None
) -> Rows:
    """One official's record in one row.

    Parameters
    ----------
    graph : path, None or networkx.MultiDiGraph
    official : str
        The official's id.
    include_claimed : bool
        As in `revolving_door`: count claimed releases when finding re-arrests.

    Returns
    -------
    Rows
        One row. `orders` and the four kind counts are the orders they issued;
        `persons` and `facilities` count distinct persons concerned and facilities
        named (unknown facilities not counted). `rearrests`: re-arrests they ordered
        (`revolving_door` rules); `rearrests_after_own_arrest`: those where they had
        also ordered the arrest before the release (`same_official`), and
        `same_official_share` that number over `rearrests` (None without
        re-arrests). `median_days_free`: median days free before their re-arrests.
        `first_order_date` / `last_order_date`: the dates of their first and last
        orders by first possible day, as stored (a month, a year or a range where
        that is all the records say).

    Examples
    --------
    >>> import detnet
    >>> G = detnet.load_sample("seed-article")
    >>> row = official_profile(G, official="F-TRUJILLO-GOVERNOR")[0]
    >>> row["orders"], row["arrests"], row["persons"], row["rearrests"], row["median_days_free"]
    (1, 1, 1, 0, None)
    """
    facts, official, orders = _of_official(G, official)
    kinds = Counter(e.kind for e in orders)
    known = as_known_on and bounds(as_known_on)[1]
    mine = [
        r
        for events in facts.timelines(REVOLVING_KINDS, as_known_on=known).values()
        for r in person_rearrests(events, include_claimed)
        if r.rearrest.official_id == official
    ]
    same = sum(r.same_official for r in mine)
    attrs = G.nodes[node_key(OFFICIAL, official)]
    institution = facts.clusters.of_id(INSTITUTION, _member_of(G, official))
    row = {
        "official_id": official,
        "official_name": attrs.get("name"),
        "position": attrs.get("position"),
        "institution": attrs.get("institution"),
        "orders": len(orders),
        **{KIND_COLUMNS[k]: kinds[k] for k in ORDER_KINDS},
        "persons": len({e.person_id for e in orders}),
        "facilities": len({e.facility_id for e in orders} - {None}),
        "rearrests": len(mine),
        "rearrests_after_own_arrest": same,
        "same_official_share": same / len(mine) if mine else None,
        "median_days_free": statistics.median(r.days_free for r in mine) if mine else None,
        "first_order_date": orders[0].date if orders else None,
        "last_order_date": orders[-1].date if orders else None,
        "institution_id": institution,
        "institution_name": facts.name(INSTITUTION, institution),
    }
    return Rows([row], official_profile.columns)


def _member_of(G: nx.MultiDiGraph, official: str) -> str | None:
    """The institution an official belongs to (MEMBER_OF), if recorded."""
    return next((key_id(i) for i in linked_keys(G, node_key(OFFICIAL, official), MEMBER_OF)), None)


@query("year", *KIND_COLUMNS.values(), "orders")
def official_orders_by_year(G, *, official: str) -> Rows:
    """The orders an official issued, by year (an int) and kind; years with none left out.

    An order counts in the year of its first possible day: `2019/2020` in 2019.

    Examples
    --------
    >>> import detnet
    >>> G = detnet.load_sample("seed-article")
    >>> official_orders_by_year(G, official="F-TRUJILLO-GOVERNOR")
    [{'year': 2026, 'arrests': 1, 'releases': 0, 'transfers': 0, 'sentences': 0, 'house_arrests': 0, 'disappearances': 0, 'exiles': 0, 'deaths': 0, 'orders': 1}]
    """
    by_year: dict[int, Counter] = defaultdict(Counter)
    for e in _of_official(G, official)[2]:
        by_year[int(e.start[:4])][e.kind] += 1
    rows = (
        {
            "year": year,
            **{KIND_COLUMNS[k]: kinds[k] for k in ORDER_KINDS},
            "orders": sum(kinds.values()),
        }
        for year, kinds in sorted(by_year.items())
    )
    return Rows(rows, official_orders_by_year.columns)


@query("facility_id", "facility_name", "orders", "persons")
def official_facilities(G, *, official: str) -> Rows:
    """The facilities an official's orders named, with how many orders and persons.

    Orders naming no facility are not counted. Sorted by orders descending, then
    facility_id.

    Examples
    --------
    >>> import detnet
    >>> G = detnet.load_sample("synthetic")
    >>> rows = official_facilities(G, official="F0001")
    >>> rows[0]["orders"] >= rows[-1]["orders"]
    True
    """
    orders: Counter = Counter()
    persons: dict[str, set] = defaultdict(set)
    facts, _, mine = _of_official(G, official)
    for e in mine:
        if e.facility_id is not None:
            orders[e.facility_id] += 1
            persons[e.facility_id].add(e.person_id)
    rows = (
        {
            "facility_id": f,
            "facility_name": facts.name(FACILITY, f),
            "orders": orders[f],
            "persons": len(persons[f]),
        }
        for f in sorted(orders, key=lambda f: (-orders[f], f))
    )
    return Rows(rows, official_facilities.columns)


@query("person_id", "person_name", "orders", "arrests", "first_order_date", "last_order_date")
def official_persons(G, *, official: str) -> Rows:
    """The persons an official's orders concerned, most orders first, then by person_id.

    Examples
    --------
    >>> import detnet
    >>> G = detnet.load_sample("seed-article")
    >>> [r["person_name"] for r in official_persons(G, official="F-TRUJILLO-GOVERNOR")]
    ['Alfredo Márquez']
    """
    by_person: dict[str, list[Event]] = defaultdict(list)
    facts, _, mine = _of_official(G, official)
    for e in mine:
        by_person[e.person_id].append(e)
    rows = (
        {
            "person_id": p,
            "person_name": facts.name(PERSON, p),
            "orders": len(events),
            "arrests": sum(e.kind == "arrest" for e in events),
            "first_order_date": events[0].date,
            "last_order_date": events[-1].date,
        }
        for p, events in sorted(by_person.items(), key=lambda item: (-len(item[1]), item[0]))
    )
    return Rows(rows, official_persons.columns)


@query("official_id", "official_name", "persons", "orders")
def official_co_officials(G, *, official: str) -> Rows:
    """The other officials who issued orders on the persons this official's orders concerned.

    `persons`: how many of this official's persons the other official also issued
    orders on; `orders`: how many orders those were. Orders with no known official
    are left out. Sorted by persons, then orders, descending, then official_id.

    Examples
    --------
    >>> import detnet
    >>> G = detnet.load_sample("synthetic")
    >>> rows = official_co_officials(G, official="F0001")
    >>> "F0001" in {r["official_id"] for r in rows}
    False
    """
    persons: dict[str, set] = defaultdict(set)
    orders: Counter = Counter()
    facts, official, _ = _of_official(G, official)
    for person, events in facts.recorded.items():
        for e in events:
            if e.official_id is not None and e.official_id != official:
                persons[e.official_id].add(person)
                orders[e.official_id] += 1
    rows = (
        {
            "official_id": o,
            "official_name": facts.name(OFFICIAL, o),
            "persons": len(persons[o]),
            "orders": orders[o],
        }
        for o in sorted(orders, key=lambda o: (-len(persons[o]), -orders[o], o))
    )
    return Rows(rows, official_co_officials.columns)
