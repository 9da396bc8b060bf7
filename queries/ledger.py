"""The facts file: each person's facts kept ready beside the graph file.

Every query that follows persons through time (the revolving door and its counts)
reads every person's facts (`events.Facts`). Reading them out of networkx's dicts costs
more than walking them, and opening the graph more than both: at 100,000 orders about
2 s and 2 s against a walk of 0.4 s. The facts are a projection of the graph, so once
read they are kept in `<graph>.facts`, and a later question opens that instead of the
graph: one JSON document of a tenth of the graph's size, and no graph to build.

- **JSON**, like the graph file, read by orjson: opening it runs no code. The events are
  kept as columns (one list per field of `events.Event`), the clusters, the names and
  ids of the records the queries name, and which institution is part of which.
- **Stamped** with the graph file's size, modification time, inode and device, and with
  the source of the modules that read facts (`RULES`): a facts file whose stamp does not
  match is never read, but built again from the graph, whatever it holds. A graph is
  always written whole as a new file (`store.write_graph`), which gives a new stamp, and
  the write removes the facts file of the old graph: after an edit that takes a person
  out, no copy of them stays beside the graph.
- **Owner-only and atomic**, like the graph (`files.private_file`); it holds the same
  names. A facts file that cannot be written (a read-only folder) is never an error:
  the facts are read from the graph each time instead. One that cannot be read (cut
  short, edited by hand) is built again.

`open_ledger` gives a `Ledger`; the twins of `@query(..., facts=True)` receive one in
place of the networkx graph when they are given a file (never with `--redact`, which
needs the graph itself).

>>> import tempfile, pathlib, detnet
>>> from detnet.graph.store import write_graph
>>> path = write_graph(detnet.load_sample("synthetic"), pathlib.Path(tempfile.mkdtemp()) / "g.json")
>>> first = open_ledger(path)  # read from the graph, and kept
>>> facts_path(path).exists(), open_ledger(path).facts.recorded == first.facts.recorded
(True, True)
"""

from __future__ import annotations

import os
import sys
from collections import defaultdict
from dataclasses import dataclass
from functools import partial
from itertools import chain, compress
from pathlib import Path

import networkx as nx
import orjson
from detnet.graph.checked import source_digest
from detnet.graph.checks import node_problem
from detnet.graph.files import private_file
from detnet.graph.schema import (
    CLAIM,
    FACILITY,
    INSTITUTION,
    LABELS,
    OFFICIAL,
    PART_OF,
    PERSON,
    key_id,
)
from detnet.graph.store import edges_of_type, facts_path, gc_paused, graph_path, read_graph

from . import events
from .events import LIST_CUSTODY, LISTED, TIE_RANK, Clusters, Event, Facts

FORMAT = "detnet-facts"
# The records a fact names, whose names the rows show and whose ids parameters give.
NAMED = (PERSON, OFFICIAL, INSTITUTION, FACILITY)
# A facts file read by other rules could give other answers: the modules that decide
# what a person's facts are, as source, are part of its stamp.
RULES = source_digest(events, sys.modules[__name__]).hex()


@dataclass
class Ledger:
    """What the order walks read, without the graph: every person's facts, the names
    and ids of the records they name, the parts of each institution, and the claims
    (counts announced without names) that `reconcile` holds the facts against."""

    facts: Facts
    records: dict[str, dict[str, str | None]]  # label -> id -> name (None: no name)
    parts: dict[str, list[str]]  # institution id -> the ids of its direct parts
    claims: dict[str, dict]  # claim node key -> its properties, as the graph holds them

    @classmethod
    def of(cls, G: nx.MultiDiGraph) -> Ledger:
        """The ledger of a graph in memory."""
        facts = Facts.of(G)
        records: dict[str, dict[str, str | None]] = {label: {} for label in NAMED}
        claims = {}
        for key, attrs in G.nodes(data=True):
            found = records.get(attrs.get("label"))
            if found is not None:
                found[attrs["id"]] = attrs.get("name")
            elif attrs.get("label") == CLAIM:
                claims[key] = attrs
        parts: dict[str, list[str]] = defaultdict(list)
        for u, v, _ in edges_of_type(G, PART_OF):
            parts[key_id(v)].append(key_id(u))
        return cls(facts, records, dict(parts), claims)

    def __contains__(self, key: str) -> bool:
        """Whether the graph holds a record of this node key (of a label in NAMED)."""
        label, _, id = key.partition(":")
        return id in self.records.get(label, {})

    def name(self, label: str, id: str | None) -> str | None:
        return None if id is None else self.records.get(label, {}).get(id)

    def parts_below(self, institution: str) -> list[str]:
        return self.parts.get(institution, [])

    def to_json(self, stamp: list) -> bytes:
        facts = self.facts
        ordered = [e for person in facts.recorded.values() for e in person]
        columns = {name: [getattr(e, name) for e in ordered] for name in Event._fields}
        return orjson.dumps(
            {
                "format": FORMAT,
                "stamp": stamp,
                "lists": facts.lists,
                "persons": [[p, len(events)] for p, events in facts.recorded.items()],
                "events": columns,
                "canonical": facts.clusters.canonical,
                "conflicts": facts.clusters.conflicts,
                "records": self.records,
                "parts": self.parts,
                "claims": self.claims,
            }
        )

    @classmethod
    def from_json(cls, data: dict) -> Ledger:
        """The ledger a facts file holds; ValueError if it is not one detnet could write
        (then it is built again from the graph: `open_ledger`)."""
        columns = data["events"]
        _check(columns)
        columns["conditions"] = map(tuple, columns["conditions"])
        # tuple.__new__ through map, as Event._make does but with no Python call per fact
        # (_check has made sure every column has one value per fact)
        make = partial(tuple.__new__, Event)
        ordered = list(map(make, zip(*(columns[f] for f in Event._fields), strict=True)))
        recorded, first = {}, 0
        for person, count in data["persons"]:  # each person's facts, one after the other
            recorded[person] = ordered[first : first + count]
            first += count
        if first != len(ordered):
            raise ValueError("the persons' counts do not add up to the facts")
        clusters = Clusters(data["canonical"], data["conflicts"])
        claims = data["claims"]
        for key, attrs in claims.items():  # held to the schema as a graph file's nodes are
            if attrs.get("label") != CLAIM or node_problem(LABELS[CLAIM], key, attrs):
                raise ValueError(f"{key}: not a claim as the graph holds one")
        facts = Facts(None, clusters, recorded, data["lists"])
        ledger = cls(facts, data["records"], data["parts"], claims)
        ledger.facts.names = ledger.name
        return ledger


# The types each column of a facts file may hold: anything else is refused before use.
TEXT, MAYBE = {str}, {str, type(None)}
COLUMN_TYPES = {
    **dict.fromkeys(Event._fields, TEXT),
    **dict.fromkeys(("official_id", "facility_id", "institution_id"), MAYBE),
    "inferred": {bool},
    "conditions": {list},
}
KINDS = {*TIE_RANK, LISTED}


def _check(columns: dict) -> None:
    """Refuse facts whose columns hold other types, kinds or statuses than a write
    gives: a facts file is a cache, and a wrong one must never reach a query."""
    if set(columns) != set(Event._fields):
        raise ValueError("not the columns of a person's facts")
    if {type(c) for c in columns.values()} != {list} or len(set(map(len, columns.values()))) != 1:
        raise ValueError("columns that are not lists of one length")
    for name, allowed in COLUMN_TYPES.items():
        if not set(map(type, columns[name])) <= allowed:
            raise ValueError(f"{name}: values of another type")
    if not set(columns["kind"]) <= KINDS:
        raise ValueError("kind: an unknown kind")
    listed = set(compress(columns["status"], map(LISTED.__eq__, columns["kind"])))
    if not listed <= LIST_CUSTODY.keys():
        raise ValueError("status: an unknown list status")
    if not set(map(type, chain.from_iterable(columns["conditions"]))) <= TEXT:
        raise ValueError("conditions: codes that are not text")


def facts_of(G: nx.MultiDiGraph | Ledger) -> Facts:
    """The facts a query walks: a ledger's (from the facts file), or read from the graph."""
    return G.facts if isinstance(G, Ledger) else Facts.of(G)


def facts_stamp(path: Path) -> list:
    """What must match for a facts file to hold the facts of the graph at `path`."""
    s = path.stat()
    return [RULES, s.st_size, s.st_mtime_ns, s.st_ino, s.st_dev]


def open_ledger(graph: str | os.PathLike | None = None) -> Ledger:
    """The ledger of the graph file `graph` (see `store.graph_path`): from its facts file
    when that holds this very file's facts, else read from the graph and kept."""
    path = graph_path(graph)
    kept = facts_path(path)
    try:
        stamp = facts_stamp(path)
    except OSError:
        return Ledger.of(read_graph(path))  # read_graph says what is wrong with the file
    with gc_paused():  # many small objects, no cycles: see store.gc_paused
        try:
            data = orjson.loads(kept.read_bytes())
            if data.get("format") == FORMAT and data.get("stamp") == stamp:
                return Ledger.from_json(data)
        except (OSError, ValueError, TypeError, KeyError, AttributeError):
            pass  # none yet, or not one we wrote: built again below
        ledger = Ledger.of(read_graph(path))
        try:
            with private_file(kept) as f:
                f.write(ledger.to_json(stamp))
        except OSError:
            pass  # a read-only folder or a full disk: read from the graph each time
        return ledger
