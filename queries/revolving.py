"""The revolving door: persons released and then arrested again (RECORDS.md).

The rules, as implemented here and in the Cypher twins:

- Per person, take their `arrest` and `release` orders sorted by date string (a date
  without a time sorts before the same date with one), an arrest before a release on an
  exact tie, then by order id.
- A release counts when `verified`; with `include_claimed` also when `claimed`; a
  `disputed` release never counts.
- Walking the orders, an arrest that comes while a counted release is pending is a
  re-arrest, paired with the latest counted release before it; the pending release is
  then cleared. Transfers and sentences interrupt nothing.
- `days_free` is the re-arrest's date minus the release's date, in whole days.
- `same_official` is true when the re-arrest's official ordered the latest arrest
  before the paired release (false when either is unknown or there is no such arrest).
"""

from __future__ import annotations

import statistics
from collections import defaultdict
from collections.abc import Iterator
from dataclasses import dataclass
from datetime import date

import networkx as nx
from detnet.graph.schema import FACILITY, OFFICIAL, PERSON

from .events import Event, days_between, events_by_person, name
from .rows import Rows
from .twins import query

COUNTED = {False: ("verified",), True: ("verified", "claimed")}
REVOLVING_KINDS = frozenset({"arrest", "release"})  # transfers and sentences interrupt nothing


@dataclass(frozen=True, slots=True)
class Rearrest:
    previous_arrest: Event | None  # the latest arrest before the paired release
    release: Event
    rearrest: Event

    @property
    def days_free(self) -> int:
        return days_between(self.release.date, self.rearrest.date)

    @property
    def same_official(self) -> bool:
        official = self.rearrest.official_id
        previous = self.previous_arrest
        return official is not None and previous is not None and previous.official_id == official


def person_rearrests(events: list[Event], include_claimed: bool = False) -> Iterator[Rearrest]:
    """The re-arrests in one person's orders, given in `event_order`.

    >>> from detnet.queries.events import Event
    >>> orders = [Event("A1", "arrest", "2024-01-01", "verified", "P1", "F1", None),
    ...           Event("R1", "release", "2024-02-01", "verified", "P1", None, None),
    ...           Event("A2", "arrest", "2024-02-11", "verified", "P1", "F1", None)]
    >>> [(r.release.order_id, r.rearrest.order_id, r.days_free, r.same_official)
    ...  for r in person_rearrests(orders)]
    [('R1', 'A2', 10, True)]
    """
    counted = COUNTED[include_claimed]
    last_arrest: Event | None = None
    pending: tuple[Event, Event | None] | None = None  # (release, arrest before it)
    for event in events:
        if event.kind == "arrest":
            if pending is not None:
                yield Rearrest(pending[1], pending[0], event)
                pending = None
            last_arrest = event
        elif event.kind == "release" and event.status in counted:
            pending = (event, last_arrest)


def report_order(r: Rearrest) -> tuple[str, str, str]:
    """The order re-arrests are reported in: by date, then person id, then order id."""
    return (r.rearrest.date, r.rearrest.person_id, r.rearrest.order_id)


def find_rearrests(
    G: nx.MultiDiGraph,
    *,
    official: str | None = None,
    max_days: int | None = None,
    since: str | None = None,
    until: str | None = None,
    include_claimed: bool = False,
) -> list[Rearrest]:
    """The re-arrests that pass the revolving-door filters (values already checked, as
    the `@query` decorator checks them), in `report_order`: those `revolving_door`
    reports a row for, with their orders.

    >>> import detnet
    >>> G = detnet.load_sample("synthetic")
    >>> [r.rearrest.order_id for r in find_rearrests(G)] == [
    ...     row["rearrest_order_id"] for row in revolving_door(G)]
    True
    """
    first = since and since[:10]
    last = until and until[:10]
    found = []
    every = (
        r
        for events in events_by_person(G, REVOLVING_KINDS).values()
        for r in person_rearrests(events, include_claimed)
    )
    for r in every:
        day = r.rearrest.date[:10]
        if official is not None and r.rearrest.official_id != official:
            continue
        if max_days is not None and r.days_free > max_days:
            continue
        if (first is not None and day < first) or (last is not None and day > last):
            continue
        found.append(r)
    found.sort(key=report_order)
    return found


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
)
def revolving_door(
    G,
    *,
    official: str | None = None,
    max_days: int | None = None,
    since: str | date | None = None,
    until: str | date | None = None,
    include_claimed: bool = False,
) -> Rows:
    """Persons released and arrested again: one row per re-arrest.

    Parameters
    ----------
    graph : path, None or networkx.MultiDiGraph
        The graph (see `detnet.open_graph`).
    official : str, optional
        Only re-arrests ordered by this official id.
    max_days : int, optional
        Only re-arrests at most this many days after the release.
    since, until : str or datetime.date, optional
        Only re-arrests dated on or after `since` / on or before `until` (date part).
    include_claimed : bool
        Count releases that were announced but not verified (`claimed`).

    Returns
    -------
    Rows
        Columns `revolving_door.columns`, sorted by rearrest_date, person_id,
        rearrest_order_id. `official_id`, `official_name`, `previous_official_id` and
        `facility_id` are None where the records do not say.

    Examples
    --------
    >>> import detnet
    >>> G = detnet.load_sample("synthetic")
    >>> rows = revolving_door(G, max_days=30)
    >>> all(row["days_free"] <= 30 for row in rows)
    True
    >>> first = rows[0]
    >>> first["release_date"] <= first["rearrest_date"], first["release_status"]
    (True, 'verified')
    """
    found = find_rearrests(
        G,
        official=official,
        max_days=max_days,
        since=since,
        until=until,
        include_claimed=include_claimed,
    )
    rows = (
        {
            "person_id": r.rearrest.person_id,
            "person_name": name(G, PERSON, r.rearrest.person_id),
            "release_order_id": r.release.order_id,
            "release_date": r.release.date,
            "release_status": r.release.status,
            "rearrest_order_id": r.rearrest.order_id,
            "rearrest_date": r.rearrest.date,
            "official_id": r.rearrest.official_id,
            "official_name": name(G, OFFICIAL, r.rearrest.official_id),
            "days_free": r.days_free,
            "same_official": r.same_official,
            "previous_official_id": r.previous_arrest and r.previous_arrest.official_id,
            "facility_id": r.rearrest.facility_id,
        }
        for r in found
    )
    return Rows(rows, revolving_door.columns)


def _grouped(found: list[Rearrest], key) -> dict:
    groups: dict = defaultdict(list)
    for r in found:
        groups[key(r)].append(r)
    return groups


def _busiest_first(item: tuple) -> tuple:
    """Most re-arrests first, then by id; the unknown (None) last."""
    id, group = item
    return (id is None, -len(group), id or "")


@query("official_id", "official_name", "rearrests", "persons", "median_days_free")
def rearrests_by_official(
    G,
    *,
    official: str | None = None,
    max_days: int | None = None,
    since: str | date | None = None,
    until: str | date | None = None,
    include_claimed: bool = False,
) -> Rows:
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
    found = find_rearrests(
        G,
        official=official,
        max_days=max_days,
        since=since,
        until=until,
        include_claimed=include_claimed,
    )
    groups = _grouped(found, lambda r: r.rearrest.official_id)
    rows = (
        {
            "official_id": id,
            "official_name": name(G, OFFICIAL, id),
            "rearrests": len(group),
            "persons": len({r.rearrest.person_id for r in group}),
            "median_days_free": statistics.median(r.days_free for r in group),
        }
        for id, group in sorted(groups.items(), key=_busiest_first)
    )
    return Rows(rows, rearrests_by_official.columns)


@query(
    "official_id",
    "official_name",
    "person_id",
    "person_name",
    "arrest_order_id",
    "release_order_id",
    "rearrest_order_id",
    "days_free",
)
def same_official_rearrests(
    G,
    *,
    official: str | None = None,
    max_days: int | None = None,
    since: str | date | None = None,
    until: str | date | None = None,
    include_claimed: bool = False,
) -> Rows:
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
    found = find_rearrests(
        G,
        official=official,
        max_days=max_days,
        since=since,
        until=until,
        include_claimed=include_claimed,
    )
    same = sorted((r for r in found if r.same_official), key=lambda r: r.rearrest.official_id)
    rows = (
        {
            "official_id": r.rearrest.official_id,
            "official_name": name(G, OFFICIAL, r.rearrest.official_id),
            "person_id": r.rearrest.person_id,
            "person_name": name(G, PERSON, r.rearrest.person_id),
            "arrest_order_id": r.previous_arrest.order_id,
            "release_order_id": r.release.order_id,
            "rearrest_order_id": r.rearrest.order_id,
            "days_free": r.days_free,
        }
        for r in same
    )
    return Rows(rows, same_official_rearrests.columns)


@query("facility_id", "facility_name", "rearrested_persons", "rearrests")
def facilities_by_rearrests(
    G,
    *,
    official: str | None = None,
    max_days: int | None = None,
    since: str | date | None = None,
    until: str | date | None = None,
    include_claimed: bool = False,
) -> Rows:
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
    found = find_rearrests(
        G,
        official=official,
        max_days=max_days,
        since=since,
        until=until,
        include_claimed=include_claimed,
    )
    groups = _grouped(found, lambda r: r.rearrest.facility_id)
    rows = (
        {
            "facility_id": id,
            "facility_name": name(G, FACILITY, id),
            "rearrested_persons": len({r.rearrest.person_id for r in group}),
            "rearrests": len(group),
        }
        for id, group in sorted(groups.items(), key=_busiest_first)
    )
    return Rows(rows, facilities_by_rearrests.columns)
