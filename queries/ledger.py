"""The facts file: each person's facts kept ready beside the graph file.

Every query that follows persons through time (the revolving door and its counts)
reads every person's facts (`events.Facts`). Reading them out of networkx's dicts costs
more than walking them, and opening the graph more than both: at 100,000 orders about
2 s and 2 s against a walk of 0.4 s. The facts are a projection of the graph, so once
read they are kept in `<graph>.facts`, and a later question opens that instead of the
graph: a sixth of the graph's size, and no graph to build. A query makes only the
facts it walks (`Ledger.facts_of`): the revolving door, only those of the persons who
could have a re-arrest (`Columns.persons_with`).

- **A JSON header line, then numbers**: nothing in it runs code when opened. The header
  (read by orjson, like the graph file) holds, for each field of `events.Event`, the
  table of its distinct values, and the clusters, the names and ids of the records the
  queries name, and which institution is part of which. After it, each field's column
  as 32-bit codes, places in its table (little-endian, field after field), read by
  numpy without a Python object per code. A million orders hold few distinct kinds,
  days, officials or facilities: each is made once as a Python object and shared by
  every fact that holds it, where JSON columns made thirteen million (version 1).
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
from collections.abc import Collection
from dataclasses import dataclass
from functools import cached_property, partial
from itertools import chain, compress
from pathlib import Path

import networkx as nx
import numpy as np
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
VERSION = 2  # 1: every value in JSON columns
CODE = np.dtype("<i4")  # a value's place in its column's table
# The records a fact names, whose names the rows show and whose ids parameters give.
NAMED = (PERSON, OFFICIAL, INSTITUTION, FACILITY)
# A facts file read by other rules could give other answers: the modules that decide
# what a person's facts are, as source, are part of its stamp.
RULES = source_digest(events, sys.modules[__name__]).hex()


@dataclass
class Columns:
    """Every person's facts as columns: for each field of `events.Event`, the table of
    its distinct values and one code (a place in that table) per fact; the facts of each
    person one after the other, in `event_order`."""

    persons: list[str]  # canonical person ids, in order
    counts: np.ndarray  # how many facts each person has
    tables: dict[str, list]  # field -> its distinct values
    codes: dict[str, np.ndarray]  # field -> one code per fact

    @classmethod
    def of(cls, recorded: dict[str, list[Event]]) -> Columns:
        ordered = [e for events in recorded.values() for e in events]
        tables, codes = {}, {}
        columns = list(zip(*ordered, strict=True)) or [()] * len(Event._fields)
        for name, column in zip(Event._fields, columns, strict=True):
            index = {value: i for i, value in enumerate(dict.fromkeys(column))}
            tables[name] = list(index)
            codes[name] = np.fromiter(map(index.__getitem__, column), CODE, len(column))
        counts = np.fromiter(map(len, recorded.values()), np.int64, len(recorded))
        return cls(list(recorded), counts, tables, codes)

    def recorded(self, persons: np.ndarray | None = None) -> dict[str, list[Event]]:
        """Each person's facts, of every person or of those `persons` (a mask) selects."""
        persons_ids, counts, codes = self.persons, self.counts, self.codes
        if persons is not None:
            persons_ids = list(compress(persons_ids, persons))
            counts = counts[persons]
            selected = np.repeat(persons, self.counts)
            codes = {f: c[selected] for f, c in codes.items()}
        # each value is made once, in its table, and shared by every fact that holds it:
        # numpy looks the codes up, and tuple.__new__ through map makes the facts, as
        # Event._make does but with no Python call per fact
        tables = {**self.tables, "conditions": list(map(tuple, self.tables["conditions"]))}
        columns = (_objects(tables[f])[codes[f]].tolist() for f in Event._fields)
        ordered = list(map(partial(tuple.__new__, Event), zip(*columns, strict=True)))
        ends = np.cumsum(counts).tolist()
        slices = map(slice, [0, *ends[:-1]], ends)
        return dict(zip(persons_ids, map(ordered.__getitem__, slices), strict=True))

    def persons_with(self, earlier: Collection[str], later: Collection[str]) -> np.ndarray:
        """Which persons have a fact of a kind in `earlier` and, after it, one of a kind
        in `later` (a mask over `persons`).

        >>> from detnet.queries.events import event
        >>> columns = Columns.of({"P1": [event("A1", "arrest", "2024-01-01", "P1"),
        ...                              event("R1", "release", "2024-02-01", "P1")],
        ...                       "P2": [event("R2", "release", "2024-01-01", "P2"),
        ...                              event("A2", "arrest", "2024-02-01", "P2")]})
        >>> columns.persons_with({"release"}, {"arrest"}).tolist()
        [False, True]
        """
        kind, kinds = self.codes["kind"], self.tables["kind"]
        where = np.arange(len(kind))
        person = np.repeat(np.arange(len(self.persons)), self.counts)
        first = np.full(len(self.persons), len(kind))  # each person's first `earlier` fact
        is_earlier = np.isin(kind, [i for i, k in enumerate(kinds) if k in earlier])
        np.minimum.at(first, person[is_earlier], where[is_earlier])
        is_later = np.isin(kind, [i for i, k in enumerate(kinds) if k in later])
        found = np.zeros(len(self.persons), bool)
        found[person[is_later & (where > first[person])]] = True
        return found

    def to_bytes(self, header: dict) -> bytes:
        header = {**header, "count": len(self.codes["kind"]), "tables": self.tables}
        header["persons"] = [
            [p, n] for p, n in zip(self.persons, self.counts.tolist(), strict=True)
        ]
        body = np.concatenate([self.codes[f] for f in Event._fields])
        return orjson.dumps(header) + b"\n" + body.astype(CODE).tobytes()

    @classmethod
    def from_bytes(cls, data: dict, body: bytes) -> Columns:
        """The columns of a facts file's header and body; ValueError if they are not ones
        a write gives."""
        count, tables = data["count"], data["tables"]
        if type(count) is not int or len(body) != count * len(Event._fields) * CODE.itemsize:
            raise ValueError("not one code per fact and column")
        rows = np.frombuffer(body, CODE).reshape(len(Event._fields), count)
        codes = dict(zip(Event._fields, rows, strict=True))
        _check(tables, codes)
        persons, counts = zip(*data["persons"], strict=True) if data["persons"] else ((), ())
        if {type(n) for n in counts} - {int} or sum(counts) != count or min(counts, default=1) < 1:
            raise ValueError("the persons' counts do not add up to the facts")
        return cls(list(persons), np.array(counts, np.int64), tables, codes)


@dataclass
class Ledger:
    """What the order walks read, without the graph: every person's facts, the names
    and ids of the records they name, the parts of each institution, and the claims
    (counts announced without names) that `reconcile` holds the facts against."""

    columns: Columns
    clusters: Clusters
    lists: bool  # whether any status-list entry exists
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
        columns = Columns.of(facts.recorded)
        ledger = cls(columns, facts.clusters, facts.lists, records, dict(parts), claims)
        ledger.__dict__["facts"] = facts  # already read: `facts` need not decode them
        return ledger

    @cached_property
    def facts(self) -> Facts:
        """Every person's facts."""
        return self.facts_of()

    def facts_with(self, earlier: Collection[str], later: Collection[str]) -> Facts:
        """The facts of the persons with a fact of a kind in `earlier` and, after it, one
        of a kind in `later` (`Columns.persons_with`); everyone's when they are already
        made (a ledger that served another query), as choosing would gain nothing."""
        if "facts" in self.__dict__:  # `facts` (a cached_property) has run
            return self.facts
        return self.facts_of(self.columns.persons_with(earlier, later))

    def facts_of(self, persons: np.ndarray | None = None) -> Facts:
        """The facts of every person, or of those `persons` selects (a mask over
        `columns.persons`, as `Columns.persons_with` gives)."""
        return Facts(None, self.clusters, self.columns.recorded(persons), self.lists, self.records)

    def __contains__(self, key: str) -> bool:
        """Whether the graph holds a record of this node key (of a label in NAMED)."""
        label, _, id = key.partition(":")
        return id in self.records.get(label, {})

    def name(self, label: str, id: str | None) -> str | None:
        return None if id is None else self.records.get(label, {}).get(id)

    def parts_below(self, institution: str) -> list[str]:
        return self.parts.get(institution, [])

    def to_bytes(self, stamp: list) -> bytes:
        """The facts file: a JSON header line, then each column's codes (see module doc)."""
        header = {
            "format": FORMAT,
            "version": VERSION,
            "stamp": stamp,
            "lists": self.lists,
            "canonical": self.clusters.canonical,
            "conflicts": self.clusters.conflicts,
            "records": self.records,
            "parts": self.parts,
            "claims": self.claims,
        }
        return self.columns.to_bytes(header)

    @classmethod
    def from_bytes(cls, raw: bytes, stamp: list) -> Ledger:
        """The ledger a facts file holds; ValueError if it is not one detnet could write
        for the graph of this stamp (then it is built again: `open_ledger`)."""
        head, _, body = raw.partition(b"\n")  # orjson escapes every newline in text
        data = orjson.loads(head)
        if data.get("format") != FORMAT or data.get("version") != VERSION:
            raise ValueError("not a facts file of this version")
        if data.get("stamp") != stamp:
            raise ValueError("the facts of another graph file, or other rules")
        columns = Columns.from_bytes(data, body)
        claims = data["claims"]
        for key, attrs in claims.items():  # held to the schema as a graph file's nodes are
            if attrs.get("label") != CLAIM or node_problem(LABELS[CLAIM], key, attrs):
                raise ValueError(f"{key}: not a claim as the graph holds one")
        clusters = Clusters(data["canonical"], data["conflicts"])
        return cls(columns, clusters, data["lists"], data["records"], data["parts"], claims)


def _objects(values: list) -> np.ndarray:
    """An array of these Python objects as they are (np.array would make tuples a dimension)."""
    return np.fromiter(values, object, len(values))


# The types each column's table may hold: anything else is refused before use.
TEXT, MAYBE = {str}, {str, type(None)}
COLUMN_TYPES = {
    **dict.fromkeys(Event._fields, TEXT),
    **dict.fromkeys(("official_id", "facility_id", "institution_id"), MAYBE),
    "inferred": {bool},
    "conditions": {list},
}
KINDS = {*TIE_RANK, LISTED}


def _check(tables: dict, codes: dict[str, np.ndarray]) -> None:
    """Refuse facts whose tables hold other types, kinds or statuses than a write gives,
    or whose codes name no value: a facts file is a cache, and a wrong one must never
    reach a query."""
    if set(tables) != set(Event._fields) or {type(t) for t in tables.values()} != {list}:
        raise ValueError("not the columns of a person's facts")
    for name, allowed in COLUMN_TYPES.items():
        if not set(map(type, tables[name])) <= allowed:
            raise ValueError(f"{name}: values of another type")
        if len(codes[name]) and not (
            0 <= codes[name].min() and codes[name].max() < len(tables[name])
        ):
            raise ValueError(f"{name}: a code that names no value")
    if not set(tables["kind"]) <= KINDS:
        raise ValueError("kind: an unknown kind")
    if LISTED in tables["kind"]:
        listed = codes["status"][codes["kind"] == tables["kind"].index(LISTED)]
        if not {tables["status"][i] for i in np.unique(listed)} <= LIST_CUSTODY.keys():
            raise ValueError("status: an unknown list status")
    if not set(map(type, chain.from_iterable(tables["conditions"]))) <= TEXT:
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
            return Ledger.from_bytes(kept.read_bytes(), stamp)
        except (OSError, ValueError, TypeError, KeyError, AttributeError, IndexError):
            pass  # none yet, or not one we wrote: built again below
        ledger = Ledger.of(read_graph(path))
        try:
            with private_file(kept) as f:
                f.write(ledger.to_bytes(stamp))
        except OSError:
            pass  # a read-only folder or a full disk: read from the graph each time
        return ledger
