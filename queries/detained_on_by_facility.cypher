// name: detained_on_by_facility
// description: How many persons each facility held at the end of a day (see detained_on).
// description: held + release_claimed = persons. Sorted by persons descending, then
// description: facility_id; persons whose whereabouts are unknown are counted under
// description: facility_id null, last.
// param: day: date -- every order dated that day counts; with a time, orders up to that instant
// param: facility: Facility = null -- only persons held at this facility id
// columns: facility_id, facility_name, held, release_claimed, persons
// :params {day: "2024-01-01", facility: null}
MATCH (o:Order)-[:CONCERNS]->(p:Person)
// Dates are compared and ordered as ISO strings: Neo4j does not order a date against a
// localdatetime. A day without a time is the whole day.
WITH p, o, toString(o.date) AS day
WHERE CASE WHEN size($day) = 10 THEN left(day, 10) ELSE day END <= $day
WITH p, o, day
ORDER BY day,
         CASE o.kind WHEN 'arrest' THEN 0 WHEN 'transfer' THEN 1 WHEN 'sentence' THEN 2 ELSE 3 END,
         o.id
WITH p, collect({id: o.id, kind: o.kind, date: day, status: coalesce(o.status, 'verified'),
                 official: head([(f:Official)-[:ISSUED]->(o) | f.id]),
                 facility: head([(o)-[:AT]->(c:Facility) | c.id])}) AS events
WITH p, reduce(state = null, e IN events |
  CASE e.kind
    WHEN 'arrest' THEN {facility: e.facility, placed_by: e, detained_by: e, claimed: null}
    WHEN 'transfer' THEN
      {facility: e.facility, placed_by: e, detained_by: coalesce(state.detained_by, e), claimed: null}
    WHEN 'release' THEN CASE
      WHEN state IS NULL THEN null
      WHEN e.status = 'verified' THEN null
      WHEN e.status = 'claimed' AND state.claimed IS NULL THEN
        {facility: state.facility, placed_by: state.placed_by, detained_by: state.detained_by,
         claimed: e}
      ELSE state
    END
    ELSE state
  END) AS custody
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
