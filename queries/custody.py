"""Custody: who was held where on a given day, and when nobody knew where.

Both queries follow each person's orders in date order (see `next_custody`):
an arrest puts the person in custody at its facility, a transfer moves them, a
verified release frees them, a claimed release is noted but frees no one, and a
disputed release or a sentence changes nothing.
"""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass
from datetime import date
from typing import NamedTuple

from detnet.graph.schema import FACILITY, PERSON

from .events import Event, days_between, events_by_person, name
from .rows import Rows
from .twins import query


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


def custody_on(events: list[Event], cutoff: str) -> Custody | None:
    """A person's custody after every order dated up to `cutoff`.

    A cutoff without a time means the end of that day; with a time, that instant.

    >>> from detnet.queries.events import Event
    >>> orders = [Event("A1", "arrest", "2024-01-01", "verified", "P1", None, "C1"),
    ...           Event("R1", "release", "2024-02-01T10:00:00", "verified", "P1", None, None)]
    >>> custody_on(orders, "2024-02-01T09:00:00").facility_id
    'C1'
    >>> custody_on(orders, "2024-02-01") is None
    True
    """
    whole_day = len(cutoff) == 10
    state = None
    for event in events:
        if (event.date[:10] if whole_day else event.date) > cutoff:
            break
        state = next_custody(state, event)
    return state


def _held_on(G, cutoff: str, facility: str | None) -> list:
    held = []
    for person, events in events_by_person(G).items():
        state = custody_on(events, cutoff)
        if state is not None and (facility is None or state.facility_id == facility):
            held.append((person, state))
    return held


def _facility_order(facility_id: str | None) -> tuple:
    return (facility_id is None, facility_id or "")


@query(
    "facility_id",
    "facility_name",
    "person_id",
    "person_name",
    "custody",
    "detained_since",
    "detention_order_id",
    "official_id",
    "at_facility_since",
    "placement_order_id",
    "claimed_release_order_id",
)
def detained_on(G, *, day: str | date, facility: str | None = None) -> Rows:
    """Who was held where at the end of `day`: one row per person in custody.

    Parameters
    ----------
    graph : path, None or networkx.MultiDiGraph
    day : str or datetime.date
        The day (ISO or DD/MM/YYYY); every order dated that day counts. With a time
        (`YYYY-MM-DDTHH:MM`), orders up to that instant count.
    facility : str, optional
        Only persons held at this facility id.

    Returns
    -------
    Rows
        `custody` is `held`, or `release_claimed` when a release was announced
        (status `claimed`) but not verified since the person was placed in custody:
        announced, unverified. `detained_since` / `detention_order_id` / `official_id`:
        the arrest that began this detention and who ordered it;
        `at_facility_since` / `placement_order_id`: the arrest or transfer that put
        the person where they are. `facility_id` is None when the order that placed
        them names no facility (whereabouts unknown). Sorted by facility_id (None
        last), then person_id.

    Examples
    --------
    >>> import detnet
    >>> G = detnet.load_sample("seed-article")
    >>> rows = detained_on(G, day="2026-01-20")
    >>> [(r["person_id"], r["custody"], r["detained_since"]) for r in rows]
    [('P-MARQUEZ', 'held', '2026-01-12')]
    >>> detained_on(G, day="2026-01-11")
    []
    """
    held = _held_on(G, day, facility)
    held.sort(key=lambda item: (_facility_order(item[1].facility_id), item[0]))
    rows = (
        {
            "facility_id": state.facility_id,
            "facility_name": name(G, FACILITY, state.facility_id),
            "person_id": person,
            "person_name": name(G, PERSON, person),
            "custody": "held" if state.claimed_release is None else "release_claimed",
            "detained_since": state.detained_by.date,
            "detention_order_id": state.detained_by.order_id,
            "official_id": state.detained_by.official_id,
            "at_facility_since": state.placed_by.date,
            "placement_order_id": state.placed_by.order_id,
            "claimed_release_order_id": state.claimed_release and state.claimed_release.order_id,
        }
        for person, state in held
    )
    return Rows(rows, detained_on.columns)


@query("facility_id", "facility_name", "held", "release_claimed", "persons")
def detained_on_by_facility(G, *, day: str | date, facility: str | None = None) -> Rows:
    """How many persons each facility held at the end of `day` (see `detained_on`).

    `held` + `release_claimed` = `persons`. Sorted by persons descending, then
    facility_id; persons whose whereabouts are unknown are counted under
    `facility_id` None, last.

    Examples
    --------
    >>> import detnet
    >>> G = detnet.load_sample("synthetic")
    >>> counts = detained_on_by_facility(G, day="2025-01-01")
    >>> sum(r["persons"] for r in counts) == len(detained_on(G, day="2025-01-01"))
    True
    """
    held = _held_on(G, day, facility)
    persons = Counter(state.facility_id for _, state in held)
    claimed = Counter(state.facility_id for _, state in held if state.claimed_release)
    order = sorted(persons, key=lambda f: (f is None, -persons[f], f or ""))
    rows = (
        {
            "facility_id": f,
            "facility_name": name(G, FACILITY, f),
            "held": persons[f] - claimed[f],
            "release_claimed": claimed[f],
            "persons": persons[f],
        }
        for f in order
    )
    return Rows(rows, detained_on_by_facility.columns)


@dataclass
class _Gap:
    start: Event
    previous_facility_id: str | None
    release_claimed: bool = False


@query(
    "person_id",
    "person_name",
    "start_order_id",
    "start_kind",
    "start_date",
    "official_id",
    "previous_facility_id",
    "end_order_id",
    "end_kind",
    "end_date",
    "facility_id",
    "days",
    "ongoing",
    "release_claimed",
)
def custody_gaps(G, *, min_days: int = 0) -> Rows:
    """Spells in custody with the person's whereabouts unknown: possible enforced disappearance.

    A gap starts with an arrest or transfer that names no facility, while the person
    was free or at a known facility, and ends with the next order that puts them at a
    known facility (arrest or transfer) or frees them (a verified release). A claimed
    release does not end a gap: an announced release of someone nobody has seen is
    the pattern to look for, and `release_claimed` flags it.

    Parameters
    ----------
    graph : path, None or networkx.MultiDiGraph
    min_days : int
        Only gaps of at least this many days.

    Returns
    -------
    Rows
        `official_id` ordered the order that started the gap; `previous_facility_id`
        is where the person was before it (None when free or unknown). `end_*` and
        `facility_id` describe the order that ended it (`facility_id`: where the
        person was taken, or released from; None if it names none). An ongoing gap
        has no end and `ongoing` true; its `days` run to the latest order date in
        the graph. Sorted by days descending, then person_id, start_date,
        start_order_id.

    Examples
    --------
    >>> import detnet
    >>> G = detnet.load_sample("seed-article")
    >>> [(r["person_id"], r["start_date"], r["ongoing"]) for r in custody_gaps(G)]
    [('P-MARQUEZ', '2026-01-12', True)]
    """
    by_person = events_by_person(G)
    data_end = max((e[-1].date for e in by_person.values()), default=None)
    rows = []

    def emit(person: str, gap: _Gap, end: Event | None, facility: str | None) -> None:
        days = days_between(gap.start.date, end.date if end else data_end)
        if days < min_days:
            return
        rows.append(
            {
                "person_id": person,
                "person_name": name(G, PERSON, person),
                "start_order_id": gap.start.order_id,
                "start_kind": gap.start.kind,
                "start_date": gap.start.date,
                "official_id": gap.start.official_id,
                "previous_facility_id": gap.previous_facility_id,
                "end_order_id": end and end.order_id,
                "end_kind": end and end.kind,
                "end_date": end and end.date,
                "facility_id": facility,
                "days": days,
                "ongoing": end is None,
                "release_claimed": gap.release_claimed,
            }
        )

    for person, events in by_person.items():
        state: Custody | None = None
        gap: _Gap | None = None
        for event in events:
            before, state = state, next_custody(state, event)
            unknown = state is not None and state.facility_id is None
            if gap is None and unknown:
                gap = _Gap(event, before and before.facility_id)
            elif gap is not None and not unknown:
                emit(person, gap, event, event.facility_id)
                gap = None
            elif gap is not None and event.kind == "release" and event.status == "claimed":
                gap.release_claimed = True
        if gap is not None:
            emit(person, gap, None, None)
    rows.sort(key=lambda r: (-r["days"], r["person_id"], r["start_date"], r["start_order_id"]))
    return Rows(rows, custody_gaps.columns)
