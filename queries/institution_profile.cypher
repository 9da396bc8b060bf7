// name: institution_profile
// description: One institution's record in one row, its parts' included. parent_id: the body it
// description: is part of; parts: the bodies part of it, at any depth; officials: officials who
// description: belong to it or to a part; facilities: facilities it or a part runs. orders:
// description: orders issued by it or a part (the order's issuing body, else its official's
// description: institution), split into orders_signed (naming it as their issuing body),
// description: orders_by_officials (issued by its own officials, naming no body) and
// description: orders_by_parts; the kind counts split orders by kind. persons: distinct persons
// description: concerned. rearrests: re-arrests issued by it or a part (revolving_door's rules),
// description: median_days_free their median days free (null without re-arrests).
// param: institution: Institution -- the institution's id
// param: include_claimed: bool = false -- count releases announced but not verified
// param: as_known_on: date = null -- only records known by this day (for the re-arrests)
// columns: institution_id, institution_name, kind, jurisdiction, parent_id, parent_name, parts
// columns: officials, facilities, orders, orders_signed, orders_by_officials, orders_by_parts
// columns: arrests, releases, transfers, sentences, house_arrests, disappearances, exiles
// columns: deaths, persons, rearrests, median_days_free, first_order_date, last_order_date
// :params {institution: "I-MININT", include_claimed: false, as_known_on: null}
// include: judged
// include: institution_orders
// include: institution_members
CALL {
  WITH body_records, judged
  UNWIND body_records AS b
  MATCH (b)-[:OPERATES]->(c:Facility)
  // include: cluster(node=c, id=facility_id, ids=facility_members)
  RETURN count(DISTINCT facility_id) AS facilities
}
CALL {
  WITH orders
  UNWIND orders AS e
  RETURN count(DISTINCT e.person) AS persons
}
// The re-arrests issued by it or a part, found by walking each concerned person's facts.
CALL {
  WITH bodies, orders, judged
  // include: day_bounds(date=$as_known_on, first=known_first, last=known_by)
  MATCH (p:Person) WHERE p.id IN [e IN orders | e.person]
  WITH *, ['arrest', 'release', 'exile', 'death'] AS kinds, $include_claimed AS include_claimed,
       false AS recorded_only
  // include: person_facts
  // include: rearrests
  UNWIND rearrests AS r
  WITH r WHERE r.rearrest.institution IN bodies
  WITH duration.inDays(date(r.release.start), date(r.rearrest.start)).days AS days_free
  ORDER BY days_free
  WITH collect(days_free) AS days
  RETURN size(days) AS rearrests,
         CASE
           WHEN size(days) = 0 THEN null
           WHEN size(days) % 2 = 1 THEN days[size(days) / 2]
           ELSE (days[size(days) / 2 - 1] + days[size(days) / 2]) / 2.0
         END AS median_days_free
}
// include: first_linked(node=institution, ids=institution_ids, label=Institution, relationship=PART_OF, target=Institution, found=parent_record)
// include: cluster(node=parent_record, id=parent_id, ids=parent_members)
OPTIONAL MATCH (parent:Institution {id: parent_id})
WITH *, [e IN orders WHERE e.body = institution_id] AS own
RETURN institution_id,
       institution.name AS institution_name,
       institution.kind AS kind,
       institution.jurisdiction AS jurisdiction,
       parent_id,
       parent.name AS parent_name,
       size(bodies) - 1 AS parts,
       size(members) AS officials,
       facilities,
       size(orders) AS orders,
       size([e IN own WHERE e.signed]) AS orders_signed,
       size([e IN own WHERE NOT e.signed]) AS orders_by_officials,
       size(orders) - size(own) AS orders_by_parts,
       size([e IN orders WHERE e.order.kind = 'arrest']) AS arrests,
       size([e IN orders WHERE e.order.kind = 'release']) AS releases,
       size([e IN orders WHERE e.order.kind = 'transfer']) AS transfers,
       size([e IN orders WHERE e.order.kind = 'sentence']) AS sentences,
       size([e IN orders WHERE e.order.kind = 'house_arrest']) AS house_arrests,
       size([e IN orders WHERE e.order.kind = 'disappearance']) AS disappearances,
       size([e IN orders WHERE e.order.kind = 'exile']) AS exiles,
       size([e IN orders WHERE e.order.kind = 'death']) AS deaths,
       persons,
       rearrests,
       median_days_free,
       toString(head(orders).order.date) AS first_order_date,
       toString(last(orders).order.date) AS last_order_date
