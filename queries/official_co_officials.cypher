// name: official_co_officials
// description: The other officials who issued orders on the persons this official's orders
// description: concerned. persons: how many of this official's persons the other official also
// description: issued orders on; orders: how many orders those were. Orders with no known
// description: official are left out. Sorted by persons, then orders, descending, then
// description: official_id.
// param: official: Official -- the official's id
// columns: official_id, official_name, persons, orders
// :params {official: "F0001"}
// include: judged
// include: official_orders
WITH DISTINCT judged, official_id, person_id WHERE person_id IS NOT NULL
MATCH (p:Person {id: person_id})
// include: cluster(node=p, id=canonical_person, ids=person_ids)
MATCH (f:Official)-[:ISSUED]->(o:Order)-[:CONCERNS]->(m:Person)
WHERE m.id IN person_ids
// include: cluster(node=f, id=other_id, ids=other_members)
WITH * WHERE other_id <> official_id
WITH other_id, count(DISTINCT person_id) AS persons, count(o) AS orders
MATCH (other:Official {id: other_id})
RETURN other_id AS official_id,
       other.name AS official_name,
       persons,
       orders
ORDER BY persons DESC, orders DESC, official_id
