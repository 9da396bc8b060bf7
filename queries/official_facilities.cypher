// name: official_facilities
// description: The facilities an official's orders named, with how many orders and persons.
// description: Orders naming no facility are not counted. Sorted by orders descending, then
// description: facility_id.
// param: official: Official -- the official's id
// columns: facility_id, facility_name, orders, persons
// :params {official: "F0001"}
// include: judged
// include: official_orders
WITH * WHERE facility_id IS NOT NULL
WITH facility_id, count(o) AS orders, count(DISTINCT person_id) AS persons
MATCH (c:Facility {id: facility_id})
RETURN facility_id,
       c.name AS facility_name,
       orders,
       persons
ORDER BY orders DESC, facility_id
