// fragment: person_events
// description: the orders of each person `p` whose kind is in `kinds`, as `events`: maps
// description: {id, kind, date, status, official, facility}, in time order (date string,
// description: then arrest, transfer, sentence, release on a tie, then id).
CALL {
  WITH p, kinds
  MATCH (o:Order)-[:CONCERNS]->(p)
  WHERE o.kind IN kinds
  // Dates are ordered as ISO strings: Neo4j does not order a date against a localdatetime.
  WITH o, toString(o.date) AS day
  ORDER BY day,
           CASE o.kind WHEN 'arrest' THEN 0 WHEN 'transfer' THEN 1 WHEN 'sentence' THEN 2 ELSE 3 END,
           o.id
  RETURN collect({id: o.id, kind: o.kind, date: day, status: coalesce(o.status, 'verified'),
                  official: head([(f:Official)-[:ISSUED]->(o) | f.id]),
                  facility: head([(o)-[:AT]->(c:Facility) | c.id])}) AS events
}
