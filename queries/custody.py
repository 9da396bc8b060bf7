"""Custody: who was held where on a given day, and when nobody knew where.

Both queries follow each person's facts in order (`events.Facts`), orders and
status-list entries alike, with the orders the lists reveal (see `next_custody`).
An imprecise date counts from its first possible day, the day it is ordered by.
"""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass
from datetime import date
from typing import NamedTuple

from detnet.graph.dates import bounds, days
from detnet.graph.schema import FACILITY, PERSON

from .events import LISTED, Event
from .ledger import facts_of
from .rows import Rows
from .twins import query

# How a person is held: where a facility says, at home, or where nobody knows.
HELD, AT_HOME, UNKNOWN = "held", "house_arrest", "whereabouts_unknown"
LISTED_MODE = {"detained": HELD, "house_arrest": AT_HOME, "whereabouts_unknown": UNKNOWN}


class Custody(NamedTuple):
    """A person in custody. Free (or dead) is `None`."""

    facility_id: str | None  # where held now; None at home or when whereabouts are unknown
    placed_by: Event  # the fact that put them there: an order, or a list entry
    detained_by: Event  # the fact that began this detention
    claimed_release: Event | None = None  # a release announced but not verified since
    mode: str = HELD  # HELD, AT_HOME or UNKNOWN

    @property
    def whereabouts_unknown(self) -> bool:
        """In custody where nobody knows: no facility, and not at home."""
        return self.facility_id is None and self.mode != AT_HOME


def next_custody(state: Custody | None, e: Event) -> Custody | None:
    """The custody state after a fact, from the state before it.

    An arrest starts a detention at its facility; a transfer moves the person (and is
    evidence of custody even with no arrest on record); a house arrest holds them at
    home; a disappearance holds them where nobody knows; a verified release or exile
    frees them; a claimed one is noted but frees no one; a disputed one and a sentence
    change nothing; a death ends it all. A list entry says held (at its facility, else
    where they were), at home, whereabouts unknown, free or dead.

    >>> from detnet.queries.events import event
    >>> held = next_custody(None, event("A1", "arrest", "2024-01-01", "P1", facility_id="C1"))
    >>> later = next_custody(held, event("S1", "listed", "2024-03-01", "P1", status="detained"))
    >>> later.facility_id, later.placed_by.order_id
    ('C1', 'A1')
    """
    detained_by = state.detained_by if state else e
    if e.kind == LISTED:
        mode = LISTED_MODE.get(e.status)
        if mode is None:  # released, exiled, dead: free
            return None
        if mode == HELD and state is not None and state.mode == HELD:
            if e.facility_id in (None, state.facility_id):
                return state  # the list confirms where they were
            return state._replace(facility_id=e.facility_id, placed_by=e)
        return Custody(e.facility_id if mode == HELD else None, e, detained_by, None, mode)
    if e.kind == "arrest":
        return Custody(e.facility_id, e, e)
    if e.kind == "transfer":
        return Custody(e.facility_id, e, detained_by)
    if e.kind == "house_arrest":
        return Custody(None, e, detained_by, None, AT_HOME)
    if e.kind == "disappearance":
        return Custody(None, e, detained_by, None, UNKNOWN)
    if e.kind == "death":
        return None
    if e.kind in ("release", "exile") and state is not None:
        if e.status == "verified":
            return None
        if e.status == "claimed" and state.claimed_release is None:
            return state._replace(claimed_release=e)
    return state


def cutoff_of(day: str) -> str:
    """The last moment a `day` parameter names: its instant, else its last possible day.

    >>> cutoff_of("2024-02"), cutoff_of("2024-02-01T09:00:00")
    ('2024-02-29', '2024-02-01T09:00:00')
    """
    return day if "T" in day else bounds(day)[1]


def custody_on(events: list[Event], cutoff: str) -> Custody | None:
    """A person's custody after every fact dated up to `cutoff`.

    A cutoff without a time means the end of that day; with a time, that instant. A
    fact counts from its first possible day.

    >>> from detnet.queries.events import event
    >>> orders = [event("A1", "arrest", "2024-01-01", "P1", facility_id="C1"),
    ...           event("R1", "release", "2024-02-01T10:00:00", "P1")]
    >>> custody_on(orders, "2024-02-01T09:00:00").facility_id
    'C1'
    >>> custody_on(orders, "2024-02-01") is None
    True
    """
    whole_day = len(cutoff) == 10
    state = None
    for e in events:
        when = e.start if whole_day or "T" not in e.date else e.date
        if when > cutoff:
            break
        state = next_custody(state, e)
    return state


def _held_on(G, day: str, facility: str | None, as_known_on: str | None) -> tuple:
    facts = facts_of(G)
    facility = facts.clusters.of_id(FACILITY, facility)
    known = as_known_on and bounds(as_known_on)[1]
    cutoff = cutoff_of(day)
    held = []
    for person, events in facts.timelines(as_known_on=known).items():
        state = custody_on(events, cutoff)
        if state is not None and (facility is None or state.facility_id == facility):
            held.append((person, state))
    return facts, held


def _from_list(state: Custody) -> bool:
    """Whether a detention rests on a status list: begun by an entry or an inferred arrest."""
    return state.detained_by.kind == LISTED or state.detained_by.inferred


def _custody(state: Custody) -> str:
    return "release_claimed" if state.claimed_release is not None else state.mode


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
    "from_list",
    facts=True,
)
def detained_on(
    G, *, day: str | date, facility: str | None = None, as_known_on: str | None = None
) -> Rows:
    """Who was held where at the end of `day`: one row per person in custody.

    Parameters
    ----------
    graph : path, None or networkx.MultiDiGraph
    day : str or datetime.date
        The day: every fact whose first possible day is on or before it counts. A month
        or a year means its last day; with a time (`YYYY-MM-DDTHH:MM`), facts up to that
        instant count.
    facility : str, optional
        Only persons held at this facility id.
    as_known_on : str, optional
        Only records known by this day.

    Returns
    -------
    Rows
        `custody` is `held`, `house_arrest`, `whereabouts_unknown`, or
        `release_claimed` when a release was announced (status `claimed`) but not
        verified since the person was placed in custody. `detained_since` /
        `detention_order_id` / `official_id`: the fact that began this detention (an
        order, inferred or recorded, or a list entry) and who ordered it;
        `at_facility_since` / `placement_order_id`: the fact that put the person where
        they are. `facility_id` is None when that fact names no facility (whereabouts
        unknown, or at home). `from_list`: the detention rests on a status list.
        Sorted by facility_id (None last), then person_id.

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
    facts, held = _held_on(G, day, facility, as_known_on)
    held.sort(key=lambda item: (item[1].facility_id is None, item[1].facility_id or "", item[0]))
    rows = (
        {
            "facility_id": state.facility_id,
            "facility_name": facts.name(FACILITY, state.facility_id),
            "person_id": person,
            "person_name": facts.name(PERSON, person),
            "custody": _custody(state),
            "detained_since": state.detained_by.date,
            "detention_order_id": state.detained_by.order_id,
            "official_id": state.detained_by.official_id,
            "at_facility_since": state.placed_by.date,
            "placement_order_id": state.placed_by.order_id,
            "claimed_release_order_id": state.claimed_release and state.claimed_release.order_id,
            "from_list": _from_list(state),
        }
        for person, state in held
    )
    return Rows(rows, detained_on.columns)


@query(
    "facility_id", "facility_name", "held", "release_claimed", "persons", "from_lists", facts=True
)
def detained_on_by_facility(
    G, *, day: str | date, facility: str | None = None, as_known_on: str | None = None
) -> Rows:
    """How many persons each facility held at the end of `day` (see `detained_on`).

    `held` + `release_claimed` = `persons`; `from_lists` of them are held on the word of
    a status list. Sorted by persons descending, then facility_id; persons whose
    whereabouts are unknown, or who are at home, are counted under `facility_id` None,
    last.

    Examples
    --------
    >>> import detnet
    >>> G = detnet.load_sample("synthetic")
    >>> counts = detained_on_by_facility(G, day="2025-01-01")
    >>> sum(r["persons"] for r in counts) == len(detained_on(G, day="2025-01-01"))
    True
    """
    facts, held = _held_on(G, day, facility, as_known_on)
    persons = Counter(state.facility_id for _, state in held)
    claimed = Counter(state.facility_id for _, state in held if state.claimed_release)
    listed = Counter(state.facility_id for _, state in held if _from_list(state))
    order = sorted(persons, key=lambda f: (f is None, -persons[f], f or ""))
    rows = (
        {
            "facility_id": f,
            "facility_name": facts.name(FACILITY, f),
            "held": persons[f] - claimed[f],
            "release_claimed": claimed[f],
            "persons": persons[f],
            "from_lists": listed[f],
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
    facts=True,
)
def custody_gaps(G, *, min_days: int = 0) -> Rows:
    """Spells in custody with the person's whereabouts unknown: possible enforced disappearance.

    A gap starts with a fact that leaves the person in custody at no known place (an
    arrest or transfer naming no facility, a disappearance, a list entry saying
    whereabouts unknown, or held at no facility while none is known), while they were
    free or at a known place, and ends with the next fact that puts them at a known
    place (a facility, or house arrest) or frees them (a verified release or exile, a
    list saying free), or with their death. A claimed release does not end a gap: an
    announced release of someone nobody has seen is the pattern to look for, and
    `release_claimed` flags it. Days run between first possible days: a gap opened by
    an arrest in `2024-03` counts from 1 March.

    Parameters
    ----------
    graph : path, None or networkx.MultiDiGraph
    min_days : int
        Only gaps of at least this many days.

    Returns
    -------
    Rows
        `official_id` ordered the fact that started the gap; `previous_facility_id`
        is where the person was before it (None when free or unknown). `end_*` and
        `facility_id` describe the fact that ended it (`facility_id`: where the
        person was taken, or released from; None if it names none). An ongoing gap
        has no end and `ongoing` true; its `days` run to the latest fact's first
        possible day in the graph. Sorted by days descending, then person_id,
        start_date, start_order_id.

    Examples
    --------
    >>> import detnet
    >>> G = detnet.load_sample("seed-article")
    >>> [(r["person_id"], r["start_date"], r["ongoing"]) for r in custody_gaps(G)]
    [('P-MARQUEZ', '2026-01-12', True)]
    """
    facts = facts_of(G)
    timelines = facts.timelines()
    data_end = max((e[-1].start for e in timelines.values()), default=None)
    rows = []

    def emit(person: str, gap: _Gap, end: Event | None) -> None:
        length = days(gap.start.start, end.start if end else data_end)
        if length < min_days:
            return
        rows.append(
            {
                "person_id": person,
                "person_name": facts.name(PERSON, person),
                "start_order_id": gap.start.order_id,
                "start_kind": gap.start.kind,
                "start_date": gap.start.date,
                "official_id": gap.start.official_id,
                "previous_facility_id": gap.previous_facility_id,
                "end_order_id": end and end.order_id,
                "end_kind": end and end.kind,
                "end_date": end and end.date,
                "facility_id": end and end.facility_id,
                "days": length,
                "ongoing": end is None,
                "release_claimed": gap.release_claimed,
            }
        )

    for person, events in timelines.items():
        state: Custody | None = None
        gap: _Gap | None = None
        for e in events:
            before, state = state, next_custody(state, e)
            unknown = state is not None and state.whereabouts_unknown
            if gap is None and unknown:
                gap = _Gap(e, before and before.facility_id)
            elif gap is not None and not unknown:
                emit(person, gap, e)
                gap = None
            elif gap is not None and e.kind in ("release", "exile") and e.status == "claimed":
                gap.release_claimed = True
        if gap is not None:
            emit(person, gap, None)
    rows.sort(key=lambda r: (-r["days"], r["person_id"], r["start_date"], r["start_order_id"]))
    return Rows(rows, custody_gaps.columns)
