// fragment: person_records
// description: each person `p` (one row per cluster of records judged the same: other
// description: members' rows are dropped) with `person_id` (canonical), `person_ids` and
// description: `facts`: their orders and status-list entries (kind `listed`) known by
// description: `known_by` (null: all), as maps {id, kind, date, start, end, status, official,
// description: facility, institution, inferred, known, conditions}, in order (first possible
// description: day, orders before list entries, time of day, arrest ... release ... death, id).
// include: cluster(node=p, id=person_id, ids=person_ids)
WITH * WHERE person_id = p.id
CALL {
  WITH person_ids, known_by
  MATCH (x)-[:CONCERNS]->(m:Person)
  WHERE m.id IN person_ids
  WITH x, known_by, x:Status AS listed,
       head([(f:Official)-[:ISSUED]->(x) | f]) AS f,
       head([(x)-[:AT]->(c:Facility) | c]) AS c,
       head([(i:Institution)-[:ISSUED]->(x) | i]) AS body
  // include: cluster(node=f, id=official, ids=official_members)
  // The issuing body, else the institution of the official (of the record the official's
  // records merge into, as events.py reads it).
  WITH x, known_by, listed, official, c,
       coalesce(body, head([(o:Official {id: official})-[:MEMBER_OF]->(i:Institution) | i]))
       AS i
  // include: cluster(node=c, id=facility, ids=facility_members)
  // include: cluster(node=i, id=institution, ids=institution_members)
  WITH x, known_by, listed, official, facility, institution,
       CASE WHEN listed THEN toString(x.as_of) ELSE toString(x.date) END AS date,
       CASE WHEN listed THEN toString(x.as_of_start) ELSE toString(x.date_start) END AS start,
       CASE WHEN listed THEN toString(x.as_of_end) ELSE toString(x.date_end) END AS end
  WITH listed, known_by,
       {id: x.id, kind: CASE WHEN listed THEN 'listed' ELSE x.kind END, date: date,
        start: start, end: end,
        status: CASE WHEN listed THEN x.status ELSE coalesce(x.status, 'verified') END,
        official: official, facility: facility, institution: institution, inferred: false,
        known: coalesce(toString(x.reported_end), end),
        conditions: coalesce(x.conditions_codes, [])} AS fact,
       CASE WHEN date CONTAINS 'T' THEN substring(date, 10) ELSE '' END AS time,
       CASE x.kind
         WHEN 'arrest' THEN 0
         WHEN 'sentence' THEN 2
         WHEN 'release' THEN 3
         WHEN 'exile' THEN 3
         WHEN 'death' THEN 4
         ELSE 1
       END AS rank
  WHERE known_by IS NULL OR fact.known <= known_by
  WITH fact ORDER BY fact.start, listed, time, CASE WHEN listed THEN 0 ELSE rank END, fact.id
  RETURN collect(fact) AS facts
}
