"""Records straight into the files of Neo4j's importer, never held whole in memory.

`detnet neo4j bulk --records PATH FOLDER`: the same reading, validation and checks as
`detnet load` (`Loading`), with the importer's files as their target instead of a
networkx graph. A graph of ten million orders takes more memory than a workstation
has as networkx's dicts; here each record is written once it has passed, and what the
load keeps of it is its key, where it was given and a 16-byte digest: enough to tell a
record given twice, the same or different, and to check every reference.

Records are read kind by kind, in contract order (a CSV file names its kind; the rows
of JSON Lines files, which mix kinds, wait in memory for their kind's turn). A first
load replaces nothing: a record given twice with different values is rejected, as
`detnet load` does within one load. Relationship records (family ties, judgements)
are kept whole and written last, since a later judgement of a pair replaces an
earlier one. Status lists (`detnet load-list`) need a graph to be matched against and
are not read here.
"""

from __future__ import annotations

import hashlib
import os
from collections.abc import Iterable, Iterator
from itertools import chain
from pathlib import Path

import orjson
from detnet.graph import store
from detnet.graph.neo4j.bulk import BulkReport, ImportFiles
from detnet.graph.schema import split_key

from .contract import KINDS, Kind
from .load import Loading, LoadReport, drain, parents_first, self_references, write_rejects
from .read import discover
from .transform import Footprint, same
from .validate import Record, validate

REJECTS_FILE = "rejected.jsonl"  # in the folder: rejected rows, as `detnet load` writes them


def digest(fp: Footprint) -> bytes:
    """What tells two footprints of one identity apart, in 16 bytes: equal exactly when
    `transform.same` says they are (short of a BLAKE2b collision)."""
    edges = sorted(fp.edges, key=lambda e: e[:3])
    data = orjson.dumps([fp.node, edges], option=orjson.OPT_SORT_KEYS, default=str)
    return hashlib.blake2b(data, digest_size=16).digest()


class ImportTarget:
    """A load's target that writes each new record into the importer's files."""

    def __init__(self, files: ImportFiles) -> None:
        self.files = files
        self.nodes: dict[str, bytes] = {}  # node key -> digest of the record that made it
        self.ties: dict[tuple, Footprint] = {}  # relationship records, written at `close`

    def current(self, kind: Kind, fp: Footprint) -> Footprint | bytes | None:
        return self.ties.get(fp.identity) if fp.node is None else self.nodes.get(fp.identity)

    @staticmethod
    def same(fp: Footprint, old: Footprint | bytes) -> bool:
        if isinstance(old, Footprint):
            return same(fp, old)
        return digest(fp) == old

    def put_new(self, footprints: Iterable[Footprint]) -> None:
        for fp in footprints:
            if fp.node is None:
                self.ties[fp.identity] = fp
                continue
            self.nodes[fp.identity] = digest(fp)
            self.files.node(fp.identity, fp.node)
            self._relationships(fp)

    def put(self, fp: Footprint, old: Footprint | bytes) -> None:
        # `Loading` replaces a record only with --replace (never given here) or for a
        # later judgement of a pair, a relationship record, not yet written.
        if fp.node is not None:
            raise AssertionError(f"{fp.identity}: a written record cannot be replaced")
        self.ties[fp.identity] = fp

    def close(self) -> BulkReport:
        for fp in self.ties.values():
            self._relationships(fp)
        return self.files.close()

    def _relationships(self, fp: Footprint) -> None:
        for u, v, type, attrs in fp.edges:
            self.files.relationship(u, v, type, attrs, (split_key(u), split_key(v)))


def bulk_records(
    paths: Iterable[str | os.PathLike], folder: str | os.PathLike
) -> tuple[LoadReport, BulkReport]:
    """Read, check and write record files into the importer's files in `folder` (new or
    empty), as `detnet load` would load them into a new graph.

    Returns what the load did (rows rejected are also in `folder/rejected.jsonl`) and
    what the files hold. Raises `InputError` when a file cannot be read at all; then the
    folder is left empty.

    >>> from pathlib import Path
    >>> _ = Path("in").mkdir(), Path("in/persons.csv").write_text("id,name\\nP1,Ana Inventada\\n")
    >>> _ = Path("in/orders.csv").write_text(
    ...     "id,kind,date,person_id\\nO1,arrest,marzo 2019,P1\\nO2,release,2019,P2\\n")
    >>> report, files = bulk_records(["in"], "import")
    >>> print(report.rejections[0])
    in/orders.csv:3: person_id: unknown person 'P2'
    >>> dict(files.nodes), dict(files.relationships), report.rejects_file.name
    ({'Person': 1, 'Order': 1}, {'CONCERNS': 1}, 'rejected.jsonl')
    """
    inputs = discover(list(paths))
    files = ImportFiles(folder)
    report = LoadReport(ignored=inputs.ignored)
    target = ImportTarget(files)
    loading = Loading(target, report=report)
    try:
        with store.gc_paused():  # millions of long-lived objects, no cycles
            for record in _in_contract_order(inputs, loading):
                loading.take(record)
            loading.finish()
            written = target.close()
    except BaseException:
        files.abandon()
        raise
    report.rejections.sort(key=lambda r: (r.file, r.line))
    report.rejects_file = write_rejects(report.rejections, Path(folder) / REJECTS_FILE)
    return report, written


def _in_contract_order(inputs, loading: Loading) -> Iterator[Record]:
    """The valid records of the inputs, kind by kind; rejected rows go to the report."""

    def checked(rows) -> Iterator[Record]:
        for row in rows:
            record = validate(row)
            if isinstance(record, Record):
                yield record
            else:
                loading.report.rejections.append(record)
                loading.note_rejected(record)

    mixed: dict[str, list[Record]] = {kind.name: [] for kind in KINDS}
    for path, kind in inputs.files:
        if kind is None:
            for record in checked(inputs.read(path, None)):
                mixed[record.kind.name].append(record)
    for kind in KINDS:
        own = (inputs.read(path, k) for path, k in inputs.files if k is kind)
        records = chain(checked(chain.from_iterable(own)), drain(mixed[kind.name]))
        if self_references(kind):
            records = parents_first(kind, list(records))
        yield from records
