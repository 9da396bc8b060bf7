"""What the Neo4j tests share: emptying the database and taking snapshots of it."""

from __future__ import annotations

import networkx as nx
from detnet.graph import neo4j


def wipe(connection: neo4j.Connection, constraints: bool = True) -> None:
    """Delete every node and relationship (in batches) and, unless told not to, detnet's
    constraints: dropping one makes Neo4j forget every query plan it has made."""
    with connection.session() as session:
        session.run(
            "MATCH (n) CALL { WITH n DETACH DELETE n } IN TRANSACTIONS OF 10000 ROWS"
        ).consume()
    if not constraints:
        return
    # Every detnet constraint, not only the schema's: reference pushes add their own.
    names = connection.read(
        "SHOW CONSTRAINTS YIELD name WHERE name STARTS WITH 'detnet_' RETURN name"
    )
    for row in names:
        connection.write(f"DROP CONSTRAINT `{row['name']}` IF EXISTS")


def frozen(value: object) -> object:
    """A hashable copy of a property value (lists become tuples)."""
    if isinstance(value, list):
        return tuple(frozen(v) for v in value)
    return value


def snapshot(connection: neo4j.Connection) -> tuple[set, set]:
    """Every node and relationship with its element id, labels or type, and properties:
    equal snapshots mean nothing was created, deleted or changed."""
    nodes = connection.read(
        "MATCH (n) RETURN elementId(n) AS id, labels(n) AS labels, properties(n) AS props"
    )
    rels = connection.read(
        "MATCH (a)-[r]->(b) RETURN elementId(r) AS id, type(r) AS type, elementId(a) AS a, "
        "elementId(b) AS b, properties(r) AS props"
    )
    return (
        {(n["id"], tuple(sorted(n["labels"])), frozen_props(n["props"])) for n in nodes},
        {(r["id"], r["type"], r["a"], r["b"], frozen_props(r["props"])) for r in rels},
    )


def frozen_props(props: dict) -> tuple:
    return tuple(sorted((k, frozen(v)) for k, v in props.items()))


def graph_as_sets(G: nx.MultiDiGraph) -> tuple[set, set]:
    """A networkx graph as sets of tuples: nodes with attributes, edges with attributes."""
    nodes = {(key, frozen_props(attrs)) for key, attrs in G.nodes(data=True)}
    edges = {(u, v, k, frozen_props(attrs)) for u, v, k, attrs in G.edges(keys=True, data=True)}
    return nodes, edges


def rows_as_set(rows: list[dict], columns) -> set[tuple]:
    """Query rows as a set of tuples in column order (cartography-style comparison)."""
    return {tuple(frozen(row[c]) for c in columns) for row in rows}
