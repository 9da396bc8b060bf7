// name: detained_on_by_facility
// description: How many persons each facility held at the end of a day (see detained_on).
// description: held + release_claimed = persons. Sorted by persons descending, then
// description: facility_id; persons whose whereabouts are unknown are counted under
// description: facility_id null, last.
// param: day: date -- every order dated that day counts; with a time, orders up to that instant
// param: facility: Facility = null -- only persons held at this facility id
// columns: facility_id, facility_name, held, release_claimed, persons
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
WITH custody.facility AS facility_id, custody.claimed IS NOT NULL AS claimed
WITH facility_id, count(*) AS persons, count(CASE WHEN claimed THEN 1 END) AS release_claimed
OPTIONAL MATCH (c:Facility {id: facility_id})
RETURN facility_id,
       c.name AS facility_name,
       persons - release_claimed AS held,
       release_claimed,
       persons
ORDER BY facility_id IS NULL, persons DESC, facility_id
