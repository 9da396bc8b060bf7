// fragment: institution_bodies
// description: the institution $institution names, with every record merged with it:
// description: `institution_id` (canonical), `institution_ids`, `institution` (its node),
// description: `parts` (it and every body part of it at any depth, PART_OF followed record by
// description: record, as maps {body: canonical id, depth: fewest steps down, ids: its records},
// description: by depth and id), `bodies` (their ids) and `body_records` (every institution
// description: record merged into one of them). As institutions._of_institution.
MATCH (given:Institution {id: $institution})
// include: cluster(node=given, id=institution_id, ids=institution_ids)
MATCH (institution:Institution {id: institution_id})
CALL {
  WITH institution_ids, judged
  UNWIND institution_ids AS id
  MATCH path = (part:Institution)-[:PART_OF*0..]->(:Institution {id: id})
  WITH part, judged, min(length(path)) AS steps
  // include: cluster(node=part, id=body, ids=body_members)
  WITH body, body_members, min(steps) AS depth
  ORDER BY depth, body
  RETURN collect({body: body, depth: depth, ids: body_members}) AS parts
}
WITH *, [d IN parts | d.body] AS bodies
CALL {
  WITH bodies, judged
  MATCH (record:Institution)
  // include: cluster(node=record, id=body, ids=body_members)
  WITH record, body, bodies WHERE body IN bodies
  RETURN collect(record) AS body_records
}
