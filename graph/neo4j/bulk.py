"""A first load of a large graph into Neo4j: the files of `neo4j-admin database import`.

`push` writes through Bolt, a transaction per batch, and is the way to keep a server in
step with the graph file. For a first load of millions of orders, `neo4j-admin database
import full` is faster by an order of magnitude: it writes the store files directly,
into a database that is stopped (Community: the whole server stopped). `ImportFiles`
writes them a node and a relationship at a time, from a graph (`write_import`) or
straight from record files (`detnet.loaders.bulk`, for datasets too large to hold as a
networkx graph):

- one CSV file per label and *kind of row*: the properties a node holds and each one's
  Neo4j type (`date`, `localdatetime`, `string`, `long`, ...), as `push` would send them
  (`values.node_properties`). A date stored as `2019-03` stays a string, as it does when
  pushed, and a node without a property has no column for it: no empty field has to
  mean null;
- one CSV file per relationship kind (type, source label, target label) and kind of row;
- `import.args`, the arguments of the import (an `@file` the admin tool reads), and
  `schema.cypher`, the constraints `push` creates, to run once the server is up again.

`tools/neo4j/server.sh import FOLDER` stops the local server, runs the import against its
data directory, starts it and runs `schema.cypher` (see docs/neo4j.md for another
server). Node ids are unique within a label (an id space per label), as the constraints
require. The folder and its files are readable by their owner only.
"""

from __future__ import annotations

import csv
import os
from collections import Counter
from dataclasses import dataclass, field
from datetime import date, datetime
from pathlib import Path

from ..errors import UsageError
from ..files import private_file
from ..schema import LABELS
from ..store import node_table, open_graph
from .cypher import constraint_statement, relationship_kinds
from .values import node_properties

# Between the elements of a list property: a control character no record holds (checked).
ARRAY_DELIMITER = "\x1f"


@dataclass
class BulkReport:
    folder: Path
    nodes: Counter = field(default_factory=Counter)  # by label
    relationships: Counter = field(default_factory=Counter)  # by type
    files: int = 0
    multiline: bool = False  # a value holds a line break: the importer must be told


def neo4j_type(value: object, what: str) -> str:
    """The import header's type of a property value (as `push` sends it).

    >>> neo4j_type(date(2024, 2, 1), "x"), neo4j_type(["a"], "x"), neo4j_type(3, "x")
    ('date', 'string[]', 'long')
    """
    if type(value) is str:  # most values: the first test
        return "string"
    if isinstance(value, (list, tuple)):
        kinds = {neo4j_type(v, what) for v in value} or {"string"}
        if len(kinds) != 1:
            raise UsageError(f"{what}: a list of mixed types cannot be imported: {value!r}")
        return kinds.pop() + "[]"
    if isinstance(value, bool):
        return "boolean"
    if isinstance(value, int):
        return "long"
    if isinstance(value, float):
        return "double"
    if isinstance(value, datetime):
        return "localdatetime"
    if isinstance(value, date):
        return "date"
    if isinstance(value, str):
        return "string"
    raise UsageError(f"{what}: Neo4j cannot store {type(value).__name__} {value!r}")


def field_text(value: object, what: str) -> str:
    """A value as the importer reads it back, given its header type."""
    if type(value) is str:
        return value
    if isinstance(value, (list, tuple)):
        parts = [field_text(v, what) for v in value]
        if any(ARRAY_DELIMITER in p for p in parts):
            raise UsageError(f"{what}: a list element holds the character U+001F")
        return ARRAY_DELIMITER.join(parts)
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, float):
        return repr(value)
    if isinstance(value, (date, datetime)):
        return value.isoformat()
    return str(value)


def _private(path: str, flags: int) -> int:
    return os.open(path, flags, 0o600)  # the records in full: their owner's only


class Files:
    """The CSV files of one label or relationship kind: one per header (kind of row)."""

    def __init__(self, folder: Path, stem: str, fixed: list[str], report: BulkReport) -> None:
        self.folder, self.stem, self.fixed, self.report = folder, stem, fixed, report
        self.open: dict[tuple, tuple] = {}  # header -> (file, writer)

    def write(self, fixed: list[str], props: dict, what: str) -> None:
        if props:
            names = sorted(props)
            header = tuple(f"{name}:{neo4j_type(props[name], what)}" for name in names)
            row = [*fixed, *(field_text(props[n], what) for n in names)]
        else:  # most relationships: no properties
            header, row = (), fixed
        if header not in self.open:
            path = self.folder / f"{self.stem}-{len(self.open) + 1}.csv"
            handle = open(path, "w", encoding="utf-8", newline="", opener=_private)
            writer = csv.writer(handle, quoting=csv.QUOTE_ALL, lineterminator="\n")
            writer.writerow([*self.fixed, *header])
            self.open[header] = (handle, writer, path)
        if not self.report.multiline and any("\n" in f or "\r" in f for f in row):
            self.report.multiline = True
        self.open[header][1].writerow(row)

    def close(self) -> list[Path]:
        for handle, _, _ in self.open.values():
            handle.close()
        return [path for _, _, path in self.open.values()]


class ImportFiles:
    """The importer's files in `folder`, written a node and a relationship at a time, so
    that a graph or a stream of records (`loaders.bulk`) can go in without being held
    whole; `close` writes `import.args` and `schema.cypher` and returns the report.

    The folder must be new or empty; it and its files are readable by their owner only,
    since they hold the records in full.
    """

    def __init__(self, folder: str | Path) -> None:
        folder = Path(folder)
        if folder.exists() and any(folder.iterdir()):
            raise UsageError(f"{folder}: the folder is not empty; name a new one")
        folder.mkdir(mode=0o700, parents=True, exist_ok=True)
        folder.chmod(0o700)
        self.report = BulkReport(folder)
        self.labels = {
            label: Files(folder, f"nodes-{label}", [f"id:ID({label})"], self.report)
            for label in LABELS
        }
        self.kinds = {(type, source, target) for type, source, target in relationship_kinds()}
        self.relationships: dict[tuple, Files] = {}

    def node(self, key: str, attrs: dict) -> None:
        """A node: its `id` (also the import's id) and the properties `push` sends."""
        label = attrs.get("label")
        if label not in LABELS:
            raise UsageError(f"node {key!r} has no schema label (it has {label!r})")
        props = node_properties(label, attrs)
        node_id = props.pop("id")
        self.labels[label].write([field_text(node_id, key)], props, f"node {key!r}")
        self.report.nodes[label] += 1

    def relationship(self, u: str, v: str, type: str, attrs: dict, ends: tuple) -> None:
        """A relationship from `u` to `v`; `ends` is each one's (label, id)."""
        kind = (type, ends[0][0], ends[1][0])
        if kind not in self.kinds:
            return  # push writes only the schema's kinds of relationship
        if kind not in self.relationships:
            stem = "relationships-" + "-".join(kind)
            fixed = [f":START_ID({kind[1]})", f":END_ID({kind[2]})"]
            self.relationships[kind] = Files(self.report.folder, stem, fixed, self.report)
        props = {k: x for k, x in attrs.items() if x is not None}
        ids = [field_text(ends[0][1], u), field_text(ends[1][1], v)]
        what = f"relationship {u!r} {type} {v!r}" if props else ""  # for messages only
        self.relationships[kind].write(ids, props, what)
        self.report.relationships[type] += 1

    def close(self) -> BulkReport:
        # Each file has a header of its own: one argument per file.
        args = [
            f"--nodes={label}={path.resolve()}"
            for label, files in self.labels.items()
            for path in files.close()
        ]
        args += [
            f"--relationships={kind[0]}={path.resolve()}"
            for kind, files in self.relationships.items()
            for path in files.close()
        ]
        report, folder = self.report, self.report.folder
        report.files = len(args)
        options = [f"--array-delimiter=U+{ord(ARRAY_DELIMITER):04X}", "--id-type=string"]
        if report.multiline:  # slower to read: only when a value needs it
            options.append("--multiline-fields=true")
        with private_file(folder / "import.args") as f:
            f.write(("\n".join(options + args) + "\n").encode())
        schema = "".join(constraint_statement(label) + ";\n" for label in LABELS)
        with private_file(folder / "schema.cypher") as f:
            f.write(schema.encode())
        return report

    def abandon(self) -> None:
        """Remove what was written: the folder was empty, and a half-written import
        must not be run (nor leave records lying about)."""
        for files in [*self.labels.values(), *self.relationships.values()]:
            for path in files.close():
                path.unlink(missing_ok=True)


def write_import(graph: object = None, folder: str | Path = "neo4j-import") -> BulkReport:
    """Write the files of `neo4j-admin database import full` for the graph into `folder`
    (see the module docstring); a folder that holds files already is refused.

    Returns
    -------
    BulkReport
        The folder, and how many nodes and relationships the files hold.
    """
    G = open_graph(graph)
    files = ImportFiles(folder)
    try:
        node = node_table(G)
        for key, attrs in node.items():
            files.node(key, attrs)
        for u, v, type, attrs in G.edges(keys=True, data=True):
            ends = ((node[u]["label"], node[u]["id"]), (node[v]["label"], node[v]["id"]))
            files.relationship(u, v, type, attrs, ends)
    except BaseException:
        files.abandon()
        raise
    return files.close()
