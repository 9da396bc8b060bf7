// fragment: all_facts
// description: one row per person (a cluster of records judged the same is one person):
// description: `person_id` (canonical), `person_ids` and `events`, their orders and
// description: status-list entries known by `known_by` (null: all), as maps (see fact_map), in
// description: order, with the orders the lists reveal (see infer). Read in one pass over the
// description: records, not person by person.
CALL {
  WITH judged, known_by
  MATCH (x)-[:CONCERNS]->(m:Person)
  // include: cluster(node=m, id=person_id, ids=person_ids)
  // include: fact_map
  WITH person_id, person_ids, fact, listed, time, rank
  WHERE known_by IS NULL OR fact.known <= known_by
  ORDER BY person_id, fact.start, listed, time, rank, fact.id
  RETURN person_id, person_ids, collect(fact) AS facts
}
// include: infer
