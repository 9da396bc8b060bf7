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

from .custody import next_custody
from .events import RELEASES, Event, Facts
from .ledger import Ledger, facts_of
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
    nodes = G.claims.values() if isinstance(G, Ledger) else (a for _, a in G.nodes(data=True))
    found = [
        (attrs.get("date_start") or bounds(attrs["date"])[0], attrs["date"], attrs["id"], attrs)
        for attrs in nodes
        if attrs.get("label") == CLAIM
    ]
    return [Claim.of(attrs) for *_, attrs in sorted(found, key=lambda f: f[:3])]


class History(NamedTuple):
    """What one person's facts, as known by a day, can tell any claim."""

    # (kind of claim, first possible day, status) of each counted release or arrest
    counted: tuple[tuple[str, str, str], ...]
    # (first day of a fact, change in custody, change if claimed releases free): +1 when
    # the person comes into custody, -1 when they leave it; summed up to a day, whether
    # they are held at its end
    custody: tuple[tuple[str, int, int], ...]

    @classmethod
    def of(cls, events: list[Event]) -> History:
        """A person's history from their facts in order (see `Facts.timelines`).

        >>> from detnet.queries.events import event
        >>> History.of([event("A1", "arrest", "2024-01-10", "P1"),
        ...             event("R1", "release", "2024-03", "P1", status="claimed")])
        History(counted=(('arrested', '2024-01-10', 'verified'), ('released', '2024-03-01', 'claimed')), custody=(('2024-01-10', 1, 1), ('2024-03-01', 0, -1)))
        """
        counted = tuple(
            (claim, e.start, e.status)
            for e in events
            for claim, kinds in COUNTED_KINDS.items()
            if e.kind in kinds and e.status in WITH_CLAIMED
        )
        custody, held, state, freed = [], (False, False), None, None
        for e, as_released in zip(events, claimed_as_released(events), strict=True):
            state, freed = next_custody(state, e), next_custody(freed, as_released)
            now = (state is not None, freed is not None)
            if now != held:
                custody.append((e.start, now[0] - held[0], now[1] - held[1]))
                held = now
        return cls(counted, tuple(custody))


class Documented:
    """What the records document, as known by one day: everyone's `History`, asked about
    any number of claims. Each count is a bisection in lists sorted once, on first use."""

    def __init__(self, histories: dict[str, History]):
        self.histories = dict(histories)
        self.orders: dict[str, list[tuple[str, str, str]]] = {}  # kind of claim -> sorted
        self.custody: tuple[list[str], list[int], list[int]] | None = None

    def count(self, claim: Claim, statuses: tuple[str, ...]) -> int:
        """How many persons the records document for `claim`, counting orders of these
        statuses (for `detained`: a claimed release frees when `statuses` include it)."""
        if claim.kind == DETAINED:
            days, held, held_if_claimed = self._custody()
            i = bisect_right(days, claim.as_of)
            return 0 if i == 0 else (held_if_claimed if "claimed" in statuses else held)[i - 1]
        orders = self._orders(claim.kind)
        lo = bisect_left(orders, (claim.first or "",))
        hi = bisect_right(orders, (claim.last, "\uffff"))
        return len({person for _, status, person in orders[lo:hi] if status in statuses})

    def _orders(self, kind: str) -> list[tuple[str, str, str]]:
        if kind not in self.orders:
            self.orders[kind] = sorted(
                (day, status, person)
                for person, history in self.histories.items()
                for claim, day, status in history.counted
                if claim == kind
            )
        return self.orders[kind]

    def _custody(self) -> tuple[list[str], list[int], list[int]]:
        """Every day custody changed, and how many were held after it (two ways)."""
        if self.custody is None:
            changes = sorted(c for h in self.histories.values() for c in h.custody)
            days, held, held_if_claimed, n, m = [], [], [], 0, 0
            for day, change, change_if_claimed in changes:
                n, m = n + change, m + change_if_claimed
                days.append(day)
                held.append(n)
                held_if_claimed.append(m)
            self.custody = (days, held, held_if_claimed)
        return self.custody


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
    facts=True,
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
    facts = facts_of(G)
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

    A person's history as known by a day depends only on which of their records were
    known by then: the days are taken in order, and only the persons with a record
    that became known since the day before are walked again.
    """
    found = {None: Documented({p: History.of(t) for p, t in facts.timelines().items()})}
    known = sorted((e.known, p) for p, events in facts.recorded.items() for e in events)
    histories: dict[str, History] = {}
    seen = 0
    for day in sorted(days - {None}):
        end = bisect_right(known, (day, "\uffff"))
        changed = {p for _, p in known[seen:end]}
        for person, events in facts.timelines(as_known_on=day, persons=changed).items():
            histories[person] = History.of(events)
        found[day] = Documented(histories)
        seen = end
    return found
