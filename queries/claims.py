"""Claims against the records: counts announced without names, and what the records show.

Officials announce "more than 200 released" and publish no list; one group verifies
130 to 150, another 170; the UN counts about 50 of some 800 detained (RECORDS.md,
"Claims"). `reconcile` puts each claim next to what the records document for the same
thing, now and as it stood on the day the claim was made.

What counts, for a claim of persons `released` or `arrested` in a period: distinct
persons with a verified release (or exile) or arrest, recorded or inferred from status
lists, whose first possible day falls within the period, both ends included. The first
possible day is the day detnet orders facts by everywhere (the timeline's periods, the
custody on a day), so a claim over a month counts what the timeline shows for that
month. For `detained`: persons in custody at the end of `as_of`, as `detained_on` finds
them.
"""

from __future__ import annotations

from bisect import bisect_left, bisect_right
from collections.abc import Iterable
from typing import NamedTuple

from detnet.graph.dates import bounds
from detnet.graph.schema import CLAIM

from .custody import custody_on
from .events import RELEASES, Event, Facts
from .rows import Rows
from .twins import query

RELEASED, ARRESTED, DETAINED = "released", "arrested", "detained"
# The orders a claim of each kind counts.
COUNTED_KINDS = {RELEASED: RELEASES, ARRESTED: frozenset({"arrest"})}
COUNTED = ("verified",)  # the statuses `documented` counts
WITH_CLAIMED = ("verified", "claimed")  # and `documented_with_claimed`


class Claim(NamedTuple):
    """A claim as `reconcile` reads it: its figures and the days it covers."""

    id: str
    date: str
    claimant: str | None
    kind: str
    count_min: int
    count_max: int | None  # None: an open count ("más de 200")
    made: str  # the last possible day of `date`: what was known "then" is known by it
    first: str | None  # released/arrested: the first day counted; None: from the earliest record
    last: str | None  # released/arrested: the last day counted
    as_of: str | None  # detained: the day whose end it describes

    @classmethod
    def of(cls, attrs: dict) -> Claim:
        """A claim from its node's properties (see the `claims` kind in graph/schema.py).

        >>> k = Claim.of({"id": "K1", "date": "2026-01", "kind": "released", "count_min": 201})
        >>> k.first, k.last, k.made
        (None, '2026-01-31', '2026-01-31')
        """
        made = _day(attrs, "date", 1)
        detained = attrs["kind"] == DETAINED
        return cls(
            attrs["id"],
            attrs["date"],
            attrs.get("claimant"),
            attrs["kind"],
            attrs["count_min"],
            attrs.get("count_max"),
            made,
            None if detained else _day(attrs, "period_start", 0),
            None if detained else _day(attrs, "period_end", 1) or made,
            _day(attrs, "as_of", 1) if detained else None,
        )


def _day(attrs: dict, name: str, end: int) -> str | None:
    """A stored date's first (end=0) or last (end=1) possible day; None when it is empty."""
    if attrs.get(name) is None:
        return None
    return attrs.get(f"{name}_{('start', 'end')[end]}") or bounds(attrs[name])[end]


def claims_of(G) -> list[Claim]:
    """Every claim in a graph, by the first possible day of its date, then date, then id.

    >>> import detnet
    >>> [k.id for k in claims_of(detnet.load_sample("seed-article"))]
    ['K-UN-50', 'K-UN-800', 'K-RIGHTS-GROUPS-130-150', 'K-RODRIGUEZ-200', 'K-PUC-170']
    """
    found = [
        (attrs.get("date_start") or bounds(attrs["date"])[0], attrs["date"], attrs["id"], attrs)
        for _, attrs in G.nodes(data=True)
        if attrs.get("label") == CLAIM
    ]
    return [Claim.of(attrs) for *_, attrs in sorted(found, key=lambda f: f[:3])]


class Documented:
    """What the records document, as known by one day: each person's facts (`Facts.timelines`),
    and who had a counted release or arrest on which first possible day.

    Built once per day of knowledge, then asked about any number of claims.
    """

    def __init__(self, timelines: dict[str, list[Event]]):
        self.timelines = timelines
        # Per kind of claim: (first possible day, status, person), sorted.
        self.orders: dict[str, list[tuple[str, str, str]]] = {k: [] for k in COUNTED_KINDS}
        for person, events in timelines.items():
            for e in events:
                for kind, kinds in COUNTED_KINDS.items():
                    if e.kind in kinds and e.status in WITH_CLAIMED:
                        self.orders[kind].append((e.start, e.status, person))
        for orders in self.orders.values():
            orders.sort()

    def count(self, claim: Claim, statuses: tuple[str, ...]) -> int:
        """How many persons the records document for `claim`, counting orders of these
        statuses (for `detained`: a claimed release frees when `statuses` include it)."""
        if claim.kind == DETAINED:
            walk = claimed_as_released if "claimed" in statuses else list
            return sum(
                custody_on(walk(events), claim.as_of) is not None
                for events in self.timelines.values()
            )
        orders = self.orders[claim.kind]
        lo = bisect_left(orders, (claim.first or "",))
        hi = bisect_right(orders, (claim.last, "\uffff"))
        return len({person for _, status, person in orders[lo:hi] if status in statuses})


def claimed_as_released(events: Iterable[Event]) -> list[Event]:
    """A person's facts with every claimed release (or exile) taken as verified.

    >>> from detnet.queries.events import event
    >>> [e.status for e in claimed_as_released([event("R1", "release", "2024-01-01", "P1",
    ...                                                 status="claimed")])]
    ['verified']
    """
    return [
        e._replace(status="verified") if e.kind in RELEASES and e.status == "claimed" else e
        for e in events
    ]


@query(
    "claim_id",
    "date",
    "claimant",
    "kind",
    "count_min",
    "count_max",
    "documented",
    "documented_with_claimed",
    "gap",
    "documented_then",
    "period_start",
    "period_end",
    "as_of",
)
def reconcile(G, *, as_known_on: str | None = None) -> Rows:
    """Each claim (a count announced without names) next to what the records document.

    Parameters
    ----------
    graph : path, None or networkx.MultiDiGraph
    as_known_on : str, optional
        Only records known by this day (their `reported` day, else their own last
        possible day): what the documenters could have answered then.

    Returns
    -------
    Rows
        One row per claim. `count_min` / `count_max`: the claimed figure (equal for a
        single number; `count_max` None for an open count such as "más de 200", whose
        `count_min` is 201). `documented`: for a `released` or `arrested` claim, the
        distinct persons with a verified release (or exile) or arrest, recorded or
        inferred from status lists, whose first possible day falls within the period,
        both ends included; for `detained`, the persons in custody at the end of
        `as_of` (as `detained_on` counts them). `documented_with_claimed`: the same,
        counting releases and arrests whose status is `claimed` too; for `detained`,
        a claimed release frees the person, so it can be lower than `documented`.
        `gap` = `count_min` - `documented`. `documented_then`: `documented` from only
        the records known by the claim's date (its last possible day). `period_start`
        / `period_end`: the days a released/arrested claim counts (`period_start` None:
        from the earliest record; an empty end: the claim's date); `as_of`: the day a
        detained claim describes. Sorted by the claim's date (first possible day),
        then claim_id.

    Examples
    --------
    >>> import detnet
    >>> rows = reconcile(detnet.load_sample("seed-article"))
    >>> [(r["claim_id"], r["count_min"], r["count_max"], r["documented"]) for r in rows]
    ... # doctest: +NORMALIZE_WHITESPACE
    [('K-UN-50', 50, 50, 1), ('K-UN-800', 800, 800, 0),
     ('K-RIGHTS-GROUPS-130-150', 130, 150, 0), ('K-RODRIGUEZ-200', 201, None, 0),
     ('K-PUC-170', 170, 170, 1)]

    The Platform's 170 against the one release the sample records (Rafael Tudares'):

    >>> puc = rows[-1]
    >>> puc["gap"], puc["period_start"], puc["period_end"]
    (169, '2026-01-08', '2026-01-24')
    """
    claims = claims_of(G)
    facts = Facts.of(G)
    asked = as_known_on and bounds(as_known_on)[1]

    def then(claim: Claim) -> str:
        return min(asked, claim.made) if asked else claim.made

    documented = _known_by(facts, {asked} | {then(k) for k in claims})
    rows = []
    for k in claims:
        now = documented[asked]
        found = now.count(k, COUNTED)
        rows.append(
            {
                "claim_id": k.id,
                "date": k.date,
                "claimant": k.claimant,
                "kind": k.kind,
                "count_min": k.count_min,
                "count_max": k.count_max,
                "documented": found,
                "documented_with_claimed": now.count(k, WITH_CLAIMED),
                "gap": k.count_min - found,
                "documented_then": documented[then(k)].count(k, COUNTED),
                "period_start": k.first,
                "period_end": k.last,
                "as_of": k.as_of,
            }
        )
    return Rows(rows, reconcile.columns)


def _known_by(facts: Facts, days: set[str | None]) -> dict[str | None, Documented]:
    """What the records document as known by each of `days` (None: everything).

    A person whose records were all known by a day has the same history on it as on
    any later day: only the others are walked again.
    """
    everything = facts.timelines()
    latest = {p: max(e.known for e in events) for p, events in facts.recorded.items()}
    found = {None: Documented(everything)}
    for day in days - {None}:
        late = [p for p, known in latest.items() if known > day]
        timelines = {p: t for p, t in everything.items() if latest[p] <= day}
        timelines.update(facts.timelines(as_known_on=day, persons=late))
        found[day] = Documented(timelines)
    return found
