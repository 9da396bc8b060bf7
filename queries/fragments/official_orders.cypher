// fragment: official_orders
// description: the official $official names, with every record merged with it: `official_id`
// description: (canonical), `official` (its node), and one row per order they issued, `o`, with
// description: `person` and `person_id` (canonical) and `facility_id` (canonical, or null).
MATCH (given:Official {id: $official})
// include: cluster(node=given, id=official_id, ids=official_ids)
MATCH (official:Official {id: official_id})
OPTIONAL MATCH (f:Official)-[:ISSUED]->(o:Order)-[:CONCERNS]->(concerned:Person)
WHERE f.id IN official_ids
WITH *, head([(o)-[:AT]->(c:Facility) | c]) AS c
// include: cluster(node=concerned, id=person_id, ids=person_members)
// include: cluster(node=c, id=facility_id, ids=facility_members)
