// name: official_persons
// description: The persons an official's orders concerned: how many orders and arrests, the
// description: first and last order's date. Most orders first, then by person_id.
// param: official: Official -- the official's id
// columns: person_id, person_name, orders, arrests, first_order_date, last_order_date
// :params {official: "F0001"}
MATCH (:Official {id: $official})-[:ISSUED]->(o:Order)-[:CONCERNS]->(p:Person)
WITH p, o, toString(o.date) AS day
RETURN p.id AS person_id,
       p.name AS person_name,
       count(o) AS orders,
       count(CASE WHEN o.kind = 'arrest' THEN 1 END) AS arrests,
       min(day) AS first_order_date,
       max(day) AS last_order_date
ORDER BY orders DESC, person_id
