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
// include: judged
// Every tie between two persons (records judged the same are one person), read from the
// end it starts at; several ties between two persons: the one between the first ids wins.
MATCH (a:Person)-[tie:FAMILY]->(b:Person)
// include: cluster(node=a, id=from_id, ids=from_members)
// include: cluster(node=b, id=to_id, ids=to_members)
WITH judged, from_id, to_id, a.id AS a_id, b.id AS b_id, tie.relation AS relation
WHERE from_id <> to_id
ORDER BY a_id, b_id
WITH judged, from_id, to_id, head(collect(relation)) AS relation
WITH judged, collect({person: from_id, relative: to_id, relation: relation}) AS recorded
// Read backwards too, where the other direction is not recorded: parent and child swap.
UNWIND recorded + [t IN recorded WHERE NOT any(u IN recorded
                     WHERE u.person = t.relative AND u.relative = t.person) |
       {person: t.relative, relative: t.person,
        relation: CASE t.relation WHEN 'parent' THEN 'child' WHEN 'child' THEN 'parent'
                  ELSE t.relation END}] AS pair
CALL {
  WITH pair, judged
  MATCH (p:Person {id: pair.person})
  WITH p, judged, ['arrest', 'release', 'exile'] AS kinds, false AS recorded_only, null AS known_by
  // include: person_facts
  RETURN [e IN events WHERE e.kind = 'arrest' OR e.status <> 'disputed'] AS triggers
}
CALL {
  WITH pair, judged
  MATCH (p:Person {id: pair.relative})
  WITH p, judged, ['arrest', 'release', 'exile'] AS kinds, false AS recorded_only, null AS known_by
  // include: person_facts
  RETURN [e IN events WHERE e.kind = 'arrest'] AS arrests
}
UNWIND triggers AS t
UNWIND arrests AS a
// After the trigger: by first possible day, then time of day (none: the start of the day).
WITH pair, t, a, duration.inDays(date(t.start), date(a.start)).days AS days_after
WHERE a.start + CASE WHEN a.date CONTAINS 'T' THEN substring(a.date, 10) ELSE '' END
      > t.start + CASE WHEN t.date CONTAINS 'T' THEN substring(t.date, 10) ELSE '' END
  AND days_after <= $within
MATCH (person:Person {id: pair.person}), (relative:Person {id: pair.relative})
RETURN pair.person AS person_id,
       person.name AS person_name,
       t.id AS trigger_order_id,
       t.kind AS trigger_kind,
       t.date AS trigger_date,
       t.official AS trigger_official_id,
       pair.relative AS relative_id,
       relative.name AS relative_name,
       pair.relation AS relation,
       a.id AS arrest_order_id,
       a.date AS arrest_date,
       a.official AS arrest_official_id,
       days_after,
       coalesce(a.official = t.official, false) AS same_official
ORDER BY arrest_date, relative_id, arrest_order_id, person_id, trigger_date, trigger_order_id
