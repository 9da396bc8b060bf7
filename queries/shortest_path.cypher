// name: shortest_path
// description: The shortest connection between two persons, through any relationship but CITES
// description: (two records citing the same report are not connected by it); direction is
// description: ignored. Among paths of the same length, the one whose node keys come first in
// description: order, step by step (what a breadth-first search visiting neighbours in
// description: node-key order finds). One row per node, step 0 being person_a; name is the
// description: record's name (an order's kind and date); relationship ties the node to the
// description: previous one (FAMILY with its relation, e.g. FAMILY in_law). No rows when the two
// description: are not connected.
// param: person_a: Person -- a person id
// param: person_b: Person -- another person id
// columns: step, node_key, label, name, relationship
// :params {person_a: "P-TUDARES", person_b: "P-GONZALEZ-URRUTIA"}
MATCH (a:Person {id: $person_a}), (b:Person {id: $person_b})
MATCH path = allShortestPaths((a)-[:ISSUED|CONCERNS|AT|FAMILY|IS_PERSON*0..]-(b))
WITH path, [n IN nodes(path) | head(labels(n)) + ':' + n.id] AS keys
ORDER BY keys
LIMIT 1
WITH nodes(path) AS hops, keys
UNWIND range(0, size(hops) - 1) AS step
WITH step, hops[step] AS n, keys[step] AS node_key, hops[step - 1] AS previous
// Between two adjacent nodes, the relationship whose type comes first; on a tie, the one
// that starts at the previous node.
WITH step, n, node_key, head(labels(n)) AS label,
     CASE WHEN step = 0 THEN null ELSE
       reduce(best = null, r IN [(previous)-[r]-(n) WHERE type(r) <> 'CITES' | r] |
         CASE
           WHEN best IS NULL THEN r
           WHEN type(r) < type(best) THEN r
           WHEN type(r) = type(best) AND startNode(r) = previous AND startNode(best) <> previous
             THEN r
           ELSE best
         END)
     END AS tie
RETURN step,
       node_key,
       label,
       CASE label
         WHEN 'Order' THEN n.kind + ' ' + toString(n.date)
         WHEN 'Source' THEN coalesce(n.title, n.id)
         ELSE CASE WHEN n.name IS NULL OR n.name = '' THEN coalesce(n.id, node_key) ELSE n.name END
       END AS name,
       CASE
         WHEN tie IS NULL THEN null
         WHEN type(tie) = 'FAMILY' AND tie.relation IS NOT NULL THEN 'FAMILY ' + tie.relation
         ELSE type(tie)
       END AS relationship
ORDER BY step
