// name: detained_on
// description: Who was held where at the end of a day: one row per person in custody. Each
// description: person's facts (orders, status-list entries, the orders lists reveal) are followed
// description: in order, each from its first possible day (see the custody_steps fragment).
// description: custody: held, house_arrest, whereabouts_unknown, or release_claimed (announced,
// description: not verified). facility_id is null when the fact that placed them names no facility.
// description: from_list: the detention rests on a status list. Sorted by facility_id (null last),
// description: then person_id.
// param: day: date -- facts up to the end of this day (a month or year: its last day; with a time, that instant)
// param: facility: Facility = null -- only persons held at this facility id
// param: as_known_on: date = null -- only records known by this day
// columns: facility_id, facility_name, person_id, person_name, custody, detained_since,
// columns: detention_order_id, official_id, at_facility_since, placement_order_id,
// columns: claimed_release_order_id, from_list
// :params {day: "2024-01-01", facility: null, as_known_on: null}
// include: judged
OPTIONAL MATCH (given_facility:Facility {id: $facility})
// include: cluster(node=given_facility, id=facility_filter, ids=facility_filter_members)
// include: day_bounds(date=$as_known_on, first=known_first, last=known_by)
// The last moment of $day: its instant, else its last possible day.
// include: day_bounds(date=$day, first=day_first, last=day_last)
WITH *, CASE WHEN $day CONTAINS 'T' THEN $day ELSE day_last END AS cutoff
WITH *, null AS kinds, false AS recorded_only
// include: all_facts
// include: custody_steps
// The state after the last fact dated up to the cutoff, by first possible day (by the
// instant, when both have a time of day).
WITH *, last([s IN steps
              WHERE CASE WHEN size(cutoff) = 10 OR NOT s.event.date CONTAINS 'T'
                         THEN s.event.start ELSE s.event.date END <= cutoff]).after AS custody
WHERE custody IS NOT NULL AND (facility_filter IS NULL OR custody.facility = facility_filter)
OPTIONAL MATCH (c:Facility {id: custody.facility})
OPTIONAL MATCH (p:Person {id: person_id})
RETURN custody.facility AS facility_id,
       c.name AS facility_name,
       person_id,
       p.name AS person_name,
       CASE WHEN custody.claimed IS NULL THEN custody.mode ELSE 'release_claimed' END AS custody,
       custody.detained_by.date AS detained_since,
       custody.detained_by.id AS detention_order_id,
       custody.detained_by.official AS official_id,
       custody.placed_by.date AS at_facility_since,
       custody.placed_by.id AS placement_order_id,
       custody.claimed.id AS claimed_release_order_id,
       custody.detained_by.kind = 'listed' OR custody.detained_by.inferred AS from_list
ORDER BY facility_id IS NULL, facility_id, person_id
