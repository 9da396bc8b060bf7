// name: shortest_path
// description: The shortest connection between two persons, through any relationship but CITES
// description: (two records citing the same report are not connected by it); direction is
// description: ignored. Records judged the same are one: a `same` judgement connects its two
// description: records too, and consecutive records of one cluster make one row, under its
// description: canonical id (in a conflict nothing is merged: the judgement shows as a step,
// description: JUDGED same). Among the paths with fewest relationships, the one with fewest
// description: rows, then the one whose canonical node keys come first, step by step, then
// description: the one whose recorded keys do. One row per node, step 0 being person_a's;
// description: name is the record's name (an order's kind and date); relationship ties the
// description: node to the previous one (FAMILY with its relation, e.g. FAMILY in_law). No rows
// description: when the two are not connected.
// param: person_a: Person -- a person id
// param: person_b: Person -- another person id
// columns: step, node_key, label, name, relationship
// :params {person_a: "P-TUDARES", person_b: "P-GONZALEZ-URRUTIA"}
// include: judged
MATCH (a:Person {id: $person_a}), (b:Person {id: $person_b})
// Any relationship but CITES (and MATCHED, to reference entities the networkx graph does
// not hold as nodes); of judgements, only `same` ones (the twin's `_walked`).
MATCH path = allShortestPaths((a)-[*0..]-(b))
WHERE all(r IN relationships(path) WHERE NOT type(r) IN ['CITES', 'MATCHED']
                                     AND (type(r) <> 'JUDGED' OR r.judgement = 'same'))
WITH path, judged, nodes(path) AS recorded,
     [n IN nodes(path) | head(labels(n)) + ':' + n.id] AS keys
CALL {
  WITH recorded, judged
  UNWIND range(0, size(recorded) - 1) AS i
  WITH i, recorded[i] AS node, judged
  // include: cluster(node=node, id=canonical, ids=members)
  WITH i, head(labels(node)) + ':' + canonical AS canonical_key
  ORDER BY i
  RETURN collect(canonical_key) AS canonical
}
WITH recorded, keys, canonical,
     [i IN range(0, size(canonical) - 1) WHERE i = 0 OR canonical[i] <> canonical[i - 1]] AS starts
WITH recorded, keys, starts, [i IN starts | canonical[i]] AS collapsed
ORDER BY size(collapsed), collapsed, keys
LIMIT 1
UNWIND range(0, size(starts) - 1) AS step
WITH step, collapsed[step] AS node_key, recorded[starts[step]] AS entry,
     recorded[starts[step] - 1] AS previous
// The canonical record: the entry itself, or the record of its cluster it is reported under.
WITH step, node_key, entry, previous, split(node_key, ':')[0] AS label,
     substring(node_key, size(split(node_key, ':')[0]) + 1) AS id
WITH step, node_key, entry, previous, label,
     CASE WHEN entry.id = id THEN entry
       ELSE head([(entry)-[:JUDGED*1.. {judgement: 'same'}]-(m) WHERE m.id = id | m])
     END AS n
// Between two adjacent nodes, the relationship whose type comes first; on a tie, the one
// that starts at the previous node. Of judgements, only `same` ones join.
WITH step, n, node_key, label,
     CASE WHEN step = 0 THEN null ELSE
       reduce(best = null, r IN [(previous)-[r]-(entry)
                                 WHERE type(r) <> 'CITES'
                                   AND (type(r) <> 'JUDGED' OR r.judgement = 'same') | r] |
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
         WHEN type(tie) = 'JUDGED' THEN 'JUDGED same'
         ELSE type(tie)
       END AS relationship
ORDER BY step
