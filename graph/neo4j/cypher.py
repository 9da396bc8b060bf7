"""The Cypher text detnet runs: constraints, and the statements that write a batch.

Labels and relationship types come from the schema (`detnet.graph.schema`) only, and
are checked to be plain identifiers before they are put into a statement.
"""

from __future__ import annotations

import re

from ..schema import LABELS, RELATIONSHIPS

CONSTRAINT_PREFIX = "detnet_"
_IDENTIFIER = re.compile(r"[A-Za-z_][A-Za-z0-9_]*")


def cypher_name(name: str) -> str:
    """A schema label or relationship type, quoted for Cypher; anything else is refused.

    >>> cypher_name("Person")
    '`Person`'
    """
    if name not in LABELS and name not in RELATIONSHIPS or not _IDENTIFIER.fullmatch(name):
        raise ValueError(f"not a schema label or relationship type: {name!r}")
    return f"`{name}`"


def constraint_name(label: str) -> str:
    """The name of the uniqueness constraint on a label's `id`.

    >>> constraint_name("Person")
    'detnet_person_id'
    """
    return f"{CONSTRAINT_PREFIX}{label.lower()}_id"


def constraint_statement(label: str) -> str:
    """
    >>> constraint_statement("Order")
    'CREATE CONSTRAINT detnet_order_id IF NOT EXISTS FOR (n:`Order`) REQUIRE n.id IS UNIQUE'
    """
    return (
        f"CREATE CONSTRAINT {constraint_name(label)} IF NOT EXISTS "
        f"FOR (n:{cypher_name(label)}) REQUIRE n.id IS UNIQUE"
    )


# The statements take their rows as a list parameter, `$rows`. A node's row is its
# property map, `id` included; a relationship's row is a list, [source id, target id,
# property map], which the driver packs and the server unpacks faster than a map.
# MERGE sets properties with ON CREATE SET and ON MATCH SET rather than a SET clause
# after it: the same effect, but the planner then puts no Eager in the plan (which would
# hold the whole batch before writing any of it).


def nodes_statement(label: str, create: bool = False) -> str:
    """Write a batch of one label's nodes; `create` for a label Neo4j holds no node of.

    >>> nodes_statement("Order", create=True)
    'UNWIND $rows AS row CREATE (n:`Order`) SET n = row'
    """
    name = cypher_name(label)
    if create:
        return f"UNWIND $rows AS row CREATE (n:{name}) SET n = row"
    return (
        f"UNWIND $rows AS row MERGE (n:{name} {{id: row.id}}) "
        "ON CREATE SET n = row ON MATCH SET n = row"
    )


def relationships_statement(type: str, source: str, target: str, create: bool = False) -> str:
    """Write a batch of one kind of relationship; `create` where none can exist yet."""
    match = (
        f"UNWIND $rows AS row "
        f"MATCH (a:{cypher_name(source)} {{id: row[0]}}) "
        f"MATCH (b:{cypher_name(target)} {{id: row[1]}}) "
    )
    if create:
        return match + f"CREATE (a)-[r:{cypher_name(type)}]->(b) SET r = row[2]"
    return (
        match + f"MERGE (a)-[r:{cypher_name(type)}]->(b) "
        "ON CREATE SET r = row[2] ON MATCH SET r = row[2]"
    )


def stale_relationships_statement(type: str, source: str, target: str) -> str:
    # A row is [source id, keep]: `keep` maps each target id the embedded graph holds to
    # true, a map lookup, not a list scan, so an official with 10,000 orders costs 10,000
    # lookups, not 10^8.
    return (
        f"UNWIND $rows AS row "
        f"MATCH (a:{cypher_name(source)} {{id: row[0]}})-[r:{cypher_name(type)}]->(b:{cypher_name(target)}) "
        f"WHERE row[1][b.id] IS NULL DELETE r"
    )


def relationship_kinds() -> list[tuple[str, str, str]]:
    """Every (type, source label, target label) the schema allows.

    >>> ("CITES", "Order", "Source") in relationship_kinds()
    True
    """
    return [
        (rel.type, source, target) for rel in RELATIONSHIPS.values() for source, target in rel.pairs
    ]
