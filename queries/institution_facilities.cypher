// name: institution_facilities
// description: The facilities an institution or a part of it runs (OPERATES). operator_id: the
// description: body that runs it (the first by id, should records name several); orders: every
// description: order naming the facility, whoever issued it, and persons the persons these
// description: concern. Sorted by orders descending, then facility_id.
// param: institution: Institution -- the institution's id
// columns: facility_id, facility_name, kind, operator_id, operator_name, orders, persons
// :params {institution: "I-MININT"}
// include: judged
// include: institution_bodies
CALL {
  WITH body_records, judged
  UNWIND body_records AS b
  MATCH (b)-[:OPERATES]->(c:Facility)
  // include: cluster(node=b, id=operator, ids=operator_members)
  // include: cluster(node=c, id=facility_id, ids=facility_members)
  RETURN facility_id, facility_members, min(operator) AS operator_id
}
CALL {
  WITH facility_members, judged
  MATCH (o:Order)-[:AT]->(c:Facility)
  WHERE c.id IN facility_members
  WITH o, judged, head([(o)-[:CONCERNS]->(p:Person) | p]) AS concerned
  // include: cluster(node=concerned, id=person_id, ids=person_members)
  RETURN count(o) AS orders, count(DISTINCT person_id) AS persons
}
MATCH (facility:Facility {id: facility_id})
OPTIONAL MATCH (operator:Institution {id: operator_id})
RETURN facility_id,
       facility.name AS facility_name,
       facility.kind AS kind,
       operator_id,
       operator.name AS operator_name,
       orders,
       persons
ORDER BY orders DESC, facility_id
