// name: institution_officials
// description: The officials who belong to an institution or a part of it. institution_id: the
// description: body each belongs to; orders, persons and rearrests: the institution's orders
// description: (and re-arrests, revolving_door's rules) they issued, and the persons these
// description: concern. Sorted by orders descending, then official_id.
// param: institution: Institution -- the institution's id
// columns: official_id, official_name, position, institution_id, institution_name, orders
// columns: persons, rearrests
// :params {institution: "I-MININT"}
// include: judged
// include: institution_orders
// include: institution_members
CALL {
  WITH bodies, orders, judged
  MATCH (p:Person) WHERE p.id IN [e IN orders | e.person]
  WITH *, null AS known_by, ['arrest', 'release', 'exile', 'death'] AS kinds,
       false AS include_claimed, false AS recorded_only
  // include: person_facts
  // include: rearrests
  UNWIND rearrests AS r
  WITH r WHERE r.rearrest.institution IN bodies
  RETURN collect(r.rearrest.official) AS rearrest_officials
}
UNWIND members AS member
WITH member.official AS official_id, member.body AS body_id, orders, rearrest_officials
WITH *, [e IN orders WHERE e.official = official_id] AS mine
CALL {
  WITH mine
  UNWIND mine AS e
  RETURN count(DISTINCT e.person) AS persons
}
MATCH (official:Official {id: official_id})
OPTIONAL MATCH (body:Institution {id: body_id})
RETURN official_id,
       official.name AS official_name,
       official.position AS position,
       body_id AS institution_id,
       body.name AS institution_name,
       size(mine) AS orders,
       persons,
       size([o IN rearrest_officials WHERE o = official_id]) AS rearrests
ORDER BY orders DESC, official_id
