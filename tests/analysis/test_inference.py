"""Status lists and the orders they reveal (RECORDS.md B): each rule on a small sequence
of facts, then a property test against a deliberately naive reading of the section."""

from __future__ import annotations

from datetime import date, timedelta

import pytest
from detnet.graph.dates import bounds
from detnet.queries.custody import detained_on
from detnet.queries.events import Facts
from detnet.queries.revolving import revolving_door
from detnet.queries.timeline import timeline
from hypothesis import given, settings
from hypothesis import strategies as st

from .graphs import Order
from .inference import CASES, Listed, case_ids, graph_of, person_of


def inferred_of(G, person: str, **options) -> list[tuple]:
    events = Facts.of(G).timelines(**options).get(person, [])
    return [(e.order_id, e.kind, e.date, e.facility_id) for e in events if e.inferred]


@pytest.mark.parametrize("case", CASES, ids=[c.rule for c in CASES])
def test_the_orders_a_sequence_reveals(case):
    G = graph_of([case])
    person = person_of(0)
    expected = [(case_ids(case, person, [id])[0], *rest) for id, *rest in case.inferred]
    assert inferred_of(G, person) == expected
    pairs = [(r["release_order_id"], r["rearrest_order_id"]) for r in revolving_door(G)]
    assert pairs == [tuple(case_ids(case, person, pair)) for pair in case.rearrests]


@pytest.mark.parametrize("case", CASES, ids=[c.rule for c in CASES])
def test_recorded_only_infers_nothing(case):
    G = graph_of([case])
    assert inferred_of(G, person_of(0), recorded_only=True) == []
    for row in revolving_door(G, recorded_only=True):
        assert not row["release_inferred"] and not row["rearrest_inferred"]


def test_every_case_together_gives_each_case_alone():
    G = graph_of(CASES)
    for i, case in enumerate(CASES):
        alone = inferred_of(graph_of([case]), person_of(0))
        together = inferred_of(G, person_of(i))
        assert [id.replace(person_of(i), "") for id, *_ in together] == [
            id.replace(person_of(0), "") for id, *_ in alone
        ], case.rule


def test_an_inferred_rearrest_row():
    G = graph_of([CASES[3]])  # held, free, held again, month by month
    (row,) = revolving_door(G)
    assert {k: row[k] for k in ("release_order_id", "release_date", "release_status",
                                "rearrest_order_id", "rearrest_date", "official_id",
                                "facility_id", "days_free", "days_free_min", "days_free_max",
                                "dates_exact", "release_inferred", "rearrest_inferred")} == {
        "release_order_id": "~P00-L2", "release_date": "2024-02-01/2024-02-29",
        "release_status": "verified", "rearrest_order_id": "~P00-L3",
        "rearrest_date": "2024-03-01/2024-03-31", "official_id": None, "facility_id": "C2",
        "days_free": 29, "days_free_min": 1, "days_free_max": 59, "dates_exact": False,
        "release_inferred": True, "rearrest_inferred": True,
    }  # fmt: skip
    assert revolving_door(G, exact_dates=True) == []
    assert len(revolving_door(G, max_days=1)) == 1 and revolving_door(G, max_days=0) == []


def test_lists_count_in_detained_on_and_the_timeline():
    G = graph_of([CASES[3]])
    rows = detained_on(G, day="2024-01-31")
    assert [(r["person_id"], r["facility_id"], r["detention_order_id"], r["from_list"])
            for r in rows] == [("P00", "C1", "P00-L1", True)]  # fmt: skip
    assert detained_on(G, day="2024-02-29") == []
    assert [r["detention_order_id"] for r in detained_on(G, day="2024-03-31")] == ["~P00-L3"]
    counts = {r["period"]: r for r in timeline(G)}
    assert [(c["listed"], c["inferred_releases"], c["inferred_arrests"], c["rearrests"],
             c["detained_at_end"]) for c in counts.values()] == [
        (1, 0, 0, 0, 1), (1, 1, 0, 0, 0), (1, 0, 1, 1, 1)]  # fmt: skip
    # An inferred order falls in the period of its first possible day: the release of
    # February (from 1 February), the re-arrest of March (from 1 March).
    assert timeline(G, recorded_only=True)[1]["inferred_releases"] == 0


# --- against a naive reading of RECORDS.md B -------------------------------------------

CUSTODY = {  # what a fact says of custody after it, as section B and E word it
    "arrest": "held", "house_arrest": "held", "disappearance": "held", "death": "dead",
    "detained": "held", "whereabouts_unknown": "held", "released": "free", "exiled": "free",
    "dead": "dead",
}  # fmt: skip
RANK = {"arrest": 0, "transfer": 1, "house_arrest": 1, "disappearance": 1, "sentence": 2,
        "release": 3, "exile": 3, "death": 4}  # fmt: skip


def says(fact) -> str | None:
    if isinstance(fact, Listed):
        return "held" if fact.status == "house_arrest" else CUSTODY[fact.status]
    if fact.kind in ("release", "exile"):
        return "free" if fact.status == "verified" else None  # claimed, disputed: nothing
    return CUSTODY.get(fact.kind)


def position(fact) -> tuple:
    """Section B's order: first possible day; a status after an order on the same day;
    statuses of one day in id order; orders by time of day, then part 1's ranks, id."""
    day = fact.as_of if isinstance(fact, Listed) else fact.date
    listed = isinstance(fact, Listed)
    time = "" if listed or "T" not in day else day[10:]
    return (bounds(day)[0], listed, time, 0 if listed else RANK[fact.kind], fact.id)


def naive_inferred(facts: list) -> list[tuple]:
    """Section B read literally, quadratic on purpose: for each status, the custody state
    left by the latest fact before it that says anything; if that state is known and the
    status says the other, an order, dated from the day after the last possible day of
    the fact just before the status (or from that fact's first possible day when it may
    end on the list's day or later) to the status's day. Nothing counts after a death."""
    ordered = sorted(facts, key=position)
    deaths = [i for i, f in enumerate(ordered) if says(f) == "dead"]
    if deaths:
        ordered = ordered[: deaths[0] + 1]
    found = []
    for i, status in enumerate(ordered):
        if not isinstance(status, Listed) or says(status) == "dead":
            continue
        before = [says(f) for f in ordered[:i] if says(f) is not None]
        if not before or before[-1] == says(status):
            continue
        previous = ordered[i - 1]
        first_day, last_day = bounds(
            previous.as_of if isinstance(previous, Listed) else previous.date
        )
        start = (date.fromisoformat(last_day) + timedelta(days=1)).isoformat()
        if start > status.as_of:
            start = first_day
        when = status.as_of if start == status.as_of else f"{start}/{status.as_of}"
        arrest = says(status) == "held"
        found.append(
            (f"~{status.id}", "arrest" if arrest else "release", when,
             status.facility if arrest else None)
        )  # fmt: skip
    return found


def naive_rearrests(facts: list) -> list[tuple]:
    """Part 1's pairing over recorded and inferred orders alike: each counted release's
    first arrest after it; of the releases sharing it, the latest. An inferred order
    stands where the status that reveals it stands."""
    ordered = sorted(facts, key=position)
    deaths = [i for i, f in enumerate(ordered) if says(f) == "dead"]
    if deaths:
        ordered = ordered[: deaths[0] + 1]
    inferred = {id[1:]: kind for id, kind, _, _ in naive_inferred(facts)}
    sequence = []  # (id, kind, counted)
    for f in ordered:
        if isinstance(f, Listed):
            if f.id in inferred:
                sequence.append(("~" + f.id, inferred[f.id], True))
        else:
            sequence.append((f.id, f.kind, f.status == "verified"))
    releases = [i for i, (_, kind, counted) in enumerate(sequence)
                if kind in ("release", "exile") and counted]  # fmt: skip
    paired = {}
    for r in releases:
        after = [i for i in range(r + 1, len(sequence)) if sequence[i][1] == "arrest"]
        if after:
            paired[after[0]] = max(r, paired.get(after[0], -1))
    return sorted((sequence[r][0], sequence[a][0]) for a, r in paired.items())


facts_drawn = st.lists(
    st.one_of(
        st.tuples(
            st.just("order"),
            st.sampled_from(["arrest", "arrest", "release", "release", "exile", "transfer",
                             "sentence", "house_arrest", "disappearance", "death"]),
            st.sampled_from(["verified", "verified", "claimed", "disputed"]),
        ),
        st.tuples(
            st.just("listed"),
            st.sampled_from(["detained", "detained", "released", "released", "house_arrest",
                             "whereabouts_unknown", "exiled", "dead"]),
            st.just(None),
        ),
    ).flatmap(
        lambda t: st.tuples(
            st.just(t),
            st.integers(0, 90),  # the first day, from 1 January 2024
            # a day, a month, a quarter-long range, a year; lists are days
            st.sampled_from(["day", "day", "month", "range", "year"])
            if t[0] == "order" else st.just("day"),
            st.sampled_from([None, "C1", "C2"]),
        )
    ),
    max_size=14,
)  # fmt: skip


def to_facts(drawn) -> list:
    facts = []
    for i, ((what, kind, status), offset, precision, facility) in enumerate(drawn):
        day = date(2024, 1, 1) + timedelta(days=offset)
        when = {
            "day": day.isoformat(),
            "month": day.isoformat()[:7],
            "range": f"{day.isoformat()}/{(day + timedelta(days=40)).isoformat()}",
            "year": day.isoformat()[:4],
        }[precision]
        if what == "order":
            facts.append(Order(f"O{i:02d}", kind, when, "?", None, facility, status))
        else:
            facts.append(Listed(f"L{i:02d}", when, kind, facility))
    return facts


@settings(max_examples=400, deadline=None)
@given(facts_drawn)
def test_matches_a_naive_reading_of_section_b(drawn):
    facts = to_facts(drawn)
    G = graph_of([CASES[0]._replace(facts=facts)])
    person = person_of(0)
    got = [(id.replace(f"{person}-", ""), *rest) for id, *rest in inferred_of(G, person)]
    assert got == naive_inferred(facts)
    pairs = [
        tuple(x.replace(f"{person}-", "") for x in (r["release_order_id"], r["rearrest_order_id"]))
        for r in revolving_door(G)
    ]
    assert sorted(pairs) == naive_rearrests(facts)
