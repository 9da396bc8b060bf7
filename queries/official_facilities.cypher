// name: official_facilities
// description: The facilities an official's orders named, with how many orders and persons.
// description: Orders naming no facility are not counted. Sorted by orders descending, then
// description: facility_id.
// param: official: Official -- the official's id
// columns: facility_id, facility_name, orders, persons
// :params {official: "F0001"}
MATCH (:Official {id: $official})-[:ISSUED]->(o:Order)-[:CONCERNS]->(p:Person)
MATCH (o)-[:AT]->(c:Facility)
RETURN c.id AS facility_id,
       c.name AS facility_name,
       count(o) AS orders,
       count(DISTINCT p) AS persons
ORDER BY orders DESC, facility_id
