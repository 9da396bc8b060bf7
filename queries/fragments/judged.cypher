// fragment: judged
// description: `judged`: for every record with a judgement, [its element id, its canonical id
// description: (the smallest id of the records judged `same` with it, unless a `different`
// description: judgement joins two of them: then its own), the sorted ids merged into it].
// description: Worked out once per query, for the few records judgements touch; see cluster.
CALL {
  // A scan of the JUDGED relationships, not of every node: the relationship type index.
  MATCH (a)-[:JUDGED]-()
  WITH DISTINCT a
  OPTIONAL MATCH (a)-[:JUDGED*1.. {judgement: 'same'}]-(other)
  WITH a, [a] + [m IN collect(DISTINCT other) WHERE m <> a] AS members
  WITH a, CASE
    WHEN size(members) > 1 AND any(x IN members WHERE EXISTS {
           MATCH (x)-[:JUDGED {judgement: 'different'}]-(y) WHERE y IN members })
      THEN [a]
    ELSE members
  END AS members
  UNWIND members AS member
  WITH a, member ORDER BY member.id
  WITH a, collect(member.id) AS ids
  RETURN collect([elementId(a), ids[0], ids]) AS judged
}
