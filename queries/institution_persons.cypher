// name: institution_persons
// description: The persons the orders of an institution and its parts concerned: how many orders
// description: and arrests, the first and last order's date. Most orders first, then by
// description: person_id (as official_persons).
// param: institution: Institution -- the institution's id
// columns: person_id, person_name, orders, arrests, first_order_date, last_order_date
// :params {institution: "I-MININT"}
// include: judged
// include: institution_orders
UNWIND orders AS e
WITH e.person AS person_id, collect(e.order) AS mine
MATCH (p:Person {id: person_id})
RETURN person_id,
       p.name AS person_name,
       size(mine) AS orders,
       size([o IN mine WHERE o.kind = 'arrest']) AS arrests,
       toString(head(mine).date) AS first_order_date,
       toString(last(mine).date) AS last_order_date
ORDER BY orders DESC, person_id
