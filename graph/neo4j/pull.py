"""Reading the detnet graph back from Neo4j: `fetch` into memory, `pull` into a file."""

from __future__ import annotations

from collections import Counter
from collections.abc import Mapping
from dataclasses import dataclass, field

import neo4j
import neo4j.graph
import networkx as nx

from ..errors import UsageError
from ..schema import LABELS, RELATIONSHIPS, node_key
from ..store import graph_path, locked, new_graph, read_graph, write_graph
from .connection import Connection, using
from .cypher import cypher_name, relationship_kinds
from .values import plain


@dataclass
class PullReport:
    address: str = ""  # the server, without user info
    database: str = ""
    graph: str | None = None  # the file written
    nodes: Counter = field(default_factory=Counter)  # by label
    relationships: Counter = field(default_factory=Counter)  # by type
    skipped_nodes: int = 0  # a schema label but no id
    skipped_relationships: int = 0  # an end that is not a detnet node of the right label


def fetch(query: str | None = None, *, connection: Connection | None = None):
    """The detnet graph Neo4j holds, or the part of it a Cypher query returns.

    Only the schema's labels and relationship types are read; anything else in the
    database is left out. With `query`, every node, relationship and path it returns
    (also inside lists and maps) is kept, with the two ends of each relationship.
    The query runs in a read transaction: it cannot change the database.

    Returns
    -------
    (networkx.MultiDiGraph, PullReport)
    """
    G, report = new_graph(), PullReport()
    with using(connection) as conn:
        report.address, report.database = conn.settings.address, conn.settings.database
        if query is None:
            _fetch_all(conn, G, report)
        else:
            _fetch_query(conn, query, G, report)
    return G, report


def _add_node(G: nx.MultiDiGraph, label: str, props: Mapping, report: PullReport) -> None:
    id = props.get("id")
    if id is None:
        report.skipped_nodes += 1
        return
    G.add_node(node_key(label, str(id)), **{k: plain(v) for k, v in props.items()}, label=label)
    report.nodes[label] += 1


def _fetch_all(conn: Connection, G: nx.MultiDiGraph, report: PullReport) -> None:
    for label in LABELS:
        for record in conn.read(f"MATCH (n:{cypher_name(label)}) RETURN properties(n) AS props"):
            _add_node(G, label, record["props"], report)
    for type, source, target in relationship_kinds():
        statement = (
            f"MATCH (a:{cypher_name(source)})-[r:{cypher_name(type)}]->(b:{cypher_name(target)}) "
            "RETURN a.id AS source, b.id AS target, properties(r) AS props"
        )
        for source_id, target_id, props in conn.read(statement):
            _add_edge(G, (source, source_id), (target, target_id), type, props, report)


def _add_edge(G, source: tuple, target: tuple, type: str, props: Mapping, report) -> None:
    u, v = node_key(source[0], str(source[1])), node_key(target[0], str(target[1]))
    if source[1] is None or target[1] is None or u not in G or v not in G:
        report.skipped_relationships += 1
        return
    G.add_edge(u, v, key=type, **{k: plain(x) for k, x in props.items()})
    report.relationships[type] += 1


def _graph_of(tx: neo4j.ManagedTransaction, query: str) -> neo4j.graph.Graph:
    return tx.run(query).graph()


def _fetch_query(conn: Connection, query: str, G: nx.MultiDiGraph, report: PullReport) -> None:
    with conn.session() as session:
        found = session.execute_read(_graph_of, query)
    nodes = {n.element_id: n for n in found.nodes if n.labels}
    # A relationship whose end the query did not return arrives with a bare end node
    # (no labels, no properties): read those ends.
    missing = {
        end.element_id
        for r in found.relationships
        for end in (r.start_node, r.end_node)
        if end.element_id not in nodes
    }
    if missing:
        for record in conn.read(
            "MATCH (n) WHERE elementId(n) IN $ids RETURN n", {"ids": sorted(missing)}
        ):
            nodes[record["n"].element_id] = record["n"]
    for n in nodes.values():
        for label in sorted(n.labels & LABELS.keys()):
            _add_node(G, label, dict(n.items()), report)
    for r in found.relationships:
        rel = RELATIONSHIPS.get(r.type)
        start, end = nodes.get(r.start_node.element_id), nodes.get(r.end_node.element_id)
        if rel is None or start is None or end is None:
            report.skipped_relationships += 1
            continue
        pair = next(((s, t) for s, t in rel.pairs if s in start.labels and t in end.labels), None)
        if pair is None:
            report.skipped_relationships += 1
            continue
        source, target = pair
        _add_edge(G, (source, start.get("id")), (target, end.get("id")), r.type, dict(r), report)


def pull(
    graph: object = None,
    *,
    query: str | None = None,
    overwrite: bool = False,
    connection: Connection | None = None,
) -> PullReport:
    """Read the graph (or a query's subgraph, see `fetch`) from Neo4j into a graph file.

    The file is written atomically under the store's write lock. A graph file that
    already holds nodes is only replaced with `overwrite`: a pull must not silently
    discard records that were never pushed. An in-memory graph is refused before
    anything is read:

    >>> pull(nx.MultiDiGraph())
    Traceback (most recent call last):
    ...
    detnet.graph.errors.UsageError: pull writes a graph file; use fetch() for an in-memory graph
    """
    if isinstance(graph, nx.MultiDiGraph):
        raise UsageError("pull writes a graph file; use fetch() for an in-memory graph")
    path = graph_path(graph)
    with locked(path):
        if not overwrite and path.exists() and read_graph(path).number_of_nodes():
            raise UsageError(
                f"{path} already holds a graph; give --overwrite to replace it "
                "with what Neo4j holds, or --graph NEW_FILE"
            )
        G, report = fetch(query, connection=connection)
        write_graph(G, path)
    report.graph = str(path)
    return report
