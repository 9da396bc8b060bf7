// fragment: cluster
// description: `{{id}}`: the canonical id of the record `{{node}}` (the smallest id of the
// description: records judged `same` with it, unless a `different` judgement joins two of
// description: them: then its own), and `{{ids}}`: the sorted ids merged into it.
// takes: node, id, ids
CALL {
  WITH {{node}}
  WITH {{node}} AS node
  OPTIONAL MATCH (node)-[:JUDGED*1.. {judgement: 'same'}]-(other)
  WITH node, [node] + [m IN collect(DISTINCT other) WHERE m <> node] AS members
  WITH node, CASE
    WHEN size(members) > 1 AND any(a IN members WHERE EXISTS {
           MATCH (a)-[:JUDGED {judgement: 'different'}]-(b) WHERE b IN members })
      THEN [node]
    ELSE members
  END AS members
  UNWIND members AS member
  WITH node, member ORDER BY member.id
  WITH node, collect(member.id) AS ids
  RETURN CASE WHEN node IS NULL THEN null ELSE ids[0] END AS {{id}},
         CASE WHEN node IS NULL THEN [] ELSE ids END AS {{ids}}
}
