"""Family reprisals: relatives arrested soon after a person's own arrest or release."""

from __future__ import annotations

from detnet.graph.dates import days
from detnet.graph.schema import FAMILY, PERSON, key_id
from detnet.graph.store import edges_of_type

from .events import Clusters, Event, Facts
from .rows import Rows
from .twins import query

# A FAMILY edge P -> R with relation X says "R is the X of P"; read from R's side, P is
# the inverse of X of R.
INVERSE = {"parent": "child", "child": "parent"}


def relatives(G, clusters: Clusters | None = None) -> dict[tuple[str, str], str]:
    """Every (person id, relative id) pair with what the relative is to the person.

    Ties are recorded in one direction; each is read both ways. Where both directions
    are recorded, the recorded relation wins over the inverted one. Ids are canonical
    (see `events.Clusters`): a tie between two records of one person is no tie.

    >>> import detnet
    >>> relatives(detnet.load_sample("seed-article"))
    {('P-GONZALEZ-URRUTIA', 'P-TUDARES'): 'in_law', ('P-TUDARES', 'P-GONZALEZ-URRUTIA'): 'in_law'}
    """
    canonical = (clusters or Clusters.of(G)).of_id
    recorded = {}
    # Several ties between two persons (in one direction): the one between the first
    # ids wins.
    for u, v, attrs in sorted(edges_of_type(G, FAMILY), key=lambda edge: edge[:2]):
        person, relative = canonical(PERSON, key_id(u)), canonical(PERSON, key_id(v))
        if person != relative:
            recorded.setdefault((person, relative), attrs.get("relation"))
    pairs = dict(recorded)
    for (p, r), relation in recorded.items():
        pairs.setdefault((r, p), INVERSE.get(relation, relation))
    return pairs


@query(
    "person_id",
    "person_name",
    "trigger_order_id",
    "trigger_kind",
    "trigger_date",
    "trigger_official_id",
    "relative_id",
    "relative_name",
    "relation",
    "arrest_order_id",
    "arrest_date",
    "arrest_official_id",
    "days_after",
    "same_official",
)
def family_reprisals(G, *, within: int = 90) -> Rows:
    """Arrests of a person's relatives within `within` days after that person's arrest or release.

    Parameters
    ----------
    graph : path, None or networkx.MultiDiGraph
    within : int
        The most days between the person's order (the trigger) and the relative's
        arrest, counted on date parts.

    Returns
    -------
    Rows
        One row per (trigger, relative's arrest) pair. A trigger is any arrest of
        the person, or a release or exile that is not `disputed`; arrests and releases
        inferred from status lists count. The relative's arrest must come strictly
        after the trigger: by first possible day, then time of day (a date without a
        time is the start of that day, so same-day orders without times do not
        count); days are counted between first possible days.
        `relation` is what the relative is to the person (a FAMILY tie read from
        either end; parent and child swap when read backwards). `same_official`: one
        known official ordered both. Sorted by arrest_date, relative_id,
        arrest_order_id, person_id, trigger_date, trigger_order_id.

    Examples
    --------
    >>> import detnet
    >>> G = detnet.load_sample("synthetic")
    >>> rows = family_reprisals(G, within=365)
    >>> all(0 <= r["days_after"] <= 365 for r in rows)
    True
    """

    clusters = Clusters.of(G)
    pairs = relatives(G, clusters)
    facts = Facts.of(G, {p for pair in pairs for p in pair}, clusters)
    timelines = facts.timelines(("arrest", "release", "exile"))
    rows = []
    for (person, relative), relation in pairs.items():
        triggers = [
            e for e in timelines.get(person, ()) if e.kind == "arrest" or e.status != "disputed"
        ]
        arrests = [e for e in timelines.get(relative, ()) if e.kind == "arrest"]
        for t in triggers:
            for a in arrests:
                if _moment(a) <= _moment(t) or days(t.start, a.start) > within:
                    continue
                rows.append(
                    {
                        "person_id": person,
                        "person_name": facts.name(PERSON, person),
                        "trigger_order_id": t.order_id,
                        "trigger_kind": t.kind,
                        "trigger_date": t.date,
                        "trigger_official_id": t.official_id,
                        "relative_id": relative,
                        "relative_name": facts.name(PERSON, relative),
                        "relation": relation,
                        "arrest_order_id": a.order_id,
                        "arrest_date": a.date,
                        "arrest_official_id": a.official_id,
                        "days_after": days(t.start, a.start),
                        "same_official": a.official_id is not None
                        and a.official_id == t.official_id,
                    }
                )
    rows.sort(
        key=lambda r: (
            r["arrest_date"],
            r["relative_id"],
            r["arrest_order_id"],
            r["person_id"],
            r["trigger_date"],
            r["trigger_order_id"],
        )
    )
    return Rows(rows, family_reprisals.columns)


def _moment(e: Event) -> tuple[str, str]:
    """When an order happened, as far as its date says: its first day and time of day."""
    return (e.start, e.date[10:] if "T" in e.date else "")
