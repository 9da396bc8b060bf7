// name: revolving_door
// description: Persons released and then arrested again: one row per re-arrest.
// description: Per person, arrest and release orders in date order (a date without a time
// description: first, an arrest before a release on a tie, then by order id). A release counts
// description: when verified (with include_claimed also when claimed; disputed never); the first
// description: arrest after a counted release is a re-arrest, paired with the latest counted
// description: release before it. same_official: the re-arrest's official also ordered the
// description: latest arrest before that release.
// param: official: Official = null -- only re-arrests ordered by this official id
// param: max_days: int = null -- only re-arrests at most this many days after the release
// param: since: date = null -- only re-arrests on or after this date
// param: until: date = null -- only re-arrests on or before this date
// param: include_claimed: bool = false -- count releases announced but not verified
// columns: person_id, person_name, release_order_id, release_date, release_status,
// columns: rearrest_order_id, rearrest_date, official_id, official_name, days_free,
// columns: same_official, previous_official_id, facility_id
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
RETURN p.id AS person_id,
       p.name AS person_name,
       release.order.id AS release_order_id,
       release.date AS release_date,
       coalesce(release.order.status, 'verified') AS release_status,
       rearrest.order.id AS rearrest_order_id,
       rearrest.date AS rearrest_date,
       official.id AS official_id,
       official.name AS official_name,
       days_free,
       official IS NOT NULL AND previous_official_id IS NOT NULL
         AND official.id = previous_official_id AS same_official,
       previous_official_id,
       facility_id
ORDER BY rearrest_date, person_id, rearrest_order_id
