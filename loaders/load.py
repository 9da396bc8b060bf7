"""Load: read, validate, check references, then write the graph once, atomically.

Reading, validating and transforming are pure; `load` is the only step that writes,
under the graph's lock, so a failed or aborted load leaves the stored graph as it was.
"""

from __future__ import annotations

import os
from collections import Counter
from collections.abc import Collection, Iterable, Iterator
from dataclasses import dataclass, field
from pathlib import Path

import networkx as nx
import orjson
from detnet.graph import store
from detnet.graph.errors import DetnetError
from detnet.graph.files import private_file
from detnet.graph.progress import Progress, no_progress
from detnet.graph.schema import JUDGED, REF, node_key, split_key

from .contract import KINDS, Kind
from .read import REJECTED_KEY, discover
from .transform import Footprint, current, end_key, footprint, put, put_new, same
from .validate import Record, Rejection, validate


@dataclass
class LoadReport:
    """What a load did, by label (`FAMILY` for family ties)."""

    added: Counter = field(default_factory=Counter)
    unchanged: Counter = field(default_factory=Counter)
    replaced: Counter = field(default_factory=Counter)
    rejections: list[Rejection] = field(default_factory=list)
    ignored: list[str] = field(default_factory=list)
    graph: Path | None = None
    rejects_file: Path | None = None

    @property
    def loaded(self) -> int:
        return sum((self.added + self.unchanged + self.replaced).values())

    @property
    def exit_code(self) -> int:
        """0 everything loaded; 1 some rows rejected, the rest loaded; 2 nothing could be."""
        if not self.rejections:
            return 0
        return 1 if self.loaded else 2

    def as_dict(self) -> dict:
        return {
            "graph": str(self.graph) if self.graph else None,
            "added": dict(self.added),
            "unchanged": dict(self.unchanged),
            "replaced": dict(self.replaced),
            "rejected": len(self.rejections),
            "rejects_file": str(self.rejects_file) if self.rejects_file else None,
            "ignored": self.ignored,
        }


class StrictAbort(DetnetError):
    """`--strict` and at least one row rejected: nothing was written."""

    def __init__(self, report: LoadReport):
        self.report = report
        n = len(report.rejections)
        where = f"; rejected rows are in {report.rejects_file}" if report.rejects_file else ""
        super().__init__(
            f"--strict: {n} row{'s' if n != 1 else ''} rejected, nothing loaded{where}"
        )


def apply_records(
    G: nx.MultiDiGraph,
    records: Iterable[Record],
    *,
    replace: bool = False,
    report: LoadReport | None = None,
    progress: Progress = no_progress,
) -> LoadReport:
    """Check references and conflicts, then put each good record into `G` (in place).

    >>> from detnet.graph.store import new_graph
    >>> from detnet.loaders.contract import BY_NAME
    >>> order = Record(BY_NAME["orders"], "orders.csv", 2,
    ...                {"id": "O1", "kind": "arrest", "date": "2026-01-12", "person_id": "P9",
    ...                 "status": "verified", "sources": []}, {})
    >>> report = apply_records(new_graph(), [order])
    >>> print(report.rejections[0])
    orders.csv:2: person_id: unknown person 'P9'


    Kinds are taken in contract order, so that every id a record may reference is
    already in `G` when it is checked, whether it came from the graph or this load.
    """
    report = report or LoadReport()
    by_kind: dict[str, list[Record]] = {k.name: [] for k in KINDS}
    for record in records:
        by_kind[record.kind.name].append(record)
    total = sum(len(v) for v in by_kind.values())
    rejected_at: dict[str, str] = {}  # node key -> where its own row was rejected
    for r in report.rejections:
        if r.kind and r.kind.label and r.id:
            rejected_at.setdefault(node_key(r.kind.label, r.id), f"{r.file}:{r.line}")
    seen: dict[object, str] = {}  # identity -> where it was first given in this load

    def reject(record: Record, field: str, reason: str) -> None:
        id = record.values.get("id")
        report.rejections.append(
            Rejection(record.file, record.line, field, reason, record.kind, record.raw, id)
        )
        if record.kind.label and id is not None:
            rejected_at.setdefault(node_key(record.kind.label, id), record.where)

    def ordered() -> Iterator[Record]:
        for kind in KINDS:
            yield from _drain(parents_first(kind, by_kind[kind.name]))

    # Records new to the graph wait here and go in together (see `put_new`), in order,
    # before a record of another kind (records never reference their own kind), before
    # a record that replaces another, and by the ten thousand: as if each went in alone.
    new: dict[object, Footprint] = {}

    def put_waiting() -> None:
        put_new(G, new.values())
        new.clear()

    kind = None
    for record in progress(ordered(), total, "loading"):
        if record.kind is not kind or len(new) >= 10_000:
            put_waiting()
            kind = record.kind
        problem = unknown_reference(G, kind, record, rejected_at, new)
        if problem:
            reject(record, *problem)
            continue
        fp = footprint(record)
        old = new[fp.identity] if fp.identity in new else current(G, kind, fp)
        if old is None:
            new[fp.identity] = fp
            report.added[fp.label] += 1
        elif same(fp, old):
            report.unchanged[fp.label] += 1
        elif kind.schema.edge and kind.schema.edge.type == JUDGED:
            # Judgements are not conflicts: the latest on a pair wins (RECORDS.md, C).
            if judged_at(fp) < judged_at(old):
                reject(record, "at", "a later judgement of this pair is already in the graph")
                continue
            put_waiting()
            put(G, fp, old)
            report.replaced[fp.label] += 1
        elif fp.identity in seen:
            reject(
                record,
                id_field(kind),
                f"given again with different values (first at {seen[fp.identity]})",
            )
            continue
        elif replace:
            put_waiting()
            put(G, fp, old)
            report.replaced[fp.label] += 1
        else:
            reject(
                record,
                id_field(kind),
                "conflicts with the record already in the graph; give --replace to overwrite it",
            )
            continue
        seen.setdefault(fp.identity, record.where)
    put_waiting()
    return report


def _drain(items: list) -> Iterator:
    """The items of a list, first to last, each dropped from it as it is taken, so that
    a million records do not all outlive their turn."""
    items.reverse()
    while items:
        yield items.pop()


def id_field(kind: Kind) -> str:
    return "id" if kind.label else "relative_id"


def judged_at(fp: Footprint) -> tuple[str, str]:
    """When a judgement was made, for finding the latest: undated ones count as oldest."""
    attrs = fp.edges[0][3]
    return (attrs.get("at_start", ""), attrs.get("at", ""))


def parents_first(kind: Kind, records: list[Record]) -> list[Record]:
    """The records of a kind that references itself (an institution part of another) in an
    order where each comes after the record it references, if that is in this load.

    A circle of such references is left in place: its records are rejected as naming
    an unknown record, since none of them can go in first.
    """
    own = [f.name for f in kind.reference_fields if f.ref == kind.label and f.type == REF]
    if not own:
        return records
    by_id = {r.values.get("id"): r for r in records}
    done: dict[int, Record] = {}

    def visit(record: Record, path: tuple[int, ...]) -> None:
        if id(record) in done or id(record) in path:
            return
        for name in own:
            parent = by_id.get(record.values.get(name))
            if parent is not None:
                visit(parent, (*path, id(record)))
        done[id(record)] = record

    for record in records:
        visit(record, ())
    return list(done.values())


def unknown_reference(
    G: nx.MultiDiGraph,
    kind: Kind,
    record: Record,
    rejected_at: dict[str, str],
    waiting: Collection = (),
) -> tuple[str, str] | None:
    """The first reference of a record to a record that neither the graph nor this load
    holds (`waiting`: records of this load not yet put in the graph)."""
    for f in kind.reference_fields:
        if f.name not in record.values:
            continue
        value = record.values[f.name]
        for target in value if isinstance(value, list) else [value]:
            key = end_key(f, target)
            if key not in G and key not in waiting:
                why = (
                    f" (its own row, {rejected_at[key]}, was rejected)"
                    if key in rejected_at
                    else ""
                )
                label = f.ref or split_key(key)[0]
                return f.name, f"unknown {label.lower()} {split_key(key)[1]!r}{why}"
    return None


def write_rejects(rejections: list[Rejection], path: Path) -> Path:
    """Each rejected row in full, as JSON Lines that `detnet load` reads back once fixed.

    The reason sits under `"_rejected"`, which loading ignores. Like the graph, the file
    is readable by its owner only: it holds the records in full.
    """
    with private_file(path) as f:
        for r in rejections:
            row = {"type": r.kind.type if r.kind else r.raw.get("type"), **r.raw}
            row[REJECTED_KEY] = {
                "file": r.file,
                "line": r.line,
                "field": r.field,
                "reason": r.reason,
            }
            f.write(orjson.dumps(row, default=str) + b"\n")
    return path


def default_rejects_path(graph: Path) -> Path:
    return graph.with_name(graph.stem + ".rejects.jsonl")


def load(
    paths: Iterable[str | os.PathLike],
    graph: str | os.PathLike | nx.MultiDiGraph | None = None,
    *,
    strict: bool = False,
    replace: bool = False,
    rejects: str | os.PathLike | None = None,
    progress: Progress = no_progress,
) -> LoadReport:
    """Load record files into a graph; see shared/design/RECORDS.md.

    `graph` is a graph file (default: see `store.graph_path`), or a networkx graph
    loaded in memory and in place. Returns a `LoadReport`; raises `StrictAbort` when
    `strict` and a row was rejected, and `InputError` when the input cannot be read
    at all. In both cases a stored graph is left exactly as it was.
    """
    # A load makes millions of long-lived objects and no cycles: see store.gc_paused.
    with store.gc_paused():
        inputs = discover(list(paths))
        in_memory = isinstance(graph, nx.MultiDiGraph)
        path = None if in_memory else store.graph_path(graph)
        report = LoadReport(ignored=inputs.ignored, graph=path)
        records: list[Record] = []
        for file_path, kind in progress(inputs.files, len(inputs.files), "reading"):
            for row in inputs.read(file_path, kind):
                checked = validate(row)
                if isinstance(checked, Record):
                    records.append(checked)
                else:
                    report.rejections.append(checked)
        if in_memory:
            apply_records(graph, _drain(records), replace=replace, report=report, progress=progress)
            finish(report, rejects, None, strict)
            return report
        with store.locked(path):
            G = store.read_graph(path, missing_ok=True)
            apply_records(G, _drain(records), replace=replace, report=report, progress=progress)
            finish(report, rejects, path, strict)
            if report.added or report.replaced or not path.exists():
                store.write_graph(G, path)
        return report


def finish(report: LoadReport, rejects, graph_file: Path | None, strict: bool) -> None:
    """Sort the rejections, save them for fixing, and abort if `--strict`."""
    report.rejections.sort(key=lambda r: (r.file, r.line))
    if report.rejections and (rejects or graph_file):
        target = Path(rejects) if rejects else default_rejects_path(graph_file)
        report.rejects_file = write_rejects(report.rejections, target)
    if report.rejections and strict:
        raise StrictAbort(report)
