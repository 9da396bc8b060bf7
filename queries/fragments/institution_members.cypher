// fragment: institution_members
// description: `members`: the officials who belong to one of `bodies` (found from the records
// description: `body_records`), as maps {official, body} (canonical ids; body: their
// description: institution, as events.institutions_of_officials reads it), by official id.
CALL {
  WITH bodies, body_records, judged
  UNWIND body_records AS b
  MATCH (f:Official)-[:MEMBER_OF]->(b)
  // include: cluster(node=f, id=official_id, ids=official_members)
  // include: first_linked(node=f, ids=official_members, label=Official, relationship=MEMBER_OF, target=Institution, found=member_of)
  WITH DISTINCT bodies, judged, official_id, member_of
  // include: cluster(node=member_of, id=body, ids=body_members)
  WITH official_id, body, bodies WHERE body IN bodies
  ORDER BY official_id
  RETURN collect({official: official_id, body: body}) AS members
}
