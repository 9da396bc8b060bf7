// name: official_persons
// description: The persons an official's orders concerned: how many orders and arrests, the
// description: first and last order's date. Most orders first, then by person_id.
// param: official: Official -- the official's id
// columns: person_id, person_name, orders, arrests, first_order_date, last_order_date
// :params {official: "F0001"}
// include: judged
// include: official_orders
WITH * WHERE o IS NOT NULL
WITH person_id, o, toString(o.date) AS day,
     CASE o.kind WHEN 'arrest' THEN 0 WHEN 'sentence' THEN 2 WHEN 'release' THEN 3
       WHEN 'exile' THEN 3 WHEN 'death' THEN 4 ELSE 1 END AS rank
ORDER BY toString(o.date_start), CASE WHEN day CONTAINS 'T' THEN substring(day, 10) ELSE '' END,
         rank, o.id
WITH person_id, collect(o) AS orders
MATCH (p:Person {id: person_id})
RETURN person_id,
       p.name AS person_name,
       size(orders) AS orders,
       size([o IN orders WHERE o.kind = 'arrest']) AS arrests,
       toString(head(orders).date) AS first_order_date,
       toString(last(orders).date) AS last_order_date
ORDER BY orders DESC, person_id
