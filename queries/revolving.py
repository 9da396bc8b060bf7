"""The revolving door: persons released and then arrested again (RECORDS.md).

The rules, as implemented here and in the Cypher twins (fragments/rearrests.cypher):

- Per person (a cluster of records judged the same is one person), take their
  `arrest`, `release` and `exile` orders, recorded and inferred from status lists,
  in `events.event_order`: by first possible day, an arrest before a release on the
  same day, then by order id. Nothing after a `death` counts.
- A release (or exile) counts when `verified`; with `include_claimed` also when
  `claimed`; a `disputed` one never counts.
- Walking the orders, an arrest that comes while a counted release is pending is a
  re-arrest, paired with the latest counted release before it; the pending release is
  then cleared. Transfers and sentences interrupt nothing.
- `days_free` is the re-arrest's first possible day minus the release's;
  `days_free_min` and `days_free_max` the fewest and most days the dates allow;
  `dates_exact` says both dates are single days, not approximate.
- `same_official` is true when the re-arrest's official ordered the latest arrest
  before the paired release (false when either is unknown or there is no such arrest).
"""

from __future__ import annotations

import statistics
from collections import defaultdict
from collections.abc import Iterator
from dataclasses import dataclass

import networkx as nx
from detnet.graph.dates import bounds, days
from detnet.graph.schema import (
    CONCERNS,
    FACILITY,
    INSTITUTION,
    ISSUED,
    MEMBER_OF,
    OFFICIAL,
    PART_OF,
    PERSON,
    key_id,
    node_key,
)

from .events import LISTED, RELEASES, Clusters, Event, Facts
from .ledger import Ledger, facts_of
from .rows import Rows
from .twins import query

COUNTED = {False: ("verified",), True: ("verified", "claimed")}
REVOLVING_KINDS = frozenset({"arrest", "release", "exile", "death"})
# A re-arrest is an arrest after a release, each recorded or revealed by a list entry
# (which goes where the entry is): a person with no such pair of facts, whatever their
# statuses and dates, has none, and a facts file's walk leaves them out (`_walked`).
MAY_FREE, MAY_ARREST = RELEASES | {LISTED}, frozenset({"arrest", LISTED})


@dataclass(frozen=True, slots=True)
class Rearrest:
    previous_arrest: Event | None  # the latest arrest before the paired release
    release: Event
    rearrest: Event

    @property
    def days_free(self) -> int:
        return days(self.release.start, self.rearrest.start)

    @property
    def days_free_min(self) -> int:
        return max(0, days(self.release.end, self.rearrest.start))

    @property
    def days_free_max(self) -> int:
        return days(self.release.start, self.rearrest.end)

    @property
    def dates_exact(self) -> bool:
        return self.release.exact and self.rearrest.exact

    @property
    def same_official(self) -> bool:
        official = self.rearrest.official_id
        previous = self.previous_arrest
        return official is not None and previous is not None and previous.official_id == official


def person_rearrests(events: list[Event], include_claimed: bool = False) -> Iterator[Rearrest]:
    """The re-arrests in one person's orders, given in `event_order`.

    >>> from detnet.queries.events import event
    >>> orders = [event("A1", "arrest", "2024-01-01", "P1", "F1"),
    ...           event("R1", "release", "2024-02", "P1"),
    ...           event("A2", "arrest", "2024-03-11", "P1", "F1")]
    >>> [(r.release.order_id, r.rearrest.order_id, r.days_free, r.days_free_min, r.same_official)
    ...  for r in person_rearrests(orders)]
    [('R1', 'A2', 39, 11, True)]
    """
    counted = COUNTED[include_claimed]
    last_arrest: Event | None = None
    pending: tuple[Event, Event | None] | None = None  # (release, arrest before it)
    for e in events:
        if e.kind == "arrest":
            if pending is not None:
                yield Rearrest(pending[1], pending[0], e)
                pending = None
            last_arrest = e
        elif e.kind in RELEASES and e.status in counted:
            pending = (e, last_arrest)
        elif e.kind == "death":
            return


def report_order(r: Rearrest) -> tuple[str, str, str]:
    """The order re-arrests are reported in: by date, then person id, then order id."""
    return (r.rearrest.start, r.rearrest.date, r.rearrest.person_id, r.rearrest.order_id)


def part_depths(G: nx.MultiDiGraph, clusters: Clusters, institution: str) -> dict[str, int]:
    """An institution and every body part of it, at any depth (PART_OF followed record
    by record from each record merged with it), by canonical id, with the fewest steps
    down from it (0: itself).

    >>> from detnet.graph.store import new_graph
    >>> G = new_graph()
    >>> for i in ("I1", "I2", "I3"):
    ...     G.add_node(f"Institution:{i}", label="Institution", id=i)
    >>> _ = G.add_edge("Institution:I2", "Institution:I1", key="PART_OF")
    >>> _ = G.add_edge("Institution:I3", "Institution:I2", key="PART_OF")
    >>> part_depths(G, Clusters.of(G), "I1")
    {'I1': 0, 'I2': 1, 'I3': 2}
    """
    depth = dict.fromkeys(clusters.members(INSTITUTION, institution), 0)
    frontier = list(depth)
    while frontier:  # breadth first: the first time a record is met is its fewest steps
        below = []
        for record in frontier:
            for part in _parts_below(G, record):
                if part not in depth:
                    depth[part] = depth[record] + 1
                    below.append(part)
        frontier = below
    found: dict[str, int] = {}
    for record, steps in depth.items():
        body = clusters.of_id(INSTITUTION, record)
        found[body] = min(steps, found.get(body, steps))
    return found


def _parts_below(G: nx.MultiDiGraph | Ledger, record: str) -> list[str]:
    """The ids of the institutions directly part of one (PART_OF), record by record."""
    if isinstance(G, Ledger):
        return G.parts_below(record)
    pred = G.pred[node_key(INSTITUTION, record)]
    return [key_id(part) for part, types in pred.items() if PART_OF in types]


def parts_of(G: nx.MultiDiGraph, facts: Facts, institution: str) -> set[str]:
    """An institution and every body part of it, at any depth, as canonical ids (see
    `part_depths`)."""
    return set(part_depths(G, facts.clusters, institution))


def persons_of(G: nx.MultiDiGraph, clusters: Clusters, label: str, id: str) -> set[str]:
    """The ids of the persons whose facts a record's re-arrests and orders can be among:
    a person's own records; the persons of the orders an official issued; of an
    institution, those of the orders issued by it, its body parts or their members (more,
    never fewer, than its own re-arrests need). Walking only their facts answers for that
    record as walking everyone's would.

    >>> import detnet
    >>> G = detnet.load_sample("synthetic")
    >>> facts = Facts.of(G)
    >>> mine = persons_of(G, facts.clusters, "Official", "F0005")
    >>> _, everyone = find_rearrests(G, official="F0005", facts=facts)
    >>> _, found = find_rearrests(G, official="F0005", facts=Facts.of(G, mine, facts.clusters))
    >>> found == everyone and len(found) > 0
    True
    """
    if label == PERSON:
        return set(clusters.members(PERSON, id))
    issuers = [node_key(label, m) for m in clusters.members(label, id)]
    if label == INSTITUTION:  # its bodies at any depth, every record merged into each
        bodies = [
            node_key(INSTITUTION, m)
            for body in part_depths(G, clusters, id)
            for m in clusters.members(INSTITUTION, body)
        ]
        members = [o for b in bodies if b in G for o, ks in G.pred[b].items() if MEMBER_OF in ks]
        officials = {m for o in members for m in clusters.members(OFFICIAL, key_id(o))}
        issuers = bodies + [node_key(OFFICIAL, o) for o in officials]
    succ = G.succ
    orders = [o for i in issuers if i in G for o, ks in succ[i].items() if ISSUED in ks]
    return {key_id(p) for o in orders for p, ks in succ[o].items() if CONCERNS in ks}


def find_rearrests(
    G: nx.MultiDiGraph | Ledger,
    *,
    official: str | None = None,
    institution: str | None = None,
    max_days: int | None = None,
    since: str | None = None,
    until: str | None = None,
    include_claimed: bool = False,
    exact_dates: bool = False,
    recorded_only: bool = False,
    as_known_on: str | None = None,
    facts: Facts | None = None,
) -> tuple[Facts, list[Rearrest]]:
    """The re-arrests that pass the revolving-door filters, and the facts they came from.

    `max_days` keeps those that could have come within that many days (`days_free_min`);
    `since` and `until` those whose re-arrest's possible days overlap the range from the
    first day of `since` to the last of `until`.
    """
    facts = facts or _walked(G)
    official = facts.clusters.of_id(OFFICIAL, official)
    bodies = parts_of(G, facts, institution) if institution is not None else None
    first = since and bounds(since)[0]
    last = until and bounds(until)[1]
    known = as_known_on and bounds(as_known_on)[1]
    timelines = facts.timelines(
        REVOLVING_KINDS, as_known_on=known, recorded_only=recorded_only
    ).values()
    found = []
    for events in timelines:
        for r in person_rearrests(events, include_claimed):
            e = r.rearrest
            if official is not None and e.official_id != official:
                continue
            if bodies is not None and e.institution_id not in bodies:
                continue
            if max_days is not None and r.days_free_min > max_days:
                continue
            if (first is not None and e.end < first) or (last is not None and e.start > last):
                continue
            if exact_dates and not r.dates_exact:
                continue
            found.append(r)
    found.sort(key=report_order)
    return facts, found


def _walked(G: nx.MultiDiGraph | Ledger) -> Facts:
    """The facts a re-arrest walk reads: from a facts file not yet read, those of the
    persons who could have one (a third at a million orders), found on its columns."""
    if isinstance(G, Ledger):
        return G.facts_with(MAY_FREE, MAY_ARREST)
    return facts_of(G)


def _rows(facts: Facts, found: list[Rearrest]) -> Iterator[dict]:
    person, official, institution = map(facts.namer, (PERSON, OFFICIAL, INSTITUTION))
    for r in found:
        e, release = r.rearrest, r.release
        yield {
            "person_id": e.person_id,
            "person_name": person(e.person_id),
            "release_order_id": release.order_id,
            "release_date": release.date,
            "release_status": release.status,
            "rearrest_order_id": e.order_id,
            "rearrest_date": e.date,
            "official_id": e.official_id,
            "official_name": official(e.official_id),
            "days_free": r.days_free,
            "same_official": r.same_official,
            "previous_official_id": r.previous_arrest and r.previous_arrest.official_id,
            "facility_id": e.facility_id,
            "days_free_min": r.days_free_min,
            "days_free_max": r.days_free_max,
            "dates_exact": r.dates_exact,
            "release_inferred": release.inferred,
            "rearrest_inferred": e.inferred,
            "person_ids": facts.clusters.members(PERSON, e.person_id),
            "institution_id": e.institution_id,
            "institution_name": institution(e.institution_id),
            "release_conditions": list(release.conditions),
        }


@query(
    "person_id",
    "person_name",
    "release_order_id",
    "release_date",
    "release_status",
    "rearrest_order_id",
    "rearrest_date",
    "official_id",
    "official_name",
    "days_free",
    "same_official",
    "previous_official_id",
    "facility_id",
    "days_free_min",
    "days_free_max",
    "dates_exact",
    "release_inferred",
    "rearrest_inferred",
    "person_ids",
    "institution_id",
    "institution_name",
    "release_conditions",
    facts=True,
)
def revolving_door(G, **filters) -> Rows:
    """Persons released and arrested again: one row per re-arrest.

    Parameters
    ----------
    graph : path, None or networkx.MultiDiGraph
        The graph (see `detnet.open_graph`).
    {parameters}

    Returns
    -------
    Rows
        Columns `revolving_door.columns`, sorted by the re-arrest's first possible day,
        person_id, rearrest_order_id. Ids are canonical (see `events.Clusters`);
        `person_ids` lists the records merged into the person. `official_id`,
        `official_name`, `previous_official_id`, `facility_id` and `institution_id` are
        None where the records do not say.

    Examples
    --------
    >>> import detnet
    >>> G = detnet.load_sample("synthetic")
    >>> rows = revolving_door(G, max_days=30)
    >>> all(row["days_free_min"] <= 30 for row in rows)
    True
    >>> first = rows[0]
    >>> first["release_date"] <= first["rearrest_date"], first["release_status"]
    (True, 'verified')
    """
    facts, found = find_rearrests(G, **filters)
    return Rows(_rows(facts, found), revolving_door.columns)


def _grouped(found: list[Rearrest], key) -> dict:
    groups: dict = defaultdict(list)
    for r in found:
        groups[key(r)].append(r)
    return groups


def _busiest_first(item: tuple) -> tuple:
    """Most re-arrests first, then by id; the unknown (None) last."""
    id, group = item
    return (id is None, -len(group), id or "")


def _by(label: str, attribute: str, columns: tuple[str, ...]):
    """Re-arrests counted by who (or which body) issued them: a query's body."""

    def rows(G, **filters) -> Rows:
        facts, found = find_rearrests(G, **filters)
        groups = _grouped(found, lambda r: getattr(r.rearrest, attribute))
        return Rows(
            (
                dict(
                    zip(
                        columns,
                        (
                            id,
                            facts.name(label, id),
                            len(group),
                            len({r.rearrest.person_id for r in group}),
                            statistics.median(r.days_free for r in group),
                        ),
                        strict=True,
                    )
                )
                for id, group in sorted(groups.items(), key=_busiest_first)
            ),
            columns,
        )

    return rows


@query("official_id", "official_name", "rearrests", "persons", "median_days_free", facts=True)
def rearrests_by_official(G, **filters) -> Rows:
    """Re-arrests counted by the official who ordered them.

    Same parameters and rules as `revolving_door`. `persons` counts distinct persons;
    `median_days_free` is `statistics.median` of their days free (an int, or a float
    when it falls between two). Sorted by `rearrests` descending, then `official_id`;
    re-arrests with no known official are counted under `official_id` None, last.

    Examples
    --------
    >>> import detnet
    >>> G = detnet.load_sample("synthetic")
    >>> rows = rearrests_by_official(G)
    >>> sum(row["rearrests"] for row in rows) == len(revolving_door(G))
    True
    >>> rows[0]["rearrests"] >= rows[1]["rearrests"]
    True
    """
    return _by(OFFICIAL, "official_id", rearrests_by_official.columns)(G, **filters)


@query("institution_id", "institution_name", "rearrests", "persons", "median_days_free", facts=True)
def rearrests_by_institution(G, **filters) -> Rows:
    """Re-arrests counted by the body that issued them (the order's issuing body, else its
    official's institution), each body as given: no roll-up to the bodies it is part of.

    Same parameters and rules as `revolving_door`; sorted like `rearrests_by_official`,
    the unknown (None) last.

    Examples
    --------
    >>> import detnet
    >>> G = detnet.load_sample("synthetic")
    >>> rows = rearrests_by_institution(G)
    >>> sum(row["rearrests"] for row in rows) == len(revolving_door(G))
    True
    """
    return _by(INSTITUTION, "institution_id", rearrests_by_institution.columns)(G, **filters)


# The conditions the seed asks about: released on condition of silence or of reporting.
GAG_OR_REPORTING = frozenset({"gag_order", "reporting"})


def _conditions_by(label: str, attribute: str, columns: tuple[str, ...]):
    """Re-arrests counted by who (or which body) issued them, with the conditions of the
    releases they followed: a query's body."""

    def rows(G, **filters) -> Rows:
        facts, found = find_rearrests(G, **filters)
        groups = _grouped(found, lambda r: getattr(r.rearrest, attribute))
        for id, group in sorted(groups.items(), key=_busiest_first):
            under = [r for r in group if GAG_OR_REPORTING & set(r.release.conditions)]
            values = (
                id,
                facts.name(label, id),
                len(group),
                len({r.rearrest.person_id for r in group}),
                sum("gag_order" in r.release.conditions for r in group),
                sum("reporting" in r.release.conditions for r in group),
                len(under),
                len({r.rearrest.person_id for r in under}),
            )
            yield dict(zip(columns, values, strict=True))

    return lambda G, **filters: Rows(rows(G, **filters), columns)


CONDITION_COLUMNS = (
    "rearrests",
    "persons",
    "after_gag_order",
    "after_reporting",
    "after_gag_order_or_reporting",
    "persons_after_gag_order_or_reporting",
)


@query("official_id", "official_name", *CONDITION_COLUMNS, facts=True)
def rearrest_conditions_by_official(G, **filters) -> Rows:
    """Of the re-arrested, how many had been released under a gag order or a reporting
    regime: by the official who ordered the re-arrest.

    Same parameters and rules as `revolving_door`. `rearrests` and `persons` as in
    `rearrests_by_official`; `after_gag_order`, `after_reporting`: re-arrests whose
    release (the one the re-arrest followed) carried that condition code
    (`release_conditions`); `after_gag_order_or_reporting`: either, and
    `persons_after_gag_order_or_reporting` the distinct persons among those. A release
    inferred from a status list carries no conditions. Sorted like
    `rearrests_by_official`, the unknown (None) last.

    Examples
    --------
    >>> import detnet
    >>> G = detnet.load_sample("synthetic")
    >>> rows = rearrest_conditions_by_official(G)
    >>> sum(r["rearrests"] for r in rows) == len(revolving_door(G))
    True
    >>> all(r["after_gag_order_or_reporting"] <= r["rearrests"] for r in rows)
    True
    """
    return _conditions_by(OFFICIAL, "official_id", rearrest_conditions_by_official.columns)(
        G, **filters
    )


@query("institution_id", "institution_name", *CONDITION_COLUMNS, facts=True)
def rearrest_conditions_by_institution(G, **filters) -> Rows:
    """Of the re-arrested, how many had been released under a gag order or a reporting
    regime: by the body that issued the re-arrest (as `rearrests_by_institution`).

    Same parameters and columns as `rearrest_conditions_by_official`, by institution.

    Examples
    --------
    >>> import detnet
    >>> G = detnet.load_sample("seed-article")
    >>> rearrest_conditions_by_institution(G)
    []
    """
    return _conditions_by(
        INSTITUTION, "institution_id", rearrest_conditions_by_institution.columns
    )(G, **filters)


@query(
    "official_id",
    "official_name",
    "person_id",
    "person_name",
    "arrest_order_id",
    "release_order_id",
    "rearrest_order_id",
    "days_free",
    facts=True,
)
def same_official_rearrests(G, **filters) -> Rows:
    """Re-arrests ordered by the official who also ordered the arrest before the release.

    The re-arrests of `revolving_door` whose `same_official` is true, with the three
    orders of the cycle: the arrest, the release, the re-arrest. Same parameters.
    Sorted by official_id, then as `revolving_door`.

    Examples
    --------
    >>> import detnet
    >>> G = detnet.load_sample("synthetic")
    >>> rows = same_official_rearrests(G)
    >>> len(rows) == sum(r["same_official"] for r in revolving_door(G))
    True
    """
    facts, found = find_rearrests(G, **filters)
    same = sorted((r for r in found if r.same_official), key=lambda r: r.rearrest.official_id)
    rows = (
        {
            "official_id": r.rearrest.official_id,
            "official_name": facts.name(OFFICIAL, r.rearrest.official_id),
            "person_id": r.rearrest.person_id,
            "person_name": facts.name(PERSON, r.rearrest.person_id),
            "arrest_order_id": r.previous_arrest.order_id,
            "release_order_id": r.release.order_id,
            "rearrest_order_id": r.rearrest.order_id,
            "days_free": r.days_free,
        }
        for r in same
    )
    return Rows(rows, same_official_rearrests.columns)


@query("facility_id", "facility_name", "rearrested_persons", "rearrests", facts=True)
def facilities_by_rearrests(G, **filters) -> Rows:
    """Facilities where re-arrested persons were taken, by number of re-arrests.

    Same parameters and rules as `revolving_door`; the facility is the re-arrest's.
    `rearrested_persons` counts distinct persons. Sorted by `rearrests` descending,
    then `facility_id`; re-arrests with no known facility are counted under
    `facility_id` None, last.

    Examples
    --------
    >>> import detnet
    >>> G = detnet.load_sample("synthetic")
    >>> rows = facilities_by_rearrests(G)
    >>> sum(row["rearrests"] for row in rows) == len(revolving_door(G))
    True
    """
    facts, found = find_rearrests(G, **filters)
    groups = _grouped(found, lambda r: r.rearrest.facility_id)
    rows = (
        {
            "facility_id": id,
            "facility_name": facts.name(FACILITY, id),
            "rearrested_persons": len({r.rearrest.person_id for r in group}),
            "rearrests": len(group),
        }
        for id, group in sorted(groups.items(), key=_busiest_first)
    )
    return Rows(rows, facilities_by_rearrests.columns)
