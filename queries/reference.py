"""Officials and institutions against reference entities (a sanctions list, PEPs).

The scoring is resolution's (`queries.resolve.compare`: names, and the evidence both
sides hold), the blocking too; the pairs are one record of the graph and one reference
entity, each name and alias of the entity tried. Judgements are data, as for records
(`detnet resolve judge Official:F1 Reference:<id> same`), kept in the reference table
beside the graph (`detnet.graph.reference`). docs/ftm.md.
"""

from __future__ import annotations

import networkx as nx
from detnet.graph import reference
from detnet.graph.reference import PREFIX, ReferenceTable
from detnet.graph.schema import INSTITUTION, OFFICIAL, node_key

from .params import bind, declare
from .resolve import DEFAULT_MIN_SCORE, Features, candidate_pairs, compare, record_features
from .revolving import rearrests_by_official
from .rows import Rows
from .twins import query

LABELS = (OFFICIAL, INSTITUTION)
PERSON_SCHEMATA = ("Person",)
BODY_SCHEMATA = ("Organization", "PublicBody", "Company", "LegalEntity")
PARAMS = tuple(
    declare(line, "candidates")
    for line in (
        "label: Official|Institution = null -- only records of this label",
        f"min_score: number = {DEFAULT_MIN_SCORE} -- only pairs scoring at least this (0 to 1)",
        "limit: int = null -- only the first N pairs",
    )
)
COLUMNS = ("label", "left", "right", "left_name", "right_name", "score", "reasons", "datasets")


def reference_features(table: ReferenceTable, label: str) -> list[tuple[str, Features]]:
    """(entity id, features) of each name and alias of the entities a record of `label`
    may be: persons for officials, organisations for institutions."""
    schemata = PERSON_SCHEMATA if label == OFFICIAL else BODY_SCHEMATA
    found = []
    for entity in table.entities.values():
        if entity["schema"] not in schemata:
            continue
        for name in entity["names"] or [entity["name"]]:
            props = {"id": entity["id"], "name": name, "birth_date": entity.get("birth_date")}
            found.append((entity["id"], Features.of(label, props)))
    return found


def candidates_against(
    graph=None,
    table: ReferenceTable | None = None,
    *,
    label: str | None = None,
    min_score: float = DEFAULT_MIN_SCORE,
    limit: int | None = None,
) -> Rows:
    """Pairs of a record (an official or an institution) and a reference entity that may
    be one, not yet judged, best first.

    Parameters
    ----------
    graph : path, None or networkx.MultiDiGraph
    table : ReferenceTable, optional
        The reference entities (default: those beside the graph, `reference.of`).
    label : {"Official", "Institution"}, optional
    min_score : float
    limit : int, optional

    Returns
    -------
    Rows
        `label`; `left`, the record's node key; `right`, `Reference:<entity id>` as
        `detnet resolve judge` takes it; both names (the entity's that scored best);
        `score`, `reasons` and the entity's `datasets`.

    Examples
    --------
    >>> import detnet
    >>> from detnet.graph.reference import ReferenceTable
    >>> G = detnet.load_sample("synthetic")
    >>> listed = {"id": "x1", "schema": "Person", "name": "Oskesto Morent Ploxent",
    ...           "names": ["Oskesto Morent Ploxent"], "datasets": ["invented"]}
    >>> rows = candidates_against(G, ReferenceTable({"x1": listed}))
    >>> rows[0]["left"], rows[0]["right"], rows[0]["score"] >= 0.7
    ('Official:F0001', 'Reference:x1', True)
    """
    from detnet.graph.store import open_graph

    bound = bind("candidates", PARAMS, {"label": label, "min_score": min_score, "limit": limit})
    G = open_graph(graph)
    table = reference.of(G) if table is None else table
    rows = []
    for each in (bound["label"],) if bound["label"] else LABELS:
        rows += _candidates(G, table, each, bound["min_score"])
    rows.sort(key=lambda r: (-r["score"], r["left"], r["right"]))
    return Rows(rows[: bound["limit"]], COLUMNS)


def _candidates(G: nx.MultiDiGraph, table: ReferenceTable, label: str, min_score: float) -> list:
    records = record_features(G, label)
    listed = reference_features(table, label)
    features = records + [f for _, f in listed]
    n = len(records)
    best: dict[tuple[str, str], tuple] = {}
    for i, j in candidate_pairs(features):
        if i >= n or j < n:  # a record and an entity, not two of either
            continue
        entity_id, theirs = listed[j - n]
        left = node_key(label, records[i].id)
        if (left, entity_id) in table.judgements:
            continue
        found = compare(records[i], theirs)
        if found.score >= min_score and found.score > best.get((left, entity_id), (-1,))[0]:
            best[(left, entity_id)] = (found.score, records[i].name, theirs.name, found)
    return [
        {
            "label": label,
            "left": left,
            "right": PREFIX + entity_id,
            "left_name": left_name,
            "right_name": right_name,
            "score": score,
            "reasons": list(found.reasons),
            "datasets": table.entities[entity_id].get("datasets", []),
        }
        for (left, entity_id), (score, left_name, right_name, found) in best.items()
    ]


def sanction_lines(G: nx.MultiDiGraph, key: str) -> list[str]:
    """What a profile says of a record's judged matches: one line per sanction (or per
    entity, when it lists none), with the entity's datasets and address.

    >>> import detnet
    >>> from detnet.graph.reference import ReferenceTable, attach
    >>> listed = {"id": "x1", "schema": "Person", "name": "Oskesto Morrent", "datasets":
    ...           ["invented"], "url": None, "sanctions": [{"authority": "Invented Council",
    ...           "program": "INV-1", "start": "2019-06-27", "url": "https://example.org/1"}]}
    >>> table = ReferenceTable({"x1": listed})
    >>> table.judgements[("Official:F0001", "x1")] = {"judgement": "same"}
    >>> G = attach(detnet.load_sample("synthetic"), table)
    >>> sanction_lines(G, "Official:F0001")
    ['sanctioned by: Invented Council (INV-1), since 2019-06-27 [invented] https://example.org/1']
    """
    lines = []
    for entity in reference.of(G).matched(key):
        datasets = f" [{', '.join(entity.get('datasets', []))}]" if entity.get("datasets") else ""
        if not entity.get("sanctions"):
            url = f" {entity['url']}" if entity.get("url") else ""
            lines.append(f"listed as: {entity['name']}{datasets}{url}")
        for s in entity.get("sanctions", []):
            program = f" ({s['program']})" if s.get("program") else ""
            since = f", since {s['start']}" if s.get("start") else ""
            url = s.get("url") or entity.get("url")
            where = f" {url}" if url else ""
            who = s.get("authority") or "an authority not named"
            lines.append(f"sanctioned by: {who}{program}{since}{datasets}{where}")
    return lines


@query(
    "official_id", "official_name", "rearrests", "persons", "reference_ids", "reference_names",
    "authorities", "programmes", "sanctioned_since", "datasets",
)  # fmt: skip
def sanctioned_officials(G, **params) -> Rows:
    """Officials ranked by re-arrests, with the reference entities judged the same as them.

    The re-arrests of `rearrests_by_official` (same filters), of known officials; for
    each, the entities of the reference table (`detnet import-ftm`) judged the same as
    the official reported (the canonical record of a cluster), by entity id, and of their
    sanctions the authorities, programmes (sorted, once each), first start date and
    datasets (`detnet.graph.reference.node_properties`).

    Parameters
    ----------
    {parameters}

    Examples
    --------
    >>> import detnet
    >>> rows = sanctioned_officials(detnet.load_sample("synthetic"))
    >>> rows[0]["official_id"], rows[0]["reference_ids"]
    ('F0005', [])
    """
    from detnet.graph.reference import node_properties

    matched_only = params.pop("matched_only")
    table = reference.of(G)
    rows = []
    for row in rearrests_by_official(G, **params):
        if row["official_id"] is None:
            continue
        refs = [node_properties(e) for e in table.matched(node_key(OFFICIAL, row["official_id"]))]
        if matched_only and not refs:
            continue
        starts = [r["sanctioned_since"] for r in refs if r["sanctioned_since"]]
        rows.append(
            {
                "official_id": row["official_id"],
                "official_name": row["official_name"],
                "rearrests": row["rearrests"],
                "persons": row["persons"],
                "reference_ids": [r["id"] for r in refs],
                "reference_names": [r["name"] for r in refs],
                "authorities": sorted({a for r in refs for a in r["authorities"]}),
                "programmes": sorted({p for r in refs for p in r["programmes"]}),
                "sanctioned_since": min(starts) if starts else None,
                "datasets": sorted({d for r in refs for d in r["datasets"]}),
            }
        )
    return Rows(rows, sanctioned_officials.columns)
