// fragment: person_facts
// description: each person `p` (one row per cluster of records judged the same: other
// description: members' rows are dropped) with `person_id` (canonical), `person_ids` and
// description: `events`: their orders and status-list entries (kind `listed`) known by
// description: `known_by` (null: all), as maps (see fact_map), in order, with the orders the
// description: lists reveal (see infer). For a few persons; all_facts reads every person's.
// include: cluster(node=p, id=person_id, ids=person_ids)
WITH * WHERE person_id = p.id
CALL {
  WITH person_ids, known_by, judged
  MATCH (x)-[:CONCERNS]->(m:Person)
  WHERE m.id IN person_ids
  // include: fact_map
  WITH fact, listed, time, rank WHERE known_by IS NULL OR fact.known <= known_by
  WITH fact ORDER BY fact.start, listed, time, rank, fact.id
  RETURN collect(fact) AS facts
}
// include: infer
