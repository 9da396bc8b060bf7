// name: family_reprisals
// description: Arrests of a person's relatives within some days after that person's own arrest
// description: or release: one row per (trigger, relative's arrest) pair. A trigger is any
// description: arrest of the person, or a release that is not disputed. The relative's arrest
// description: must come strictly after the trigger by date string (a date without a time is
// description: the start of that day). relation is what the relative is to the person (a FAMILY
// description: tie read from either end; parent and child swap when read backwards).
// description: same_official: one known official ordered both. Sorted by arrest_date,
// description: relative_id, arrest_order_id, person_id, trigger_date, trigger_order_id.
// param: within: int = 90 -- the most days between the trigger and the relative's arrest
// columns: person_id, person_name, trigger_order_id, trigger_kind, trigger_date,
// columns: trigger_official_id, relative_id, relative_name, relation, arrest_order_id,
// columns: arrest_date, arrest_official_id, days_after, same_official
// :params {within: 90}
MATCH (person:Person)-[tie:FAMILY]-(relative:Person)
WHERE person <> relative
  // A tie recorded in both directions is read from the one that starts at the person.
  AND (startNode(tie) = person OR NOT EXISTS { (person)-[:FAMILY]->(relative) })
WITH person, relative,
     CASE
       WHEN startNode(tie) = person THEN tie.relation
       WHEN tie.relation = 'parent' THEN 'child'
       WHEN tie.relation = 'child' THEN 'parent'
       ELSE tie.relation
     END AS relation
MATCH (t:Order)-[:CONCERNS]->(person)
WHERE t.kind = 'arrest' OR (t.kind = 'release' AND coalesce(t.status, 'verified') <> 'disputed')
MATCH (a:Order {kind: 'arrest'})-[:CONCERNS]->(relative)
// Dates are compared as ISO strings: Neo4j does not compare a date with a localdatetime.
WITH person, relative, relation, t, a, toString(t.date) AS trigger_date,
     toString(a.date) AS arrest_date
WHERE arrest_date > trigger_date
WITH person, relative, relation, t, a, trigger_date, arrest_date,
     duration.inDays(date(left(trigger_date, 10)), date(left(arrest_date, 10))).days AS days_after
WHERE days_after <= $within
WITH person, relative, relation, t, a, trigger_date, arrest_date, days_after,
     head([(f:Official)-[:ISSUED]->(t) | f.id]) AS trigger_official_id,
     head([(f:Official)-[:ISSUED]->(a) | f.id]) AS arrest_official_id
RETURN person.id AS person_id,
       person.name AS person_name,
       t.id AS trigger_order_id,
       t.kind AS trigger_kind,
       trigger_date,
       trigger_official_id,
       relative.id AS relative_id,
       relative.name AS relative_name,
       relation,
       a.id AS arrest_order_id,
       arrest_date,
       arrest_official_id,
       days_after,
       coalesce(arrest_official_id = trigger_official_id, false) AS same_official
ORDER BY arrest_date, relative_id, arrest_order_id, person_id, trigger_date, trigger_order_id
