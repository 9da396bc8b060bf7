"""Writing the embedded graph into Neo4j: `push`.

Uniqueness constraints on `(:Label {id})` first, then one batched
`UNWIND $rows ... MERGE` statement per label and per relationship type, each batch in
a managed transaction (the driver retries it on transient errors). Where Neo4j holds
no node of the label, or no relationship of the type, yet, the statement is a CREATE
instead: faster, and unable to make a duplicate there (see `push_steps`). The rows of
a batch are made as it is sent, in a thread of their own, while the server writes the
batch before: never all at once, which would hold a second copy of the graph. Neo4j
then mirrors, for every node the embedded graph holds, what the embedded graph says
about it:

- its properties, replaced whole (`SET n = row`), so that a record changed by
  `detnet load --replace` is changed in Neo4j too;
- its outgoing relationships of the schema's types: one the embedded graph no longer
  has (an order moved to another person by `load --replace`) is deleted. Without
  this, the order would concern both persons in Neo4j and the two engines would
  disagree.

Nodes and relationships that only Neo4j holds (another tool's, another push's) are
left alone. Pushing the same graph twice changes nothing, and a push cut short (the
server died) can be rerun: the rerun finds the labels and types it had begun to write,
and MERGEs them on the constrained key, which never makes a duplicate.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Callable, Iterable, Iterator
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass, field
from functools import partial
from itertools import islice
from math import ceil

import neo4j
import neo4j.exceptions as ne
import networkx as nx

from ..errors import Neo4jStoreError, Neo4jUnreachableError, UsageError
from ..progress import Progress, no_progress
from ..schema import LABELS, RELATIONSHIPS
from ..store import open_graph
from .connection import Connection, using
from .cypher import (
    constraint_statement,
    cypher_name,
    nodes_statement,
    relationship_kinds,
    relationships_statement,
    stale_relationships_statement,
)
from .values import node_properties

# Rows per transaction: large enough that the round trip is paid rarely, small enough
# that a batch never strains a 1 GB heap (a row is a few hundred bytes).
DEFAULT_BATCH_SIZE = 10_000


@dataclass
class Step:
    """One statement run over batches of rows. `rows()` makes the rows afresh at each
    call, so that a batch is only made when it is about to be sent."""

    what: str  # e.g. "Person" or "CITES Order->Source", for messages
    statement: str
    rows: Callable[[], Iterable]
    size: int  # rows a batch, or their total weight
    weight: Callable[[object], int] | None = None  # how many rows a row counts for
    count: int = 0  # how many batches

    def batches(self) -> Iterator[list]:
        return batched(self.rows(), self.size, self.weight)


@dataclass
class PushReport:
    address: str = ""  # the server, without user info
    database: str = ""
    nodes: Counter = field(default_factory=Counter)  # pushed, by label
    relationships: Counter = field(default_factory=Counter)  # pushed, by type
    created_nodes: int = 0
    created_relationships: int = 0
    deleted_relationships: int = 0
    batches: int = 0


def batched(
    rows: Iterable, size: int, weight: Callable[[object], int] | None = None
) -> Iterator[list]:
    """Rows in consecutive batches of total `weight` at most `size` (a heavier row alone);
    without `weight`, `size` rows a batch.

    >>> list(batched([{"n": 1}, {"n": 2}, {"n": 3}], 2))
    [[{'n': 1}, {'n': 2}], [{'n': 3}]]
    >>> list(batched([[1], [1, 2, 3], [1]], 2, weight=len))
    [[[1]], [[1, 2, 3]], [[1]]]
    """
    rows = iter(rows)
    if weight is None:
        while batch := list(islice(rows, size)):
            yield batch
        return
    batch, total = [], 0
    for row in rows:
        w = weight(row)
        if batch and total + w > size:
            yield batch
            batch, total = [], 0
        batch.append(row)
        total += w
    if batch:
        yield batch


def push_steps(
    G: nx.MultiDiGraph, batch_size: int, held: Iterable[str] = ()
) -> tuple[list[Step], PushReport]:
    """The statements and row batches that write `G`, in order: nodes, then
    relationships, deleting first the stale ones (see the module docstring), with counts
    of what they push. `held` names the labels and relationship types Neo4j holds.

    Nothing is written here, and a node without a schema label is refused here: before
    any write. The rows themselves are made only as each batch is sent.

    Where Neo4j holds nothing yet, CREATE replaces MERGE, which is faster and cannot make
    a duplicate there:

    - nodes of a label Neo4j holds none of: each id is pushed once (ids are checked to be
      unique within each label), and the uniqueness constraint would refuse a second;
    - relationships of a type Neo4j holds none of, from a label it held no node of: each
      edge of `G` is one (source, target) pair, and no other kind of the same type can
      reach the same source node, since this push made every node of that label, with
      that one label.

    A push cut short and run again finds the label or type held, and MERGEs.
    No relationship of a type Neo4j does not hold can be stale: those checks are left out.
    """
    held = set(held)
    node, succ = G._node, G._succ
    keys: dict[str, list] = {label: [] for label in LABELS}  # node keys, by label
    for key, label in G.nodes(data="label"):
        if label not in LABELS:
            raise UsageError(f"node {key!r} has no schema label (it has {label!r})")
        keys[label].append(key)
    # One pass over every edge, for the counts: the progress shows batches out of a total.
    kinds: Counter = Counter()
    for source, sources in keys.items():
        kinds.update(
            (type, source, node[v]["label"])
            for u in sources
            for v, keyed in succ[u].items()
            for type in keyed
        )
    unique = all(len({node[key]["id"] for key in ks}) == len(ks) for ks in keys.values())
    fresh = {label for label in LABELS if label not in held and unique}

    report = PushReport()
    steps = []
    for label, ks in keys.items():
        report.nodes[label] = len(ks)
        statement = nodes_statement(label, create=label in fresh)
        rows = partial(_node_rows, G, label, ks)
        steps.append(Step(label, statement, rows, batch_size, count=ceil(len(ks) / batch_size)))
    for kind in relationship_kinds():
        type, source, target = kind
        if type in held:
            statement = stale_relationships_statement(*kind)
            rows = partial(_stale_rows, G, keys[source], kind)
            step = Step(f"{type} {source}->{target}", statement, rows, batch_size, _keep_weight)
            step.count = sum(1 for _ in step.batches())  # a dry run: the weights vary
            steps.append(step)
    for kind in relationship_kinds():
        type, source, target = kind
        report.relationships[type] += kinds[kind]
        statement = relationships_statement(*kind, create=type not in held and source in fresh)
        rows = partial(_relationship_rows, G, keys[source], kind)
        count = ceil(kinds[kind] / batch_size)
        steps.append(Step(f"{type} {source}->{target}", statement, rows, batch_size, count=count))
    return [step for step in steps if step.count], report


def _node_rows(G: nx.MultiDiGraph, label: str, keys: list) -> Iterator[dict]:
    node = G._node
    return (node_properties(label, node[key]) for key in keys)


def _relationship_rows(G: nx.MultiDiGraph, sources: list, kind: tuple) -> Iterator[list]:
    """[source id, target id, properties] for every edge of `kind` from `sources`."""
    type, _, target = kind
    node, succ = G._node, G._succ
    for u in sources:
        source_id = node[u]["id"]
        for v, keyed in succ[u].items():
            attrs = keyed.get(type)
            if attrs is not None and node[v]["label"] == target:
                props = {k: x for k, x in attrs.items() if x is not None}
                yield [source_id, node[v]["id"], props]


def _stale_rows(G: nx.MultiDiGraph, sources: list, kind: tuple) -> Iterator[list]:
    """[source id, keep] for every node of `sources`, `keep` its targets of `kind`."""
    type, _, target = kind
    node, succ = G._node, G._succ
    for u in sources:
        keep = {
            node[v]["id"]: True
            for v, keyed in succ[u].items()
            if type in keyed and node[v]["label"] == target
        }
        yield [node[u]["id"], keep]


def _keep_weight(row: list) -> int:
    return 1 + len(row[1])  # a stale check's row: its map of n target ids weighs n rows


def push(
    graph: object = None,
    *,
    batch_size: int = DEFAULT_BATCH_SIZE,
    connection: Connection | None = None,
    progress: Progress = no_progress,
) -> PushReport:
    """Write the embedded graph into Neo4j (see the module docstring for what changes).

    Parameters
    ----------
    graph : path, None or networkx.MultiDiGraph
        The graph to push (see `detnet.open_graph`).
    batch_size : int
        Rows per transaction.
    connection : Connection, optional
        An open connection; by default one is opened from the environment.
    progress : callable
        `progress(batches, length, label)` wraps the batches, e.g. in a progress bar.

    Returns
    -------
    PushReport
        What was pushed, and what was created or deleted: all zero when Neo4j already
        held the same graph.
    """
    if isinstance(batch_size, bool) or not isinstance(batch_size, int) or batch_size < 1:
        raise UsageError(f"--batch-size: expected a whole number, 1 or more, not {batch_size!r}")
    G = open_graph(graph)
    with using(connection) as conn:
        for label in LABELS:
            conn.write(constraint_statement(label))
        held = [name for name in (*LABELS, *RELATIONSHIPS) if _holds(conn, name)]
        steps, report = push_steps(G, batch_size, held)
        total = sum(step.count for step in steps)
        work = ((step, batch) for step in steps for batch in step.batches())
        done = 0
        try:
            with ThreadPoolExecutor(max_workers=1, thread_name_prefix="detnet-push") as worker:
                batches = MadeAhead(work, worker)
                for step, batch in progress(batches, total, "neo4j push"):
                    counters = _write_batch(conn, step, batch, sent=batches.start)
                    report.created_nodes += counters.nodes_created
                    report.created_relationships += counters.relationships_created
                    report.deleted_relationships += counters.relationships_deleted
                    done += 1
        except (ne.ServiceUnavailable, ne.SessionExpired, ne.IncompleteCommit):
            raise Neo4jUnreachableError(
                f"lost Neo4j at {conn.settings.address} after {done} of {total} batches; "
                "what was written stays and nothing is doubled: run `detnet neo4j push` "
                "again to finish"
            ) from None
        report.batches = done
        _push_reference(conn, G)
        report.address, report.database = conn.settings.address, conn.settings.database
    return report


def _push_reference(conn, G: nx.MultiDiGraph) -> None:
    """The reference entities beside the graph, and their matches (neo4j/reference.py).
    Where there are none and Neo4j holds none, nothing is sent."""
    from ..reference import of
    from .reference import push_reference

    table = of(G)
    held = conn.read("MATCH (r:Reference) RETURN count(r) > 0 AS holds")[0]["holds"]
    if table.entities or held:
        push_reference(conn, table)


class MadeAhead:
    """The items of an iterator, each made in a worker thread ahead of its turn: `start()`
    begins making the next one, and iterating waits for it (starting it if need be).

    The push starts the next batch once the server has run the statement on the
    current one: its rows are then built while the server commits, and not while the
    driver packs the current batch (both would want the interpreter at once, and the
    packing would wait).

    >>> with ThreadPoolExecutor(max_workers=1) as worker:
    ...     list(MadeAhead(iter(range(3)), worker))
    [0, 1, 2]
    """

    def __init__(self, items: Iterator, worker: ThreadPoolExecutor) -> None:
        self.items, self.worker, self.pending = items, worker, None

    def start(self) -> None:
        if self.pending is None:
            self.pending = self.worker.submit(next, self.items, _END)

    def __iter__(self) -> Iterator:
        while True:
            self.start()
            item, self.pending = self.pending.result(), None
            if item is _END:
                return
            yield item


_END = object()


def _holds(conn: Connection, name: str) -> bool:
    """Whether Neo4j holds any node of this label or relationship of this type (read
    from its count store)."""
    if name in LABELS:
        statement = f"MATCH (n:{cypher_name(name)}) RETURN count(n) > 0 AS holds"
    else:
        statement = f"MATCH ()-[r:{cypher_name(name)}]->() RETURN count(r) > 0 AS holds"
    return conn.read(statement)[0]["holds"]


def _write_batch(
    conn: Connection, step: Step, batch: list, sent: Callable[[], None]
) -> neo4j.SummaryCounters:
    try:
        with conn.session() as session:
            return session.execute_write(_write_rows, step.statement, batch, sent)
    except (TypeError, ValueError, OverflowError) as e:
        # The driver could not encode a value: a property Neo4j cannot store.
        raise Neo4jStoreError(f"cannot push {step.what}: {e}") from None


def _write_rows(
    tx: neo4j.ManagedTransaction, statement: str, rows: list, sent: Callable[[], None]
) -> neo4j.SummaryCounters:
    result = tx.run(statement, {"rows": rows})
    sent()  # the server has run the statement: make the next batch while it commits
    return result.consume().counters
