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
from detnet.graph.errors import DetnetError, UsageError
from detnet.graph.files import names_a_file, private_file
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


class GraphTarget:
    """Where a load puts its records: a networkx graph, changed in place. (`loaders.bulk`
    has the other target, the importer's files.)"""

    def __init__(self, G: nx.MultiDiGraph) -> None:
        self.G = G
        self.nodes = store.node_table(G)  # `key in nodes`: what references may name

    def current(self, kind: Kind, fp: Footprint) -> Footprint | None:
        return current(self.G, kind, fp)

    same = staticmethod(same)

    def put_new(self, footprints: Iterable[Footprint]) -> None:
        put_new(self.G, footprints)

    def put(self, fp: Footprint, old: Footprint) -> None:
        put(self.G, fp, old)


class Loading:
    """One load's checks of references and conflicts, a record at a time, each good
    record put into `target`. Records come kind by kind, in contract order, so that every
    id a record may reference is already in the target when it is checked; `finish`
    puts the records still waiting.

    A target holds `nodes` (the node keys it holds: what a reference may name) and
    answers `current(kind, footprint)` (what it holds for that identity, or None),
    `same(footprint, old)`, `put_new(footprints)` and `put(footprint, old)`:
    `GraphTarget` here, `loaders.bulk.ImportTarget` for the importer's files."""

    def __init__(self, target, *, replace: bool = False, report: LoadReport) -> None:
        self.target, self.replace, self.report = target, replace, report
        self.rejected_at: dict[str, str] = {}  # node key -> where its own row was rejected
        for r in report.rejections:
            self.note_rejected(r)
        # identity -> (file, line) where it was first given in this load (made a text
        # only for a message: a load keeps one per record)
        self.seen: dict[object, tuple[str, int]] = {}
        # Records new to the target wait here and go in together (see `put_new`), in
        # order, before a record of another kind (records never reference their own
        # kind), before a record that replaces another, and by the ten thousand: as if
        # each went in alone.
        self.new: dict[object, Footprint] = {}
        self.kind: Kind | None = None

    def note_rejected(self, r: Rejection) -> None:
        """A row rejected before it got here (by validation): what references it is
        told why it is unknown."""
        if r.kind and r.kind.label and r.id:
            self.rejected_at.setdefault(node_key(r.kind.label, r.id), f"{r.file}:{r.line}")

    def reject(self, record: Record, field: str, reason: str) -> None:
        id = record.values.get("id")
        self.report.rejections.append(
            Rejection(record.file, record.line, field, reason, record.kind, record.raw, id)
        )
        if record.kind.label and id is not None:
            self.rejected_at.setdefault(node_key(record.kind.label, id), record.where)

    def finish(self) -> None:
        self.target.put_new(self.new.values())
        self.new.clear()

    def take(self, record: Record) -> None:
        target, report, new, kind = self.target, self.report, self.new, record.kind
        if kind is not self.kind or len(new) >= 10_000:
            self.finish()
            self.kind = kind
        fp = footprint(record)
        if not ends_known(fp, target.nodes, new):
            problem = unknown_reference(target.nodes, kind, record, self.rejected_at, new)
            if problem:
                self.reject(record, *problem)
                return
        old = new[fp.identity] if fp.identity in new else target.current(kind, fp)
        if old is None:
            new[fp.identity] = fp
            report.added[fp.label] += 1
        elif target.same(fp, old):
            report.unchanged[fp.label] += 1
        elif kind.schema.edge and kind.schema.edge.type == JUDGED:
            # Judgements are not conflicts: the latest on a pair wins (RECORDS.md, C).
            if judged_at(fp) < judged_at(old):
                self.reject(record, "at", "a later judgement of this pair is already in the graph")
                return
            self.finish()
            target.put(fp, old)
            report.replaced[fp.label] += 1
        elif fp.identity in self.seen:
            file, line = self.seen[fp.identity]
            self.reject(
                record,
                id_field(kind),
                f"given again with different values (first at {file}:{line})",
            )
            return
        elif self.replace:
            self.finish()
            target.put(fp, old)
            report.replaced[fp.label] += 1
        else:
            self.reject(
                record,
                id_field(kind),
                "conflicts with the record already in the graph; give --replace to overwrite it",
            )
            return
        self.seen.setdefault(fp.identity, (record.file, record.line))


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


    Kinds are taken in contract order (see `Loading`), whether a record came from the
    graph or this load.
    """
    report = report or LoadReport()
    by_kind: dict[str, list[Record]] = {k.name: [] for k in KINDS}
    for record in records:
        by_kind[record.kind.name].append(record)
    total = sum(len(v) for v in by_kind.values())

    def ordered() -> Iterator[Record]:
        for kind in KINDS:
            yield from drain(parents_first(kind, by_kind[kind.name]))

    loading = Loading(GraphTarget(G), replace=replace, report=report)
    for record in progress(ordered(), total, "loading"):
        loading.take(record)
    loading.finish()
    return report


def drain(items: list) -> Iterator:
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
    own = self_references(kind)
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


def self_references(kind: Kind) -> list[str]:
    """The fields by which a record of `kind` names another of its kind."""
    return [f.name for f in kind.reference_fields if f.ref == kind.label and f.type == REF]


def ends_known(fp: Footprint, nodes: Collection, waiting: Collection) -> bool:
    """Whether every record a footprint's relationships reach is in the graph (`nodes`)
    or waiting to go in: the quick test, before `unknown_reference` says which is not.
    A record's reference fields are exactly the relationships its footprint makes."""
    own = fp.identity if fp.node is not None else None
    for u, v, _, _ in fp.edges:
        for end in (v if u == own else u,) if own is not None else (u, v):
            if end not in nodes and end not in waiting:
                return False
    return True


def unknown_reference(
    nodes: Collection,
    kind: Kind,
    record: Record,
    rejected_at: dict[str, str],
    waiting: Collection = (),
) -> tuple[str, str] | None:
    """The first reference of a record to a record that neither the target (`nodes`: the
    keys it holds) nor this load holds (`waiting`: records of this load not yet put)."""
    for f in kind.reference_fields:
        if f.name not in record.values:
            continue
        value = record.values[f.name]
        for target in value if isinstance(value, list) else [value]:
            key = end_key(f, target)
            if key not in nodes and key not in waiting:
                why = (
                    f" (its own row, {rejected_at[key]}, was rejected)"
                    if key in rejected_at
                    else ""
                )
                label = f.ref or split_key(key)[0]
                return f.name, f"unknown {label.lower()} {split_key(key)[1]!r}{why}"
    return None


def rejects_row(r: Rejection) -> dict:
    """A rejected row as the rejects file holds it (without its reason)."""
    return {"type": r.kind.type if r.kind else r.raw.get("type"), **r.raw}


def row_key(row: dict) -> bytes:
    """What tells two rows apart in a rejects file: their content, not their reason."""
    row = {k: v for k, v in row.items() if k != REJECTED_KEY}
    return orjson.dumps(row, option=orjson.OPT_SORT_KEYS, default=str)


def write_rejects(
    rejections: list[Rejection], path: Path, settled: Counter | None = None
) -> Path | None:
    """Add the rejected rows to the rejects file, JSON Lines that `detnet load` reads
    back once fixed; return its path, or None when it holds no row.

    A row already there stays until it is `settled` (keys of `row_key`: rows this load
    read from the file, and loaded or rejected again); a row rejected again replaces
    its old line, with the new reason under `"_rejected"` (which loading ignores). Like
    the graph, the file is readable by its owner only: it holds the records in full.
    """
    settled = Counter(settled or ())
    new: dict[bytes, list[dict]] = {}
    for r in rejections:
        row = rejects_row(r)
        row[REJECTED_KEY] = {"file": r.file, "line": r.line, "field": r.field, "reason": r.reason}
        row[REJECTED_KEY] |= r.context or {}
        new.setdefault(row_key(row), []).append(row)
    kept = []
    for line in _lines(path):
        key = rejects_key(line)
        for row in new.get(key, ()):  # rejected again: what the old line knew stays known
            row[REJECTED_KEY] = {**_context(line), **row[REJECTED_KEY]}
        if settled[key] > 0:
            settled[key] -= 1
        elif key not in new:  # a row rejected again is written once, with its new reason
            kept.append(line)
    lines = kept + [orjson.dumps(row, default=str) for group in new.values() for row in group]
    if not lines:
        path.unlink(missing_ok=True)
        return None
    with private_file(path) as f:
        f.writelines(line + b"\n" for line in lines)
    return path


def _context(line: bytes) -> dict:
    """What a line of a rejects file says beyond where and why: a roster's day, source."""
    try:
        said = orjson.loads(line).get(REJECTED_KEY)
    except (orjson.JSONDecodeError, AttributeError):
        return {}
    if not isinstance(said, dict):
        return {}
    return {k: v for k, v in said.items() if k not in ("file", "line", "field", "reason")}


def _lines(path: Path) -> list[bytes]:
    try:
        return [line for line in path.read_bytes().splitlines() if line.strip()]
    except FileNotFoundError:
        return []


def rejects_key(line: bytes) -> bytes:
    """The `row_key` of a line of a rejects file, as reading it back makes the row."""
    try:
        row = orjson.loads(line)
    except orjson.JSONDecodeError:
        return row_key({"type": None, "(line)": line.decode("utf-8", "replace")})
    return row_key(row if isinstance(row, dict) else {"type": None, "(line)": row})


def read_key(row) -> bytes:
    """The `row_key` of a raw row read from a file (a rejects file being loaded back)."""
    return row_key({"type": row.raw.get("type"), **row.raw})


def default_rejects_path(graph: Path) -> Path:
    return graph.with_name(graph.stem + ".rejects.jsonl")


def rejects_path(
    rejects: str | os.PathLike | None, graph: Path | None, inputs: list[Path]
) -> Path | None:
    """Where rejected rows go: `rejects`, else beside the graph (None: nowhere).

    Never the graph, and never an input of the load: only the default file beside the
    graph may be loaded and written in one load (fixed rows leave it once loaded).
    """
    if rejects is None:
        return default_rejects_path(graph) if graph is not None else None
    target = Path(rejects)
    if not names_a_file(rejects):
        given = os.fspath(rejects)
        raise UsageError(f"--rejects: {given!r} names no file; give a file for the rejected rows")
    if graph is not None and same_file(target, graph):
        raise UsageError(f"--rejects: {target} is the graph itself; choose another file")
    if any(same_file(target, given) for given in inputs):
        raise UsageError(f"--rejects: {target} is an input of this load; choose another file")
    return target


def same_file(a: Path, b: Path) -> bool:
    try:
        return a.resolve() == b.resolve() or (a.exists() and b.exists() and a.samefile(b))
    except OSError:
        return False


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

    Rejected rows are added to `rejects` (default: beside the graph file, see
    `rejects_path`), written after the graph: a row leaves that file only once a load
    of it has been written, so none is ever in neither place.
    """
    # A load makes millions of long-lived objects and no cycles: see store.gc_paused.
    with store.gc_paused():
        inputs = discover(list(paths))
        in_memory = isinstance(graph, nx.MultiDiGraph)
        path = None if in_memory else store.graph_path(graph)
        given = [file for file, _ in inputs.files]
        target = rejects_path(rejects, path, given) if rejects or path else None
        report = LoadReport(ignored=inputs.ignored, graph=path)
        records: list[Record] = []
        read_back: Counter = Counter()  # the rows read from the rejects file itself
        for file_path, kind in progress(inputs.files, len(inputs.files), "reading"):
            own = target is not None and same_file(file_path, target)
            for row in inputs.read(file_path, kind):
                if own:
                    read_back[read_key(row)] += 1
                checked = validate(row)
                if isinstance(checked, Record):
                    records.append(checked)
                else:
                    report.rejections.append(checked)
        if in_memory:
            apply_records(graph, drain(records), replace=replace, report=report, progress=progress)
            finish(report, target, read_back, strict)
            return report
        with store.locked(path):
            G = store.read_graph(path, missing_ok=True)
            apply_records(G, drain(records), replace=replace, report=report, progress=progress)
            save(G, path, report, target, read_back, strict)
        return report


def save(
    G: nx.MultiDiGraph,
    path: Path,
    report: LoadReport,
    target: Path | None,
    read_back: Counter,
    strict: bool,
) -> None:
    """Write the graph (unless `strict` and a row was rejected), then the rejects file.

    In this order: a row leaves the rejects file only once the graph holding it is
    written, so none is ever in neither place. Called under the graph's lock.
    """
    report.rejections.sort(key=lambda r: (r.file, r.line))
    if not (strict and report.rejections):
        if report.added or report.replaced or not path.exists():
            store.write_graph(G, path)
    finish(report, target, read_back, strict)


def finish(report: LoadReport, target: Path | None, read_back: Counter, strict: bool) -> None:
    """Save the rejections for fixing, settle the rows loaded, and abort if `--strict`.

    Rows read back from the rejects file are settled: loaded, or rejected again (and
    written again with their new reason). With `--strict` and a rejection nothing was
    loaded, so only the rows rejected again are.
    """
    report.rejections.sort(key=lambda r: (r.file, r.line))
    if target is not None and (report.rejections or read_back):
        rejected = Counter(row_key(rejects_row(r)) for r in report.rejections)
        settled = rejected & read_back if strict and report.rejections else read_back
        report.rejects_file = write_rejects(report.rejections, target, settled)
    if report.rejections and strict:
        raise StrictAbort(report)
