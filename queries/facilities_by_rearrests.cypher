// name: facilities_by_rearrests
// description: Facilities where re-arrested persons were taken, by number of re-arrests
// description: (revolving_door's rules and parameters; the facility is the re-arrest's).
// description: rearrested_persons counts distinct persons. Sorted by rearrests descending,
// description: then facility_id; re-arrests with no known facility are counted under
// description: facility_id null, last.
// param: official: Official = null -- only re-arrests ordered by this official id
// param: max_days: int = null -- only re-arrests at most this many days after the release
// param: since: date = null -- only re-arrests on or after this date
// param: until: date = null -- only re-arrests on or before this date
// param: include_claimed: bool = false -- count releases announced but not verified
// columns: facility_id, facility_name, rearrested_persons, rearrests
// :params {official: null, max_days: null, since: null, until: null, include_claimed: false}
MATCH (o:Order)-[:CONCERNS]->(p:Person)
WHERE o.kind IN ['arrest', 'release']
// Dates are ordered as ISO strings: Neo4j does not order a date against a localdatetime.
WITH p, o, toString(o.date) AS day
ORDER BY day, CASE o.kind WHEN 'arrest' THEN 0 ELSE 1 END, o.id
WITH p, collect({order: o, date: day}) AS events
WITH p, reduce(walk = {last_arrest: null, pending: null, before: null, found: []}, e IN events |
  CASE
    WHEN e.order.kind = 'arrest' THEN {
      last_arrest: e, pending: null, before: null,
      found: walk.found + CASE WHEN walk.pending IS NULL THEN [] ELSE
        [{release: walk.pending, previous: walk.before, rearrest: e}] END}
    WHEN coalesce(e.order.status, 'verified') = 'verified'
      OR ($include_claimed AND e.order.status = 'claimed')
      THEN {last_arrest: walk.last_arrest, pending: e, before: walk.last_arrest, found: walk.found}
    ELSE walk
  END).found AS rearrests
UNWIND rearrests AS r
WITH p, r.release AS release, r.rearrest AS rearrest, r.rearrest.order AS order,
     r.previous.order AS previous
WITH p, release, rearrest,
     head([(f:Official)-[:ISSUED]->(order) | f]) AS official,
     head([(f:Official)-[:ISSUED]->(previous) | f.id]) AS previous_official_id,
     head([(order)-[:AT]->(c:Facility) | c.id]) AS facility_id,
     duration.inDays(date(left(release.date, 10)), date(left(rearrest.date, 10))).days AS days_free
WHERE ($official IS NULL OR official.id = $official)
  AND ($max_days IS NULL OR days_free <= $max_days)
  AND ($since IS NULL OR left(rearrest.date, 10) >= left($since, 10))
  AND ($until IS NULL OR left(rearrest.date, 10) <= left($until, 10))
WITH facility_id, p.id AS person_id
WITH facility_id, count(DISTINCT person_id) AS rearrested_persons, count(*) AS rearrests
OPTIONAL MATCH (c:Facility {id: facility_id})
RETURN facility_id,
       c.name AS facility_name,
       rearrested_persons,
       rearrests
ORDER BY facility_id IS NULL, rearrests DESC, facility_id
