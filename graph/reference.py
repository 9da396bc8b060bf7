"""Reference entities: FtM entities from elsewhere (a sanctions list, a PEP export), kept
beside the graph, never in its records.

They live in `<graph>.reference.json` beside the graph file, written as the graph is
(readable by its owner only, atomically, under the graph's lock), with the judgements
people made on them: whether an official (or an institution) of the graph is that
entity. A judgement names the record by its node key and the entity by
`Reference:<entity id>`; the latest on a pair wins, as for judgements between records.

A query reads them with `of(G)`: those of the file the graph was read from, or those
given with `attach` (a graph built in memory). `detnet push` writes them to Neo4j as
`(:Reference)` nodes, with a `(:Official)-[:MATCHED]->(:Reference)` relationship for each
pair judged the same, so the saved Cypher queries read the same (docs/ftm.md).
"""

from __future__ import annotations

import os
import weakref
from dataclasses import dataclass, field
from pathlib import Path

import networkx as nx
import orjson

from . import store
from .errors import GraphFileError
from .files import private_file

PREFIX = "Reference:"
FORMAT = "detnet-reference"
_ATTACHED: weakref.WeakKeyDictionary = weakref.WeakKeyDictionary()


@dataclass
class ReferenceTable:
    """Reference entities by id (their summaries: see `loaders.ftm.summary`), and the
    judgements on (record key, entity id) pairs."""

    entities: dict[str, dict] = field(default_factory=dict)
    judgements: dict[tuple[str, str], dict] = field(default_factory=dict)

    def matched(self, key: str) -> list[dict]:
        """The entities judged the same as the record `key`, by entity id."""
        return [
            self.entities[ref]
            for (k, ref), j in sorted(self.judgements.items())
            if k == key and j.get("judgement") == "same" and ref in self.entities
        ]

    def matches(self) -> list[tuple[str, str, dict]]:
        """(record key, entity id, judgement) of every pair judged the same."""
        return [
            (k, ref, j)
            for (k, ref), j in sorted(self.judgements.items())
            if j.get("judgement") == "same" and ref in self.entities
        ]

    def to_data(self) -> dict:
        return {
            "format": FORMAT,
            "entities": [self.entities[k] for k in sorted(self.entities)],
            "judgements": [
                {"record": k, "entity": ref, **j} for (k, ref), j in sorted(self.judgements.items())
            ],
        }

    @classmethod
    def from_data(cls, data: object, where: str) -> ReferenceTable:
        if not isinstance(data, dict) or data.get("format") != FORMAT:
            raise GraphFileError(f"{where}: not a detnet reference file")
        table = cls({e["id"]: e for e in data.get("entities", [])})
        for j in data.get("judgements", []):
            j = dict(j)
            table.judgements[(j.pop("record"), j.pop("entity"))] = j
        return table


def node_properties(entity: dict) -> dict:
    """What a query reads of a reference entity (and `detnet push` writes on its
    `(:Reference)` node): id, schema, name, datasets, url, and of its sanctions the
    authorities and programmes (sorted, once each) and the first start date.

    >>> node_properties({"id": "x", "schema": "Person", "name": "Ana", "datasets": ["d"],
    ...     "sanctions": [{"authority": "B", "program": "P2", "start": "2021"},
    ...                   {"authority": "A", "program": "P1", "start": "2019-06-27"}]})["authorities"]
    ['A', 'B']
    """
    sanctions = entity.get("sanctions", [])
    starts = [s["start"] for s in sanctions if s.get("start")]
    return {
        "id": entity["id"],
        "schema": entity["schema"],
        "name": entity["name"],
        "datasets": sorted(set(entity.get("datasets", []))),
        "url": entity.get("url"),
        "authorities": sorted({s["authority"] for s in sanctions if s.get("authority")}),
        "programmes": sorted({s["program"] for s in sanctions if s.get("program")}),
        "sanctioned_since": min(starts) if starts else None,
    }


def reference_path(graph: str | os.PathLike | None = None) -> Path:
    """`<graph>.reference.json` beside the graph file.

    >>> reference_path("work/detnet-graph.json").as_posix()
    'work/detnet-graph.reference.json'
    """
    path = store.graph_path(graph)
    return path.with_name(path.stem + ".reference.json")


def read_reference(graph: str | os.PathLike | None = None) -> ReferenceTable:
    """The reference table beside a graph file (empty when there is none)."""
    path = reference_path(graph)
    try:
        raw = path.read_bytes()
    except FileNotFoundError:
        return ReferenceTable()
    try:
        return ReferenceTable.from_data(orjson.loads(raw), str(path))
    except (orjson.JSONDecodeError, KeyError, TypeError):
        raise GraphFileError(f"{path}: not a detnet reference file") from None


def write_reference(table: ReferenceTable, graph: str | os.PathLike | None = None) -> Path:
    """Write the table beside the graph, atomically, readable by its owner only.
    The caller holds the graph's lock (`store.locked`)."""
    path = reference_path(graph)
    with private_file(path) as f:
        f.write(orjson.dumps(table.to_data(), option=orjson.OPT_INDENT_2))
    return path


def attach(G: nx.MultiDiGraph, table: ReferenceTable) -> nx.MultiDiGraph:
    """Give a graph in memory its reference table (what `of` returns); returns G."""
    _ATTACHED[G] = table
    return G


def of(G: nx.MultiDiGraph) -> ReferenceTable:
    """The reference table of a graph: the one attached to it, else the one beside the
    file it was read from, else an empty one."""
    table = _ATTACHED.get(G)
    if table is None:
        path = store.path_of(G)
        table = read_reference(path) if path is not None else ReferenceTable()
        _ATTACHED[G] = table
    return table
