// fragment: institution_orders
// description: `institution_bodies`, and `orders`: the orders one of `bodies` issued (its
// description: issuing body, else its official's institution), in time order, as maps {order,
// description: body, signed (the order names its body), official, person, facility} (ids
// description: canonical, or null). As institutions._of_institution.
// include: institution_bodies
// The orders the bodies signed, and those of their officials (every record of each).
CALL {
  WITH bodies, body_records, judged
  CALL {
    WITH body_records, judged
    UNWIND body_records AS b
    MATCH (b)-[:ISSUED]->(o:Order)
    RETURN o
    UNION
    WITH body_records, judged
    UNWIND body_records AS b
    MATCH (f:Official)-[:MEMBER_OF]->(b)
    // include: cluster(node=f, id=member_id, ids=member_records)
    MATCH (m:Official)-[:ISSUED]->(o:Order)
    WHERE m.id IN member_records
    RETURN o
  }
  WITH bodies, judged, o, head([(f:Official)-[:ISSUED]->(o) | f]) AS f,
       head([(i:Institution)-[:ISSUED]->(o) | i]) AS signer,
       head([(o)-[:CONCERNS]->(p:Person) | p]) AS concerned,
       head([(o)-[:AT]->(c:Facility) | c]) AS c
  // include: cluster(node=f, id=official_id, ids=official_members)
  // include: first_linked(node=f, ids=official_members, label=Official, relationship=MEMBER_OF, target=Institution, found=member_of)
  WITH *, coalesce(signer, member_of) AS i
  // include: cluster(node=i, id=body, ids=issuer_members)
  WITH * WHERE body IN bodies
  // include: cluster(node=concerned, id=person_id, ids=person_members)
  // include: cluster(node=c, id=facility_id, ids=facility_members)
  WITH *, toString(o.date) AS day,
       CASE o.kind WHEN 'arrest' THEN 0 WHEN 'sentence' THEN 2 WHEN 'release' THEN 3
         WHEN 'exile' THEN 3 WHEN 'death' THEN 4 ELSE 1 END AS rank
  ORDER BY toString(o.date_start),
           CASE WHEN day CONTAINS 'T' THEN substring(day, 10) ELSE '' END, rank, o.id
  RETURN collect({order: o, body: body, signed: signer IS NOT NULL, official: official_id,
                  person: person_id, facility: facility_id}) AS orders
}
