// name: official_co_officials
// description: The other officials who issued orders on the persons this official's orders
// description: concerned. persons: how many of this official's persons the other official also
// description: issued orders on; orders: how many orders those were. Orders with no known
// description: official are left out. Sorted by persons, then orders, descending, then
// description: official_id.
// param: official: Official -- the official's id
// columns: official_id, official_name, persons, orders
// :params {official: "F0001"}
MATCH (:Official {id: $official})-[:ISSUED]->(:Order)-[:CONCERNS]->(p:Person)
WITH DISTINCT p
MATCH (other:Official)-[:ISSUED]->(o:Order)-[:CONCERNS]->(p)
WHERE other.id <> $official
RETURN other.id AS official_id,
       other.name AS official_name,
       count(DISTINCT p) AS persons,
       count(o) AS orders
ORDER BY persons DESC, orders DESC, official_id
