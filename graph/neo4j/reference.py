"""Reference entities in Neo4j: `(:Reference)` nodes and `[:MATCHED]` relationships.

`detnet neo4j push` writes them after the graph, from the reference table beside it
(`detnet.graph.reference`): each entity as a node holding `node_properties` (what the
saved queries read), and each pair judged the same as `(record)-[:MATCHED {at}]->(ref)`
from the official or institution. Neo4j then mirrors the table: entities no longer in
it and matches no longer judged the same are deleted, as push does for the graph's own
relationships. Statements are fixed text; every value goes as a parameter.
"""

from __future__ import annotations

from ..reference import ReferenceTable, node_properties
from ..schema import INSTITUTION, OFFICIAL, split_key

CONSTRAINT = (
    "CREATE CONSTRAINT detnet_reference_id IF NOT EXISTS FOR (r:Reference) REQUIRE r.id IS UNIQUE"
)
NODES = "UNWIND $rows AS row MERGE (r:Reference {id: row.id}) SET r = row"
STALE_NODES = "MATCH (r:Reference) WHERE NOT r.id IN $ids DETACH DELETE r"
STALE_MATCHES = (
    "MATCH (n)-[m:MATCHED]->(r:Reference) WHERE NOT [labels(n)[0], n.id, r.id] IN $pairs DELETE m"
)
MATCHES = {
    label: (
        f"UNWIND $rows AS row MATCH (n:{label} {{id: row.record}}) "
        "MATCH (r:Reference {id: row.entity}) MERGE (n)-[m:MATCHED]->(r) SET m.at = row.at"
    )
    for label in (OFFICIAL, INSTITUTION)
}


def push_reference(conn, table: ReferenceTable) -> int:
    """Write the table's entities and matches; return how many matches Neo4j holds.

    The statement for officials' matches (every value a parameter):

    >>> print(MATCHES["Official"])  # doctest: +NORMALIZE_WHITESPACE
    UNWIND $rows AS row MATCH (n:Official {id: row.record})
    MATCH (r:Reference {id: row.entity}) MERGE (n)-[m:MATCHED]->(r) SET m.at = row.at
    """
    conn.write(CONSTRAINT)
    rows = [node_properties(e) for e in table.entities.values()]
    conn.write(NODES, {"rows": rows})
    conn.write(STALE_NODES, {"ids": [r["id"] for r in rows]})
    matches: dict[str, list[dict]] = {OFFICIAL: [], INSTITUTION: []}
    for key, entity, judgement in table.matches():
        label, id = split_key(key)
        if label in matches:
            matches[label].append({"record": id, "entity": entity, "at": judgement.get("at")})
    pairs = [[label, m["record"], m["entity"]] for label, ms in matches.items() for m in ms]
    conn.write(STALE_MATCHES, {"pairs": pairs})
    for label, found in matches.items():
        if found:
            conn.write(MATCHES[label], {"rows": found})
    return len(pairs)
