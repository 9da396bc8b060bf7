"""`detnet import-ftm`: FollowTheMoney entities in, as reference entities beside the graph.

A file of FtM entities (JSON Lines, one entity a line: what OpenSanctions, Aleph and
`ftm` write) is checked line by line by followthemoney (`detnet.graph.ftm.problem`):
the first bad line stops the import with its file and line, and nothing is written.
Persons, organisations, public bodies and companies become reference entities; the
sanctions, positions (Position and Occupancy) and memberships the file holds are folded
into the entity they concern, so that a profile can say "sanctioned by ..., since ...".
Other schemata are counted and left out. Nothing here touches the graph's records
(docs/ftm.md).
"""

from __future__ import annotations

import os
from collections import Counter
from dataclasses import dataclass, field

import orjson
from detnet.graph import store
from detnet.graph.errors import InputError
from detnet.graph.ftm import problem, require_ftm
from detnet.graph.reference import ReferenceTable, read_reference, write_reference

KEPT = ("Person", "Organization", "PublicBody", "Company", "LegalEntity")


@dataclass
class ImportReport:
    """What an import kept, folded into the kept entities, and left out."""

    path: str = ""
    kept: Counter = field(default_factory=Counter)
    folded: Counter = field(default_factory=Counter)
    left_out: Counter = field(default_factory=Counter)
    total: int = 0  # reference entities beside the graph after the import


def read_entities(path: str | os.PathLike) -> list[dict]:
    """The entities of an FtM JSON Lines file, each checked; an InputError names the
    file and line of the first bad one."""
    model = require_ftm()
    found = []
    try:
        handle = open(path, "rb")
    except OSError as e:
        raise InputError(f"{path}: cannot read: {e.strerror}") from None
    with handle:
        for number, line in enumerate(handle, start=1):
            if not line.strip():
                continue
            try:
                data = orjson.loads(line)
            except orjson.JSONDecodeError:
                raise InputError(f"{path}:{number}: not JSON (one FtM entity a line)") from None
            wrong = problem(model, data)
            if wrong:
                raise InputError(f"{path}:{number}: {wrong}")
            found.append(data)
    return found


def summaries(entities: list[dict], source: str = "") -> tuple[dict[str, dict], ImportReport]:
    """Reference entities (by id) made from FtM entities, with what was folded in.

    >>> people = [
    ...     {"id": "p1", "schema": "Person", "properties": {"name": ["Ana Mora"]},
    ...      "datasets": ["invented_sanctions"]},
    ...     {"id": "s1", "schema": "Sanction", "properties": {"entity": ["p1"],
    ...      "authority": ["Invented Council"], "program": ["INV-1"],
    ...      "startDate": ["2019-03-01"]}},
    ... ]
    >>> found, report = summaries(people)
    >>> found["p1"]["sanctions"]
    [{'authority': 'Invented Council', 'program': 'INV-1', 'start': '2019-03-01', 'end': None, 'url': None, 'reason': None}]
    """
    report = ImportReport(path=source)
    by_id = {e["id"]: e for e in entities}
    out: dict[str, dict] = {}
    for e in entities:
        if e["schema"] in KEPT:
            p = e.get("properties", {})
            out[e["id"]] = {
                "id": e["id"],
                "schema": e["schema"],
                "name": (p.get("name") or [e.get("caption") or e["id"]])[0],
                "names": sorted(set(p.get("name", []) + p.get("alias", []))),
                "birth_date": _first(p.get("birthDate")),
                "countries": sorted(set(p.get("country", []) + p.get("nationality", []))),
                "positions": list(p.get("position", [])),
                "topics": list(p.get("topics", [])),
                "sanctions": [],
                "datasets": list(e.get("datasets", [])),
                "url": _first(p.get("sourceUrl")),
                "source": source,
            }
            report.kept[e["schema"]] += 1
    for e in entities:
        p = e.get("properties", {})
        if e["schema"] == "Sanction":
            for target in p.get("entity", []):
                if target in out:
                    out[target]["sanctions"].append(_sanction(p))
                    report.folded["Sanction"] += 1
        elif e["schema"] == "Occupancy":
            post = by_id.get(_first(p.get("post")) or "")
            for holder in p.get("holder", []):
                if holder in out and post is not None:
                    name = _first(post.get("properties", {}).get("name"))
                    if name and name not in out[holder]["positions"]:
                        out[holder]["positions"].append(name)
                    report.folded["Occupancy"] += 1
        elif e["schema"] not in KEPT and e["schema"] != "Position":
            report.left_out[e["schema"]] += 1
    for summary in out.values():
        summary["sanctions"].sort(key=lambda s: (s["start"] or "", s["authority"] or ""))
    return out, report


def _first(values) -> str | None:
    return values[0] if values else None


def _sanction(p: dict) -> dict:
    return {
        "authority": _first(p.get("authority")),
        "program": _first(p.get("program")),
        "start": _first(p.get("startDate") or p.get("listingDate") or p.get("date")),
        "end": _first(p.get("endDate")),
        "url": _first(p.get("sourceUrl") or p.get("programUrl")),
        "reason": _first(p.get("reason")),
    }


def import_ftm(path: str | os.PathLike, graph: str | os.PathLike | None = None) -> ImportReport:
    """Read an FtM file into the reference table beside the graph (see module doc).

    Entities already there with the same id are replaced; judgements are kept.
    """
    entities = read_entities(path)
    found, report = summaries(entities, os.path.basename(path))
    graph_file = store.graph_path(graph)
    with store.locked(graph_file):
        table = read_reference(graph_file)
        table.entities.update(found)
        write_reference(table, graph_file)
    report.total = len(table.entities)
    return report


def table_of_file(path: str | os.PathLike) -> ReferenceTable:
    """A reference table of one FtM file, not kept anywhere (`--against FILE`)."""
    found, _ = summaries(read_entities(path), os.path.basename(path))
    return ReferenceTable(found)


def record_reference_judgement(
    left: str,
    right: str,
    judgement: str,
    *,
    graph: str | os.PathLike | None = None,
    by: str | None = None,
    notes: str | None = None,
    at: str | None = None,
):
    """Record that a record of the graph is (or is not) a reference entity.

    One of `left`, `right` is `Reference:<entity id>` (an entity beside the graph), the
    other an official's or institution's node key or id. Checked as any judgement is
    (the contract's judgement values, Spanish too; both ends must exist), then written
    under the graph's lock, atomically. Returns the `Judgement`.
    """
    from datetime import datetime

    from detnet.graph.reference import PREFIX
    from detnet.graph.schema import BY_NAME as SCHEMATA
    from detnet.graph.schema import INSTITUTION, JUDGED, OFFICIAL

    from .judge import Judgement, node_of

    if left.startswith(PREFIX):
        left, right = right, left
    where = {"left": "LEFT", "right": "RIGHT"}
    entity = right[len(PREFIX) :]
    value = SCHEMATA[JUDGED].by_name["judgement"].accepted.get(_fold(judgement))
    if value is None:
        raise InputError(f"JUDGEMENT: {judgement!r} is not one of same, different, unsure")
    at = at or datetime.now().replace(microsecond=0).isoformat()
    graph_file = store.graph_path(graph)
    with store.locked(graph_file):
        G = store.read_graph(graph_file)
        key = node_of(G, left, where["left"])
        if not key.startswith((OFFICIAL + ":", INSTITUTION + ":")):
            raise InputError(f"LEFT: {key} is not an official or an institution")
        table = read_reference(graph_file)
        if entity not in table.entities:
            raise InputError(f"RIGHT: no reference entity {entity!r} (see detnet import-ftm)")
        replaced = (key, entity) in table.judgements
        given = {"judgement": value, "by": by, "notes": notes, "at": at}
        table.judgements[(key, entity)] = {k: v for k, v in given.items() if v is not None}
        write_reference(table, graph_file)
    return Judgement(key, PREFIX + entity, value, at, replaced)


def _fold(text: str) -> str:
    from detnet.graph.text import fold

    return fold(text)
