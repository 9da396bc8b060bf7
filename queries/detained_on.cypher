// name: detained_on
// description: Who was held where at the end of a day: one row per person in custody. Each
// description: person's orders are followed in date order: an arrest puts them in custody at its
// description: facility, a transfer moves them, a verified release frees them, a claimed release
// description: is noted (custody release_claimed) but frees no one, a disputed release or a
// description: sentence changes nothing. facility_id is null when the order that placed them
// description: names no facility (whereabouts unknown). Sorted by facility_id (null last), then
// description: person_id.
// param: day: date -- every order dated that day counts; with a time, orders up to that instant
// param: facility: Facility = null -- only persons held at this facility id
// columns: facility_id, facility_name, person_id, person_name, custody, detained_since,
// columns: detention_order_id, official_id, at_facility_since, placement_order_id,
// columns: claimed_release_order_id
// :params {day: "2024-01-01", facility: null}
MATCH (p:Person)
WITH p, ['arrest', 'release', 'transfer', 'sentence'] AS kinds
// include: person_events
// include: custody_steps
// The state after the last order dated up to the end of $day (or up to its instant, when
// it has a time). Dates are compared as ISO strings: Neo4j does not order a date
// against a localdatetime.
WITH p, last([s IN steps
              WHERE CASE WHEN size($day) = 10 THEN left(s.event.date, 10) ELSE s.event.date END
                    <= $day]).after AS custody
WHERE custody IS NOT NULL AND ($facility IS NULL OR custody.facility = $facility)
OPTIONAL MATCH (c:Facility {id: custody.facility})
RETURN custody.facility AS facility_id,
       c.name AS facility_name,
       p.id AS person_id,
       p.name AS person_name,
       CASE WHEN custody.claimed IS NULL THEN 'held' ELSE 'release_claimed' END AS custody,
       custody.detained_by.date AS detained_since,
       custody.detained_by.id AS detention_order_id,
       custody.detained_by.official AS official_id,
       custody.placed_by.date AS at_facility_since,
       custody.placed_by.id AS placement_order_id,
       custody.claimed.id AS claimed_release_order_id
ORDER BY facility_id IS NULL, facility_id, person_id
